// Instructor pages (and admins'), loaded only when someone opens /teach.
import type { ReactNode } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice, Loading, NotFoundPage, Page } from '../layout/Page';
import { AssessmentsEditorPage } from './AssessmentsEditorPage';
import { AttendancePage } from './AttendancePage';
import { FinalisePage } from './FinalisePage';
import { GradebookPage } from '../gradebook/GradebookPage';
import { MyTeachingPage } from './MyTeachingPage';
import { RosterPage } from './RosterPage';
import { useOffering } from './teaching';

const SECTIONS = ['roster', 'attendance', 'assessments', 'gradebook', 'finalise'] as const;
type Section = (typeof SECTIONS)[number];

export default function TeachingRoutes() {
  return (
    <Switch>
      <Route path="/" component={MyTeachingPage} />
      <Route path="/:id/:section">
        {(params) =>
          SECTIONS.includes(params.section as Section) ? (
            <OfferingSection offeringId={params.id} section={params.section as Section} />
          ) : (
            <NotFoundPage />
          )
        }
      </Route>
      <Route component={NotFoundPage} />
    </Switch>
  );
}

function OfferingSection({ offeringId, section }: { offeringId: string; section: Section }) {
  const { t, date } = useI18n();
  const offering = useOffering(offeringId);
  const [location] = useLocation();
  if (offering.isPending) return <Loading />;
  if (offering.error) return <ErrorNotice error={offering.error} retry={() => void offering.refetch()} />;
  const o = offering.data;
  const pages: Record<Section, ReactNode> = {
    roster: <RosterPage offering={o} />,
    attendance: <AttendancePage offering={o} />,
    assessments: <AssessmentsEditorPage offering={o} />,
    gradebook: <GradebookPage offering={o} />,
    finalise: <FinalisePage offering={o} />,
  };
  return (
    <Page title={`${t(`teach.${section}`)} — ${o.course.title}`}>
      <p className="meta">
        {date(o.startsOn)} – {date(o.endsOn)}
        {o.location && ` · ${o.location}`} · {t(`offeringStatus.${o.status}`)}
      </p>
      <nav aria-label={t('teach.sections')}>
        <ul className="tabs">
          {SECTIONS.map((name) => (
            <li key={name}>
              <Link href={`/${offeringId}/${name}`} aria-current={location === `/${offeringId}/${name}` ? 'page' : undefined}>
                {t(`teach.${name}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {pages[section]}
    </Page>
  );
}
