// PDFKit's document as a certificate uses it: words shaped once for many documents, the bytes collected in an array as
// PDFKit writes them, its streams deflated at a level fitted to them. Through PDFKit 0.20's internals (its document's
// _font, _write, push and ref; a font's layoutCache; a reference's compress, buffer and finalize), which
// certificate-pdf.spec.ts exercises: the output must stay a valid PDF that reads back, byte for byte the same whether
// its words were shaped for it or for an earlier document.
import { crc32, deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { recentlyUsed } from './recently-used.js';

/**
 * zlib's level 4 instead of its default 6: a certificate's streams (its two font subsets, the page, two CMaps; ~20 kB)
 * deflate in ~30% less CPU for ~2% more bytes of PDF (measured: 9,489 bytes of streams instead of 9,315).
 */
const DEFLATE = { level: 4 };

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
 * words of a certificate (the fixed wording, the academy, the course, the dates) recur on every one. Here the words of
 * the first document of a generation of LAYOUT_GENERATION are the prototype of the next documents' caches: they find
 * them there, no copy, and add their own (names and serials never recur) to their own cache, which dies with them.
 * Each generation starts afresh, so what is shared stays one document's words. PDFKit never changes a run it has
 * cached (it draws a word twice in one document from the same run).
 */
const LAYOUT_GENERATION = 64;
let documentsMade = 0;
const sharedLayouts = new Map<string, Record<string, unknown>>();

type FontSource = Parameters<InstanceType<typeof PDFDocument>['font']>[0];

/** A PDFKit reference, as far as this uses it. */
interface Reference {
  compress: boolean;
  buffer: Uint8Array[];
  data: Record<string, unknown>;
  finalize(): void;
}

/**
 * PDFKit's document, its bytes kept in an array instead of pushed into its Readable stream: a Buffer and a 'data' event
 * for each line of the object table, each object's header and body (~4% of a certificate's CPU), and the end of the
 * stream left to process.nextTick, which a loop of awaits never lets run (every document stayed alive until it ended).
 * PDFKit writes a whole document synchronously, so `bytes()` has it all once `end()` returns.
 */
export class CertificateDocument extends PDFDocument {
  // Declared only: PDFKit's constructor writes the header before this class could initialise a field.
  declare private written: Uint8Array[] | undefined;
  declare private _offset: number;
  declare private _font: { layoutCache?: Record<string, unknown> };

  constructor(options?: PDFKit.PDFDocumentOptions) {
    super(options);
    if (++documentsMade % LAYOUT_GENERATION === 0) sharedLayouts.clear();
  }

  /** PDFKit's; a registered font's cache of shaped words made to inherit the generation's. */
  override font(src: FontSource, family?: string | number, size?: number): this {
    super.font(src, family as string, size);
    const cache = this._font.layoutCache;
    if (typeof src !== 'string' || !cache) return this;
    const shared = sharedLayouts.get(src);
    if (!shared) sharedLayouts.set(src, cache);
    else if (cache !== shared && Object.getPrototypeOf(cache) !== shared) this._font.layoutCache = Object.create(shared) as Record<string, unknown>;
    return this;
  }

  /**
   * Puts the glyphs of `text` into the subset of a registered font, with their widths and text (ToUnicode), without
   * drawing them.
   */
  includeGlyphs(src: string, text: string): this {
    this.font(src);
    (this._font as unknown as { encode(text: string): unknown }).encode(text);
    return this;
  }

  /** PDFKit's own, every write of the document goes through it. */
  _write(data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? Buffer.from(`${data}\n`, 'latin1') : data;
    (this.written ??= []).push(bytes);
    this._offset += bytes.length;
  }

  /** PDFKit pushes nothing but the end of its stream now, which no one reads. */
  override push(): boolean {
    return true;
  }

  /** Each stream deflated with DEFLATE's options rather than zlib's defaults (PDFKit gives no say in them). */
  override ref(data: object): PDFKit.PDFKitReference {
    const made = super.ref(data) as unknown as Reference;
    if (made.compress) {
      made.compress = false;
      const finalize = made.finalize.bind(made);
      made.finalize = () => {
        if (made.buffer.length) {
          made.buffer = [deflate(Buffer.concat(made.buffer))];
          made.data.Filter = 'FlateDecode';
        }
        finalize();
      };
    }
    return made as unknown as PDFKit.PDFKitReference;
  }

  /** The whole document, once `end()` has returned. */
  bytes(): Buffer {
    return Buffer.concat(this.written ?? []);
  }
}
