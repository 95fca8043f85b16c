// The certificate's fonts: DejaVu Serif and Serif Bold (every Latin-script name renders), committed without their
// hinting (scripts/dehint-fonts.mjs), parsed once per process and handed to PDFKit parsed: PDFKit 0.20 takes a fontkit
// font wherever it takes a font file, and registering the files made every document parse them again (4× slower).
// fontkit is PDFKit's own font engine, its dependency, used here only to parse. The wrappers below share per-font work
// across documents; all synchronous (a document is laid out and its subsets written within one call, never
// interleaved). The fonts are only ever handed to PDFKit, never exported as fontkit objects.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface ParsedGlyph {
  codePoints: number[];
  _decode?(): unknown;
}
interface GlyphPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}
/** fontkit's GlyphRun, as far as PDFKit reads it: its advanceWidth is a getter over the positions. */
interface ShapedRun {
  glyphs: ParsedGlyph[];
  positions: GlyphPosition[];
}
interface ParsedFont {
  layout(text: string, features?: unknown): ShapedRun;
  getGlyph(id: number, codePoints?: number[]): ParsedGlyph | null;
  createSubset(): FontSubset;
  loca: { offsets: number[] };
  directory: { tables: Record<string, { offset: number; length: number } | undefined> };
  stream: { buffer: Uint8Array };
  _variationProcessor?: unknown;
}
/** fontkit's TTFSubset, as far as PDFKit uses it. */
interface FontSubset {
  includeGlyph(glyph: number | { id: number }): number;
  encode(): Uint8Array;
}
interface DecodedGlyph {
  numberOfContours: number;
  components?: Array<{ glyphID: number; pos: number }>;
}
const require = createRequire(import.meta.url);
const fontkit = require('fontkit') as { create(data: Uint8Array): ParsedFont };

/** Words kept shaped per font: every word that recurs between certificates, and room for a batch's names (~100 kB). */
const SHAPED_WORDS = 512;

/**
 * Shaping a word (GSUB and GPOS lookups) gives the same glyphs and positions in every document, and most words of a
 * certificate (the fixed wording, the academy, the course, the dates) recur on every one; PDFKit caches them per
 * document only. Kept here across documents, the least recently used dropped past SHAPED_WORDS (serials and URLs
 * never recur). PDFKit scales the positions it is given in place: each caller gets a copy of the run, of the same
 * classes. 13–16% less CPU per certificate, output byte-identical (certificate-pdf.spec.ts).
 */
function withSharedShaping(font: ParsedFont): ParsedFont {
  const layout = font.layout.bind(font);
  const shaped = new Map<string, ShapedRun>();
  font.layout = (text, features) => {
    if (features !== undefined) return layout(text, features);
    let run = shaped.get(text);
    if (run) shaped.delete(text);
    else if (shaped.size >= SHAPED_WORDS) shaped.delete(shaped.keys().next().value!);
    run ??= layout(text);
    shaped.set(text, run);
    return copy(run, { glyphs: [...run.glyphs], positions: run.positions.map((position) => copy(position, {})) });
  };
  return font;
}

const copy = <T extends object>(from: T, fields: Partial<T>): T => Object.assign(Object.create(Object.getPrototypeOf(from) as object) as T, from, fields);

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

/** What a subset needs of one glyph: its bytes in the font's glyf table, its components, its horizontal metrics. */
interface GlyphRecord {
  bytes: Uint8Array;
  components: Array<{ glyphID: number; pos: number }>;
  advance: number;
  bearing: number;
}

/** The tables of fontkit's TrueType subset, in the order it writes them, and how each is made per subset. */
interface SubsetTemplate {
  /** As the directory lists them. */
  tags: string[];
  /** As they follow it. */
  order: string[];
  /** The tables that are the same in every subset of the font (head, and cvt/prep/fpgm where there are any). */
  fixed: Map<string, Uint8Array>;
  /** hhea and maxp, whose glyph counts are set per subset. */
  hhea: Uint8Array;
  maxp: Uint8Array;
  shortLoca: boolean;
}

/**
 * fontkit's TrueType subsetter writes its tables through generic struct encoders, and reads every glyph again for
 * every document: ~14% of a certificate's CPU for subsets of ~60 glyphs. This writes the same bytes (fonts.spec.ts
 * compares them with fontkit's for many glyph sets): the tables that do not depend on the glyphs taken from
 * fontkit's own subset of glyph 0, then glyf, loca, hmtx and the two counts written directly, each glyph's bytes and
 * metrics read once per process (bounded by the font's glyph count; the bytes are views of the font file).
 * CFF fonts and fonts with variations keep fontkit's subsetter (it re-encodes the outlines of the latter).
 */
function withFastSubsets(font: ParsedFont): ParsedFont {
  if (font._variationProcessor || !font.directory.tables.glyf) return font;
  const createSubset = font.createSubset.bind(font);
  const template = subsetTemplate(createSubset().encode());
  if (!template) return font;
  const glyf = font.directory.tables.glyf!;
  const records: Array<GlyphRecord | undefined> = [];
  const record = (gid: number): GlyphRecord => {
    let found = records[gid];
    if (found) return found;
    const glyph = font.getGlyph(gid) as ParsedGlyph & { advanceWidth: number; _getMetrics(): { leftBearing: number } };
    const decoded = glyph._decode?.() as DecodedGlyph | null | undefined;
    const [start, end] = [font.loca.offsets[gid]!, font.loca.offsets[gid + 1]!];
    found = {
      bytes: font.stream.buffer.subarray(glyf.offset + start, glyf.offset + end),
      components: decoded && decoded.numberOfContours < 0 ? (decoded.components ?? []).map(({ glyphID, pos }) => ({ glyphID, pos })) : [],
      advance: glyph.advanceWidth,
      bearing: glyph._getMetrics().leftBearing,
    };
    records[gid] = found;
    return found;
  };
  font.createSubset = () => {
    const glyphs: number[] = [];
    const mapping = new Map<number, number>();
    const includeGlyph = (glyph: number | { id: number }): number => {
      const gid = typeof glyph === 'object' ? glyph.id : glyph;
      let id = mapping.get(gid);
      if (id === undefined) {
        id = glyphs.push(gid) - 1;
        mapping.set(gid, id);
      }
      return id;
    };
    includeGlyph(0); // the missing glyph, always first
    return { includeGlyph, encode: () => encodeSubset(template, glyphs, includeGlyph, record) };
  };
  return font;
}

/** The tables of fontkit's subset (its directory: tag, checksum 0, offset, length; the tables back to back). */
function subsetTemplate(encoded: Uint8Array): SubsetTemplate | undefined {
  const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  const count = view.getUint16(4);
  const tables = Array.from({ length: count }, (_, i) => {
    const entry = 12 + 16 * i;
    const tag = String.fromCharCode(...encoded.subarray(entry, entry + 4));
    return { tag, checkSum: view.getUint32(entry + 4), offset: view.getUint32(entry + 8), length: view.getUint32(entry + 12) };
  });
  let at = 12 + 16 * count;
  for (const table of [...tables].sort((a, b) => a.offset - b.offset)) {
    if (table.offset !== at || table.checkSum !== 0) return undefined; // not the layout this writer repeats
    at += table.length;
  }
  const bytes = new Map(tables.map(({ tag, offset, length }) => [tag, encoded.slice(offset, offset + length)]));
  const [hhea, maxp, loca, head] = [bytes.get('hhea'), bytes.get('maxp'), bytes.get('loca'), bytes.get('head')];
  const known = ['head', 'hhea', 'maxp', 'loca', 'glyf', 'hmtx', 'cvt ', 'prep', 'fpgm'];
  if (!hhea || !maxp || !loca || !head || !bytes.has('glyf') || !bytes.has('hmtx') || tables.some(({ tag }) => !known.includes(tag))) return undefined;
  const fixed = new Map([...bytes].filter(([tag]) => !['hhea', 'maxp', 'loca', 'glyf', 'hmtx'].includes(tag)));
  const tags = tables.map(({ tag }) => tag);
  const order = [...tables].sort((a, b) => a.offset - b.offset).map(({ tag }) => tag);
  return { tags, order, fixed, hhea, maxp, shortLoca: new DataView(head.buffer, head.byteOffset).getInt16(50) === 0 };
}

function encodeSubset(
  template: SubsetTemplate,
  glyphs: number[],
  includeGlyph: (gid: number) => number,
  record: (gid: number) => GlyphRecord,
): Uint8Array {
  const parts: Uint8Array[] = [];
  const offsets: number[] = [];
  const metrics: GlyphRecord[] = [];
  let offset = 0;
  // Components of compound glyphs join the subset as they are met, as in fontkit.
  for (let i = 0; i < glyphs.length; i++) {
    const glyph = record(glyphs[i]!);
    let bytes = glyph.bytes;
    if (glyph.components.length) {
      bytes = Uint8Array.from(bytes);
      const view = new DataView(bytes.buffer);
      for (const { glyphID, pos } of glyph.components) view.setUint16(pos, includeGlyph(glyphID));
    }
    parts.push(bytes);
    offsets.push(offset);
    metrics.push(glyph);
    offset += bytes.length;
  }
  offsets.push(offset);
  const count = metrics.length;
  const hhea = Uint8Array.from(template.hhea);
  new DataView(hhea.buffer).setUint16(34, count);
  const maxp = Uint8Array.from(template.maxp);
  new DataView(maxp.buffer).setUint16(4, count);
  const loca = new Uint8Array(offsets.length * (template.shortLoca ? 2 : 4));
  const locaView = new DataView(loca.buffer);
  offsets.forEach((at, i) => (template.shortLoca ? locaView.setUint16(2 * i, at >>> 1) : locaView.setUint32(4 * i, at)));
  const hmtx = new Uint8Array(4 * count);
  const hmtxView = new DataView(hmtx.buffer);
  metrics.forEach(({ advance, bearing }, i) => {
    hmtxView.setUint16(4 * i, advance);
    hmtxView.setInt16(4 * i + 2, bearing);
  });
  const tables: Record<string, Uint8Array[]> = { hhea: [hhea], maxp: [maxp], loca: [loca], glyf: parts, hmtx: [hmtx] };
  const content = new Map(template.order.map((tag) => [tag, tables[tag] ?? [template.fixed.get(tag)!]]));
  const lengths = new Map([...content].map(([tag, chunks]) => [tag, chunks.reduce((sum, chunk) => sum + chunk.length, 0)]));
  const placed = new Map<string, number>();
  const directory = new Uint8Array(12 + 16 * template.tags.length);
  const view = new DataView(directory.buffer);
  const numTables = template.tags.length;
  const power = 2 ** Math.floor(Math.log2(numTables));
  view.setUint32(0, 0x74727565); // 'true', as fontkit writes it
  view.setUint16(4, numTables);
  view.setUint16(6, power * 16);
  view.setUint16(8, Math.log2(power));
  view.setUint16(10, numTables * 16 - power * 16);
  let at = directory.length;
  for (const tag of template.order) {
    placed.set(tag, at);
    at += lengths.get(tag)!;
  }
  template.tags.forEach((tag, i) => {
    const entry = 12 + 16 * i;
    for (let c = 0; c < 4; c++) directory[entry + c] = tag.charCodeAt(c);
    view.setUint32(entry + 8, placed.get(tag)!);
    view.setUint32(entry + 12, lengths.get(tag)!);
  });
  return Buffer.concat([directory, ...[...content.values()].flat()]);
}

/** A committed font file, beside this module (scripts/build.mjs copies them into dist/). */
export const fontFile = (file: string): URL => new URL(`./fonts/${file}`, import.meta.url);

// Typed as PDFKit's font source (a file's bytes), which a parsed fontkit font stands in for.
const parse = (file: string): Buffer =>
  withFastSubsets(withSharedShaping(withSharedGlyphs(fontkit.create(readFileSync(fontFile(file)))))) as unknown as Buffer;

/** The fonts by the names the layout uses. */
export const FONTS = {
  serif: parse('DejaVuSerif.ttf'),
  'serif-bold': parse('DejaVuSerif-Bold.ttf'),
} as const;
export type FontName = keyof typeof FONTS;
