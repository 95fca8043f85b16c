// The certificate of completion as a one-page A4 landscape PDF: text in embedded DejaVu Serif (every Latin-script
// name renders), the verification URL as text and as a vector QR code. No images. Fonts are read, stripped of hinting
// and parsed once per process; per document there remain layout, two font subsets, the QR code and compression.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { drawQrCode } from './qr-vector.js';

export interface CertificatePdfData {
  academyName: string;
  holderName: string;
  courseTitle: string;
  courseCode: string;
  /** YYYY-MM-DD */
  startsOn: string;
  /** YYYY-MM-DD */
  endsOn: string;
  durationHours: number;
  /** YYYY-MM-DD */
  issuedOn: string;
  serial: string;
  verificationUrl: string;
}

export interface CertificatePdfOptions {
  /** Deflate the content streams (default true); tests turn it off to read the text back. */
  compress?: boolean;
}

// Fonts: parsed once per process, and handed to PDFKit parsed (PDFKit 0.20 takes a fontkit font wherever it takes a
// font file). Registering the TTF buffers made every document parse them again: four times slower. fontkit is PDFKit's
// own font engine, its dependency; used here only to parse. The two wrappers below share per-font work across
// documents (all synchronous: a document is laid out and its font subsets written within one call, never interleaved).
// The fonts are shared objects: they are only ever handed to PDFKit, never exported.
interface ShapedRun {
  glyphs: unknown[];
  positions: Record<string, number>[];
  readonly advanceWidth: number;
}
interface ParsedGlyph {
  codePoints: number[];
  _decode?(): unknown;
}
interface ParsedFont {
  layout(text: string, features?: unknown): ShapedRun;
  getGlyph(id: number, codePoints?: number[]): ParsedGlyph | null;
}
const require = createRequire(import.meta.url);
const fontkit = require('fontkit') as { create(data: Uint8Array): ParsedFont };

/**
 * Shaping (GSUB/GPOS) of a word is the same in every document: PDFKit caches it per document, this across them.
 * Small and cleared when full: names, serials and URLs differ on every certificate, and a worker renders
 * tens of thousands (a 20,000-entry cache held ~200 MB in `npm run bench -- certificates-10k`).
 */
function withSharedShaping(font: ParsedFont, limit = 2_000): ParsedFont {
  const layout = font.layout.bind(font);
  const shaped = new Map<string, ShapedRun>();
  font.layout = (text, features) => {
    if (features !== undefined) return layout(text, features);
    let run = shaped.get(text);
    if (!run) {
      if (shaped.size >= limit) shaped.clear();
      run = layout(text);
      shaped.set(text, run);
    }
    // PDFKit scales the positions it is given in place: each caller gets its own copies.
    const positions = run.positions.map((position) => ({ ...position }));
    return {
      glyphs: run.glyphs,
      positions,
      get advanceWidth() {
        let width = 0;
        for (const position of positions) width += position.xAdvance ?? 0;
        return width;
      },
    };
  };
  return font;
}

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

/**
 * The font without its TrueType hinting: the control value table and programs (cvt, fpgm, prep) and every glyph's
 * instructions. Outlines are untouched. Hinting only snaps outlines to a screen's pixel grid at small sizes, which PDF
 * viewers and printers do without; and every font subset would carry those tables, whose encoding was the largest
 * fixed cost of a document. Done once, on the file: the new glyf and loca go at its end, the directory points to them.
 */
interface TableEntry {
  /** Where the table's directory entry is. */
  entry: number;
  offset: number;
}

export function withoutHinting(ttf: Buffer): Buffer {
  const tables = new Map<string, TableEntry>();
  for (let i = 0; i < ttf.readUInt16BE(4); i++) {
    const entry = 12 + 16 * i;
    tables.set(ttf.toString('latin1', entry, entry + 4), { entry, offset: ttf.readUInt32BE(entry + 8) });
  }
  const table = (tag: string): TableEntry => {
    const found = tables.get(tag);
    if (!found) throw new Error(`No ${tag} table in the font`);
    return found;
  };
  const [head, maxp, loca, glyf] = ['head', 'maxp', 'loca', 'glyf'].map(table);
  const longOffsets = ttf.readInt16BE(head.offset + 50) === 1;
  const glyphStart = (id: number): number =>
    glyf.offset + (longOffsets ? ttf.readUInt32BE(loca.offset + 4 * id) : 2 * ttf.readUInt16BE(loca.offset + 2 * id));
  const count = ttf.readUInt16BE(maxp.offset + 4);
  const glyphs: Buffer[] = [];
  const offsets = new Uint32Array(count + 1);
  let size = 0;
  for (let id = 0; id < count; id++) {
    let glyph = ttf.subarray(glyphStart(id), glyphStart(id + 1));
    if (glyph.length > 0) {
      const contours = glyph.readInt16BE(0);
      if (contours >= 0) {
        // Simple glyph: header, end points of contours, instruction length and instructions, flags, coordinates.
        const at = 10 + 2 * contours;
        glyph = Buffer.concat([glyph.subarray(0, at), Buffer.alloc(2), glyph.subarray(at + 2 + glyph.readUInt16BE(at))]);
      } else {
        // Composite glyph: components, then instructions if the last one says WE_HAVE_INSTRUCTIONS (0x100).
        glyph = Buffer.from(glyph);
        let at = 10;
        let flags: number;
        do {
          flags = glyph.readUInt16BE(at);
          glyph.writeUInt16BE(flags & ~0x100, at);
          const args = flags & 0x1 ? 4 : 2;
          const transform = flags & 0x8 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0;
          at += 4 + args + transform;
        } while (flags & 0x20);
        glyph = glyph.subarray(0, at);
      }
      glyph = Buffer.concat([glyph, Buffer.alloc((4 - (glyph.length % 4)) % 4)]);
    }
    glyphs.push(glyph);
    size += glyph.length;
    offsets[id + 1] = size;
  }
  const newLoca = Buffer.alloc(4 * (count + 1));
  offsets.forEach((offset, id) => newLoca.writeUInt32BE(offset, 4 * id));
  const padding = Buffer.alloc((4 - (ttf.length % 4)) % 4);
  const out = Buffer.concat([ttf, padding, ...glyphs, newLoca]);
  out.writeInt16BE(1, head.offset + 50);
  out.writeUInt32BE(ttf.length + padding.length, glyf.entry + 8);
  out.writeUInt32BE(size, glyf.entry + 12);
  out.writeUInt32BE(ttf.length + padding.length + size, loca.entry + 8);
  out.writeUInt32BE(newLoca.length, loca.entry + 12);
  // An empty table is no table: fontkit, and so the subsets, leave it out.
  for (const tag of ['cvt ', 'fpgm', 'prep']) {
    const hinting = tables.get(tag);
    if (hinting) out.writeUInt32BE(0, hinting.entry + 12);
  }
  return out;
}

const parseFont = (file: string): ParsedFont => {
  const ttf = readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
  return withSharedGlyphs(withSharedShaping(fontkit.create(withoutHinting(ttf))));
};
const SERIF = parseFont('DejaVuSerif.ttf') as unknown as Buffer;
const SERIF_BOLD = parseFont('DejaVuSerif-Bold.ttf') as unknown as Buffer;

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

interface Day {
  year: number;
  month: string;
  day: number;
}

function parseDay(value: string): Day {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (!match || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new Error(`Not a YYYY-MM-DD date: ${value}`);
  }
  return { year, month: MONTHS[month - 1]!, day };
}

/** '13 March 2026' */
export function formatDay(value: string): string {
  const { year, month, day } = parseDay(value);
  return `${day} ${month} ${year}`;
}

/** '2 – 13 March 2026', '23 February – 6 March 2026', '29 December 2025 – 9 January 2026', or one day. */
export function formatDateRange(startsOn: string, endsOn: string): string {
  const start = parseDay(startsOn);
  const end = parseDay(endsOn);
  if (startsOn === endsOn) return formatDay(endsOn);
  if (start.year !== end.year) return `${formatDay(startsOn)} – ${formatDay(endsOn)}`;
  if (start.month !== end.month) return `${start.day} ${start.month} – ${formatDay(endsOn)}`;
  return `${start.day} – ${formatDay(endsOn)}`;
}

/** '40 hours', '1 hour', '7.5 hours' */
export function formatHours(hours: number): string {
  const rounded = Math.round(hours * 100) / 100;
  return `${rounded} ${rounded === 1 ? 'hour' : 'hours'}`;
}

// A4 landscape, in points.
const WIDTH = 841.89;
const HEIGHT = 595.28;
const MARGIN = 84;
const CONTENT = WIDTH - 2 * MARGIN;

const INK = '#1f2933';
const MUTED = '#5f6b76';
const ACCENT = '#1d4e6b';

type Align = 'left' | 'center' | 'right';

export async function renderCertificatePdf(
  certificate: CertificatePdfData,
  options: CertificatePdfOptions = {},
): Promise<Buffer> {
  // Composed characters throughout, so that a name typed decomposed (as macOS does) uses the font's accented letters.
  const data = Object.fromEntries(
    Object.entries(certificate).map(([key, value]) => [key, typeof value === 'string' ? value.normalize('NFC') : value]),
  ) as CertificatePdfData;
  const dates = formatDateRange(data.startsOn, data.endsOn);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    // No default font: PDFKit would otherwise load Helvetica's metrics for every document, to use none of them.
    font: '',
    compress: options.compress ?? true,
    info: {
      Title: `Certificate of Completion – ${data.holderName} – ${data.courseTitle}`,
      Author: data.academyName,
      Subject: `${data.courseCode} ${data.courseTitle}, ${dates}; serial ${data.serial}`,
    },
  });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('serif', SERIF);
  doc.registerFont('serif-bold', SERIF_BOLD);

  /**
   * One line of text at (x, y), aligned on x; shrunk from `size` down to `min` points to fit `width`, then cut short
   * with an ellipsis. Placed from its measured width rather than through PDFKit's line wrapper, which is slower.
   */
  const put = (
    text: string,
    x: number,
    y: number,
    style: { font: string; size: number; color: string; align: Align; width?: number; min?: number; spacing?: number },
  ): void => {
    const { font, size, color, align, width = CONTENT, min = size, spacing = 0 } = style;
    const measure = (value: string): number => doc.widthOfString(value, { characterSpacing: spacing });
    doc.font(font, size);
    let measured = measure(text);
    let fitted = size;
    if (measured > width + 0.01) {
      fitted = Math.max(min, (size * width) / measured);
      doc.fontSize(fitted);
      measured = measure(text);
      while (measured > width + 0.01 && text.length > 1) {
        text = `${text.slice(0, -2).trimEnd()}…`;
        measured = measure(text);
      }
    }
    const left = align === 'left' ? x : align === 'center' ? x - measured / 2 : x - measured;
    // Shrunk text keeps the vertical centre of the full-size line.
    doc.fillColor(color).text(text, left, y + (size - fitted) / 2, { lineBreak: false, characterSpacing: spacing });
  };

  // Frame: a rule and a hairline inside it.
  doc.lineWidth(1.5).rect(24, 24, WIDTH - 48, HEIGHT - 48).stroke(ACCENT);
  doc.lineWidth(0.5).rect(31, 31, WIDTH - 62, HEIGHT - 62).stroke(ACCENT);

  const middle = WIDTH / 2;
  const regular = (size: number, color = INK) => ({ font: 'serif', size, color, align: 'center' as const });
  const bold = (size: number, color = INK) => ({ font: 'serif-bold', size, color, align: 'center' as const });
  /**
   * A name or title, centred: on one line, shrunk to no less than 3/4 of its size; else on two lines split at the
   * space that balances them, at no more than that size and no less than 45% of it, cut short only past that.
   * Returns its height.
   */
  const heading = (text: string, y: number, style: ReturnType<typeof bold>): number => {
    const floor = style.size * 0.75;
    const lineHeight = 1.2;
    const measure = (value: string): number => doc.widthOfString(value);
    doc.font(style.font, floor);
    const spaces = [...text.matchAll(/ /g)].map((match) => match.index);
    if (measure(text) <= CONTENT || spaces.length === 0) {
      put(text, middle, y, { ...style, min: floor / 2 });
      return style.size * lineHeight;
    }
    let lines: [string, string] = [text, ''];
    let widest = Infinity;
    for (const at of spaces) {
      const split: [string, string] = [text.slice(0, at), text.slice(at + 1)];
      const width = Math.max(measure(split[0]), measure(split[1]));
      if (width < widest) [lines, widest] = [split, width];
    }
    const size = Math.max(style.size * 0.45, Math.min(floor, (floor * CONTENT) / widest));
    put(lines[0], middle, y, { ...style, size, min: size });
    put(lines[1], middle, y + size * lineHeight, { ...style, size, min: size });
    return 2 * size * lineHeight;
  };

  put(data.academyName.toUpperCase(), middle, 78, { ...bold(14, ACCENT), spacing: 3, min: 9 });
  doc.lineWidth(0.75).moveTo(middle - 36, 108).lineTo(middle + 36, 108).stroke(ACCENT);
  put('Certificate of Completion', middle, 126, regular(30));
  put('This is to certify that', middle, 192, regular(13, MUTED));
  // Below the name, everything moves down by what a name or title on two lines needs.
  let below = 216 + heading(data.holderName, 216, bold(34));
  doc.lineWidth(0.5).moveTo(middle - 170, below + 9).lineTo(middle + 170, below + 9).stroke(MUTED);
  put('has successfully completed the course', middle, below + 27, regular(13, MUTED));
  below += 51;
  below += heading(data.courseTitle, below, bold(21, ACCENT));
  const details = `${data.courseCode}  ·  ${dates}  ·  ${formatHours(data.durationHours)}`;
  put(details, middle, below + 13, { ...regular(12.5), min: 9 });

  // Footer, level with the QR code: issue date and serial on the left, the verification URL beside the code.
  const qrSide = 86;
  const qrX = WIDTH - MARGIN - qrSide;
  const qrY = 431;
  const label = (text: string, x: number, y: number, align: Align, width: number): void =>
    put(text.toUpperCase(), x, y, { font: 'serif', size: 8, color: MUTED, align, width, spacing: 1.2 });
  const value = (text: string, x: number, y: number, align: Align, width: number, size = 12): void =>
    put(text, x, y, { font: 'serif', size, color: INK, align, width, min: 7 });
  const columnWidth = 280;
  label('Issued on', MARGIN, qrY + 7, 'left', columnWidth);
  value(formatDay(data.issuedOn), MARGIN, qrY + 20, 'left', columnWidth);
  label('Serial number', MARGIN, qrY + 51, 'left', columnWidth);
  value(data.serial, MARGIN, qrY + 64, 'left', columnWidth);

  // The URL on one line if it fits at 9 points, else broken after its last '/' (before the serial).
  const verifyWidth = 250;
  const verifyRight = qrX - 18;
  const url = data.verificationUrl;
  const cut = url.lastIndexOf('/', url.length - 2) + 1;
  const fitsOnOneLine = doc.font('serif', 9).widthOfString(url) <= verifyWidth;
  const urlLines = fitsOnOneLine || cut <= 0 ? [url] : [url.slice(0, cut), url.slice(cut)];
  const verifyY = qrY + qrSide / 2 - (12 + urlLines.length * 12) / 2;
  label('Verify this certificate', verifyRight, verifyY, 'right', verifyWidth);
  urlLines.forEach((text, i) => value(text, verifyRight, verifyY + 13 + i * 12, 'right', verifyWidth, 9));
  drawQrCode(doc, url, qrX, qrY, qrSide, INK);

  doc.end();
  return await done;
}
