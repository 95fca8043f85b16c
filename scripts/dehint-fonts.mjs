// Writes the certificate fonts without their TrueType hinting, into libs/certificates/src/pdf/fonts/ (committed):
// `node scripts/dehint-fonts.mjs` after upgrading dejavu-fonts-ttf. Run once; the renderer reads the output as is.
//
// Hinting (the cvt, fpgm and prep tables and each glyph's instructions) only snaps outlines to a screen's pixel grid
// at small sizes, which PDF viewers and printers do without; every font subset in every PDF would carry it, and its
// encoding was the largest fixed cost of a document. Outlines, metrics and every other table are kept as they are.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const OUT = join(dirname(fileURLToPath(import.meta.url)), '../libs/certificates/src/pdf/fonts');
const FONTS = ['DejaVuSerif.ttf', 'DejaVuSerif-Bold.ttf'];
const HINTING = new Set(['cvt ', 'fpgm', 'prep']);
// Composite glyph flags (OpenType glyf table).
const ARGS_ARE_WORDS = 0x1;
const HAVE_SCALE = 0x8;
const MORE_COMPONENTS = 0x20;
const HAVE_X_AND_Y_SCALE = 0x40;
const HAVE_TWO_BY_TWO = 0x80;
const HAVE_INSTRUCTIONS = 0x100;

const pad4 = (buffer) => Buffer.concat([buffer, Buffer.alloc((4 - (buffer.length % 4)) % 4)]);

function readTables(ttf) {
  const tables = new Map();
  for (let i = 0; i < ttf.readUInt16BE(4); i++) {
    const entry = 12 + 16 * i;
    const offset = ttf.readUInt32BE(entry + 8);
    tables.set(ttf.toString('latin1', entry, entry + 4), ttf.subarray(offset, offset + ttf.readUInt32BE(entry + 12)));
  }
  return tables;
}

/** A glyph's outline without its instructions. */
function withoutInstructions(glyph) {
  if (glyph.length === 0) return glyph;
  const contours = glyph.readInt16BE(0);
  if (contours >= 0) {
    // Simple glyph: header, end points of contours, instruction length and instructions, flags, coordinates.
    const at = 10 + 2 * contours;
    return Buffer.concat([glyph.subarray(0, at), Buffer.alloc(2), glyph.subarray(at + 2 + glyph.readUInt16BE(at))]);
  }
  // Composite glyph: components, then instructions if the last one has HAVE_INSTRUCTIONS.
  const copy = Buffer.from(glyph);
  let at = 10;
  let flags;
  do {
    flags = copy.readUInt16BE(at);
    copy.writeUInt16BE(flags & ~HAVE_INSTRUCTIONS, at);
    const args = flags & ARGS_ARE_WORDS ? 4 : 2;
    const transform = flags & HAVE_SCALE ? 2 : flags & HAVE_X_AND_Y_SCALE ? 4 : flags & HAVE_TWO_BY_TWO ? 8 : 0;
    at += 4 + args + transform;
  } while (flags & MORE_COMPONENTS);
  return copy.subarray(0, at);
}

/** New glyf and loca tables (long offsets), every glyph 4-byte aligned. */
function glyphTables(tables) {
  const head = tables.get('head');
  const loca = tables.get('loca');
  const glyf = tables.get('glyf');
  const longOffsets = head.readInt16BE(50) === 1;
  const start = (id) => (longOffsets ? loca.readUInt32BE(4 * id) : 2 * loca.readUInt16BE(2 * id));
  const count = tables.get('maxp').readUInt16BE(4);
  const glyphs = [];
  const newLoca = Buffer.alloc(4 * (count + 1));
  let size = 0;
  for (let id = 0; id < count; id++) {
    const glyph = pad4(withoutInstructions(glyf.subarray(start(id), start(id + 1))));
    glyphs.push(glyph);
    size += glyph.length;
    newLoca.writeUInt32BE(size, 4 * (id + 1));
  }
  return { glyf: Buffer.concat(glyphs), loca: newLoca };
}

function checksum(buffer) {
  const padded = pad4(buffer);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

/** An sfnt file of `tables`: directory sorted by tag, tables 4-byte aligned, checksums and head's adjustment set. */
function writeFont(sfntVersion, tables) {
  const tags = [...tables.keys()].sort();
  const entrySelector = Math.floor(Math.log2(tags.length));
  const searchRange = 2 ** entrySelector * 16;
  const header = Buffer.alloc(12 + 16 * tags.length);
  header.writeUInt32BE(sfntVersion, 0);
  header.writeUInt16BE(tags.length, 4);
  header.writeUInt16BE(searchRange, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(tags.length * 16 - searchRange, 10);
  const bodies = [];
  let offset = header.length;
  tags.forEach((tag, i) => {
    const table = tables.get(tag);
    const entry = 12 + 16 * i;
    header.write(tag, entry, 'latin1');
    header.writeUInt32BE(checksum(table), entry + 4);
    header.writeUInt32BE(offset, entry + 8);
    header.writeUInt32BE(table.length, entry + 12);
    bodies.push(pad4(table));
    offset += pad4(table).length;
  });
  const font = Buffer.concat([header, ...bodies]);
  const headOffset = header.readUInt32BE(12 + 16 * tags.indexOf('head') + 8);
  font.writeUInt32BE((0xb1b0afba - checksum(font)) >>> 0, headOffset + 8);
  return font;
}

export function withoutHinting(ttf) {
  const tables = readTables(ttf);
  for (const tag of HINTING) tables.delete(tag);
  const head = Buffer.from(tables.get('head'));
  head.writeUInt32BE(0, 8); // checkSumAdjustment, set once the whole file is written
  head.writeInt16BE(1, 50); // indexToLocFormat: long offsets
  tables.set('head', head);
  const maxp = Buffer.from(tables.get('maxp'));
  if (maxp.length >= 32) maxp.writeUInt16BE(0, 26); // maxSizeOfInstructions
  tables.set('maxp', maxp);
  const { glyf, loca } = glyphTables(readTables(ttf));
  tables.set('glyf', glyf);
  tables.set('loca', loca);
  return writeFont(ttf.readUInt32BE(0), tables);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(OUT, { recursive: true });
  for (const file of FONTS) {
    const source = require.resolve(`dejavu-fonts-ttf/ttf/${file}`);
    const out = withoutHinting(readFileSync(source));
    writeFileSync(join(OUT, file), out);
    console.log(`${file}: ${readFileSync(source).length} → ${out.length} bytes`);
  }
  // The licence travels with the fonts; modified, they may keep the DejaVu name (it names neither Bitstream, Vera nor Arev).
  copyFileSync(require.resolve('dejavu-fonts-ttf/LICENSE'), join(OUT, 'LICENSE'));
}
