import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { FONTS, fontFile } from './fonts.js';

describe('the committed fonts (scripts/dehint-fonts.mjs)', () => {
  interface Glyph {
    path: { toSVG(): string };
    advanceWidth: number;
    _decode(): { instructions?: unknown[] } | null;
  }
  interface Font {
    numGlyphs: number;
    getGlyph(id: number): Glyph;
    [table: string]: unknown;
  }
  const require = createRequire(import.meta.url);
  const fontkit = require('fontkit') as { create(data: Uint8Array): Font };

  for (const file of ['DejaVuSerif.ttf', 'DejaVuSerif-Bold.ttf']) {
    it(`keep every outline and width of ${file}, and no hinting`, () => {
      const original = readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
      const [hinted, unhinted] = [fontkit.create(original), fontkit.create(readFileSync(fontFile(file)))];
      assert.equal(unhinted.numGlyphs, hinted.numGlyphs);
      for (const table of ['cvt ', 'fpgm', 'prep']) assert.equal(unhinted[table], undefined);
      for (let id = 0; id < hinted.numGlyphs; id++) {
        const [before, after] = [hinted.getGlyph(id), unhinted.getGlyph(id)];
        assert.equal(after.path.toSVG(), before.path.toSVG(), `glyph ${id}`);
        assert.equal(after.advanceWidth, before.advanceWidth);
        assert.equal(after._decode()?.instructions?.length ?? 0, 0);
      }
    });
  }

  it('are well-formed: every table checksum and the whole-file checksum hold', () => {
    const sum = (bytes: Buffer): number => {
      const padded = Buffer.concat([bytes, Buffer.alloc((4 - (bytes.length % 4)) % 4)]);
      let total = 0;
      for (let i = 0; i < padded.length; i += 4) total = (total + padded.readUInt32BE(i)) >>> 0;
      return total;
    };
    for (const file of ['DejaVuSerif.ttf', 'DejaVuSerif-Bold.ttf']) {
      const ttf = readFileSync(fontFile(file));
      for (let i = 0; i < ttf.readUInt16BE(4); i++) {
        const entry = 12 + 16 * i;
        const [tag, offset, length] = [ttf.toString('latin1', entry, entry + 4), ttf.readUInt32BE(entry + 8), ttf.readUInt32BE(entry + 12)];
        const table = Buffer.from(ttf.subarray(offset, offset + length));
        if (tag === 'head') table.writeUInt32BE(0, 8); // its checksum leaves out checkSumAdjustment
        assert.equal(sum(table), ttf.readUInt32BE(entry + 4), `${file} ${tag}`);
      }
      assert.equal(sum(ttf), 0xb1b0afba, file);
    }
  });

  it('are subset to the very bytes fontkit writes, compound glyphs and their components included', () => {
    interface Subset {
      includeGlyph(glyph: number): number;
      encode(): Uint8Array;
    }
    const create = createRequire(import.meta.url)('fontkit') as { create(data: Uint8Array): { numGlyphs: number; createSubset(): Subset } };
    let seed = 11;
    const random = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
    for (const [name, file] of [['serif', 'DejaVuSerif.ttf'], ['serif-bold', 'DejaVuSerif-Bold.ttf']] as const) {
      const reference = create.create(readFileSync(fontFile(file)));
      const ours = FONTS[name] as unknown as { createSubset(): Subset };
      for (let round = 0; round < 40; round++) {
        // Latin letters with their accents (compound glyphs in DejaVu), then anything in the font.
        const gids = Array.from({ length: 1 + random(80) }, () => (round % 2 ? random(reference.numGlyphs) : random(600)));
        const [expected, actual] = [reference.createSubset(), ours.createSubset()];
        for (const gid of gids) assert.equal(actual.includeGlyph(gid), expected.includeGlyph(gid));
        assert.deepEqual(Buffer.from(actual.encode()), Buffer.from(expected.encode()), `${file} ${gids.join(' ')}`);
      }
    }
  });
});
