// Where everything sits on the certificate, and how text is fitted into its place. A4 landscape, in points, y from
// the top of the page. The block below the holder's name moves down by what a name or title on two lines needs.
import type PDFDocument from 'pdfkit';
import type { CertificatePdfData } from '../certificate-pdf.js';
import type { FontName } from './fonts.js';
import { drawQrCode } from './qr-vector.js';
import { formatDateRange, formatDay, formatHours } from './wording.js';

export const PAGE = { width: 841.89, height: 595.28 } as const;
const MARGIN = 84;
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;
const CENTRE = PAGE.width / 2;
const INK = '#1f2933';
const MUTED = '#5f6b76';
const ACCENT = '#1d4e6b';

/** A rule and a hairline inside it, each `inset` from the page's edges. */
const FRAME = [
  { inset: 24, lineWidth: 1.5 },
  { inset: 31, lineWidth: 0.5 },
] as const;
const ACADEMY = { y: 78, size: 14, minSize: 9, letterSpacing: 3 };
const ACADEMY_RULE = { y: 108, halfLength: 36, lineWidth: 0.75 };
const TITLE = { y: 126, size: 30 };
const CERTIFY = { y: 192, size: 13 };
const HOLDER = { y: 216, size: 34 };
/** Below the holder's name: offsets from its bottom. */
const HOLDER_RULE = { below: 9, halfLength: 170, lineWidth: 0.5 };
const COMPLETED = { below: 27, size: 13 };
const COURSE = { below: 51, size: 21 };
/** Below the course title: an offset from its bottom. */
const DETAILS = { below: 13, size: 12.5, minSize: 9 };
/**
 * A name or title: on one line, shrunk to no less than `oneLine` of its size; else on two lines split at the space
 * that balances them, at no more than that and no less than `twoLines` of its size, cut short only past that.
 */
const HEADING = { oneLine: 0.75, twoLines: 0.45, lineHeight: 1.2 };

/** The footer, level with the QR code in the bottom right corner: issue date and serial on the left. */
const QR = { side: 86, y: 431, x: PAGE.width - MARGIN - 86 };
const FOOTER_LABEL = { size: 8, letterSpacing: 1.2 };
const FOOTER_VALUE = { size: 12, minSize: 7 };
const FOOTER_COLUMN = { width: 280, issuedLabel: 7, issuedValue: 20, serialLabel: 51, serialValue: 64 };
/** The verification URL, right-aligned beside the code, on one line if it fits, else broken before the serial. */
const VERIFY = { width: 250, gapToQr: 18, urlSize: 9, labelHeight: 13, lineHeight: 12, jointMargin: 10 };

type Align = 'left' | 'center' | 'right';
interface TextStyle {
  font: FontName;
  size: number;
  color: string;
  align: Align;
  width?: number;
  /** The smallest size to shrink to before cutting short. */
  min?: number;
  letterSpacing?: number;
}

type Doc = InstanceType<typeof PDFDocument>;
const centred = (font: FontName, size: number, color = INK): TextStyle => ({ font, size, color, align: 'center' });

/**
 * One line of text at (x, y), aligned on x; shrunk from `size` down to `min` points to fit `width`, then cut short
 * with an ellipsis. Placed from its measured width rather than through PDFKit's line wrapper, which is slower.
 */
function put(doc: Doc, text: string, x: number, y: number, style: TextStyle): void {
  const { font, size, color, align, width = CONTENT_WIDTH, min = size, letterSpacing = 0 } = style;
  const measure = (value: string): number => doc.widthOfString(value, { characterSpacing: letterSpacing });
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
  doc.fillColor(color).text(text, left, y + (size - fitted) / 2, { lineBreak: false, characterSpacing: letterSpacing });
}

/** A name or title, centred, on one line or two (HEADING); returns its height. */
function heading(doc: Doc, text: string, y: number, style: TextStyle): number {
  const floor = style.size * HEADING.oneLine;
  const measure = (value: string): number => doc.widthOfString(value);
  doc.font(style.font, floor);
  const spaces = [...text.matchAll(/ /g)].map((match) => match.index);
  if (measure(text) <= CONTENT_WIDTH || spaces.length === 0) {
    put(doc, text, CENTRE, y, { ...style, min: floor / 2 });
    return style.size * HEADING.lineHeight;
  }
  let lines: [string, string] = [text, ''];
  let widest = Infinity;
  for (const at of spaces) {
    const split: [string, string] = [text.slice(0, at), text.slice(at + 1)];
    const width = Math.max(measure(split[0]), measure(split[1]));
    if (width < widest) [lines, widest] = [split, width];
  }
  const size = Math.max(style.size * HEADING.twoLines, Math.min(floor, (floor * CONTENT_WIDTH) / widest));
  put(doc, lines[0], CENTRE, y, { ...style, size, min: size });
  put(doc, lines[1], CENTRE, y + size * HEADING.lineHeight, { ...style, size, min: size });
  return 2 * size * HEADING.lineHeight;
}

function rule(doc: Doc, y: number, halfLength: number, lineWidth: number, color: string): void {
  doc.lineWidth(lineWidth).moveTo(CENTRE - halfLength, y).lineTo(CENTRE + halfLength, y).stroke(color);
}

function footerLabel(doc: Doc, text: string, x: number, y: number, align: Align, width: number): void {
  put(doc, text.toUpperCase(), x, y, { font: 'serif', size: FOOTER_LABEL.size, color: MUTED, align, width, letterSpacing: FOOTER_LABEL.letterSpacing });
}

function footerValue(doc: Doc, text: string, x: number, y: number, align: Align, width: number, size = FOOTER_VALUE.size): void {
  put(doc, text, x, y, { font: 'serif', size, color: INK, align, width, min: FOOTER_VALUE.minSize });
}

/**
 * Whether the URL fits on one line. Its two lines, the base URL (the same on every certificate) and the serial (shaped
 * already for the footer), decide it by the sum of their widths unless that is within VERIFY.jointMargin of the limit:
 * joined, they differ by what the font does where they meet (a kern, a ligature), far less. Only then is the whole
 * URL measured, which means shaping it: a string no other certificate has, 6% of a certificate's CPU.
 */
function fitsOnOneLine(doc: Doc, url: string, cut: number): boolean {
  doc.font('serif', VERIFY.urlSize);
  const parts = doc.widthOfString(url.slice(0, cut)) + doc.widthOfString(url.slice(cut));
  if (Math.abs(parts - VERIFY.width) > VERIFY.jointMargin) return parts <= VERIFY.width;
  return doc.widthOfString(url) <= VERIFY.width;
}

/** Draws the whole certificate on the document's one page (fonts registered under their FontName). */
export function drawCertificate(doc: Doc, data: CertificatePdfData): void {
  for (const { inset, lineWidth } of FRAME) doc.lineWidth(lineWidth).rect(inset, inset, PAGE.width - 2 * inset, PAGE.height - 2 * inset).stroke(ACCENT);

  put(doc, data.academyName.toUpperCase(), CENTRE, ACADEMY.y, { ...centred('serif-bold', ACADEMY.size, ACCENT), letterSpacing: ACADEMY.letterSpacing, min: ACADEMY.minSize });
  rule(doc, ACADEMY_RULE.y, ACADEMY_RULE.halfLength, ACADEMY_RULE.lineWidth, ACCENT);
  put(doc, 'Certificate of Completion', CENTRE, TITLE.y, centred('serif', TITLE.size));
  put(doc, 'This is to certify that', CENTRE, CERTIFY.y, centred('serif', CERTIFY.size, MUTED));
  let below = HOLDER.y + heading(doc, data.holderName, HOLDER.y, centred('serif-bold', HOLDER.size));
  rule(doc, below + HOLDER_RULE.below, HOLDER_RULE.halfLength, HOLDER_RULE.lineWidth, MUTED);
  put(doc, 'has successfully completed the course', CENTRE, below + COMPLETED.below, centred('serif', COMPLETED.size, MUTED));
  below += COURSE.below;
  below += heading(doc, data.courseTitle, below, centred('serif-bold', COURSE.size, ACCENT));
  const details = `${data.courseCode}  ·  ${formatDateRange(data.startsOn, data.endsOn)}  ·  ${formatHours(data.durationHours)}`;
  put(doc, details, CENTRE, below + DETAILS.below, { ...centred('serif', DETAILS.size), min: DETAILS.minSize });

  footerLabel(doc, 'Issued on', MARGIN, QR.y + FOOTER_COLUMN.issuedLabel, 'left', FOOTER_COLUMN.width);
  footerValue(doc, formatDay(data.issuedOn), MARGIN, QR.y + FOOTER_COLUMN.issuedValue, 'left', FOOTER_COLUMN.width);
  footerLabel(doc, 'Serial number', MARGIN, QR.y + FOOTER_COLUMN.serialLabel, 'left', FOOTER_COLUMN.width);
  footerValue(doc, data.serial, MARGIN, QR.y + FOOTER_COLUMN.serialValue, 'left', FOOTER_COLUMN.width);

  const url = data.verificationUrl;
  const cut = url.lastIndexOf('/', url.length - 2) + 1;
  const urlLines = cut <= 0 || fitsOnOneLine(doc, url, cut) ? [url] : [url.slice(0, cut), url.slice(cut)];
  const right = QR.x - VERIFY.gapToQr;
  // The label and the URL's lines, centred on the code's height.
  const top = QR.y + QR.side / 2 - (VERIFY.lineHeight + urlLines.length * VERIFY.lineHeight) / 2;
  footerLabel(doc, 'Verify this certificate', right, top, 'right', VERIFY.width);
  urlLines.forEach((text, i) => footerValue(doc, text, right, top + VERIFY.labelHeight + i * VERIFY.lineHeight, 'right', VERIFY.width, VERIFY.urlSize));
  drawQrCode(doc, url, QR.x, QR.y, QR.side, INK);
}
