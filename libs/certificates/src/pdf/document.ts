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
 * recently used (serials never recur; they and rare names drop out): ~2.5 MB of heap in all (~7.5 MB with 1,024).
 * PDFKit never changes a run it has cached (it draws a word twice in one document from the same run), so documents
 * share them without copies.
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

  /** PDFKit's; an embedded font made to find its shaped words and laid-out texts among those of earlier documents. */
  override font(src: FontSource, family?: string | number, size?: number): this {
    super.font(src, family as string, size);
    const embedded = this._font;
    const { font, layoutRun, layout } = embedded;
    if (!font || !layoutRun || !layout || Object.hasOwn(embedded, 'layoutCached')) return this;
    let memos = fontMemos.get(font);
    if (!memos) fontMemos.set(font, (memos = { words: recentlyUsed(SHAPED_WORDS), texts: recentlyUsed(LAID_OUT_TEXTS) }));
    const { words, texts } = memos;
    embedded.layoutCached = (text) => words(text, () => layoutRun.call(embedded, text));
    // With OpenType features asked for, PDFKit shapes the whole text at once, uncached: left to it.
    embedded.layout = (text, features, onlyWidth) =>
      features ? layout.call(embedded, text, features, onlyWidth) : texts(text, () => layout.call(embedded, text));
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
