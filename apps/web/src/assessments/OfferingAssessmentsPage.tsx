import { Link } from 'wouter';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice, Loading, Page } from '../layout/Page';
import { useAssessments } from './assessments';

export function OfferingAssessmentsPage({ offeringId }: { offeringId: string }) {
  const { t, number, dateTime } = useI18n();
  const assessments = useAssessments(offeringId);
  return (
    <Page title={t('assessments.title')}>
      <ErrorNotice error={assessments.error} retry={() => void assessments.refetch()} />
      {assessments.isPending ? (
        <Loading />
      ) : assessments.data?.items.length ? (
        <ul className="cards">
          {assessments.data.items.map((assessment) => (
            <li key={assessment.id} className="card">
              <h2>{assessment.title}</h2>
              <p className="meta">
                {t(`assessmentKind.${assessment.kind}`)} · {t('assessments.weight', { weight: number(assessment.weight) })} · {t('assessments.maxScore', { max: number(assessment.maxScore) })}
                {assessment.dueAt && ` · ${t('assessments.due', { when: dateTime(assessment.dueAt) })}`}
              </p>
              {assessment.kind === 'quiz' && (
                <Link href={`/my/offerings/${offeringId}/quiz/${assessment.id}`} className="button primary">
                  {t('assessments.takeQuiz')}
                  <span className="visually-hidden"> — {assessment.title}</span>
                </Link>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('assessments.none')}</p>
      )}
    </Page>
  );
}
