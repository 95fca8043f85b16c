// A QR code as vector runs: each row's dark modules merged into horizontal runs, one filled rectangle per run.
// Drawn as PDF paths, never as an image: sharp at any zoom, and far fewer path operations than one per module.
import QRCode from 'qrcode';

export interface QrRun {
  row: number;
  col: number;
  length: number;
}

export interface QrRuns {
  /** Modules per side, without the quiet zone. */
  size: number;
  runs: QrRun[];
}

/** What QR's alphanumeric mode holds: digits, capitals and ` $%*+-./:`. */
const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]+$/;

/**
 * A verification URL as the segments qrcode's optimiser would choose, given rather than searched for (its search was
 * a third of the code's cost): the bytes up to the last slash, then the slash and the serial in alphanumeric mode.
 * The same symbol; any other text is left to the optimiser.
 */
function segments(text: string): string | QRCode.QRCodeSegment[] {
  const cut = text.lastIndexOf('/');
  const tail = text.slice(cut);
  if (cut <= 0 || !ALPHANUMERIC.test(tail)) return text;
  return [
    { data: Buffer.from(text.slice(0, cut)), mode: 'byte' },
    { data: tail, mode: 'alphanumeric' },
  ];
}

export function qrRuns(text: string): QrRuns {
  const { size, data } = QRCode.create(segments(text), { errorCorrectionLevel: 'M' }).modules;
  const runs: QrRun[] = [];
  for (let row = 0; row < size; row++) {
    const offset = row * size;
    let col = 0;
    while (col < size) {
      if (!data[offset + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && data[offset + col]) col++;
      runs.push({ row, col: start, length: col - start });
    }
  }
  return { size, runs };
}

/** The part of PDFKit's document this needs. */
export interface QrPainter {
  save(): unknown;
  translate(x: number, y: number): unknown;
  scale(factor: number): unknown;
  addContent(operators: string): unknown;
  fill(color: string): unknown;
  restore(): unknown;
}

/**
 * Draws the QR code of `text` as a `side`-point square (quiet zone not included) with its top left at (x, y): in
 * module units, scaled once, so every rectangle is written in small whole numbers; all of them filled as one path,
 * written in one piece (what PDFKit's rect() would write, line by line, without a buffer per rectangle).
 */
export function drawQrCode(doc: QrPainter, text: string, x: number, y: number, side: number, color = '#000000'): void {
  const { size, runs } = qrRuns(text);
  doc.save();
  doc.translate(x, y);
  doc.scale(side / size);
  doc.addContent(runs.map(({ row, col, length }) => `${col} ${row} ${length} 1 re`).join('\n'));
  doc.fill(color);
  doc.restore();
}
