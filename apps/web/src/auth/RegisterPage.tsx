import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useLocation } from 'wouter';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { Field } from '../layout/Field';
import { ErrorNotice, Page } from '../layout/Page';
import { useI18n } from '../i18n/i18n';
import { adopt } from './session';

type Register = components['schemas']['RegisterDto'];
type Form = Required<Pick<Register, 'email' | 'password' | 'fullName'>> & { gender: string; nationality: string; category: string; rank: string; organization: string };

const GENDERS = ['female', 'male', 'other', 'undisclosed'] as const;
const CATEGORIES = ['military', 'police', 'civilian'] as const;

export function RegisterPage() {
  const { t, language } = useI18n();
  const [, navigate] = useLocation();
  const [failure, setFailure] = useState<unknown>(null);
  const { register, handleSubmit, formState } = useForm<Form>();
  const { errors, isSubmitting } = formState;

  const submit = handleSubmit(async (form) => {
    setFailure(null);
    // Optional profile fields are sent only when given.
    const body = Object.fromEntries(Object.entries(form).filter(([, value]) => value !== '')) as unknown as Register;
    if (body.nationality) body.nationality = body.nationality.toUpperCase();
    // E-mails (the verification link first) go out in the language the person is reading now.
    body.preferredLanguage = language;
    try {
      await unwrap(api.POST('/api/v1/auth/register', { body }));
      adopt(await unwrap(api.POST('/api/v1/auth/login', { body: { email: form.email, password: form.password } })));
      navigate('/');
    } catch (error) {
      setFailure(error);
    }
  });

  return (
    <Page title={t('auth.register')}>
      <form onSubmit={(event) => void submit(event)} noValidate className="form narrow">
        <ErrorNotice error={failure} />
        <Field label={t('fields.fullName')} error={errors.fullName && t('validation.required')}>
          <input autoComplete="name" {...register('fullName', { required: true, maxLength: 200 })} />
        </Field>
        <Field label={t('fields.email')} error={errors.email && t('validation.email')}>
          <input type="email" autoComplete="email" {...register('email', { required: true, pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/ })} />
        </Field>
        <Field label={t('fields.newPassword')} hint={t('fields.passwordHint')} error={errors.password && t('validation.password')}>
          <input type="password" autoComplete="new-password" {...register('password', { required: true, minLength: 12 })} />
        </Field>
        <Field label={t('fields.gender')}>
          <select {...register('gender')}>
            <option value="">{t('common.notSaying')}</option>
            {GENDERS.map((value) => (
              <option key={value} value={value}>
                {t(`gender.${value}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('fields.nationality')} hint={t('fields.nationalityHint')} error={errors.nationality && t('validation.nationality')}>
          <input autoComplete="country" maxLength={3} {...register('nationality', { pattern: /^[A-Za-z]{3}$/ })} />
        </Field>
        <Field label={t('fields.category')}>
          <select {...register('category')}>
            <option value="">{t('common.notSaying')}</option>
            {CATEGORIES.map((value) => (
              <option key={value} value={value}>
                {t(`personCategory.${value}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('fields.rank')}>
          <input {...register('rank', { maxLength: 100 })} />
        </Field>
        <Field label={t('fields.organization')}>
          <input autoComplete="organization" {...register('organization', { maxLength: 200 })} />
        </Field>
        <button type="submit" className="primary" disabled={isSubmitting}>
          {t('auth.createAccount')}
        </button>
      </form>
    </Page>
  );
}
