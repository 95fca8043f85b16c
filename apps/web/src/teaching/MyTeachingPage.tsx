import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice, Loading, Page } from '../layout/Page';

export function MyTeachingPage() {
  const { t, date } = useI18n();
  const offerings = useQuery({ queryKey: ['me', 'offerings'], queryFn: () => unwrap(api.GET('/api/v1/me/offerings', { params: { query: { limit: 100 } as never } })) });
  return (
    <Page title={t('teach.title')}>
      <ErrorNotice error={offerings.error} retry={() => void offerings.refetch()} />
      {offerings.isPending ? (
        <Loading />
      ) : offerings.data?.items.length ? (
        <ul className="cards">
          {offerings.data.items.map((offering) => (
            <li key={offering.id} className="card">
              <h2>
                <Link href={`/${offering.id}/gradebook`}>{offering.course.title}</Link>
              </h2>
              <p className="meta">
                {offering.course.code} · {date(offering.startsOn)} – {date(offering.endsOn)}
                {offering.location && ` · ${offering.location}`}
              </p>
              <p>
                {t(`offeringStatus.${offering.status}`)} · {t('teach.enrolled', { count: offering.seatsTaken })}
              </p>
              <ul className="actions" aria-label={t('teach.sections')}>
                {(['roster', 'attendance', 'assessments', 'finalise'] as const).map((section) => (
                  <li key={section} style={{ listStyle: 'none' }}>
                    <Link href={`/${offering.id}/${section}`}>
                      {t(`teach.${section}`)}
                      <span className="visually-hidden"> — {offering.course.title}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('teach.none')}</p>
      )}
    </Page>
  );
}
