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

/** Penalty weights of the QR standard's mask evaluation (ISO/IEC 18004 §7.8.3), as qrcode scores them. */
const PENALTY = { N1: 3, N2: 3, N3: 40, N4: 10 };

/** Whether mask pattern `p` inverts the module at (row, col) (ISO/IEC 18004 Table 10). */
function masks(p: number, i: number, j: number): boolean {
  switch (p) {
    case 0: return (i + j) % 2 === 0;
    case 1: return i % 2 === 0;
    case 2: return j % 3 === 0;
    case 3: return (i + j) % 3 === 0;
    case 4: return (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0;
    case 5: return ((i * j) % 2) + ((i * j) % 3) === 0;
    case 6: return (((i * j) % 2) + ((i * j) % 3)) % 2 === 0;
    default: return (((i * j) % 3) + ((i + j) % 2)) % 2 === 0;
  }
}

/** The 15 format bits of level M with mask `p` (qrcode's FormatInfo.getEncodedBits: BCH(15, 5) xor 0x5412). */
function formatBits(p: number): number {
  const data = p; // level M's two bits are 00
  let d = data << 10;
  for (let shift = 31 - Math.clz32(d) - 10; d >= 1 << 10; shift = 31 - Math.clz32(d) - 10) d ^= 0x537 << shift;
  return ((data << 10) | d) ^ 0x5412;
}

/** Where each of the 15 format bits sits, twice (qrcode's setupFormatInfo), as indices into a size × size matrix. */
function formatPositions(size: number): Array<[number, number]> {
  const at: Array<[number, number]> = [];
  for (let i = 0; i < 15; i++) {
    const vertical = i < 6 ? i : i < 8 ? i + 1 : size - 15 + i;
    const horizontal = i < 8 ? size - i - 1 : i < 9 ? 15 - i : 14 - i;
    at.push([vertical * size + 8, 8 * size + horizontal]);
  }
  return at;
}

/** qrcode's penalty score of a masked symbol (its getPenaltyN1 to N4, with their quirks), over a flat matrix. */
function penalty(m: Uint8Array, size: number): number {
  let points = 0;
  let dark = 0;
  for (let a = 0; a < size; a++) {
    let rowRun = 0;
    let colRun = 0;
    let rowLast = -1;
    let colLast = -1;
    let rowBits = 0;
    let colBits = 0;
    for (let b = 0; b < size; b++) {
      const r = m[a * size + b]!;
      const c = m[b * size + a]!;
      dark += r;
      if (r === rowLast) rowRun++;
      else {
        if (rowRun >= 5) points += PENALTY.N1 + rowRun - 5;
        rowLast = r;
        rowRun = 1;
      }
      if (c === colLast) colRun++;
      else {
        if (colRun >= 5) points += PENALTY.N1 + colRun - 5;
        colLast = c;
        colRun = 1;
      }
      rowBits = ((rowBits << 1) & 0x7ff) | r;
      colBits = ((colBits << 1) & 0x7ff) | c;
      if (b >= 10) {
        if (rowBits === 0x5d0 || rowBits === 0x05d) points += PENALTY.N3;
        if (colBits === 0x5d0 || colBits === 0x05d) points += PENALTY.N3;
      }
      if (a < size - 1 && b < size - 1) {
        const block = r + m[a * size + b + 1]! + m[(a + 1) * size + b]! + m[(a + 1) * size + b + 1]!;
        if (block === 0 || block === 4) points += PENALTY.N2;
      }
    }
    if (rowRun >= 5) points += PENALTY.N1 + rowRun - 5;
    if (colRun >= 5) points += PENALTY.N1 + colRun - 5;
  }
  return points + Math.abs(Math.ceil((dark * 100) / (size * size) / 5) - 10) * PENALTY.N4;
}

interface Remasking {
  /** Per mask p: 1 where a module masked with 0 is to be flipped to be masked with p instead (never a reserved one). */
  flips: Uint8Array[];
  /** Where the format bits sit, twice each (qrcode's setupFormatInfo). */
  format: Array<[number, number]>;
}

/** The reserved modules (finders, timing, alignment, format and version) depend on the symbol's size alone. */
const remaskings = new Map<number, Remasking>();

function remasking(size: number, reserved: Uint8Array): Remasking {
  let found = remaskings.get(size);
  if (!found) {
    const flips = Array.from({ length: 8 }, (_, p) => {
      const flip = new Uint8Array(size * size);
      for (let row = 0; row < size; row++) {
        for (let col = 0; col < size; col++) flip[row * size + col] = !reserved[row * size + col] && masks(0, row, col) !== masks(p, row, col) ? 1 : 0;
      }
      return flip;
    });
    found = { flips, format: formatPositions(size) };
    remaskings.set(size, found); // at most 40 sizes (QR versions)
  }
  return found;
}

/**
 * The symbol qrcode makes for `text` at level M: the same modules, its mask chosen the same way (the lowest penalty,
 * the first of equals), but scored over flat arrays: qrcode's own search was nine tenths of the code's CPU. qrcode
 * builds the symbol with mask 0; each candidate mask is that with the modules flipped where mask 0 and it differ,
 * and its format bits.
 */
function symbol(text: string): { size: number; data: Uint8Array } {
  const { size, data, reservedBit } = QRCode.create(segments(text), { errorCorrectionLevel: 'M', maskPattern: 0 }).modules as unknown as {
    size: number;
    data: Uint8Array;
    reservedBit: Uint8Array;
  };
  const { flips, format } = remasking(size, reservedBit);
  let best = { score: Infinity, data };
  for (let p = 0; p < 8; p++) {
    const candidate = new Uint8Array(data);
    const flip = flips[p]!;
    for (let i = 0; i < candidate.length; i++) candidate[i]! ^= flip[i]!;
    const bits = formatBits(p);
    format.forEach(([vertical, horizontal], i) => (candidate[vertical] = candidate[horizontal] = (bits >> i) & 1));
    const score = penalty(candidate, size);
    if (score < best.score) best = { score, data: candidate };
  }
  return { size, data: best.data };
}

export function qrRuns(text: string): QrRuns {
  const { size, data } = symbol(text);
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
