import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { ApiError } from '../api/errors';
import type { components } from '../api/schema';
import { useI18n } from '../i18n/i18n';
import { Field } from '../layout/Field';
import { ErrorNotice, Loading } from '../layout/Page';
import { fromLocalInput, given, type Offering, toLocalInput, useInstructors } from './admin';

export type OfferingBody = components['schemas']['CreateOfferingDto'];

interface Form {
  startsOn: string;
  endsOn: string;
  location: string;
  capacity: number;
  enrollmentOpensAt: string;
  enrollmentClosesAt: string;
  approvalMode: OfferingBody['approvalMode'];
  minAttendancePercent: number;
  instructorIds: string[];
}

const FIELD_ERRORS: Record<string, keyof Form> = {
  OFFERING_CAPACITY_BELOW_SEATS_TAKEN: 'capacity',
  OFFERING_INVALID_DATES: 'endsOn',
};

const today = () => new Date().toISOString().slice(0, 10);

/**
 * An offering's fields, to schedule one or edit it; instructors are picked by name from the active ones. When
 * `onSave` throws, the form stays as it is and says why.
 */
export function OfferingForm({ offering, submitLabel, onSave }: { offering?: Offering; submitLabel: string; onSave: (body: OfferingBody) => Promise<unknown> }) {
  const { t } = useI18n();
  const now = new Date();
  const { register, handleSubmit, formState, control, getValues, reset, setError } = useForm<Form>({
    defaultValues: {
      startsOn: offering?.startsOn ?? today(),
      endsOn: offering?.endsOn ?? today(),
      location: offering?.location ?? '',
      capacity: offering?.capacity ?? 30,
      enrollmentOpensAt: toLocalInput(offering?.enrollmentOpensAt ?? now.toISOString()),
      enrollmentClosesAt: toLocalInput(offering?.enrollmentClosesAt ?? new Date(now.getTime() + 14 * 86_400_000).toISOString()),
      approvalMode: offering?.approvalMode ?? 'auto',
      minAttendancePercent: offering?.minAttendancePercent ?? Number.NaN,
      instructorIds: offering?.instructorIds ?? [],
    },
  });
  const { errors, isSubmitting } = formState;
  const [failure, setFailure] = useState<unknown>(null);
  const submit = handleSubmit(async (form) => {
    setFailure(null);
    try {
      await onSave({
        ...(given(form) as OfferingBody),
        enrollmentOpensAt: fromLocalInput(form.enrollmentOpensAt),
        enrollmentClosesAt: fromLocalInput(form.enrollmentClosesAt),
        instructorIds: form.instructorIds,
      });
      if (!offering) reset();
    } catch (error) {
      // A refusal about one field is said by that field; anything else above the form.
      const field = error instanceof ApiError && error.code ? FIELD_ERRORS[error.code] : undefined;
      if (field) setError(field, { type: 'api', message: (error as ApiError).code }, { shouldFocus: true });
      else setFailure(error);
    }
  });
  const apiError = (name: keyof Form) => (errors[name]?.type === 'api' ? t(`errors.code.${errors[name]!.message}`) : undefined);

  return (
    <form className="form narrow" noValidate onSubmit={(event) => void submit(event)}>
      <ErrorNotice error={failure} />
      <Field label={t('admin.offering.startsOn')} error={errors.startsOn && t('validation.required')}>
        <input type="date" {...register('startsOn', { required: true })} />
      </Field>
      <Field label={t('admin.offering.endsOn')} error={errors.endsOn && (apiError('endsOn') ?? t('admin.validation.endsBeforeStart'))}>
        <input type="date" {...register('endsOn', { required: true, validate: (value) => value >= getValues('startsOn') })} />
      </Field>
      <Field label={t('offering.place')} hint={t('admin.offering.placeHint')}>
        <input {...register('location', { maxLength: 200 })} />
      </Field>
      <Field label={t('offering.seats')} error={errors.capacity && (apiError('capacity') ?? t('admin.validation.positive'))}>
        <input type="number" inputMode="numeric" min={1} {...register('capacity', { required: true, valueAsNumber: true, min: 1 })} />
      </Field>
      <Field label={t('admin.offering.opensAt')} error={errors.enrollmentOpensAt && t('validation.required')}>
        <input type="datetime-local" {...register('enrollmentOpensAt', { required: true })} />
      </Field>
      <Field label={t('admin.offering.closesAt')} error={errors.enrollmentClosesAt && t('admin.validation.closesBeforeOpens')}>
        <input type="datetime-local" {...register('enrollmentClosesAt', { required: true, validate: (value) => value > getValues('enrollmentOpensAt') })} />
      </Field>
      <Field label={t('admin.offering.approvalMode')}>
        <select {...register('approvalMode')}>
          <option value="auto">{t('admin.approvalMode.auto')}</option>
          <option value="manual">{t('admin.approvalMode.manual')}</option>
        </select>
      </Field>
      <Field label={t('admin.offering.minAttendance')} hint={t('admin.offering.minAttendanceHint')} error={errors.minAttendancePercent && t('admin.validation.percent')}>
        <input type="number" inputMode="numeric" min={0} max={100} {...register('minAttendancePercent', { valueAsNumber: true, min: 0, max: 100 })} />
      </Field>
      <Controller control={control} name="instructorIds" render={({ field }) => <InstructorPicker value={field.value} onChange={field.onChange} />} />
      <div>
        <button type="submit" className="primary" disabled={isSubmitting}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}

function InstructorPicker({ value, onChange }: { value: string[]; onChange: (ids: string[]) => void }) {
  const { t } = useI18n();
  const instructors = useInstructors();
  const [filter, setFilter] = useState('');
  const chosen = new Set(value);
  const needle = filter.trim().toLocaleLowerCase();
  const shown = (instructors.data?.items ?? []).filter((person) => chosen.has(person.id) || !needle || person.fullName.toLocaleLowerCase().includes(needle));
  return (
    <fieldset>
      <legend>{t('offering.instructors')}</legend>
      <ErrorNotice error={instructors.error} retry={() => void instructors.refetch()} />
      <div className="field">
        <label htmlFor="instructor-filter">{t('admin.offering.findInstructor')}</label>
        <input id="instructor-filter" type="search" value={filter} onChange={(event) => setFilter(event.target.value)} />
      </div>
      {instructors.isPending ? (
        <Loading />
      ) : shown.length === 0 ? (
        <p className="muted">{t('admin.offering.noInstructor')}</p>
      ) : (
        shown.map((person) => (
          <label key={person.id} className="choice">
            <input
              type="checkbox"
              checked={chosen.has(person.id)}
              onChange={(event) => onChange(event.target.checked ? [...value, person.id] : value.filter((id) => id !== person.id))}
            />
            {person.fullName}
            <span className="muted"> · {person.email}</span>
          </label>
        ))
      )}
    </fieldset>
  );
}
