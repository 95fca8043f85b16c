// The questions of a quiz: each with its text, choices (one or more marked correct) and points.
import { type Control, type FieldErrors, type UseFormRegister, useFieldArray, useWatch } from 'react-hook-form';
import { useI18n } from '../i18n/i18n';
import { Field } from '../layout/Field';

export interface QuestionForm {
  prompt: string;
  choices: Array<{ text: string; correct: boolean }>;
  points: number;
}
export interface AssessmentForm {
  title: string;
  kind: 'quiz' | 'assignment' | 'exam' | 'practical';
  weight: number;
  maxScore: string;
  dueAt: string;
  maxAttempts: string;
  questions: QuestionForm[];
}

export const blankQuestion = (): QuestionForm => ({ prompt: '', choices: [{ text: '', correct: true }, { text: '', correct: false }], points: 1 });

interface Props {
  control: Control<AssessmentForm>;
  register: UseFormRegister<AssessmentForm>;
  errors: FieldErrors<AssessmentForm>;
}

export function QuizEditor({ control, register, errors }: Props) {
  const { t } = useI18n();
  const questions = useFieldArray({ control, name: 'questions' });
  return (
    <fieldset>
      <legend>{t('quizEditor.questions')}</legend>
      {questions.fields.map((field, index) => (
        <QuestionEditor key={field.id} index={index} control={control} register={register} errors={errors} onRemove={questions.fields.length > 1 ? () => questions.remove(index) : undefined} />
      ))}
      <button type="button" onClick={() => questions.append(blankQuestion())}>
        {t('quizEditor.addQuestion')}
      </button>
    </fieldset>
  );
}

function QuestionEditor({ index, control, register, errors, onRemove }: Props & { index: number; onRemove?: () => void }) {
  const { t } = useI18n();
  const n = index + 1;
  const choices = useFieldArray({ control, name: `questions.${index}.choices` });
  const marked = useWatch({ control, name: `questions.${index}.choices` });
  const errorsHere = errors.questions?.[index];
  return (
    <div className="card">
      <h3>{t('quizEditor.question', { n })}</h3>
      <Field label={t('quizEditor.prompt', { n })} error={errorsHere?.prompt && t('validation.required')}>
        <textarea rows={2} {...register(`questions.${index}.prompt`, { required: true })} />
      </Field>
      {choices.fields.map((choice, c) => (
        <div key={choice.id} className="actions">
          <Field label={t('quizEditor.choice', { n, c: c + 1 })} error={errorsHere?.choices?.[c]?.text && t('validation.required')}>
            <input {...register(`questions.${index}.choices.${c}.text`, { required: true })} />
          </Field>
          <label className="choice">
            <input
              type="checkbox"
              {...register(`questions.${index}.choices.${c}.correct`, {
                validate: () => marked?.some((m) => m.correct) || t('quizEditor.needCorrect'),
              })}
            />
            {t('quizEditor.correct', { n, c: c + 1 })}
          </label>
        </div>
      ))}
      {errorsHere?.choices?.[0]?.correct && (
        <p className="field-error" role="alert">
          {t('quizEditor.needCorrect')}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={() => choices.append({ text: '', correct: false })}>
          {t('quizEditor.addChoice', { n })}
        </button>
        {onRemove && (
          <button type="button" className="danger" onClick={onRemove}>
            {t('quizEditor.removeQuestion', { n })}
          </button>
        )}
      </div>
      <Field label={t('quizEditor.points', { n })} error={errorsHere?.points && t('validation.number')}>
        <input type="number" min={0} step="any" inputMode="decimal" {...register(`questions.${index}.points`, { required: true, valueAsNumber: true, min: 0 })} />
      </Field>
    </div>
  );
}
