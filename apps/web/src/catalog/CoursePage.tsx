import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api, unwrap } from '../api/client';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice, Loading, Page, SuccessNotice } from '../layout/Page';
import { type Offering, useCourse, useCourseOfferings } from './catalog';

export function CoursePage({ id }: { id: string }) {
  const { t, number } = useI18n();
  const course = useCourse(id);
  const offerings = useCourseOfferings(id);

  if (course.isPending) return <Loading />;
  if (course.error) return <ErrorNotice error={course.error} retry={() => void course.refetch()} />;
  const c = course.data;
  return (
    <Page title={c.title} lang={c.language}>
      <p className="meta">
        {c.code} · <span lang={c.language}>{t(`language.${c.language}`)}</span> · {t(`deliveryMode.${c.deliveryMode}`)} · {t('catalog.hours', { hours: number(c.durationHours, 1) })} ·{' '}
        {t(`courseCategory.${c.category}`)}
      </p>
      {c.summary && (
        <p className="lead" lang={c.language}>
          {c.summary}
        </p>
      )}
      {c.description && (
        <p className="prose" lang={c.language}>
          {c.description}
        </p>
      )}
      {c.prerequisites.length > 0 && (
        <p>
          {t('course.prerequisites')}{' '}
          {c.prerequisites.map((p, i) => (
            <span key={p.id}>
              {i > 0 && ', '}
              <Link href={`/courses/${p.id}`}>{p.title}</Link>
            </span>
          ))}
        </p>
      )}
      <h2>{t('course.upcoming')}</h2>
      <ErrorNotice error={offerings.error} retry={() => void offerings.refetch()} />
      {offerings.isPending ? (
        <Loading />
      ) : offerings.data?.length ? (
        <ul className="cards">
          {offerings.data.map((offering) => (
            <OfferingCard key={offering.id} offering={offering} />
          ))}
        </ul>
      ) : (
        <p>{t('course.noUpcoming')}</p>
      )}
    </Page>
  );
}

function OfferingCard({ offering }: { offering: Offering }) {
  const { t, date } = useI18n();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const enrol = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/offerings/{id}/enrollments', { params: { path: { id: offering.id } }, body: {} })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['offerings'] }),
  });
  const open = offering.status === 'open';
  const action = offering.seatsLeft > 0 ? t('course.enrol') : t('course.joinWaitlist');
  const label = `${date(offering.startsOn)} – ${date(offering.endsOn)}`;
  return (
    <li className="card">
      <h3>{label}</h3>
      <dl className="facts">
        <dt>{t('offering.place')}</dt>
        <dd>{offering.location ?? t('offering.online')}</dd>
        <dt>{t('offering.enrolment')}</dt>
        <dd>{t(`offeringStatus.${offering.status}`)}</dd>
        <dt>{t('offering.seats')}</dt>
        <dd>{offering.seatsLeft > 0 ? t('offering.seatsLeft', { count: offering.seatsLeft }) : t('offering.waitlist', { count: offering.waitlistLength })}</dd>
        {offering.instructors.length > 0 && (
          <>
            <dt>{t('offering.instructors')}</dt>
            <dd>{offering.instructors.map((i) => i.fullName).join(', ')}</dd>
          </>
        )}
      </dl>
      {enrol.isSuccess ? (
        <SuccessNotice>
          <p>
            {t(`enrolmentStatus.${enrol.data.status}`)}
            {enrol.data.waitlistPosition ? ` · ${t('enrolments.position', { position: enrol.data.waitlistPosition })}` : ''}
          </p>
          <Link href="/my/enrolments">{t('nav.myEnrolments')}</Link>
        </SuccessNotice>
      ) : !user ? (
        open && <Link href={`/sign-in?next=${encodeURIComponent(location.pathname)}`}>{t('course.signInToEnrol')}</Link>
      ) : user.role === 'trainee' && open ? (
        <button type="button" className="primary" disabled={enrol.isPending} onClick={() => enrol.mutate()} aria-label={`${action} (${label})`}>
          {action}
        </button>
      ) : null}
      <ErrorNotice error={enrol.error} />
    </li>
  );
}
