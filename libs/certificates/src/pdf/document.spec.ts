import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SERIAL_CHARACTERS } from '@amahoro/domain/certificates/certificate.rules.js';
import { CertificateDocument } from './document.js';
import { FONTS } from './fonts.js';

interface Run {
  glyphs: Array<{ id: number }>;
  positions: Array<{ xAdvance: number; yAdvance: number; xOffset: number; yOffset: number; advanceWidth: number }>;
  advanceWidth: number;
}
interface Shaper {
  layoutCached(text: string): Run;
  layoutRun(text: string): Run;
}

/** A document's serif font as PDFKit embeds it, its words of `characters` shaped from their pairs. */
function pairedSerif(characters: string): Shaper {
  const doc = new CertificateDocument({ font: '' });
  doc.registerFont('serif', FONTS.serif);
  doc.shapeInPairs('serif', characters);
  return (doc as unknown as { _font: Shaper })._font;
}

const shaped = (run: Run) => ({
  glyphs: run.glyphs.map(({ id }) => id),
  positions: run.positions.map(({ xAdvance, yAdvance, xOffset, yOffset, advanceWidth }) => [xAdvance, yAdvance, xOffset, yOffset, advanceWidth]),
  advanceWidth: run.advanceWidth,
});

describe('the certificate document', () => {
  it('shapes words of a serial’s characters from their pairs exactly as fontkit shapes them whole', () => {
    const font = pairedSerif(SERIAL_CHARACTERS);
    let seed = 5;
    const random = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: 1 + random(40) }, () => SERIAL_CHARACTERS[random(SERIAL_CHARACTERS.length)]).join('');
      const paired = font.layoutCached(text);
      assert.equal(Object.getPrototypeOf(paired), Object.prototype, 'made from pairs');
      assert.deepEqual(shaped(paired), shaped(font.layoutRun(text)), text);
    }
  });

  it('shapes whole a word holding a pair that is more than two kerned glyphs (a ligature)', () => {
    const font = pairedSerif('fil');
    const whole = font.layoutRun('fil');
    assert.ok(whole.glyphs.length < 3, 'DejaVu Serif has an fi ligature');
    const [withLigature, without] = [font.layoutCached('fil'), font.layoutCached('lil')];
    assert.notEqual(Object.getPrototypeOf(withLigature), Object.prototype, 'shaped whole');
    assert.deepEqual(shaped(withLigature), shaped(whole));
    assert.equal(Object.getPrototypeOf(without), Object.prototype, 'made from pairs');
    assert.deepEqual(shaped(without), shaped(font.layoutRun('lil')));
  });
});
