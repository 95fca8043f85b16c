import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import type { Offering } from '../catalog/catalog';
import { useCourse } from '../catalog/catalog';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice, Loading, SuccessNotice, TableScroll } from '../layout/Page';
import { useGradebook } from './teaching';

/**
 * Who passes and who fails, and why, before anything is written: the weighted totals and attendance the
 * gradebook shows, against the course's pass mark and the offering's minimum attendance.
 */
export function FinalisePage({ offering }: { offering: Offering }) {
  const { t, number, percent } = useI18n();
  const queryClient = useQueryClient();
  const book = useGradebook(offering.id);
  const course = useCourse(offering.courseId);
  const finalise = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/offerings/{id}/finalize', { params: { path: { id: offering.id } } })),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['gradebook', offering.id] }), queryClient.invalidateQueries({ queryKey: ['offering', offering.id] })]),
  });

  if (book.isPending || course.isPending) return <Loading />;
  if (book.error || course.error) return <ErrorNotice error={book.error ?? course.error} />;
  const passMark = course.data.passMark;
  const minAttendance = offering.minAttendancePercent ?? 0;
  const final = offering.status === 'completed';
  const rows = book.data.rows.filter((row) => ['approved', 'completed', 'failed'].includes(row.status));

  return (
    <>
      <h2>{t('finalise.preview')}</h2>
      <p>{t('finalise.intro', { passMark: number(passMark), minAttendance: percent(minAttendance / 100) })}</p>
      {book.data.weightsTotal !== 100 && (
        <p className="notice notice-error">{t('finalise.weightsNot100', { total: number(book.data.weightsTotal) })}</p>
      )}
      <TableScroll label={t('finalise.preview')}>
        <table>
          <caption className="visually-hidden">{t('finalise.preview')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('gradebook.trainee')}</th>
              <th scope="col" className="number">
                {t('gradebook.total')}
              </th>
              <th scope="col" className="number">
                {t('gradebook.attendance')}
              </th>
              <th scope="col">{t('finalise.result')}</th>
              <th scope="col">{t('finalise.why')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const score = row.finalScore ?? row.weightedTotal;
              const attendance = row.attendancePercent ?? 100;
              const reasons = [
                score < passMark ? t('finalise.lowScore', { score: number(score), passMark: number(passMark) }) : null,
                attendance < minAttendance ? t('finalise.lowAttendance', { attendance: percent(attendance / 100), min: percent(minAttendance / 100) }) : null,
              ].filter((reason): reason is string => reason !== null);
              const passes = reasons.length === 0;
              return (
                <tr key={row.enrollmentId}>
                  <th scope="row">{row.user.fullName}</th>
                  <td className="number">{number(score)}</td>
                  <td className="number">{row.attendancePercent === undefined || row.attendancePercent === null ? '—' : percent(row.attendancePercent / 100)}</td>
                  <td className={passes ? 'pass' : 'fail'}>{passes ? t('finalise.pass') : t('finalise.fail')}</td>
                  <td>{reasons.join('; ') || '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      {final ? (
        <p>{t('finalise.already')}</p>
      ) : (
        <button
          type="button"
          className="primary"
          disabled={finalise.isPending}
          onClick={() => {
            if (confirm(t('finalise.confirmText'))) finalise.mutate();
          }}
        >
          {t('finalise.confirm')}
        </button>
      )}
      <ErrorNotice error={finalise.error} />
      {finalise.isSuccess && <SuccessNotice>{t('finalise.done', { completed: finalise.data.completed, failed: finalise.data.failed })}</SuccessNotice>}
    </>
  );
}
