import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice, Loading, Page, TableScroll } from '../layout/Page';

type Query = { actorId: string; entity: string; action: string; from: string; to: string };
const ENTITIES = ['user', 'enrollment', 'grade', 'offering', 'certificate'] as const;
// The actions the audit trail records (libs/database audit-log.ts); one it does not name yet shows as recorded.
const ACTIONS = [
  'user.created',
  'user.role_changed',
  'user.activated',
  'user.deactivated',
  'user.invited',
  'user.password_reset',
  'user.unlocked',
  'enrollment.approved',
  'enrollment.rejected',
  'enrollment.withdrawn',
  'enrollment.not_admitted',
  'assessment.updated',
  'assessment.deleted',
  'grade.set',
  'grade.changed',
  'offering.finalized',
  'offering.reopened',
  'certificate.queued',
  'certificate.revoked',
  'certificate.reissued',
];
const LIMIT = 25;
// The response types the actor loosely; it carries who acted.
type Actor = { id: string; email: string; fullName: string };

export function AuditPage() {
  const { t, dateTime } = useI18n();
  const [filters, setFilters] = useState<Query>({ actorId: '', entity: '', action: '', from: '', to: '' });
  const [page, setPage] = useState(1);
  const staff = useQuery({
    queryKey: ['admin', 'staff'],
    queryFn: async () => {
      const [admins, instructors] = await Promise.all(
        (['admin', 'instructor'] as const).map((role) => unwrap(api.GET('/api/v1/users', { params: { query: { role, limit: 100 } } }))),
      );
      return [...admins!.items, ...instructors!.items].sort((a, b) => a.fullName.localeCompare(b.fullName));
    },
  });
  const query = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== ''));
  const records = useQuery({
    queryKey: ['admin', 'audit', query, page],
    placeholderData: keepPreviousData,
    queryFn: () => unwrap(api.GET('/api/v1/audit', { params: { query: { ...query, page, limit: LIMIT } } })),
  });
  const set = (name: keyof Query, value: string) => {
    setFilters((current) => ({ ...current, [name]: value }));
    setPage(1);
  };
  const actionLabel = (action: string) => (t.has(`admin.audit.actions.${action}`) ? t(`admin.audit.actions.${action}`) : action);
  const pages = records.data ? Math.max(1, Math.ceil(records.data.total / LIMIT)) : 1;

  return (
    <Page title={t('admin.audit.title')}>
      <form className="filters" role="search" aria-label={t('admin.audit.filters')} onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor="audit-actor">{t('admin.audit.actor')}</label>
          <select id="audit-actor" value={filters.actorId} onChange={(event) => set('actorId', event.target.value)}>
            <option value="">{t('common.any')}</option>
            {staff.data?.map((person) => (
              <option key={person.id} value={person.id}>
                {person.fullName} ({t(`admin.role.${person.role}`)})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-entity">{t('admin.audit.entity')}</label>
          <select id="audit-entity" value={filters.entity} onChange={(event) => set('entity', event.target.value)}>
            <option value="">{t('common.any')}</option>
            {ENTITIES.map((entity) => (
              <option key={entity} value={entity}>
                {t(`admin.audit.entities.${entity}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-action">{t('admin.audit.action')}</label>
          <select id="audit-action" value={filters.action} onChange={(event) => set('action', event.target.value)}>
            <option value="">{t('admin.audit.anyAction')}</option>
            {ACTIONS.map((action) => (
              <option key={action} value={action}>
                {actionLabel(action)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t('admin.reports.from')}</label>
          <input id="audit-from" type="date" value={filters.from} onChange={(event) => set('from', event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t('admin.reports.to')}</label>
          <input id="audit-to" type="date" value={filters.to} onChange={(event) => set('to', event.target.value)} />
        </div>
      </form>
      <ErrorNotice error={records.error ?? staff.error} retry={() => void records.refetch()} />
      {records.isPending ? (
        <Loading />
      ) : (
        records.data && (
          <>
            <TableScroll label={t('admin.audit.title')}>
              <table>
                <caption>{t('admin.audit.caption', { count: records.data.total })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('admin.audit.when')}</th>
                    <th scope="col">{t('admin.audit.actor')}</th>
                    <th scope="col">{t('admin.audit.action')}</th>
                    <th scope="col">{t('admin.audit.entity')}</th>
                    <th scope="col">{t('admin.audit.change')}</th>
                  </tr>
                </thead>
                <tbody>
                  {records.data.items.map((record) => {
                    const actor = record.actor as Actor | undefined;
                    return (
                      <tr key={record.id}>
                        <td>{dateTime(record.occurredAt)}</td>
                        <td>{actor ? actor.fullName : t('admin.audit.system')}</td>
                        <td>{actionLabel(record.action)}</td>
                        <td>
                          {t(`admin.audit.entities.${record.entity}`)} <span className="mono hint">{record.entityId.slice(0, 8)}</span>
                        </td>
                        <td>
                          <Change before={record.before} after={record.after} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableScroll>
            <nav className="actions" aria-label={t('admin.audit.pages')}>
              <button type="button" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
                {t('admin.audit.previous')}
              </button>
              <span>{t('admin.audit.page', { page, pages })}</span>
              <button type="button" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
                {t('admin.audit.next')}
              </button>
            </nav>
          </>
        )
      )}
    </Page>
  );
}

/** The fields that changed, before → after. */
function Change({ before, after }: { before?: Record<string, unknown>; after?: Record<string, unknown> }) {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter((key) => JSON.stringify(before?.[key]) !== JSON.stringify(after?.[key]));
  if (keys.length === 0) return null;
  const show = (value: unknown) => (value === undefined || value === null ? '—' : typeof value === 'string' ? value : JSON.stringify(value));
  return (
    <ul className="changes">
      {keys.slice(0, 6).map((key) => (
        <li key={key}>
          <span className="mono">{key}</span>: {before && key in before && <>{show(before[key])} → </>}
          {show(after?.[key])}
        </li>
      ))}
    </ul>
  );
}
