// The certificate of completion as a one-page A4 landscape PDF: text in embedded DejaVu Serif, the verification URL
// as text and as a vector QR code, no images. The parts: pdf/document.ts (PDFKit's document, words shaped once per
// generation of documents, output and deflate), pdf/fonts.ts (parsed once per process), pdf/layout.ts
// (where everything sits), pdf/wording.ts (dates and hours), pdf/qr-vector.ts. Per document there remain layout,
// the bold font's subset (the serif one is the same for a batch), the QR code and compression.
import { SERIAL_CHARACTERS } from '@amahoro/domain/certificates/certificate.rules.js';
import { FONTS, type FontName } from './pdf/fonts.js';
import { drawCertificate } from './pdf/layout.js';
import { CertificateDocument } from './pdf/document.js';
import { formatDateRange } from './pdf/wording.js';

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

export async function renderCertificatePdf(certificate: CertificatePdfData, options: CertificatePdfOptions = {}): Promise<Buffer> {
  // Composed characters throughout, so that a name typed decomposed (as macOS does) uses the font's accented letters.
  const data = Object.fromEntries(
    Object.entries(certificate).map(([key, value]) => [key, typeof value === 'string' ? value.normalize('NFC') : value]),
  ) as CertificatePdfData;
  const doc = new CertificateDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    // No default font: PDFKit would otherwise load Helvetica's metrics for every document, to use none of them.
    font: '',
    compress: options.compress ?? true,
    info: {
      Title: `Certificate of Completion – ${data.holderName} – ${data.courseTitle}`,
      Author: data.academyName,
      Subject: `${data.courseCode} ${data.courseTitle}, ${formatDateRange(data.startsOn, data.endsOn)}; serial ${data.serial}`,
    },
  });
  for (const name of Object.keys(FONTS) as FontName[]) doc.registerFont(name, FONTS[name]);
  // The serif font sets the serial (pdf/layout.ts) and otherwise only what a course and day share: with every
  // character a serial can hold, first, its subset is the same for each certificate of a batch (deflated once).
  doc.includeGlyphs('serif', SERIAL_CHARACTERS).shapeInPairs('serif', SERIAL_CHARACTERS);
  drawCertificate(doc, data);
  doc.end();
  return doc.bytes();
}
