// A QR code as vector runs: each row's dark modules merged into horizontal runs, one filled rectangle per run.
// Drawn as PDF paths, never as an image: sharp at any zoom, and far fewer path operations than one per module.
import { createRequire } from 'node:module';
import QRCode from 'qrcode';

// qrcode's own format information (its package has no exports map; @types/qrcode declares only the entry point).
const require = createRequire(import.meta.url);
const { getEncodedBits } = require('qrcode/lib/core/format-info.js') as { getEncodedBits(level: { bit: number }, mask: number): number };
const { M } = require('qrcode/lib/core/error-correction-level.js') as { M: { bit: number } };

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

/** qrcode's eight masks: whether module (i, j) is flipped. */
const MASKS: Array<(i: number, j: number) => boolean> = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i * j) % 3) + ((i + j) % 2)) % 2 === 0,
];

/** Per symbol size (one per QR version, so at most 40): each mask as 1 where it flips a module outside the function patterns. */
const flips = new Map<number, Uint8Array[]>();

function masksFor(size: number, reserved: Uint8Array): Uint8Array[] {
  let found = flips.get(size);
  if (!found) {
    found = MASKS.map((flipped) => {
      const mask = new Uint8Array(size * size);
      for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) mask[i * size + j] = !reserved[i * size + j] && flipped(i, j) ? 1 : 0;
      return mask;
    });
    flips.set(size, found);
  }
  return found;
}

/** Writes the format information of level M and `mask` where qrcode's setupFormatInfo writes it. */
function writeFormat(modules: Uint8Array, size: number, mask: number): void {
  const bits = getEncodedBits(M, mask);
  for (let i = 0; i < 15; i++) {
    const bit = (bits >> i) & 1;
    modules[(i < 6 ? i : i < 8 ? i + 1 : size - 15 + i) * size + 8] = bit;
    modules[8 * size + (i < 8 ? size - i - 1 : i < 9 ? 15 - i : 14 - i)] = bit;
  }
}

/**
 * qrcode's penalty of a masked symbol (its mask-pattern.js, rules N1 to N4 with their weights and its way of counting),
 * in one pass over the rows and columns at once.
 */
function penalty(modules: Uint8Array, size: number): number {
  let points = 0;
  let dark = 0;
  for (let a = 0; a < size; a++) {
    let lastInRow = -1;
    let runInRow = 0;
    let patternInRow = 0;
    let lastInColumn = -1;
    let runInColumn = 0;
    let patternInColumn = 0;
    for (let b = 0; b < size; b++) {
      const inRow = modules[a * size + b]!; // row a, column b
      const inColumn = modules[b * size + a]!; // column a, row b
      dark += inRow;
      // N1: 3 points for a run of five of one colour, 1 for each module more.
      if (inRow === lastInRow) runInRow++;
      else {
        if (runInRow >= 5) points += runInRow - 2;
        lastInRow = inRow;
        runInRow = 1;
      }
      if (inColumn === lastInColumn) runInColumn++;
      else {
        if (runInColumn >= 5) points += runInColumn - 2;
        lastInColumn = inColumn;
        runInColumn = 1;
      }
      // N3: 40 points for each 1:1:3:1:1 finder-like pattern with four light modules before or after it.
      patternInRow = ((patternInRow << 1) & 0x7ff) | inRow;
      patternInColumn = ((patternInColumn << 1) & 0x7ff) | inColumn;
      if (b >= 10) {
        if (patternInRow === 0x5d0 || patternInRow === 0x05d) points += 40;
        if (patternInColumn === 0x5d0 || patternInColumn === 0x05d) points += 40;
      }
      // N2: 3 points for each 2×2 block of one colour.
      if (a < size - 1 && b < size - 1) {
        const block = inRow + modules[a * size + b + 1]! + modules[(a + 1) * size + b]! + modules[(a + 1) * size + b + 1]!;
        if (block === 0 || block === 4) points += 3;
      }
    }
    if (runInRow >= 5) points += runInRow - 2;
    if (runInColumn >= 5) points += runInColumn - 2;
  }
  // N4: 10 points for each 5% the share of dark modules is away from half.
  return points + 10 * Math.abs(Math.ceil((dark * 100) / (size * size) / 5) - 10);
}

/**
 * The symbol of `text` as qrcode makes it, its mask chosen here: qrcode tries each of the eight on its BitMatrix
 * module by module, ~12% of a certificate's CPU. Made with mask 0, then each mask tried on flat arrays; the lowest
 * penalty wins, the first of equals, as in qrcode (qr-vector.spec.ts compares the two on many texts).
 */
export function qrModules(text: string | QRCode.QRCodeSegment[]): { size: number; data: Uint8Array } {
  const { size, data, reservedBit } = QRCode.create(text, { errorCorrectionLevel: 'M', maskPattern: 0 }).modules;
  const masks = masksFor(size, reservedBit);
  let best: { data: Uint8Array; penalty: number } | undefined;
  for (let mask = 0; mask < masks.length; mask++) {
    const candidate = new Uint8Array(size * size);
    const [from, to] = [masks[0]!, masks[mask]!];
    for (let i = 0; i < candidate.length; i++) candidate[i] = data[i]! ^ from[i]! ^ to[i]!;
    writeFormat(candidate, size, mask);
    const points = penalty(candidate, size);
    if (!best || points < best.penalty) best = { data: candidate, penalty: points };
  }
  return { size, data: best!.data };
}

export function qrRuns(text: string): QrRuns {
  const { size, data } = qrModules(segments(text));
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
