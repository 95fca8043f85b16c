import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useLocation, useSearch } from 'wouter';
import { api, unwrap } from '../api/client';
import { Field } from '../layout/Field';
import { ErrorNotice, Page } from '../layout/Page';
import { isLanguage, useI18n } from '../i18n/i18n';
import { adopt } from './session';

interface Form {
  email: string;
  password: string;
}

export function homeOf(role: string): string {
  if (role === 'trainee') return '/my/enrolments';
  if (role === 'instructor') return '/teach';
  if (role === 'admin') return '/manage';
  return '/';
}

export function SignInPage() {
  const { t, setLanguage } = useI18n();
  const [, navigate] = useLocation();
  const next = new URLSearchParams(useSearch()).get('next');
  const [failure, setFailure] = useState<unknown>(null);
  const { register, handleSubmit, formState } = useForm<Form>();
  const { errors, isSubmitting } = formState;

  const submit = handleSubmit(async (form) => {
    setFailure(null);
    try {
      const pair = await unwrap(api.POST('/api/v1/auth/login', { body: form }));
      adopt(pair);
      if (isLanguage(pair.user.preferredLanguage)) setLanguage(pair.user.preferredLanguage);
      // Only a path of this site: never an address someone slipped into the link.
      navigate(next?.startsWith('/') && !next.startsWith('//') ? next : homeOf(pair.user.role));
    } catch (error) {
      setFailure(error);
    }
  });

  return (
    <Page title={t('auth.signIn')}>
      <form onSubmit={(event) => void submit(event)} noValidate className="form narrow">
        <ErrorNotice error={failure} />
        <Field label={t('fields.email')} error={errors.email && t('validation.email')}>
          <input type="email" autoComplete="username" {...register('email', { required: true, pattern: /^[^\s@]+@[^\s@]+$/ })} />
        </Field>
        <Field label={t('fields.password')} error={errors.password && t('validation.required')}>
          <input type="password" autoComplete="current-password" {...register('password', { required: true })} />
        </Field>
        <button type="submit" className="primary" disabled={isSubmitting}>
          {t('auth.signIn')}
        </button>
        <p>
          <Link href="/forgot-password">{t('account.forgotLink')}</Link>
        </p>
        <p>
          {t('auth.noAccount')} <Link href="/register">{t('auth.register')}</Link>
        </p>
      </form>
    </Page>
  );
}
