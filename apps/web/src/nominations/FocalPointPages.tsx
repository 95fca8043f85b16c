// The focal point's portal: the open calls for my organisation, then per call my nominations with their status,
// a CSV list previewed row by row before it is sent, substitutions and withdrawals while the call is open.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link } from 'wouter';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Field } from '../layout/Field';
import { ErrorNotice, Loading, Page, SuccessNotice, TableScroll } from '../layout/Page';
import { type Call, type Candidate, CATEGORIES, GENDERS, type Nomination, type PreviewRow, previewRows, type RowResult, useCall, useMyCalls, useNominations } from './nominations';

const TEMPLATE = 'name,email,gender,nationality,category,rank,position,priority';

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

function MyNominations({ offeringId, open }: { offeringId: string; open: boolean }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const list = useNominations(offeringId);
  const [replacing, setReplacing] = useState<Nomination | null>(null);
  const [done, setDone] = useState('');
  const withdraw = useMutation({
    mutationFn: (n: Nomination) => unwrap(api.POST('/api/v1/nominations/{id}/withdraw', { params: { path: { id: n.id } } })),
    onSuccess: (_, n) => {
      setDone(t('nominations.withdrawn', { name: n.candidate.fullName }));
      return queryClient.invalidateQueries({ queryKey: ['nominations'] });
    },
  });
  return (
    <section aria-labelledby="mine">
      <h2 id="mine">{t('nominations.mine')}</h2>
      {list.isPending && <Loading />}
      <ErrorNotice error={list.error} retry={() => void list.refetch()} />
      <ErrorNotice error={withdraw.error} />
      {done && <SuccessNotice>{done}</SuccessNotice>}
      {list.data?.items.length === 0 && <p>{t('nominations.noneYet')}</p>}
      {list.data && list.data.items.length > 0 && (
        <TableScroll label={t('nominations.mine')}>
          <table>
            <caption className="visually-hidden">{t('nominations.mine')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('nominations.candidate')}</th>
                <th scope="col">{t('nominations.status')}</th>
                <th scope="col">{t('nominations.problems')}</th>
                {open && <th scope="col">{t('nominations.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((n) => (
                <tr key={n.id}>
                  <th scope="row">
                    {n.candidate.fullName}
                    <span className="hint"> {n.candidate.email}</span>
                  </th>
                  <td>
                    {t(`nominations.statusOf.${n.status}`)}
                    {n.note && <span className="hint"> — {n.note}</span>}
                  </td>
                  <td>{n.problems.length ? <span lang="en">{n.problems.join('; ')}</span> : '—'}</td>
                  {open && (
                    <td>
                      {n.status === 'nominated' && (
                        <div className="actions">
                          <button type="button" onClick={() => setReplacing(n)}>
                            {t('nominations.substitute')}
                            <span className="visually-hidden"> — {n.candidate.fullName}</span>
                          </button>
                          <button
                            type="button"
                            className="danger"
                            disabled={withdraw.isPending}
                            onClick={() => window.confirm(t('nominations.withdrawConfirm', { name: n.candidate.fullName })) && withdraw.mutate(n)}
                          >
                            {t('nominations.withdraw')}
                            <span className="visually-hidden"> — {n.candidate.fullName}</span>
                          </button>
                        </div>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {replacing && <SubstituteForm nomination={replacing} onDone={(message) => (setReplacing(null), setDone(message))} />}
    </section>
  );
}

function SubstituteForm({ nomination, onDone }: { nomination: Nomination; onDone: (message: string) => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const { register, handleSubmit, formState } = useForm<Candidate>({ defaultValues: { gender: nomination.candidate.gender, category: nomination.candidate.category } });
  const substitute = useMutation({
    mutationFn: (candidate: Candidate) => unwrap(api.POST('/api/v1/nominations/{id}/substitute', { params: { path: { id: nomination.id } }, body: { candidate } })),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ['nominations'] });
      onDone(t('nominations.substituted', { old: nomination.candidate.fullName, name: created.candidate.fullName }));
    },
  });
  const required = { required: t('nominations.required') };
  const e = formState.errors;
  return (
    <form className="form narrow" noValidate aria-labelledby="substitute" onSubmit={(event) => void handleSubmit((c) => substitute.mutate({ ...c, nationality: c.nationality.toUpperCase() }))(event)}>
      <h3 id="substitute">{t('nominations.substituteFor', { name: nomination.candidate.fullName })}</h3>
      <Field label={t('fields.fullName')} error={e.fullName?.message}>
        <input autoComplete="off" {...register('fullName', required)} />
      </Field>
      <Field label={t('fields.email')} error={e.email?.message}>
        <input type="email" autoComplete="off" {...register('email', required)} />
      </Field>
      <Field label={t('nominations.gender')}>
        <select {...register('gender')}>
          {GENDERS.map((g) => (
            <option key={g} value={g}>
              {t(`nominations.genderOf.${g}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('nominations.nationality')} hint={t('nominations.nationalityHint')} error={e.nationality?.message}>
        <input maxLength={3} autoComplete="off" {...register('nationality', { ...required, pattern: { value: /^[A-Za-z]{3}$/, message: t('nominations.nationalityHint') } })} />
      </Field>
      <Field label={t('nominations.category')}>
        <select {...register('category')}>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`nominations.categoryOf.${c}`)}
            </option>
          ))}
        </select>
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={substitute.isPending}>
          {t('nominations.substituteSubmit')}
        </button>
      </div>
      <ErrorNotice error={substitute.error} />
    </form>
  );
}

function CsvNominations({ offeringId }: { offeringId: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const fileId = useId();
  const [csv, setCsv] = useState('');
  const [rows, setRows] = useState<PreviewRow[] | null>(null);
  const [inputError, setInputError] = useState('');
  const submit = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/offerings/{id}/nominations', {
          params: { path: { id: offeringId } },
          body: csv as never,
          bodySerializer: (body) => body as unknown as string,
          headers: { 'content-type': 'text/csv' },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['nominations'] }),
  });
  const read = (text: string) => {
    setCsv(text);
    submit.reset();
    try {
      const parsed = previewRows(text);
      setRows(parsed);
      setInputError(parsed.length === 0 ? t('nominations.csv.empty') : '');
    } catch {
      setRows(null);
      setInputError(t('errors.code.NOMINATION_MALFORMED_FILE'));
    }
  };
  return (
    <section aria-labelledby="csv">
      <h2 id="csv">{t('nominations.csv.title')}</h2>
      <p>{t('nominations.csv.help')}</p>
      <p className="mono hint wrap">{TEMPLATE}</p>
      <div className="form narrow">
        <div className="field">
          <label htmlFor={fileId}>{t('nominations.csv.file')}</label>
          <input
            id={fileId}
            type="file"
            accept=".csv,text/csv"
            aria-describedby={`${fileId}-error`}
            aria-invalid={inputError ? true : undefined}
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void file.text().then(read);
            }}
          />
          <p id={`${fileId}-error`} className="field-error" role={inputError ? 'alert' : undefined}>
            {inputError}
          </p>
        </div>
      </div>
      {rows && rows.length > 0 && !submit.data && (
        <>
          <h3>{t('nominations.csv.previewTitle', { count: rows.length })}</h3>
          <TableScroll label={t('nominations.csv.previewTitle', { count: rows.length })}>
            <table>
              <caption className="visually-hidden">{t('nominations.csv.previewTitle', { count: rows.length })}</caption>
              <thead>
                <tr>
                  <th scope="col" className="number">
                    {t('nominations.row')}
                  </th>
                  <th scope="col">{t('fields.fullName')}</th>
                  <th scope="col">{t('fields.email')}</th>
                  <th scope="col">{t('nominations.gender')}</th>
                  <th scope="col">{t('nominations.nationality')}</th>
                  <th scope="col">{t('nominations.category')}</th>
                  <th scope="col">{t('nominations.rank')}</th>
                  <th scope="col">{t('nominations.priority')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.row}>
                    <td className="number">{r.row}</td>
                    <th scope="row">{r.fullName || '—'}</th>
                    <td>{r.email || '—'}</td>
                    <td>{(GENDERS as readonly string[]).includes(r.gender) ? t(`nominations.genderOf.${r.gender}`) : r.gender || '—'}</td>
                    <td>{r.nationality || '—'}</td>
                    <td>{(CATEGORIES as readonly string[]).includes(r.category) ? t(`nominations.categoryOf.${r.category}`) : r.category || '—'}</td>
                    <td>{r.rank || '—'}</td>
                    <td>{r.priority || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <div className="actions">
            <button type="button" className="primary" disabled={submit.isPending} onClick={() => submit.mutate()}>
              {t('nominations.csv.submit', { count: rows.length })}
            </button>
            <button type="button" onClick={() => (setRows(null), setCsv(''))}>
              {t('common.cancel')}
            </button>
          </div>
        </>
      )}
      <ErrorNotice error={submit.error} />
      {submit.data && (
        <>
          <SuccessNotice>{t('nominations.csv.summary', { ...submit.data.summary })}</SuccessNotice>
          <Results rows={submit.data.results} />
        </>
      )}
    </section>
  );
}

function Results({ rows }: { rows: RowResult[] }) {
  const { t } = useI18n();
  return (
    <TableScroll label={t('nominations.csv.resultsTitle')}>
      <table>
        <caption>{t('nominations.csv.resultsTitle')}</caption>
        <thead>
          <tr>
            <th scope="col" className="number">
              {t('nominations.row')}
            </th>
            <th scope="col">{t('fields.email')}</th>
            <th scope="col">{t('nominations.outcome')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.row} className={r.outcome === 'error' ? 'row-error' : undefined}>
              <td className="number">{r.row}</td>
              <td>{r.email || '—'}</td>
              <td>
                {t(`nominations.rowOutcome.${r.outcome}`)}
                {r.code && t.has(`errors.code.${r.code}`) && ` ${t(`errors.code.${r.code}`)}`}
                {(r.problems?.length ?? 0) > 0 && (
                  <span className="hint" lang="en">
                    {' '}
                    ({r.problems!.join('; ')})
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
