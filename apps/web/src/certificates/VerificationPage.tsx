import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Field } from '../layout/Field';
import { ErrorNotice, Page } from '../layout/Page';

// Serials as printed (AMH-7K3QA-…); people type them with spaces, lower case or without the dashes.
const normalise = (serial: string) => serial.trim().toUpperCase().replace(/\s+/g, '');

export function VerificationPage() {
  const { t, date } = useI18n();
  const { register, handleSubmit, formState } = useForm<{ serial: string }>();
  const verify = useMutation({
    mutationFn: (serial: string) => unwrap(api.GET('/api/v1/verify/{serial}', { params: { path: { serial } } })),
  });
  const result = verify.data;

  return (
    <Page title={t('verify.title')}>
      <p>{t('verify.intro')}</p>
      <form className="form narrow" noValidate onSubmit={(event) => void handleSubmit((form) => verify.mutate(normalise(form.serial)))(event)}>
        <Field label={t('verify.serial')} hint={t('verify.serialHint')} error={formState.errors.serial && t('validation.required')}>
          <input autoComplete="off" spellCheck={false} {...register('serial', { required: true, validate: (value) => normalise(value).length > 0 })} />
        </Field>
        <button type="submit" className="primary" disabled={verify.isPending}>
          {t('verify.check')}
        </button>
      </form>
      <div aria-live="polite">
        {verify.error && <ErrorNotice error={verify.error} />}
        {result && (
          <section className={`card verdict ${result.valid ? 'verdict-valid' : 'verdict-invalid'}`} aria-labelledby="verdict">
            <h2 id="verdict">{result.valid ? t('verify.valid') : t('verify.notValid', { status: t(`certificateStatus.${result.status}`) })}</h2>
            <dl className="facts">
              <dt>{t('verify.holder')}</dt>
              <dd>{result.holderName}</dd>
              <dt>{t('verify.course')}</dt>
              <dd>
                {result.courseTitle} ({result.courseCode})
              </dd>
              <dt>{t('verify.completedOn')}</dt>
              <dd>{date(result.completedOn, 'long')}</dd>
              {result.issuedAt && (
                <>
                  <dt>{t('verify.issuedAt')}</dt>
                  <dd>{date(result.issuedAt, 'long')}</dd>
                </>
              )}
              {result.revokedAt && (
                <>
                  <dt>{t('verify.revokedAt')}</dt>
                  <dd>
                    {date(result.revokedAt, 'long')}
                    {result.revocationReason && ` — ${result.revocationReason}`}
                  </dd>
                </>
              )}
              <dt>{t('verify.issuer')}</dt>
              <dd>{result.issuer}</dd>
            </dl>
            <p>
              <a href={`/verify/${encodeURIComponent(result.serial)}`}>{t('verify.publicPage')}</a>
            </p>
          </section>
        )}
      </div>
    </Page>
  );
}
