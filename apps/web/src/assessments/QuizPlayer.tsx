// A quiz one question at a time (a phone screen), the answers kept in sessionStorage as they are chosen, so a
// dropped connection or a reload loses nothing; they are cleared only once the API has the submission.
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice } from '../layout/Page';
import type { Question } from './assessments';

export type Answers = Record<string, number[]>;

export const storageKey = (assessmentId: string) => `amahoro.quiz.${assessmentId}`;

function restore(assessmentId: string): Answers {
  try {
    const kept: unknown = JSON.parse(sessionStorage.getItem(storageKey(assessmentId)) ?? '{}');
    return kept && typeof kept === 'object' ? (kept as Answers) : {};
  } catch {
    return {};
  }
}

export function QuizPlayer({ assessmentId, questions, onSubmit }: { assessmentId: string; questions: Question[]; onSubmit: (answers: Answers) => Promise<void> }) {
  const { t } = useI18n();
  const [answers, setAnswers] = useState<Answers>(() => restore(assessmentId));
  const [index, setIndex] = useState(0);
  const [failure, setFailure] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const legend = useRef<HTMLLegendElement>(null);
  const question = questions[index]!;
  const last = index === questions.length - 1;
  const unanswered = questions.filter((q) => !answers[q.id]?.length).length;

  useEffect(() => {
    sessionStorage.setItem(storageKey(assessmentId), JSON.stringify(answers));
  }, [assessmentId, answers]);

  const go = (next: number) => {
    setIndex(next);
    // The new question is announced: focus moves to its text.
    requestAnimationFrame(() => legend.current?.focus());
  };

  const toggle = (choice: number, checked: boolean) =>
    setAnswers((current) => {
      const chosen = new Set(current[question.id] ?? []);
      if (checked) chosen.add(choice);
      else chosen.delete(choice);
      return { ...current, [question.id]: [...chosen].sort((a, b) => a - b) };
    });

  const submit = async () => {
    setFailure(null);
    setSending(true);
    try {
      // Every question is in the submission, an unanswered one as no choice.
      await onSubmit(Object.fromEntries(questions.map((q) => [q.id, answers[q.id] ?? []])));
      sessionStorage.removeItem(storageKey(assessmentId));
    } catch (error) {
      setFailure(error);
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="quiz">
      <p className="muted" aria-live="polite">
        {t('quiz.progress', { current: index + 1, total: questions.length })}
      </p>
      <progress max={questions.length} value={index + 1} aria-label={t('quiz.progressLabel')} />
      <fieldset>
        <legend tabIndex={-1} ref={legend}>
          {question.prompt}
        </legend>
        <p className="hint">{t('quiz.chooseAll')}</p>
        {question.choices.map((choice, i) => (
          <label key={i} className="choice">
            <input type="checkbox" checked={answers[question.id]?.includes(i) ?? false} onChange={(event) => toggle(i, event.target.checked)} />
            {choice}
          </label>
        ))}
      </fieldset>
      <div className="actions">
        <button type="button" disabled={index === 0} onClick={() => go(index - 1)}>
          {t('quiz.previous')}
        </button>
        {!last && (
          <button type="button" className="primary" onClick={() => go(index + 1)}>
            {t('quiz.next')}
          </button>
        )}
        {last && (
          <button type="button" className="primary" disabled={sending} onClick={() => void submit()}>
            {t('quiz.submit')}
          </button>
        )}
      </div>
      {last && unanswered > 0 && <p className="hint">{t('quiz.unanswered', { count: unanswered })}</p>}
      <ErrorNotice error={failure} />
      {failure !== null && <p className="hint">{t('quiz.kept')}</p>}
    </div>
  );
}
