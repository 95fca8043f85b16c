import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it, mock } from 'node:test';
import { type CertificatePdfData, renderCertificatePdf } from './certificate-pdf.js';
import { qrRuns } from './pdf/qr-vector.js';

const data: CertificatePdfData = {
  academyName: 'Amahoro Peace Academy',
  holderName: 'Nguyễn Thị Lan',
  courseTitle: 'Protection of Civilians in UN Peace Operations',
  courseCode: 'POC-101',
  startsOn: '2026-03-02',
  endsOn: '2026-03-13',
  durationHours: 40,
  issuedOn: '2026-03-20',
  serial: 'AMH-7K3Q-9XW2-M4TP-8RBD-2HNC',
  verificationUrl: 'https://academy.example.org/verify/AMH-7K3Q-9XW2-M4TP-8RBD-2HNC',
};

const names = ['Nguyễn Thị Lan', 'Łukasz Kowalski', 'Zoë Ørsted-Şahin', 'Gábor Erdős', 'José Ñúñez'];

/** Indirect objects of an uncompressed PDF, by number. */
function objects(pdf: string): Map<number, string> {
  const found = new Map<number, string>();
  for (const [, number, body] of pdf.matchAll(/(\d+) 0 obj\n([\s\S]*?)\nendobj/g)) found.set(Number(number), body!);
  return found;
}

const stream = (body: string | undefined): string => /stream\n([\s\S]*)\nendstream/.exec(body ?? '')?.[1] ?? '';

/**
 * The text lines shown on the page of an uncompressed PDF: its glyph ids mapped back to characters through each
 * font's ToUnicode CMap, which is what copying text and search in a viewer rely on.
 */
function shownText(pdf: Buffer): string[] {
  const objs = objects(pdf.toString('latin1'));
  const toUnicode = new Map<string, Map<number, string>>();
  const page = [...objs.values()].find((body) => /\/Type \/Page\n/.test(body)) ?? '';
  const resources = objs.get(Number(/\/Resources (\d+) 0 R/.exec(page)?.[1])) ?? '';
  for (const [, name, ref] of (/\/Font <<([^>]*)>>/.exec(resources)?.[1] ?? '').matchAll(/\/(F\d+) (\d+) 0 R/g)) {
    const cmapRef = /\/ToUnicode (\d+) 0 R/.exec(objs.get(Number(ref)) ?? '')?.[1];
    const codes = new Map<number, string>();
    for (const [, start, entries] of stream(objs.get(Number(cmapRef))).matchAll(/<([0-9a-f]+)> <[0-9a-f]+> \[([^\]]*)\]/g)) {
      [...entries!.matchAll(/<([0-9a-f ]+)>/g)].forEach(([, units], i) => {
        codes.set(parseInt(start!, 16) + i, String.fromCharCode(...units!.split(' ').map((unit) => parseInt(unit, 16))));
      });
    }
    toUnicode.set(name!, codes);
  }
  const content = stream(objs.get(Number(/\/Contents (\d+) 0 R/.exec(page)?.[1])));
  const lines: string[] = [];
  let font: Map<number, string> | undefined;
  for (const [, name, shown] of content.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
    if (name) font = toUnicode.get(name);
    else {
      let line = '';
      for (const [, hex] of shown!.matchAll(/<([0-9a-f]*)>/g)) {
        for (let i = 0; i < hex!.length; i += 4) line += font?.get(parseInt(hex!.slice(i, i + 4), 16)) ?? '\uFFFD';
      }
      lines.push(line);
    }
  }
  return lines;
}

const pdftotextMissing = spawnSync('pdftotext', ['-v']).error !== undefined;

function pdftotext(pdf: Buffer): string {
  const result = spawnSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

describe('certificate PDF', () => {
  it('is a one-page A4 landscape PDF with metadata, and no images', async () => {
    const pdf = await renderCertificatePdf(data);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const text = pdf.toString('latin1');
    assert.equal(text.match(/\/Type \/Page\b(?!s)/g)?.length, 1);
    assert.match(text, /\/Count 1\b/);
    assert.match(text, /\/MediaBox \[0 0 841\.89 595\.28\]/);
    assert.match(text, /\/Author \d+ 0 R/);
    assert.match(text, /\(Amahoro Peace Academy\)/);
    assert.match(text, /\/Title \d+ 0 R/);
    assert.match(text, /\/Subject \d+ 0 R/);
    assert.doesNotMatch(text, /\/Subtype \/Image/);
    assert.match(text, /\/FontFile2 /, 'fonts are embedded');
    assert.doesNotMatch(text, /\/BaseFont \/Helvetica/);
  });

  it('shows every piece of the certificate as text', async () => {
    const lines = shownText(await renderCertificatePdf(data, { compress: false }));
    for (const expected of [
      'AMAHORO PEACE ACADEMY',
      'Certificate of Completion',
      'Nguyễn Thị Lan',
      'Protection of Civilians in UN Peace Operations',
      'POC-101  ·  2 – 13 March 2026  ·  40 hours',
      '20 March 2026',
      'AMH-7K3Q-9XW2-M4TP-8RBD-2HNC',
    ]) {
      assert.ok(lines.includes(expected), `${expected} in ${JSON.stringify(lines)}`);
    }
    assert.equal(lines.join('').replace(/\s/g, '').includes('https://academy.example.org/verify/AMH-7K3Q'), true);
  });

  it('draws the QR code of the verification URL as rectangles', async () => {
    const pdf = await renderCertificatePdf(data, { compress: false });
    const content = /stream\n(1 0 0 -1 0 595\.28 cm[\s\S]*?)\nendstream/.exec(pdf.toString('latin1'))?.[1] ?? '';
    const rectangles = content.match(/ re\n/g)?.length ?? 0;
    assert.equal(rectangles, qrRuns(data.verificationUrl).runs.length + 2, 'one per run, and the two frame rules');
  });

  it('renders names in any Latin script, and their text reads back', async () => {
    for (const holderName of names) {
      const lines = shownText(await renderCertificatePdf({ ...data, holderName }, { compress: false }));
      assert.ok(lines.includes(holderName), `${holderName} in ${JSON.stringify(lines)}`);
      assert.ok(!lines.some((line) => line.includes('\uFFFD')));
    }
  });

  it('renders names decomposed (NFD) as composed characters', async () => {
    const lines = shownText(await renderCertificatePdf({ ...data, holderName: 'Nguyễn Thị Lan'.normalize('NFD') }, { compress: false }));
    assert.ok(lines.includes('Nguyễn Thị Lan'.normalize('NFC')));
  });

  it('keeps the text of a letter first met inside an accented one, in later documents too', async () => {
    // The S of Ş is drawn from the font's S: the font, shared by all documents, must not lose which text S is.
    await renderCertificatePdf({ ...data, holderName: 'Zoë Ørsted-Şahin' });
    const lines = shownText(await renderCertificatePdf({ ...data, holderName: 'Sven Sørensen' }, { compress: false }));
    assert.ok(lines.includes('Sven Sørensen'), JSON.stringify(lines));
  });

  it('is byte for byte the same whether its words were shaped for it, for an earlier document, or shaped again', async () => {
    // The creation date is the document's only other variable.
    mock.timers.enable({ apis: ['Date'], now: Date.UTC(2026, 2, 20, 9) });
    try {
      const fresh = { ...data, holderName: 'Wenceslas Quillfeather-Brontë' };
      const first = await renderCertificatePdf(fresh);
      assert.deepEqual(await renderCertificatePdf(fresh), first, 'shaped words from the cache');
      // After more new words than a font keeps shaped (pdf/document.ts: at most twice 256), they are shaped again.
      const words = (i: number): string => Array.from({ length: 10 }, (_, w) => `N${i}w${w}`).join(' ');
      for (let i = 0; i < 60; i++) await renderCertificatePdf({ ...data, holderName: words(i) });
      assert.deepEqual(await renderCertificatePdf(fresh), first, 'shaped again');
    } finally {
      mock.timers.reset();
    }
  });

  it('reads back through pdftotext', { skip: pdftotextMissing && 'pdftotext is not installed' }, async () => {
    for (const holderName of names) {
      const text = pdftotext(await renderCertificatePdf({ ...data, holderName })).normalize('NFC');
      assert.ok(text.includes(holderName), `${holderName} in ${text}`);
      assert.ok(text.includes('Protection of Civilians in UN Peace Operations'));
      assert.ok(text.includes('2 – 13 March 2026'));
    }
  });

  it('puts a very long name and course title on two lines each, in full, on the one page', async () => {
    const holderName = 'Maria da Conceição Wolfeschlegelsteinhausenbergerdorff-Ødegård de Ávila y Hernández-Ñúñez';
    const courseTitle =
      'Conflict-Related Sexual Violence: Prevention, Response and Accountability in Multidimensional Peace Operations';
    const pdf = await renderCertificatePdf({ ...data, holderName, courseTitle }, { compress: false });
    assert.equal(pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g)?.length, 1);
    const lines = shownText(pdf);
    const name = lines.findIndex((line) => holderName.startsWith(`${line} `));
    assert.equal(`${lines[name]} ${lines[name + 1]}`, holderName, JSON.stringify(lines));
    const title = lines.findIndex((line) => courseTitle.startsWith(`${line} `));
    assert.equal(`${lines[title]} ${lines[title + 1]}`, courseTitle, JSON.stringify(lines));
    assert.ok(!lines.some((line) => line.includes('…')));
  });

  it('cuts short, with an ellipsis, only what two lines cannot hold', async () => {
    const holderName = Array.from({ length: 12 }, () => 'Wolfeschlegelsteinhausenbergerdorff').join(' ');
    const lines = shownText(await renderCertificatePdf({ ...data, holderName }, { compress: false }));
    assert.ok(lines.some((line) => line.endsWith('…') && holderName.includes(line.slice(0, -1))), JSON.stringify(lines));
  });

  it('rejects a date that is not YYYY-MM-DD', async () => {
    await assert.rejects(async () => renderCertificatePdf({ ...data, endsOn: '13/03/2026' }), /YYYY-MM-DD/);
  });
});
