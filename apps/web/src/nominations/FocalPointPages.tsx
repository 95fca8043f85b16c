// The focal point's portal: the open calls for my organisation, then per call my nominations with their status
// (MyNominations) and, while the call is open, a CSV list to send (CsvNominations).
import { Link } from 'wouter';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice, Loading, Page } from '../layout/Page';
import { CsvNominations } from './CsvNominations';
import { MyNominations } from './MyNominations';
import { type Call, useCall, useMyCalls } from './nominations';

export function MyCallsPage() {
  const { t } = useI18n();
  const calls = useMyCalls();
  return (
    <Page title={t('nominations.portal.title')}>
      {calls.isPending && <Loading />}
      <ErrorNotice error={calls.error} retry={() => void calls.refetch()} />
      {calls.data?.length === 0 && <p>{t('nominations.portal.none')}</p>}
      <ul className="cards">
        {calls.data?.map((call) => (
          <li key={call.offeringId} className="card">
            <h2>
              <Link href={`/${call.offeringId}`}>{call.courseTitle}</Link>
            </h2>
            <CallFacts call={call} />
          </li>
        ))}
      </ul>
    </Page>
  );
}

function CallFacts({ call }: { call: Call }) {
  const { t, date, dateTime } = useI18n();
  const mine = call.allocations[0];
  return (
    <p className="meta">
      {date(call.startsOn)} – {date(call.endsOn)} · {t('nominations.closesAt', { when: dateTime(call.closesAt) })}
      {mine && ` · ${t('nominations.allocation', { nominated: mine.nominated, seats: mine.seats })}`} · {t(`nominations.parity.${call.parity.rule}`)}
    </p>
  );
}

export function CallPage({ offeringId }: { offeringId: string }) {
  const { t } = useI18n();
  const call = useCall(offeringId);
  if (call.isPending) return <Loading />;
  if (call.error) return <ErrorNotice error={call.error} retry={() => void call.refetch()} />;
  return (
    <Page title={call.data.courseTitle}>
      <CallFacts call={call.data} />
      {!call.data.open && <p className="notice">{t('nominations.closed')}</p>}
      <MyNominations offeringId={offeringId} open={call.data.open} />
      {call.data.open && <CsvNominations offeringId={offeringId} />}
    </Page>
  );
}
