import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice, Loading, Page, TableScroll } from '../layout/Page';

export function MyGradesPage() {
  const { t, number, date } = useI18n();
  const grades = useQuery({ queryKey: ['me', 'grades'], queryFn: () => unwrap(api.GET('/api/v1/me/grades')) });
  return (
    <Page title={t('grades.title')}>
      <ErrorNotice error={grades.error} retry={() => void grades.refetch()} />
      {grades.isPending ? (
        <Loading />
      ) : grades.data?.items.length ? (
        <TableScroll label={t('grades.title')}>
          <table>
            <caption className="visually-hidden">{t('grades.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('grades.assessment')}</th>
                <th scope="col">{t('enrolments.course')}</th>
                <th scope="col">{t('grades.score')}</th>
                <th scope="col">{t('grades.feedback')}</th>
                <th scope="col">{t('grades.gradedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {grades.data.items.map((grade) => (
                <tr key={`${grade.assessmentId}:${grade.enrollmentId}`}>
                  <th scope="row">
                    {grade.assessmentTitle} <span className="muted">({t(`assessmentKind.${grade.kind}`)})</span>
                  </th>
                  <td>{grade.course.title}</td>
                  <td>{t('grades.outOf', { score: number(grade.score), max: number(grade.maxScore) })}</td>
                  <td>{grade.feedback ?? '—'}</td>
                  <td>{date(grade.gradedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <p>{t('grades.none')}</p>
      )}
    </Page>
  );
}
