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

/** N1's points as a run of one colour grows: 3 when it reaches five modules, 1 for each module more (177: version 40). */
const RUN_POINTS = Uint8Array.from({ length: 178 }, (_, length) => (length === 5 ? 3 : length > 5 ? 1 : 0));
/** N3's points for the last eleven modules of a row or column: 40 for 1:1:3:1:1 with four light modules before or after. */
const FINDER_POINTS = Uint8Array.from({ length: 0x800 }, (_, bits) => (bits === 0x5d0 || bits === 0x05d ? 40 : 0));
/** N2's points for a 2×2 block by its number of dark modules: 3 if all are of one colour. */
const BLOCK_POINTS = Uint8Array.of(3, 0, 0, 0, 3);

/**
 * qrcode's penalty of a masked symbol (its mask-pattern.js, rules N1 to N4 with their weights and its way of counting),
 * rows and columns in one pass, then the 2×2 blocks. Without a branch on the modules (tables instead): branches on
 * them mispredict about half the time, and with them a certificate's code took ~290 µs instead of ~165 (qrRuns alone,
 * 8 masks of 33×33 modules each).
 */
function penalty(modules: Uint8Array, size: number): number {
  let points = 0;
  let dark = 0;
  for (let a = 0; a < size; a++) {
    const row = a * size;
    // Runs of one colour so far, and the last eleven modules as bits, in row a and in column a.
    let lastInRow = modules[row]!;
    let runInRow = 0;
    let bitsInRow = 0;
    let lastInColumn = modules[a]!;
    let runInColumn = 0;
    let bitsInColumn = 0;
    for (let b = 0; b < size; b++) {
      const inRow = modules[row + b]!; // row a, column b
      const inColumn = modules[b * size + a]!; // column a, row b
      dark += inRow;
      runInRow = runInRow * (1 - (inRow ^ lastInRow)) + 1;
      runInColumn = runInColumn * (1 - (inColumn ^ lastInColumn)) + 1;
      lastInRow = inRow;
      lastInColumn = inColumn;
      points += RUN_POINTS[runInRow]! + RUN_POINTS[runInColumn]!;
      bitsInRow = ((bitsInRow << 1) & 0x7ff) | inRow;
      bitsInColumn = ((bitsInColumn << 1) & 0x7ff) | inColumn;
      if (b >= 10) points += FINDER_POINTS[bitsInRow]! + FINDER_POINTS[bitsInColumn]!;
    }
  }
  for (let top = 0; top < (size - 1) * size; top += size) {
    let left = modules[top]! + modules[top + size]!;
    for (let b = 1; b < size; b++) {
      const right = modules[top + b]! + modules[top + size + b]!;
      points += BLOCK_POINTS[left + right]!;
      left = right;
    }
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

/** Calls `visit` for each row's runs of dark modules, left to right, top to bottom. */
function eachRun(data: Uint8Array, size: number, visit: (row: number, col: number, length: number) => void): void {
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
      visit(row, start, col - start);
    }
  }
}

export function qrRuns(text: string): QrRuns {
  const { size, data } = qrModules(segments(text));
  const runs: QrRun[] = [];
  eachRun(data, size, (row, col, length) => runs.push({ row, col, length }));
  return { size, runs };
}

/** Room for the path's bytes, grown as needed (one code's path at a time: drawing is synchronous). */
let pathBytes = new Uint8Array(4096);

/**
 * The runs of `text`'s code as PDF path operators, `col row length 1 re` a line, written as bytes and read back as one
 * string: the same text as the runs mapped to strings and joined, without an object and two strings per run (~60 kB of
 * garbage a certificate; with the penalty above, drawQrCode went from ~255 µs a certificate to ~145).
 */
function qrPath(text: string): { size: number; path: string } {
  const { size, data } = qrModules(segments(text));
  // At most one run per two modules of a row, each a line of at most 18 bytes (three numbers below 1,000).
  const room = size * ((size + 1) >> 1) * 18;
  if (pathBytes.length < room) pathBytes = new Uint8Array(room);
  const bytes = pathBytes;
  let at = 0;
  const digits = (n: number): void => {
    if (n >= 100) bytes[at++] = 48 + Math.floor(n / 100);
    if (n >= 10) bytes[at++] = 48 + (Math.floor(n / 10) % 10);
    bytes[at++] = 48 + (n % 10);
    bytes[at++] = 32; // space
  };
  eachRun(data, size, (row, col, length) => {
    if (at) bytes[at++] = 10; // newline
    digits(col);
    digits(row);
    digits(length);
    bytes[at++] = 49; // 1
    bytes[at++] = 32;
    bytes[at++] = 114; // r
    bytes[at++] = 101; // e
  });
  return { size, path: Buffer.from(bytes.buffer, bytes.byteOffset, at).toString('latin1') };
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
  const { size, path } = qrPath(text);
  doc.save();
  doc.translate(x, y);
  doc.scale(side / size);
  doc.addContent(path);
  doc.fill(color);
  doc.restore();
}
