import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice, Loading, Page } from '../layout/Page';
import { useAdminOffering } from './admin';
import { CertificatesSection } from './CertificatesSection';
import { EnrolmentsSection } from './EnrolmentsSection';
import { NominationsSection } from './NominationsSection';
import { CallSetup } from '../nominations/CallSetup';
import { SelectionBoard } from '../nominations/SelectionBoard';
import { OfferingDetailsSection } from './OfferingDetailsSection';
import { OfferingReportSection } from './ReportsPage';

export const OFFERING_SECTIONS = ['enrolments', 'nominations', 'call', 'selection', 'certificates', 'report', 'details'] as const;
export type OfferingSection = (typeof OFFERING_SECTIONS)[number];

export function OfferingAdminPage({ id, section }: { id: string; section: OfferingSection }) {
  const { t, date } = useI18n();
  const [location] = useLocation();
  const offering = useAdminOffering(id);
  if (offering.isPending) return <Loading />;
  if (offering.error) return <ErrorNotice error={offering.error} retry={() => void offering.refetch()} />;
  const o = offering.data;
  const sections: Record<OfferingSection, ReactNode> = {
    enrolments: <EnrolmentsSection offering={o} />,
    nominations: <NominationsSection offering={o} />,
    call: <CallSetup offering={o} />,
    selection: <SelectionBoard offering={o} />,
    certificates: <CertificatesSection offering={o} />,
    report: <OfferingReportSection offering={o} />,
    details: <OfferingDetailsSection offering={o} />,
  };
  return (
    <Page title={`${t(`admin.section.${section}`)} — ${o.course.title}`}>
      <p className="meta">
        <Link href={`/courses/${o.courseId}`}>{o.course.code}</Link> · {date(o.startsOn)} – {date(o.endsOn)}
        {o.location && ` · ${o.location}`} · {t(`offeringStatus.${o.status}`)} · {t('admin.offering.seatsTaken', { taken: o.seatsTaken, capacity: o.capacity })}
        {o.waitlistLength > 0 && ` · ${t('admin.offering.waiting', { count: o.waitlistLength })}`}
      </p>
      <nav aria-label={t('admin.section.label')}>
        <ul className="tabs">
          {OFFERING_SECTIONS.map((name) => (
            <li key={name}>
              <Link href={`/offerings/${id}/${name}`} aria-current={location === `/offerings/${id}/${name}` ? 'page' : undefined}>
                {t(`admin.section.${name}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {sections[section]}
    </Page>
  );
}
