// PDFKit's document as a certificate uses it: words shaped once for many documents, the bytes collected in an array as
// PDFKit writes them, its streams deflated at a level fitted to them. Through PDFKit 0.20's internals (its document's
// _font, _write, push and ref; a font's layoutCache; a reference's compress, buffer and finalize), which
// certificate-pdf.spec.ts exercises: the output must stay a valid PDF that reads back, byte for byte the same whether
// its words were shaped for it or for an earlier document.
import { crc32, deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { recentlyUsed } from './recently-used.js';

/**
 * zlib's level 3 instead of its default 6, with a window of 8 kB (windowBits 13) instead of 32: a certificate's streams
 * deflated per document (the page ~8 kB, the bold font's subset ~4 kB, its CMap) fit the window, and zlib sets up less
 * memory for each. Measured on 200 certificates' streams, interleaved: level 6 ~333 µs a certificate, 4,559 bytes;
 * level 4 (the setting before) ~240 µs, 4,706 bytes; this ~213 µs, 4,793 bytes (a PDF of ~14,030 bytes instead of
 * ~13,900 with level 4). Level 1 saves ~10 µs more for another 100 bytes.
 */
const DEFLATE = { level: 3, windowBits: 13 };

/**
 * Streams deflated lately, found by their length and CRC and then compared: the serif font's subset and its ToUnicode
 * CMap recur on every certificate of a course and day (certificate-pdf.ts puts every character a serial can hold into
 * it), ~45% of what a certificate deflated. The page and the bold font's subset (holders' names) never recur.
 */
const recentStreams = recentlyUsed<{ content: Buffer; deflated: Buffer }>(16);

function deflate(content: Buffer): Buffer {
  const kept = recentStreams(`${content.length} ${crc32(content)}`, () => ({ content, deflated: deflateSync(content, DEFLATE) }));
  return kept.content.equals(content) ? kept.deflated : deflateSync(content, DEFLATE);
}

/**
 * PDFKit keeps each font's shaped words (GSUB and GPOS lookups, positions scaled to its units) per document, yet most
 * words of a certificate recur on others: the fixed wording, the academy, the course and the dates on every one, and
 * holders' given and family names often. Here each font's words are kept across documents, the SHAPED_WORDS most
 * recently used (rare names drop out; serials, which never recur, are made from pairs: shapeInPairs): ~2.5 MB of heap
 * in all (~7.5 MB with 1,024). PDFKit never changes a run it has cached (it draws a word twice in one document from the
 * same run), so documents share them without copies.
 */
const SHAPED_WORDS = 256;
/**
 * Whole texts laid out (the concatenation of their words' runs), the LAID_OUT_TEXTS most recently used per font: PDFKit
 * lays out each text drawn three times (measured, then encoded, then measured to advance), and put() in layout.ts
 * measures it first, each time splitting it into words, looking each up and concatenating their glyphs and positions
 * anew; the fixed wording, the academy, the course title and its every split (heading() weighs them) recur on every
 * certificate. Shared as the words are: PDFKit only reads a layout.
 */
const LAID_OUT_TEXTS = 64;
interface FontMemos {
  words: (text: string, shape: () => unknown) => unknown;
  texts: (text: string, lay: () => unknown) => unknown;
  /** By the characters shaped from their pairs. */
  pairs: Map<string, PairShaping>;
}

/** A run as PDFKit uses it (fontkit's GlyphRun, its positions scaled to 1,000 units an em by PDFKit's layoutRun). */
interface Run {
  glyphs: Array<{ id: number }>;
  positions: Array<{ xAdvance: number; yAdvance: number; xOffset: number; yOffset: number; advanceWidth: number }>;
  advanceWidth: number;
}

/**
 * Words of a few characters shaped from their pairs (see shapeInPairs): each character's glyph and advance, and each
 * pair's advance of its first glyph (its kerning included), all as PDFKit's layoutRun gives them; undefined where a
 * pair is not two plain glyphs kerned at most (then words holding it are shaped whole).
 */
interface PairShaping {
  characters: Set<string>;
  singles: Map<string, { glyph: { id: number }; xAdvance: number; advanceWidth: number } | undefined>;
  firstAdvances: Map<string, number | undefined>;
}

function pairedRun(text: string, pairs: PairShaping, shape: (text: string) => Run): Run | undefined {
  for (let i = 0; i < text.length; i++) if (!pairs.characters.has(text[i]!)) return undefined;
  const single = (character: string) => {
    if (!pairs.singles.has(character)) {
      const run = shape(character);
      const [glyph, position] = [run.glyphs[0], run.positions[0]];
      const plain = run.glyphs.length === 1 && glyph && position && !position.xOffset && !position.yOffset && !position.yAdvance;
      pairs.singles.set(character, plain ? { glyph, xAdvance: position.xAdvance, advanceWidth: position.advanceWidth } : undefined);
    }
    return pairs.singles.get(character);
  };
  const firstAdvance = (pair: string) => {
    if (!pairs.firstAdvances.has(pair)) {
      const [run, first, second] = [shape(pair), single(pair[0]!), single(pair[1]!)];
      const [one, two] = run.positions;
      const plain =
        first && second && one && two && run.glyphs.length === 2 && run.glyphs[0] === first.glyph && run.glyphs[1] === second.glyph &&
        two.xAdvance === second.xAdvance && !one.xOffset && !one.yOffset && !one.yAdvance && !two.xOffset && !two.yOffset && !two.yAdvance;
      pairs.firstAdvances.set(pair, plain ? one.xAdvance : undefined);
    }
    return pairs.firstAdvances.get(pair);
  };
  const run: Run = { glyphs: [], positions: [], advanceWidth: 0 };
  for (let i = 0; i < text.length; i++) {
    const character = single(text[i]!);
    const xAdvance = i + 1 < text.length ? firstAdvance(text.slice(i, i + 2)) : character?.xAdvance;
    if (!character || xAdvance === undefined) return undefined;
    run.glyphs.push(character.glyph);
    run.positions.push({ xAdvance, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: character.advanceWidth });
    run.advanceWidth += xAdvance; // as fontkit's GlyphRun sums it, in order
  }
  return run;
}
const fontMemos = new WeakMap<object, FontMemos>();

/** PDFKit's EmbeddedFont, as far as this uses it. */
interface EmbeddedFont {
  font?: object;
  layoutRun?(text: string): unknown;
  layoutCached?(text: string): unknown;
  layout?(text: string, features?: unknown, onlyWidth?: boolean): unknown;
  encode?(text: string): unknown;
}

type FontSource = Parameters<InstanceType<typeof PDFDocument>['font']>[0];

/** A PDFKit reference, as far as this uses it. */
interface Reference {
  compress: boolean;
  buffer: Uint8Array[];
  data: Record<string, unknown>;
  write(chunk: string | Uint8Array): void;
  finalize(): void;
}

/** Lines of text and bytes, in order, as one Buffer: each run of lines converted at once. */
function joined(parts: Array<string | Uint8Array>): Buffer {
  const chunks: Uint8Array[] = [];
  let text = '';
  for (const part of parts) {
    if (typeof part === 'string') text += part;
    else {
      if (text) chunks.push(Buffer.from(text, 'latin1'));
      text = '';
      chunks.push(part);
    }
  }
  if (text) chunks.push(Buffer.from(text, 'latin1'));
  return Buffer.concat(chunks);
}

/**
 * PDFKit's document, its bytes kept in an array instead of pushed into its Readable stream: a Buffer and a 'data' event
 * for each line of the object table, each object's header and body (~4% of a certificate's CPU), and the end of the
 * stream left to process.nextTick, which a loop of awaits never lets run (every document stayed alive until it ended).
 * PDFKit writes a whole document synchronously, so `bytes()` has it all once `end()` returns.
 */
export class CertificateDocument extends PDFDocument {
  // Declared only: PDFKit's constructor writes the header before this class could initialise a field.
  declare private written: Array<string | Uint8Array> | undefined;
  declare private _offset: number;
  declare private _font: EmbeddedFont;
  /** Per font, what shapeInPairs asked for. */
  declare private pairs: Map<object, PairShaping> | undefined;

  /** PDFKit's; an embedded font made to find its shaped words and laid-out texts among those of earlier documents. */
  override font(src: FontSource, family?: string | number, size?: number): this {
    super.font(src, family as string, size);
    const embedded = this._font;
    const { font, layoutRun, layout } = embedded;
    if (!font || !layoutRun || !layout || Object.hasOwn(embedded, 'layoutCached')) return this;
    let memos = fontMemos.get(font);
    if (!memos) fontMemos.set(font, (memos = { words: recentlyUsed(SHAPED_WORDS), texts: recentlyUsed(LAID_OUT_TEXTS), pairs: new Map() }));
    const { words, texts } = memos;
    const shape = (text: string) => layoutRun.call(embedded, text) as Run;
    embedded.layoutCached = (text) => {
      const pairs = this.pairs?.get(font);
      return (pairs && pairedRun(text, pairs, shape)) || words(text, () => shape(text));
    };
    // With OpenType features asked for, PDFKit shapes the whole text at once, uncached: left to it.
    embedded.layout = (text, features, onlyWidth) =>
      features ? layout.call(embedded, text, features, onlyWidth) : texts(text, () => layout.call(embedded, text));
    return this;
  }

  /**
   * Shapes words made only of `characters`, in a registered font, from their pairs rather than whole: each glyph
   * advanced as the pair it begins is shaped (its kerning), the last as it is alone. Exact for a font whose only rule
   * among these characters is pair kerning (no ligature, no contextual rule), which a pair that is not two plain glyphs
   * betrays (words holding it are then shaped whole) and document.spec.ts checks on random texts. Why: a serial, a word
   * no other certificate has, cost ~150 µs of fontkit's shaping per certificate (9% of its CPU); each pair is shaped
   * once per process, as it is met (at most 33² for a serial's characters).
   */
  shapeInPairs(src: string, characters: string): this {
    this.font(src);
    const font = this._font.font;
    const memos = font && fontMemos.get(font);
    if (!font || !memos) return this;
    let pairs = memos.pairs.get(characters);
    if (!pairs) memos.pairs.set(characters, (pairs = { characters: new Set(characters), singles: new Map(), firstAdvances: new Map() }));
    (this.pairs ??= new Map()).set(font, pairs);
    return this;
  }

  /**
   * Puts the glyphs of `text` into the subset of a registered font, with their widths and text (ToUnicode), without
   * drawing them.
   */
  includeGlyphs(src: string, text: string): this {
    this.font(src);
    this._font.encode!(text);
    return this;
  }

  /** PDFKit's own, every write of the document goes through it: a line of text (one byte a character) or bytes. */
  _write(data: string | Uint8Array): void {
    const part = typeof data === 'string' ? `${data}\n` : data;
    (this.written ??= []).push(part);
    this._offset += part.length;
  }

  /** PDFKit pushes nothing but the end of its stream now, which no one reads. */
  override push(): boolean {
    return true;
  }

  /**
   * Each stream deflated with DEFLATE's options rather than zlib's defaults (PDFKit gives no say in them), its lines
   * kept as text until then (PDFKit turns each of the page's operators into bytes character by character).
   */
  override ref(data: object): PDFKit.PDFKitReference {
    const made = super.ref(data) as unknown as Reference;
    if (made.compress) {
      made.compress = false;
      const parts: Array<string | Uint8Array> = [];
      made.write = (chunk) => {
        made.data.Length ??= 0; // where PDFKit puts it: its finalize sets it, after the Filter is set below
        parts.push(chunk instanceof Uint8Array ? chunk : `${chunk}\n`);
      };
      const finalize = made.finalize.bind(made);
      made.finalize = () => {
        if (parts.length) {
          made.buffer = [deflate(joined(parts))];
          made.data.Filter = 'FlateDecode';
        }
        finalize();
      };
    }
    return made as unknown as PDFKit.PDFKitReference;
  }

  /** The whole document, once `end()` has returned. */
  bytes(): Buffer {
    return joined(this.written ?? []);
  }
}
