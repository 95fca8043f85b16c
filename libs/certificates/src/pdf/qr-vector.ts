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

/**
 * What the eight masks do to a symbol of one size (one per QR version, so at most 40), as bytes whose bit k is mask k's:
 * `flips`, 1 where mask k flips the module (outside the function patterns); `formatAt` and `format`, where the format
 * information of level M goes (as qrcode's setupFormatInfo writes it) and its bits with mask k.
 */
interface MaskLanes {
  flips: Uint8Array;
  formatAt: number[];
  format: number[];
}
const lanesBySize = new Map<number, MaskLanes>();

function maskLanes(size: number, reserved: Uint8Array): MaskLanes {
  let found = lanesBySize.get(size);
  if (!found) {
    const flips = new Uint8Array(size * size);
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        if (!reserved[i * size + j]) MASKS.forEach((flipped, mask) => (flips[i * size + j]! |= flipped(i, j) ? 1 << mask : 0));
      }
    }
    const [formatAt, format]: [number[], number[]] = [[], []];
    for (let i = 0; i < 15; i++) {
      let lanes = 0;
      for (let mask = 0; mask < 8; mask++) lanes |= ((getEncodedBits(M, mask) >> i) & 1) << mask;
      formatAt.push((i < 6 ? i : i < 8 ? i + 1 : size - 15 + i) * size + 8, 8 * size + (i < 8 ? size - i - 1 : i < 9 ? 15 - i : 14 - i));
      format.push(lanes, lanes);
    }
    found = { flips, formatAt, format };
    lanesBySize.set(size, found);
  }
  return found;
}

/** Points found so far and dark modules, by the lanes (masks) of the byte they were found in; one symbol at a time. */
const pointsByLanes = new Uint32Array(256);
const darkByLanes = new Uint32Array(256);

/**
 * N1 and N3 of qrcode's penalty (its mask-pattern.js, with its weights and its way of counting) along one row or
 * column of the eight masked symbols at once (bit k of each byte: with mask k), counted into pointsByLanes.
 * N1, 3 points for a run of five modules of one colour and 1 for each module more, is counted as 1 for each five in a
 * row of one colour and 2 more where such a run begins. N3: 40 points for each 1:1:3:1:1 finder-like pattern with four
 * light modules before or after it (eleven modules, dark 10111010000 or 00001011101).
 */
function scanLine(symbols: Uint8Array, start: number, step: number, size: number): void {
  let last = symbols[start]!;
  let same1 = 0; // modules b-1 and b-2 of one colour, and so on
  let same2 = 0;
  let same3 = 0;
  let five = 0; // modules b-5 to b-1 of one colour
  for (let b = 1; b < size; b++) {
    const at = start + b * step;
    const module = symbols[at]!;
    const same = ~(module ^ last) & 0xff;
    const fiveNow = same & same1 & same2 & same3;
    pointsByLanes[fiveNow]! += 1;
    pointsByLanes[fiveNow & ~five]! += 2;
    same3 = same2;
    same2 = same1;
    same1 = same;
    five = fiveNow;
    last = module;
    if (b >= 10) {
      // Modules b-1 to b-10, as plain loads (no array or closure in this loop).
      const d1 = symbols[at - step]!;
      const d2 = symbols[at - 2 * step]!;
      const d3 = symbols[at - 3 * step]!;
      const d4 = symbols[at - 4 * step]!;
      const d5 = symbols[at - 5 * step]!;
      const d6 = symbols[at - 6 * step]!;
      const d7 = symbols[at - 7 * step]!;
      const d8 = symbols[at - 8 * step]!;
      const d9 = symbols[at - 9 * step]!;
      const d10 = symbols[at - 10 * step]!;
      pointsByLanes[(d10 & ~d9 & d8 & d7 & d6 & ~d5 & d4 & ~(d3 | d2 | d1 | module)) & 0xff]! += 40;
      pointsByLanes[~(d10 | d9 | d8 | d7) & d6 & ~d5 & d4 & d3 & d2 & ~d1 & module & 0xff]! += 40;
    }
  }
}

/**
 * qrcode's penalty of each of the eight masked symbols, at once: each module a byte, bit k with mask k, so that every
 * operation scores the eight, without a branch on the modules (those mispredict about half the time). Scored a mask at
 * a time, qrRuns took ~290 µs for a certificate's code (33×33 modules), ~165 µs without branches; this way drawQrCode
 * as a whole takes ~80 µs instead of ~140.
 */
function penalties(symbols: Uint8Array, size: number): number[] {
  pointsByLanes.fill(0);
  darkByLanes.fill(0);
  for (let a = 0; a < size; a++) {
    scanLine(symbols, a * size, 1, size);
    scanLine(symbols, a, size, size);
  }
  for (let i = 0; i < size * size; i++) darkByLanes[symbols[i]!]! += 1;
  // N2: 3 points for each 2×2 block of one colour.
  for (let top = 0; top < (size - 1) * size; top += size) {
    for (let b = 0; b < size - 1; b++) {
      const corner = symbols[top + b]!;
      const differs = (corner ^ symbols[top + b + 1]!) | (corner ^ symbols[top + size + b]!) | (corner ^ symbols[top + size + b + 1]!);
      pointsByLanes[~differs & 0xff]! += 3;
    }
  }
  const points: number[] = [];
  for (let mask = 0; mask < 8; mask++) {
    let [sum, dark] = [0, 0];
    for (let lanes = 1 << mask; lanes < 256; lanes = (lanes + 1) | (1 << mask)) {
      sum += pointsByLanes[lanes]!;
      dark += darkByLanes[lanes]!;
    }
    // N4: 10 points for each 5% the share of dark modules is away from half.
    points.push(sum + 10 * Math.abs(Math.ceil((dark * 100) / (size * size) / 5) - 10));
  }
  return points;
}

/**
 * The symbol of `text` as qrcode makes it, its mask chosen here: qrcode tries each of the eight on its BitMatrix
 * module by module, ~12% of a certificate's CPU. Made with mask 0, then the eight masked symbols scored at once; the
 * lowest penalty wins, the first of equals, as in qrcode (qr-vector.spec.ts compares the two on many texts).
 */
export function qrModules(text: string | QRCode.QRCodeSegment[]): { size: number; data: Uint8Array } {
  const { size, data, reservedBit } = QRCode.create(text, { errorCorrectionLevel: 'M', maskPattern: 0 }).modules;
  const { flips, formatAt, format } = maskLanes(size, reservedBit);
  const symbols = new Uint8Array(size * size);
  // Unmasked (mask 0 is bit 0 of flips), then as each mask makes it.
  for (let i = 0; i < symbols.length; i++) symbols[i] = (-(data[i]! ^ (flips[i]! & 1)) & 0xff) ^ flips[i]!;
  formatAt.forEach((at, i) => (symbols[at] = format[i]!));
  const points = penalties(symbols, size);
  let best = 0;
  for (let mask = 1; mask < 8; mask++) if (points[mask]! < points[best]!) best = mask;
  const chosen = new Uint8Array(size * size);
  for (let i = 0; i < chosen.length; i++) chosen[i] = (symbols[i]! >> best) & 1;
  return { size, data: chosen };
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
