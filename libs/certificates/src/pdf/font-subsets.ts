// The fonts' subsets for PDFKit, written directly instead of by fontkit's TrueType subsetter (see withFastSubsets).
import type { ParsedGlyph } from './fonts.js';
import { recentlyUsed } from './recently-used.js';

/** fontkit's font, as far as a subset reads it. */
export interface SubsettableFont {
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
 * Why: fontkit's TrueType subsetter writes its tables through generic struct encoders, and reads every glyph again for
 * every document: ~14% of a certificate's CPU for subsets of ~60 glyphs. This writes the same bytes (fonts.spec.ts
 * compares them with fontkit's for many glyph sets): the tables that do not depend on the glyphs taken from
 * fontkit's own subset of glyph 0, then glyf, loca, hmtx and the two counts written directly, each glyph's bytes and
 * metrics read once per process (bounded by the font's glyph count; the bytes are views of the font file).
 * CFF fonts and fonts with variations keep fontkit's subsetter (it re-encodes the outlines of the latter).
 */
export function withFastSubsets<F extends SubsettableFont>(font: F): F {
  if (font._variationProcessor || !font.directory.tables.glyf) return font;
  const createSubset = font.createSubset.bind(font);
  const template = subsetTemplate(createSubset().encode());
  if (!template) return font;
  const glyf = font.directory.tables.glyf!;
  const records: Array<GlyphRecord | undefined> = [];
  const encoded = recentlyUsed<Uint8Array>(8);
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
    // The same glyphs in the same order make the same bytes: the serif subset is the same on each certificate of a batch.
    return { includeGlyph, encode: () => encoded(glyphs.join(' '), () => encodeSubset(template, glyphs, includeGlyph, record)) };
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
