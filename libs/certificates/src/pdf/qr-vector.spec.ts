import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import QRCode from 'qrcode';
import { drawQrCode, qrModules, qrRuns } from './qr-vector.js';

const url = 'https://academy.example.org/verify/AMH-7K3Q-9XW2-M4TP-8RBD-2HNC';

describe('QR code as vector runs', () => {
  it('covers exactly the dark modules, each row in maximal runs', () => {
    const { size, data } = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules;
    const { size: runSize, runs } = qrRuns(url);
    assert.equal(runSize, size);
    const painted = new Uint8Array(size * size);
    for (const { row, col, length } of runs) {
      assert.ok(length > 0 && col + length <= size);
      for (let c = col; c < col + length; c++) painted[row * size + c] += 1;
    }
    assert.deepEqual([...painted], [...data].map((dark) => (dark ? 1 : 0)));
    for (let i = 1; i < runs.length; i++) {
      const [before, run] = [runs[i - 1], runs[i]];
      if (before.row === run.row) assert.ok(before.col + before.length < run.col, 'adjacent runs are merged');
    }
    assert.ok(runs.length < painted.filter(Boolean).length / 2, 'far fewer rectangles than modules');
  });

  it('gives a verification URL the segments the optimiser would find: the same symbol', () => {
    for (const text of [url, 'http://localhost:3000/verify/AMH-00001-7K3Q9-XW2M4-TP8RB-D2HNC', 'https://a.example/verify/amh-lower-case', 'no slash']) {
      const { size, data } = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
      const painted = new Uint8Array(size * size);
      for (const { row, col, length } of qrRuns(text).runs) painted.fill(1, row * size + col, row * size + col + length);
      assert.deepEqual([...painted], [...data].map((dark) => (dark ? 1 : 0)), text);
    }
  });

  it('chooses the mask qrcode would choose, for any text and version', () => {
    let seed = 7;
    const random = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const masks = new Set<number>();
    for (let i = 0; i < 400; i++) {
      const serial = Array.from({ length: 25 }, () => alphabet[random(32)]).join('');
      // Verification URLs, then texts of any length (versions 1 to 10, with and without version information).
      const text = i % 2 ? `http://localhost:3000/verify/AMH-${serial}` : Array.from({ length: 1 + random(200) }, () => String.fromCharCode(32 + random(95))).join('');
      const expected = QRCode.create(text, { errorCorrectionLevel: 'M' });
      masks.add(expected.maskPattern!);
      const { size, data } = qrModules(text);
      assert.equal(size, expected.modules.size);
      assert.deepEqual(data, expected.modules.data, text);
    }
    assert.equal(masks.size, 8, 'every mask was chosen');
  });

  it('draws one rectangle per run, in module units scaled to the square, in one piece, then fills once', () => {
    const calls: string[] = [];
    const painter = {
      save: () => calls.push('save'),
      translate: (x: number, y: number) => calls.push(`translate ${x} ${y}`),
      scale: (factor: number) => calls.push(`scale ${factor}`),
      addContent: (operators: string) => calls.push(operators),
      fill: (color: string) => calls.push(`fill ${color}`),
      restore: () => calls.push('restore'),
    };
    drawQrCode(painter, url, 10, 20, 90, '#123456');
    const { size, runs } = qrRuns(url);
    const path = runs.map(({ row, col, length }) => `${col} ${row} ${length} 1 re`).join('\n');
    assert.deepEqual(calls, ['save', 'translate 10 20', `scale ${90 / size}`, path, 'fill #123456', 'restore']);
  });
});
