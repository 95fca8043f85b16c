import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, download, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice, Loading, Page, SuccessNotice } from '../layout/Page';

type Certificate = components['schemas']['CertificateResponse'];

/** LinkedIn's "add license or certification" form, filled in. */
export function linkedInUrl(certificate: Certificate, organizationName: string): string {
  const issued = new Date(certificate.issuedAt ?? certificate.completedOn);
  const params = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: certificate.courseTitle,
    organizationName,
    issueYear: String(issued.getUTCFullYear()),
    issueMonth: String(issued.getUTCMonth() + 1),
    certUrl: certificate.verificationUrl,
    certId: certificate.serial,
  });
  return `https://www.linkedin.com/profile/add?${params}`;
}

export function MyCertificatesPage() {
  const { t } = useI18n();
  const certificates = useQuery({ queryKey: ['me', 'certificates'], queryFn: () => unwrap(api.GET('/api/v1/me/certificates')) });
  return (
    <Page title={t('certificates.title')}>
      <ErrorNotice error={certificates.error} retry={() => void certificates.refetch()} />
      {certificates.isPending ? (
        <Loading />
      ) : certificates.data?.items.length ? (
        <ul className="cards">
          {certificates.data.items.map((certificate) => (
            <CertificateCard key={certificate.id} certificate={certificate} />
          ))}
        </ul>
      ) : (
        <p>{t('certificates.none')}</p>
      )}
    </Page>
  );
}

function CertificateCard({ certificate }: { certificate: Certificate }) {
  const { t, date } = useI18n();
  const [failure, setFailure] = useState<unknown>(null);
  const [copied, setCopied] = useState(false);
  const issued = certificate.status === 'issued';
  const save = (path: string, name: string) => {
    setFailure(null);
    download(path, name).catch(setFailure);
  };
  return (
    <li className="card">
      <h2>{certificate.courseTitle}</h2>
      <dl className="facts">
        <dt>{t('certificates.serial')}</dt>
        <dd className="mono">{certificate.serial}</dd>
        <dt>{t('certificates.status')}</dt>
        <dd>{t(`certificateStatus.${certificate.status}`)}</dd>
        <dt>{t('verify.completedOn')}</dt>
        <dd>{date(certificate.completedOn, 'long')}</dd>
        {certificate.revocationReason && (
          <>
            <dt>{t('certificates.reason')}</dt>
            <dd>{certificate.revocationReason}</dd>
          </>
        )}
      </dl>
      {issued && (
        <div className="actions">
          <button type="button" onClick={() => save(`/api/v1/certificates/${certificate.id}/pdf`, `${certificate.serial}.pdf`)}>
            {t('certificates.downloadPdf')}
          </button>
          <button
            type="button"
            onClick={() => {
              void navigator.clipboard.writeText(certificate.verificationUrl).then(() => setCopied(true), setFailure);
            }}
          >
            {t('certificates.copyLink')}
          </button>
          <button type="button" onClick={() => save(`/api/v1/certificates/${certificate.id}/credential`, `${certificate.serial}.jwt`)}>
            {t('certificates.downloadCredential')}
          </button>
          <a href={linkedInUrl(certificate, t('app.academy'))} target="_blank" rel="noopener noreferrer">
            {t('certificates.addToLinkedIn')}
            <span className="visually-hidden"> {t('common.newWindow')}</span>
          </a>
        </div>
      )}
      {copied && <SuccessNotice>{t('certificates.copied')}</SuccessNotice>}
      <ErrorNotice error={failure} />
    </li>
  );
}
