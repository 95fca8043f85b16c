import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link } from 'wouter';
import { api, unwrap } from '../api/client';
import { Field } from '../layout/Field';
import { ErrorNotice, Page, SuccessNotice } from '../layout/Page';
import { useI18n } from '../i18n/i18n';

/** Asks for a reset link. The API answers the same for any address, and so does this page. */
export function ForgotPasswordPage() {
  const { t } = useI18n();
  const [failure, setFailure] = useState<unknown>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<{ email: string }>();
  const { errors, isSubmitting } = formState;

  const submit = handleSubmit(async ({ email }) => {
    setFailure(null);
    try {
      await unwrap(api.POST('/api/v1/auth/password/forgot', { body: { email } }));
      setSentTo(email);
    } catch (error) {
      setFailure(error);
    }
  });

  return (
    <Page title={t('account.forgotTitle')}>
      {sentTo ? (
        <>
          <SuccessNotice>
            <p>{t('account.forgotSent', { email: sentTo })}</p>
          </SuccessNotice>
          <p>
            <Link href="/sign-in">{t('auth.signIn')}</Link>
          </p>
        </>
      ) : (
        <form onSubmit={(event) => void submit(event)} noValidate className="form narrow">
          <p>{t('account.forgotIntro')}</p>
          <ErrorNotice error={failure} />
          <Field label={t('fields.email')} error={errors.email && t('validation.email')}>
            <input type="email" autoComplete="username" {...register('email', { required: true, pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/ })} />
          </Field>
          <button type="submit" className="primary" disabled={isSubmitting}>
            {t('account.sendResetLink')}
          </button>
        </form>
      )}
    </Page>
  );
}
