import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { ApiError } from '../api/errors';
import type { components } from '../api/schema';
import { COURSE_CATEGORIES, COURSE_LANGUAGES, DELIVERY_MODES } from '../catalog/catalog';
import { useI18n } from '../i18n/i18n';
import { Field } from '../layout/Field';
import { ErrorNotice } from '../layout/Page';
import { type Course, given } from './admin';

export type CourseBody = components['schemas']['CreateCourseDto'];

interface Form {
  code: string;
  title: string;
  summary: string;
  description: string;
  category: CourseBody['category'];
  deliveryMode: CourseBody['deliveryMode'];
  language: string;
  durationHours: number;
  passMark: number;
}

/** A course's fields, to create one or edit it; when `onSave` throws, the form stays as it is and says why. */
export function CourseForm({ course, submitLabel, onSave }: { course?: Course; submitLabel: string; onSave: (body: CourseBody) => Promise<unknown> }) {
  const { t } = useI18n();
  const { register, handleSubmit, formState, reset, setError } = useForm<Form>({
    defaultValues: {
      code: course?.code ?? '',
      title: course?.title ?? '',
      summary: course?.summary ?? '',
      description: course?.description ?? '',
      category: course?.category ?? 'protection_of_civilians',
      deliveryMode: course?.deliveryMode ?? 'in_person',
      language: course?.language ?? 'en',
      durationHours: course?.durationHours ?? 40,
      passMark: course?.passMark ?? 60,
    },
  });
  const { errors, isSubmitting } = formState;
  const [failure, setFailure] = useState<unknown>(null);
  const submit = handleSubmit(async (form) => {
    setFailure(null);
    try {
      await onSave({ ...given(form), code: form.code.trim().toUpperCase() } as CourseBody);
      if (!course) reset();
    } catch (error) {
      // A taken code is the code field's error, said where the person looks; anything else above the form.
      if (error instanceof ApiError && error.code === 'COURSE_CODE_TAKEN') setError('code', { type: 'taken' }, { shouldFocus: true });
      else setFailure(error);
    }
  });

  return (
    <form className="form narrow" noValidate onSubmit={(event) => void submit(event)}>
      <ErrorNotice error={failure} />
      <Field label={t('admin.course.code')} hint={t('admin.course.codeHint')} error={errors.code && t(errors.code.type === 'taken' ? 'admin.course.codeTaken' : 'admin.course.codeInvalid')}>
        <input autoComplete="off" {...register('code', { required: true, pattern: /^[A-Za-z0-9][A-Za-z0-9-]{1,31}$/ })} />
      </Field>
      <Field label={t('admin.course.title')} error={errors.title && t('validation.required')}>
        <input {...register('title', { required: true, maxLength: 200 })} />
      </Field>
      <Field label={t('admin.course.summary')}>
        <input {...register('summary', { maxLength: 500 })} />
      </Field>
      <Field label={t('admin.course.description')}>
        <textarea rows={4} {...register('description')} />
      </Field>
      <Field label={t('fields.category')}>
        <select {...register('category')}>
          {COURSE_CATEGORIES.map((value) => (
            <option key={value} value={value}>
              {t(`courseCategory.${value}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('fields.deliveryMode')}>
        <select {...register('deliveryMode')}>
          {DELIVERY_MODES.map((value) => (
            <option key={value} value={value}>
              {t(`deliveryMode.${value}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('fields.language')}>
        <select {...register('language')}>
          {COURSE_LANGUAGES.map((value) => (
            <option key={value} value={value} lang={value}>
              {t(`language.${value}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('admin.course.durationHours')} error={errors.durationHours && t('admin.validation.positive')}>
        <input type="number" inputMode="numeric" min={1} {...register('durationHours', { required: true, valueAsNumber: true, min: 1 })} />
      </Field>
      <Field label={t('admin.course.passMark')} hint={t('admin.course.passMarkHint')} error={errors.passMark && t('admin.validation.percent')}>
        <input type="number" inputMode="numeric" min={0} max={100} {...register('passMark', { required: true, valueAsNumber: true, min: 0, max: 100 })} />
      </Field>
      <div>
        <button type="submit" className="primary" disabled={isSubmitting}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
