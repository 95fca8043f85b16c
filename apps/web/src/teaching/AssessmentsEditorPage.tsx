import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { type Assessment, useAssessments } from '../assessments/assessments';
import type { Offering } from '../catalog/catalog';
import { useI18n } from '../i18n/i18n';
import { Field } from '../layout/Field';
import { ErrorNotice, Loading, SuccessNotice } from '../layout/Page';
import { type AssessmentForm, blankQuestion, QuizEditor } from './QuizEditor';

type CreateBody = components['schemas']['CreateAssessmentDto'];
type UpdateBody = components['schemas']['UpdateAssessmentDto'];
const KINDS = ['quiz', 'assignment', 'exam', 'practical'] as const;

// datetime-local speaks local time without a zone; the API speaks ISO instants.
const toLocalInput = (iso?: string) => (iso ? new Date(new Date(iso).getTime() - new Date(iso).getTimezoneOffset() * 60_000).toISOString().slice(0, 16) : '');

function toForm(assessment?: Assessment): AssessmentForm {
  if (!assessment) return { title: '', kind: 'quiz', weight: 0, maxScore: '', dueAt: '', maxAttempts: '', questions: [blankQuestion()] };
  return {
    title: assessment.title,
    kind: assessment.kind,
    weight: assessment.weight,
    maxScore: String(assessment.maxScore),
    dueAt: toLocalInput(assessment.dueAt),
    maxAttempts: assessment.maxAttempts ? String(assessment.maxAttempts) : '',
    questions: (assessment.questions ?? []).map((q) => ({ prompt: q.prompt, points: q.points, choices: q.choices.map((text, i) => ({ text, correct: q.correct?.includes(i) ?? false })) })),
  };
}

function toBody(form: AssessmentForm): CreateBody {
  const quiz = form.kind === 'quiz';
  return {
    title: form.title.trim(),
    kind: form.kind,
    weight: form.weight,
    ...(!quiz && form.maxScore !== '' && { maxScore: Number(form.maxScore) }),
    ...(form.dueAt && { dueAt: new Date(form.dueAt).toISOString() }),
    ...(form.maxAttempts !== '' && { maxAttempts: Number(form.maxAttempts) }),
    ...(quiz && {
      questions: form.questions.map((q) => ({
        prompt: q.prompt.trim(),
        choices: q.choices.map((c) => c.text.trim()),
        correct: q.choices.flatMap((c, i) => (c.correct ? [i] : [])),
        points: q.points,
      })),
    }),
  } as CreateBody;
}

export function AssessmentsEditorPage({ offering }: { offering: Offering }) {
  const { t, number } = useI18n();
  const assessments = useAssessments(offering.id);
  const [editing, setEditing] = useState<Assessment | null | undefined>(undefined);
  const [notice, setNotice] = useState('');
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/assessments/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      setNotice(t('assessmentsEditor.deleted'));
      await queryClient.invalidateQueries({ queryKey: ['assessments', offering.id] });
    },
  });

  if (assessments.isPending) return <Loading />;
  if (assessments.error) return <ErrorNotice error={assessments.error} retry={() => void assessments.refetch()} />;
  return (
    <>
      <p>{t('assessmentsEditor.weightsTotal', { total: number(assessments.data.weightsTotal) })}</p>
      <ul className="cards">
        {assessments.data.items.map((assessment) => (
          <li key={assessment.id} className="card">
            <h2>{assessment.title}</h2>
            <p className="meta">
              {t(`assessmentKind.${assessment.kind}`)} · {t('assessments.weight', { weight: number(assessment.weight) })} · {t('assessments.maxScore', { max: number(assessment.maxScore) })}
            </p>
            <div className="actions">
              <button type="button" onClick={() => setEditing(assessment)}>
                {t('common.edit')}
                <span className="visually-hidden"> {assessment.title}</span>
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => {
                  if (confirm(t('assessmentsEditor.confirmDelete', { title: assessment.title }))) remove.mutate(assessment.id);
                }}
              >
                {t('common.delete')}
                <span className="visually-hidden"> {assessment.title}</span>
              </button>
            </div>
          </li>
        ))}
      </ul>
      <ErrorNotice error={remove.error} />
      {notice && <SuccessNotice>{notice}</SuccessNotice>}
      {editing === undefined ? (
        <button type="button" className="primary" onClick={() => setEditing(null)}>
          {t('assessmentsEditor.new')}
        </button>
      ) : (
        <AssessmentEditor
          key={editing?.id ?? 'new'}
          offeringId={offering.id}
          assessment={editing ?? undefined}
          onDone={(message) => {
            setEditing(undefined);
            setNotice(message);
          }}
        />
      )}
    </>
  );
}

function AssessmentEditor({ offeringId, assessment, onDone }: { offeringId: string; assessment?: Assessment; onDone: (message: string) => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const { register, control, handleSubmit, formState } = useForm<AssessmentForm>({ defaultValues: toForm(assessment) });
  const kind = useWatch({ control, name: 'kind' });
  const errors = formState.errors;
  const save = useMutation({
    mutationFn: async (form: AssessmentForm) => {
      const body = toBody(form);
      if (!assessment) return unwrap(api.POST('/api/v1/offerings/{id}/assessments', { params: { path: { id: offeringId } }, body }));
      // Only what changed: once trainees have answered, the API accepts only a new title or due date.
      const before = toBody(toForm(assessment)) as Record<string, unknown>;
      const changed = Object.fromEntries(Object.entries(body).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key])));
      return unwrap(api.PATCH('/api/v1/assessments/{id}', { params: { path: { id: assessment.id } }, body: changed as unknown as UpdateBody }));
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['assessments', offeringId] });
      onDone(assessment ? t('assessmentsEditor.updated') : t('assessmentsEditor.created'));
    },
  });

  return (
    <form className="form" noValidate onSubmit={(event) => void handleSubmit((form) => save.mutate(form))(event)}>
      <h2>{assessment ? t('assessmentsEditor.edit', { title: assessment.title }) : t('assessmentsEditor.new')}</h2>
      <div className="narrow form">
        <Field label={t('assessmentsEditor.title')} error={errors.title && t('validation.required')}>
          <input {...register('title', { required: true, maxLength: 200 })} />
        </Field>
        <Field label={t('assessmentsEditor.kind')}>
          <select {...register('kind')}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`assessmentKind.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('assessmentsEditor.weight')} error={errors.weight && t('validation.range', { max: 100 })}>
          <input type="number" min={0} max={100} step="any" inputMode="decimal" {...register('weight', { required: true, valueAsNumber: true, min: 0, max: 100 })} />
        </Field>
        {kind !== 'quiz' && (
          <Field label={t('assessmentsEditor.maxScore')} error={errors.maxScore && t('validation.number')}>
            <input type="number" min={0} step="any" inputMode="decimal" {...register('maxScore', { required: true, min: 0 })} />
          </Field>
        )}
        <Field label={t('assessmentsEditor.dueAt')}>
          <input type="datetime-local" {...register('dueAt')} />
        </Field>
        <Field label={t('assessmentsEditor.maxAttempts')} error={errors.maxAttempts && t('validation.number')}>
          <input type="number" min={1} step={1} inputMode="numeric" {...register('maxAttempts', { min: 1 })} />
        </Field>
      </div>
      {kind === 'quiz' && (
        <>
          <p className="hint">{t('assessmentsEditor.maxScoreHint')}</p>
          <QuizEditor control={control} register={register} errors={errors} />
        </>
      )}
      <ErrorNotice error={save.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {assessment ? t('assessmentsEditor.saveChanges') : t('assessmentsEditor.create')}
        </button>
        <button type="button" onClick={() => onDone('')}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
