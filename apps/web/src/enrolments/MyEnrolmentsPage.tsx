import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice, Loading, Page, TableScroll } from '../layout/Page';

const WITHDRAWABLE = new Set(['pending', 'approved', 'waitlisted']);

export function MyEnrolmentsPage() {
  const { t, date, number } = useI18n();
  const queryClient = useQueryClient();
  const enrolments = useQuery({ queryKey: ['me', 'enrolments'], queryFn: () => unwrap(api.GET('/api/v1/me/enrollments', { params: { query: { limit: 100 } as never } })) });
  const withdraw = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/enrollments/{id}/withdraw', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['me', 'enrolments'] }),
  });

  return (
    <Page title={t('enrolments.title')}>
      <ErrorNotice error={enrolments.error ?? withdraw.error} retry={enrolments.error ? () => void enrolments.refetch() : undefined} />
      {enrolments.isPending ? (
        <Loading />
      ) : enrolments.data?.items.length ? (
        <TableScroll label={t('enrolments.title')}>
          <table>
            <caption className="visually-hidden">{t('enrolments.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('enrolments.course')}</th>
                <th scope="col">{t('enrolments.dates')}</th>
                <th scope="col">{t('enrolments.status')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {enrolments.data.items.map((enrolment) => (
                <tr key={enrolment.id}>
                  <th scope="row">
                    <Link href={`/courses/${enrolment.offering.course.id}`}>{enrolment.offering.course.title}</Link>
                  </th>
                  <td>
                    {date(enrolment.offering.startsOn)} – {date(enrolment.offering.endsOn)}
                  </td>
                  <td>
                    {t(`enrolmentStatus.${enrolment.status}`)}
                    {enrolment.waitlistPosition ? ` · ${t('enrolments.position', { position: enrolment.waitlistPosition })}` : ''}
                    {enrolment.finalScore !== undefined && enrolment.finalScore !== null ? ` · ${t('enrolments.finalScore', { score: number(enrolment.finalScore) })}` : ''}
                  </td>
                  <td className="actions">
                    {['approved', 'completed', 'failed'].includes(enrolment.status) && (
                      <Link href={`/my/offerings/${enrolment.offeringId}/assessments`}>
                        {t('enrolments.assessments')}
                        <span className="visually-hidden"> — {enrolment.offering.course.title}</span>
                      </Link>
                    )}
                    {WITHDRAWABLE.has(enrolment.status) && (
                      <button
                        type="button"
                        disabled={withdraw.isPending}
                        onClick={() => {
                          if (confirm(t('enrolments.confirmWithdraw', { course: enrolment.offering.course.title }))) withdraw.mutate(enrolment.id);
                        }}
                      >
                        {t('enrolments.withdraw')}
                        <span className="visually-hidden"> — {enrolment.offering.course.title}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <p>
          {t('enrolments.none')} <Link href="/">{t('nav.catalog')}</Link>
        </p>
      )}
    </Page>
  );
}
