import { useMutation } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice, Loading, Page, SuccessNotice } from '../layout/Page';
import { useAssessments } from './assessments';
import { QuizPlayer } from './QuizPlayer';

export function QuizPage({ offeringId, assessmentId }: { offeringId: string; assessmentId: string }) {
  const { t, number } = useI18n();
  const assessments = useAssessments(offeringId);
  const submit = useMutation({
    mutationFn: (answers: Record<string, number[]>) =>
      unwrap(api.POST('/api/v1/assessments/{id}/submissions', { params: { path: { id: assessmentId } }, body: { answers } })),
  });
  if (assessments.isPending) return <Loading />;
  if (assessments.error) return <ErrorNotice error={assessments.error} retry={() => void assessments.refetch()} />;
  const assessment = assessments.data.items.find((a) => a.id === assessmentId);
  if (!assessment?.questions?.length) return <Page title={t('common.notFound')}>{null}</Page>;

  return (
    <Page title={assessment.title}>
      {submit.isSuccess ? (
        <SuccessNotice>
          <p>{t('quiz.submitted', { score: number(submit.data.gradeScore ?? submit.data.score ?? 0), max: number(assessment.maxScore) })}</p>
          <p>
            <Link href="/my/grades">{t('nav.myGrades')}</Link>
          </p>
        </SuccessNotice>
      ) : (
        <QuizPlayer assessmentId={assessment.id} questions={assessment.questions} onSubmit={async (answers) => void (await submit.mutateAsync(answers))} />
      )}
    </Page>
  );
}
