import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useLocation, useSearch } from 'wouter';
import { api, unwrap } from '../api/client';
import { Field } from '../layout/Field';
import { ErrorNotice, Page, SuccessNotice } from '../layout/Page';
import { useI18n } from '../i18n/i18n';

interface Form {
  password: string;
  confirmation: string;
}

/**
 * The page an invitation (`/set-password`) or a reset e-mail (`/reset-password`) opens: a new password for the
 * link's token. Both go through the same API call; only the words differ.
 */
export function PasswordFromLinkPage({ purpose }: { purpose: 'invite' | 'reset' }) {
  const { t } = useI18n();
  const token = new URLSearchParams(useSearch()).get('token') ?? '';
  const [path, navigate] = useLocation();
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const { register, handleSubmit, formState } = useForm<Form>();
  const { errors, isSubmitting } = formState;
  const title = t(purpose === 'invite' ? 'account.setPasswordTitle' : 'account.resetTitle');

  const submit = handleSubmit(async (form) => {
    setFailure(null);
    try {
      await unwrap(api.POST('/api/v1/auth/password/reset', { body: { token, password: form.password } }));
      setDone(true);
      // The spent token leaves the address bar and the history.
      navigate(path, { replace: true });
    } catch (error) {
      setFailure(error);
    }
  });

  if (done) {
    return (
      <Page title={title}>
        <SuccessNotice>
          <p>{t('account.passwordSet')}</p>
        </SuccessNotice>
        <p>
          <Link href="/sign-in">{t('auth.signIn')}</Link>
        </p>
      </Page>
    );
  }

  if (!token) return <LinkBroken title={title} />;

  return (
    <Page title={title}>
      <p>{t(purpose === 'invite' ? 'account.setPasswordIntro' : 'account.resetIntro')}</p>
      <form onSubmit={(event) => void submit(event)} noValidate className="form narrow">
        <ErrorNotice error={failure} />
        {/* A password manager saves the new password under the account only if it sees a username field. */}
        <Field label={t('fields.newPassword')} hint={t('fields.passwordHint')} error={errors.password && t('validation.password')}>
          <input type="password" autoComplete="new-password" {...register('password', { required: true, minLength: 12 })} />
        </Field>
        <Field label={t('account.confirmPassword')} error={errors.confirmation && t('account.passwordsDiffer')}>
          <input type="password" autoComplete="new-password" {...register('confirmation', { validate: (value, form) => value === form.password })} />
        </Field>
        <button type="submit" className="primary" disabled={isSubmitting}>
          {t('account.savePassword')}
        </button>
      </form>
      <p>
        {t('account.linkExpired')} <Link href="/forgot-password">{t('account.askNewLink')}</Link>
      </p>
    </Page>
  );
}

export function LinkBroken({ title }: { title: string }) {
  const { t } = useI18n();
  return (
    <Page title={title}>
      <div role="alert" className="notice notice-error">
        <p>{t('errors.code.AUTH_TOKEN_INVALID')}</p>
      </div>
      <p>
        <Link href="/forgot-password">{t('account.askNewLink')}</Link>
      </p>
    </Page>
  );
}
