import { useI18n } from '../i18n/i18n';
import type { Offering } from '../catalog/catalog';
import { ErrorNotice, Loading, TableScroll } from '../layout/Page';
import { useRoster } from './teaching';

export function RosterPage({ offering }: { offering: Offering }) {
  const { t } = useI18n();
  const roster = useRoster(offering.id);
  if (roster.isPending) return <Loading />;
  if (roster.error) return <ErrorNotice error={roster.error} retry={() => void roster.refetch()} />;
  if (!roster.data.items.length) return <p>{t('roster.none')}</p>;
  return (
    <TableScroll label={t('teach.roster')}>
      <table>
        <caption className="visually-hidden">{t('teach.roster')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('roster.name')}</th>
            <th scope="col">{t('roster.status')}</th>
            <th scope="col">{t('fields.gender')}</th>
            <th scope="col">{t('fields.nationality')}</th>
            <th scope="col">{t('fields.category')}</th>
            <th scope="col">{t('fields.rank')}</th>
            <th scope="col">{t('fields.organization')}</th>
            <th scope="col">{t('roster.email')}</th>
          </tr>
        </thead>
        <tbody>
          {roster.data.items.map((enrolment) => {
            const user = enrolment.user;
            return (
              <tr key={enrolment.id}>
                <th scope="row">{user.fullName}</th>
                <td>
                  {t(`enrolmentStatus.${enrolment.status}`)}
                  {enrolment.waitlistPosition ? ` (${enrolment.waitlistPosition})` : ''}
                </td>
                <td>{user.gender ? t(`gender.${user.gender}`) : '—'}</td>
                <td>{user.nationality ?? '—'}</td>
                <td>{user.category ? t(`personCategory.${user.category}`) : '—'}</td>
                <td>{user.rank ?? '—'}</td>
                <td>{user.organization ?? '—'}</td>
                <td>{user.email}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
