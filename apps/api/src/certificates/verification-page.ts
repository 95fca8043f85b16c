import type { PublicVerification } from './dto/certificate.dto.js';

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const date = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

const STATUS_TEXT: Record<PublicVerification['status'], string> = {
  issued: 'Valid certificate',
  revoked: 'Revoked certificate',
  queued: 'Certificate being issued',
  failed: 'Certificate not issued',
};

/** The page a QR code opens: what the certificate shows, and whether it holds. No scripts; works on any phone. */
export function verificationPage(result: PublicVerification | null, serial: string): string {
  const body = result
    ? `<p class="status ${result.valid ? 'ok' : 'bad'}">${STATUS_TEXT[result.status]}</p>
  <dl>
    <dt>Awarded to</dt><dd>${escape(result.holderName)}</dd>
    <dt>Course</dt><dd>${escape(result.courseTitle)} (${escape(result.courseCode)})</dd>
    <dt>Completed</dt><dd>${date(result.completedOn)}</dd>
    ${result.issuedAt ? `<dt>Issued</dt><dd>${date(result.issuedAt)}</dd>` : ''}
    ${result.revokedAt ? `<dt>Revoked</dt><dd>${date(result.revokedAt)}${result.revocationReason ? `: ${escape(result.revocationReason)}` : ''}</dd>` : ''}
    ${result.replacedBy ? `<dt>Replaced by</dt><dd><a href="${escape(encodeURIComponent(result.replacedBy))}"><code>${escape(result.replacedBy)}</code></a></dd>` : ''}
    <dt>Serial</dt><dd><code>${escape(result.serial)}</code></dd>
    <dt>Issuer</dt><dd>${escape(result.issuer)}</dd>
  </dl>`
    : `<p class="status bad">No certificate has this serial</p><p>Check the serial <code>${escape(serial)}</code> against the certificate.</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Certificate verification</title>
<style>
body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1d2733}
h1{font-size:1.25rem;font-weight:600}.status{font-size:1.5rem;font-weight:700;padding:.75rem 1rem;border-radius:.5rem}
.ok{background:#e6f4ea;color:#1e6b34}.bad{background:#fdecea;color:#a1251b}dl{display:grid;grid-template-columns:max-content 1fr;gap:.5rem 1rem}
dt{color:#5b6673}dd{margin:0;font-weight:500}code{font-size:.95em}
</style></head>
<body><h1>Certificate verification</h1>
${body}
</body></html>`;
}
