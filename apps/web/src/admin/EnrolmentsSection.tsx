import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice, Loading, TableScroll } from '../layout/Page';
import { useRoster } from '../teaching/teaching';
import type { Enrolment, Offering } from './admin';

type Action = 'approve' | 'reject' | 'withdraw';
const ACTIONS: Record<Enrolment['status'], Action[]> = {
  pending: ['approve', 'reject'],
  waitlisted: ['withdraw'],
  approved: ['withdraw'],
  rejected: [],
  withdrawn: [],
  completed: [],
  failed: [],
  not_admitted: [],
};

/** Approvals (pending first), the waitlist in its order, then everyone else. */
export function EnrolmentsSection({ offering }: { offering: Offering }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const roster = useRoster(offering.id);
  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: Action; name: string }) => {
      const path = { params: { path: { id } } };
      return unwrap(
        action === 'approve'
          ? api.POST('/api/v1/enrollments/{id}/approve', path)
          : action === 'reject'
            ? api.POST('/api/v1/enrollments/{id}/reject', path)
            : api.POST('/api/v1/enrollments/{id}/withdraw', path),
      );
    },
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['roster', offering.id] }), queryClient.invalidateQueries({ queryKey: ['offering', offering.id] })]),
  });

  if (roster.isPending) return <Loading />;
  if (roster.error) return <ErrorNotice error={roster.error} retry={() => void roster.refetch()} />;
  const items = roster.data.items;
  const pending = items.filter((e) => e.status === 'pending');
  const waitlist = items.filter((e) => e.status === 'waitlisted').sort((a, b) => (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0));
  const others = items.filter((e) => e.status !== 'pending' && e.status !== 'waitlisted');

  const table = (rows: Enrolment[], caption: string, showPosition = false) => (
    <TableScroll label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {showPosition && (
              <th scope="col" className="number">
                {t('admin.enrolments.position')}
              </th>
            )}
            <th scope="col">{t('fields.fullName')}</th>
            <th scope="col">{t('fields.email')}</th>
            <th scope="col">{t('fields.organization')}</th>
            <th scope="col">{t('admin.enrolments.status')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.id}>
              {showPosition && <td className="number">{e.waitlistPosition}</td>}
              <th scope="row">{e.user.fullName}</th>
              <td>{e.user.email}</td>
              <td>{e.user.organization ?? '—'}</td>
              <td>{t(`enrolmentStatus.${e.status}`)}</td>
              <td>
                <div className="actions">
                  {ACTIONS[e.status].map((action) => (
                    <button
                      key={action}
                      type="button"
                      className={action === 'approve' ? 'primary' : action === 'reject' ? 'danger' : undefined}
                      disabled={act.isPending}
                      onClick={() => act.mutate({ id: e.id, action, name: e.user.fullName })}
                    >
                      {t(`admin.enrolments.${action}`)}
                      <span className="visually-hidden"> — {e.user.fullName}</span>
                    </button>
                  ))}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );

  return (
    <>
      {act.error ? (
        <ErrorNotice error={act.error} />
      ) : (
        act.isSuccess && (
          <p role="status" className="notice notice-success">
            {t(`admin.enrolments.done.${act.variables.action}`, { name: act.variables.name })}
          </p>
        )
      )}
      <section aria-labelledby="approvals">
        <h2 id="approvals">{t('admin.enrolments.approvals')}</h2>
        {pending.length ? table(pending, t('admin.enrolments.pendingCaption', { count: pending.length })) : <p className="muted">{t('admin.enrolments.noPending')}</p>}
      </section>
      <section aria-labelledby="waitlist">
        <h2 id="waitlist">{t('admin.enrolments.waitlist')}</h2>
        {waitlist.length ? table(waitlist, t('admin.enrolments.waitlistCaption', { count: waitlist.length }), true) : <p className="muted">{t('admin.enrolments.noWaitlist')}</p>}
      </section>
      <section aria-labelledby="everyone">
        <h2 id="everyone">{t('admin.enrolments.everyone')}</h2>
        {others.length ? table(others, t('admin.enrolments.othersCaption', { count: others.length })) : <p className="muted">{t('admin.enrolments.none')}</p>}
      </section>
    </>
  );
}
