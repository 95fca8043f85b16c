// The certificate's fonts: DejaVu Serif and Serif Bold (every Latin-script name renders), committed without their
// hinting (scripts/dehint-fonts.mjs), parsed once per process and handed to PDFKit parsed: PDFKit 0.20 takes a fontkit
// font wherever it takes a font file, and registering the files made every document parse them again (4× slower).
// fontkit is PDFKit's own font engine, its dependency, used here only to parse. The wrappers below share per-font work
// across documents; all synchronous (a document is laid out and its subsets written within one call, never
// interleaved). The fonts are only ever handed to PDFKit, never exported as fontkit objects.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type SubsettableFont, withFastSubsets } from './font-subsets.js';

export interface ParsedGlyph {
  codePoints: number[];
  _decode?(): unknown;
}
type ParsedFont = SubsettableFont;
const require = createRequire(import.meta.url);
const fontkit = require('fontkit') as { create(data: Uint8Array): ParsedFont };

/**
 * fontkit keeps one object per glyph for the life of the font, holding the code points of whatever first asked for
 * it. Shared by documents, a glyph first made by a subset (the S inside Ş) would have none, and every later document
 * would map it to no text (copy, search and screen readers would miss it): the first text asking for it gives them.
 * Also keeps each glyph's decoded outline, which the subsetter would otherwise decode again in every document.
 */
function withSharedGlyphs(font: ParsedFont): ParsedFont {
  const getGlyph = font.getGlyph.bind(font);
  const seen = new WeakSet<ParsedGlyph>();
  font.getGlyph = (id, codePoints) => {
    const glyph = getGlyph(id, codePoints);
    if (!glyph) return glyph;
    if (codePoints?.length && !glyph.codePoints.length) glyph.codePoints = codePoints;
    if (!seen.has(glyph)) {
      seen.add(glyph);
      const decode = glyph._decode?.bind(glyph);
      let decoded: { value: unknown } | undefined;
      if (decode) glyph._decode = () => (decoded ??= { value: decode() }).value;
    }
    return glyph;
  };
  return font;
}

/** A committed font file, beside this module (scripts/build.mjs copies them into dist/). */
export const fontFile = (file: string): URL => new URL(`./fonts/${file}`, import.meta.url);

// Typed as PDFKit's font source (a file's bytes), which a parsed fontkit font stands in for.
const parse = (file: string): Buffer =>
  withFastSubsets(withSharedGlyphs(fontkit.create(readFileSync(fontFile(file))))) as unknown as Buffer;

/** The fonts by the names the layout uses. */
export const FONTS = {
  serif: parse('DejaVuSerif.ttf'),
  'serif-bold': parse('DejaVuSerif-Bold.ttf'),
} as const;
export type FontName = keyof typeof FONTS;
