import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, download, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice, Loading, Page, TableScroll } from '../layout/Page';
import type { Offering } from './admin';
import { type Bar, BarChart } from './BarChart';

type Scope = Pick<components['schemas']['SummaryScope'], 'totals' | 'byGender' | 'byCategory' | 'byNationality'>;
type Group = components['schemas']['GroupFigures'];
type SummaryReport = components['schemas']['SummaryReport'];
type OfferingReport = components['schemas']['OfferingReport'];

export function ReportsPage() {
  const { t } = useI18n();
  const [range, setRange] = useState({ from: '', to: '' });
  const [failure, setFailure] = useState<unknown>(null);
  const query = { ...(range.from && { from: range.from }), ...(range.to && { to: range.to }) };
  const report = useQuery({
    queryKey: ['admin', 'report', 'summary', query],
    placeholderData: keepPreviousData,
    // The route also answers CSV (Accept: text/csv); asked for JSON, it answers the report.
    queryFn: async () => (await unwrap(api.GET('/api/v1/reports/summary', { params: { query }, headers: { accept: 'application/json' } }))) as SummaryReport,
  });
  const csv = () => {
    setFailure(null);
    const search = new URLSearchParams({ ...query, format: 'csv' });
    void download(`/api/v1/reports/summary?${search}`, `academy-report${range.from ? `-${range.from}` : ''}${range.to ? `-${range.to}` : ''}.csv`).catch(setFailure);
  };

  return (
    <Page title={t('admin.reports.title')}>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor="report-from">{t('admin.reports.from')}</label>
          <input id="report-from" type="date" value={range.from} onChange={(event) => setRange((r) => ({ ...r, from: event.target.value }))} />
        </div>
        <div className="field">
          <label htmlFor="report-to">{t('admin.reports.to')}</label>
          <input id="report-to" type="date" value={range.to} onChange={(event) => setRange((r) => ({ ...r, to: event.target.value }))} />
        </div>
        <button type="button" onClick={csv}>
          {t('admin.reports.csv')}
        </button>
      </form>
      <ErrorNotice error={failure ?? report.error} retry={report.error ? () => void report.refetch() : undefined} />
      {report.isPending ? (
        <Loading />
      ) : (
        report.data && (
          <>
            <p className="meta">{t('admin.reports.offeringsCounted', { count: report.data.total.offerings, cancelled: report.data.total.offeringsCancelled })}</p>
            <ReportView scope={report.data.total} />
            <section aria-labelledby="per-course">
              <h2 id="per-course">{t('admin.reports.perCourse')}</h2>
              <CourseTable courses={report.data.courses} />
            </section>
          </>
        )
      )}
    </Page>
  );
}

export function OfferingReportSection({ offering }: { offering: Offering }) {
  const { t } = useI18n();
  const [failure, setFailure] = useState<unknown>(null);
  const report = useQuery({
    queryKey: ['admin', 'report', 'offering', offering.id],
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/reports/offerings/{id}', { params: { path: { id: offering.id } }, headers: { accept: 'application/json' } }))) as OfferingReport,
  });
  return (
    <>
      <button
        type="button"
        onClick={() => {
          setFailure(null);
          void download(`/api/v1/reports/offerings/${offering.id}?format=csv`, `report-${offering.course.code}-${offering.startsOn}.csv`).catch(setFailure);
        }}
      >
        {t('admin.reports.csv')}
      </button>
      <ErrorNotice error={failure ?? report.error} retry={report.error ? () => void report.refetch() : undefined} />
      {report.isPending ? <Loading /> : report.data && <ReportView scope={report.data} />}
    </>
  );
}

function ReportView({ scope }: { scope: Scope }) {
  const { t, percent, number } = useI18n();
  const share = (value: number | null) => (value === null ? '—' : percent(value / 100));
  const groupLabel = (kind: 'gender' | 'category' | 'nationality', group: string) =>
    group === 'unknown' ? t('admin.reports.unknown') : kind === 'gender' ? t(`gender.${group}`) : kind === 'category' ? t(`personCategory.${group}`) : group;
  const womenBars = (kind: 'category' | 'nationality', groups: Group[]): Bar[] =>
    groups.map((g) => ({
      label: groupLabel(kind, g.group),
      parts: [
        { label: t('admin.reports.women'), value: g.women },
        { label: t('admin.reports.others'), value: g.applied - g.women },
      ],
      note: share(g.womenShare),
    }));
  const totals = scope.totals;

  return (
    <>
      <section aria-labelledby="totals">
        <h2 id="totals">{t('admin.reports.totals')}</h2>
        <dl className="facts report-facts">
          <dt>{t('admin.reports.applied')}</dt>
          <dd>{number(totals.applied)}</dd>
          <dt>{t('admin.reports.completed')}</dt>
          <dd>{number(totals.completed)}</dd>
          <dt>{t('admin.reports.passRate')}</dt>
          <dd>{share(totals.passRate)}</dd>
          <dt>{t('admin.reports.womenShare')}</dt>
          <dd>{share(totals.womenShare)}</dd>
          <dt>{t('admin.reports.womenShareOfCompleted')}</dt>
          <dd>{share(totals.womenShareOfCompleted)}</dd>
          <dt>{t('admin.reports.certificates')}</dt>
          <dd>{number(totals.certificatesIssued)}</dd>
        </dl>
      </section>
      <div className="charts">
        <BarChart
          title={t('admin.reports.byGender')}
          rowHeading={t('fields.gender')}
          bars={scope.byGender.map((g) => ({
            label: groupLabel('gender', g.group),
            parts: [
              { label: t('admin.reports.completed'), value: g.completed },
              { label: t('admin.reports.notCompleted'), value: g.applied - g.completed },
            ],
          }))}
          format={(value) => number(value)}
        />
        <BarChart
          title={t('admin.reports.byCategory')}
          rowHeading={t('fields.category')}
          noteHeading={t('admin.reports.womenShare')}
          bars={womenBars('category', scope.byCategory)}
          format={(value) => number(value)}
        />
        <BarChart
          title={
            scope.byNationality.length > SHOWN_NATIONALITIES ? t('admin.reports.byNationalityTop', { shown: SHOWN_NATIONALITIES }) : t('admin.reports.byNationality')
          }
          rowHeading={t('fields.nationality')}
          noteHeading={t('admin.reports.womenShare')}
          bars={womenBars('nationality', topNationalities(scope.byNationality))}
          format={(value) => number(value)}
        />
      </div>
    </>
  );
}

const SHOWN_NATIONALITIES = 15;

/** The most represented nationalities, alphabetically; an academy-wide report can name dozens. */
function topNationalities(groups: Group[]): Group[] {
  if (groups.length <= SHOWN_NATIONALITIES) return groups;
  const kept = new Set([...groups].sort((a, b) => b.applied - a.applied).slice(0, SHOWN_NATIONALITIES));
  return groups.filter((group) => kept.has(group));
}

function CourseTable({ courses }: { courses: components['schemas']['CourseSummary'][] }) {
  const { t, number, percent } = useI18n();
  const share = (value: number | null) => (value === null ? '—' : percent(value / 100));
  if (courses.length === 0) return <p className="muted">{t('admin.reports.noCourses')}</p>;
  return (
    <TableScroll label={t('admin.reports.perCourse')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('admin.course.title')}</th>
            <th scope="col" className="number">
              {t('admin.reports.sessions')}
            </th>
            <th scope="col" className="number">
              {t('admin.reports.applied')}
            </th>
            <th scope="col" className="number">
              {t('admin.reports.completed')}
            </th>
            <th scope="col" className="number">
              {t('admin.reports.passRate')}
            </th>
            <th scope="col" className="number">
              {t('admin.reports.womenShare')}
            </th>
          </tr>
        </thead>
        <tbody>
          {courses.map((c) => (
            <tr key={c.course.id}>
              <th scope="row">
                <span className="mono">{c.course.code}</span> {c.course.title}
              </th>
              <td className="number">{number(c.offerings)}</td>
              <td className="number">{number(c.totals.applied)}</td>
              <td className="number">{number(c.totals.completed)}</td>
              <td className="number">{share(c.totals.passRate)}</td>
              <td className="number">{share(c.totals.womenShare)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
