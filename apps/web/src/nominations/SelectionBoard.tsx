// The admin's selection board (an offering's "selection" section): every nomination with its eligibility
// problems, a decision with a note per row, and the balance of the cohort refreshed after each decision.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import type { Offering } from '../admin/admin';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice, Loading, SuccessNotice, TableScroll } from '../layout/Page';
import { type Balance, type Nomination, useBalance, useNominations } from './nominations';

type Outcome = 'selected' | 'alternate' | 'not_selected';
const OUTCOMES: Outcome[] = ['selected', 'alternate', 'not_selected'];

export function SelectionBoard({ offering }: { offering: Offering }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const list = useNominations(offering.id);
  const balance = useBalance(offering.id);
  const [done, setDone] = useState('');
  const decide = useMutation({
    mutationFn: (d: { nomination: Nomination; outcome: Outcome; note: string }) =>
      unwrap(
        api.POST('/api/v1/offerings/{id}/selection', {
          params: { path: { id: offering.id } },
          body: { decisions: [{ nominationId: d.nomination.id, outcome: d.outcome, ...(d.note.trim() && { note: d.note.trim() }) }] },
        }),
      ),
    onSuccess: async (result, d) => {
      const row = result.results[0];
      setDone(
        row?.outcome === 'error' || row?.outcome === 'unverified_account'
          ? t('nominations.board.refused', { name: d.nomination.candidate.fullName, why: row.code && t.has(`errors.code.${row.code}`) ? t(`errors.code.${row.code}`) : t(`nominations.rowOutcome.${row.outcome}`) })
          : t('nominations.board.decided', { name: d.nomination.candidate.fullName, outcome: t(`nominations.statusOf.${d.outcome}`) }),
      );
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['nominations'] }), queryClient.invalidateQueries({ queryKey: ['offering', offering.id] })]);
    },
  });
  const names = new Map(balance.data?.allocations.map((a) => [a.organisationId, a.organisationName]));
  return (
    <>
      <section aria-labelledby="balance">
        <h2 id="balance">{t('nominations.board.balance')}</h2>
        {balance.isPending && <Loading />}
        <ErrorNotice error={balance.error} retry={() => void balance.refetch()} />
        {balance.data && <BalancePanel balance={balance.data} />}
      </section>
      <section aria-labelledby="board">
        <h2 id="board">{t('nominations.board.title')}</h2>
        {done && <SuccessNotice>{done}</SuccessNotice>}
        <ErrorNotice error={decide.error} />
        {list.isPending && <Loading />}
        <ErrorNotice error={list.error} retry={() => void list.refetch()} />
        {list.data?.items.length === 0 && <p>{t('nominations.noneYet')}</p>}
        {list.data && list.data.items.length > 0 && (
          <TableScroll label={t('nominations.board.title')}>
            <table>
              <caption className="visually-hidden">{t('nominations.board.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('nominations.candidate')}</th>
                  <th scope="col">{t('nominations.organisation')}</th>
                  <th scope="col">{t('nominations.profile')}</th>
                  <th scope="col">{t('nominations.problems')}</th>
                  <th scope="col">{t('nominations.status')}</th>
                  <th scope="col">{t('nominations.board.decision')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((n) => (
                  <BoardRow key={n.id} nomination={n} organisation={names.get(n.organisationId) ?? '—'} busy={decide.isPending} onDecide={(outcome, note) => decide.mutate({ nomination: n, outcome, note })} />
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </>
  );
}

function BoardRow({ nomination: n, organisation, busy, onDecide }: { nomination: Nomination; organisation: string; busy: boolean; onDecide: (outcome: Outcome, note: string) => void }) {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<Outcome>(n.status === 'alternate' || n.status === 'not_selected' ? n.status : 'selected');
  const [note, setNote] = useState('');
  const decidable = n.status === 'nominated' || n.status === 'alternate' || n.status === 'not_selected';
  const c = n.candidate;
  return (
    <tr>
      <th scope="row">
        {c.fullName}
        <span className="hint"> {c.email}</span>
      </th>
      <td>{organisation}</td>
      <td>
        {t(`nominations.genderOf.${c.gender}`)} · {c.nationality} · {t(`nominations.categoryOf.${c.category}`)}
        {c.rank && ` · ${c.rank}`}
      </td>
      <td>{n.problems.length ? <span lang="en">{n.problems.join('; ')}</span> : t('nominations.board.eligible')}</td>
      <td>
        {t(`nominations.statusOf.${n.status}`)}
        {n.note && <span className="hint"> — {n.note}</span>}
      </td>
      <td>
        {decidable && (
          <div className="actions">
            <label className="visually-hidden" htmlFor={`outcome-${n.id}`}>
              {t('nominations.board.outcomeFor', { name: c.fullName })}
            </label>
            <select id={`outcome-${n.id}`} value={outcome} onChange={(event) => setOutcome(event.target.value as Outcome)}>
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {t(`nominations.statusOf.${o}`)}
                </option>
              ))}
            </select>
            <label className="visually-hidden" htmlFor={`note-${n.id}`}>
              {t('nominations.board.noteFor', { name: c.fullName })}
            </label>
            <input id={`note-${n.id}`} value={note} maxLength={500} placeholder={t('nominations.board.note')} onChange={(event) => setNote(event.target.value)} />
            <button type="button" className="primary" disabled={busy} onClick={() => onDecide(outcome, note)}>
              {t('nominations.board.decide')}
              <span className="visually-hidden"> — {c.fullName}</span>
            </button>
          </div>
        )}
      </td>
    </tr>
  );
}

function BalancePanel({ balance: b }: { balance: Balance }) {
  const { t, number } = useI18n();
  const share = (v: unknown) => (typeof v === 'number' ? `${number(v, 1)} %` : '—');
  const target = typeof b.targetWomenPercent === 'number' ? b.targetWomenPercent : undefined;
  const groups: Array<{ key: 'byGender' | 'byNationality' | 'byCategory'; label: string; name: (k: string) => string }> = [
    { key: 'byGender', label: t('nominations.gender'), name: (k) => (t.has(`nominations.genderOf.${k}`) ? t(`nominations.genderOf.${k}`) : k) },
    { key: 'byNationality', label: t('nominations.nationality'), name: (k) => k },
    { key: 'byCategory', label: t('nominations.category'), name: (k) => (t.has(`nominations.categoryOf.${k}`) ? t(`nominations.categoryOf.${k}`) : k) },
  ];
  return (
    <div>
      {/* Polite: after a decision a screen reader hears the new headline figures, not every table again. */}
      <p className="meta" aria-live="polite">
        {t('nominations.board.seats', { taken: b.seatsTaken, capacity: b.capacity })} · {t('nominations.board.womenNominated', { share: share(b.womenShare.nominated) })} ·{' '}
        {t('nominations.board.womenSelected', { share: share(b.womenShare.selected) })}
        {target !== undefined && ` · ${t('nominations.board.target', { share: share(target) })} — ${t(b.meetsTarget ? 'nominations.board.targetMet' : 'nominations.board.targetNotMet')}`}
      </p>
      <div className="balance-grid">
        {groups.map((g) => {
          const keys = [...new Set([...Object.keys(b.nominated[g.key]), ...Object.keys(b.selected[g.key])])].sort();
          return (
            <TableScroll key={g.key} label={g.label}>
              <table>
                <caption>{g.label}</caption>
                <thead>
                  <tr>
                    <th scope="col">{g.label}</th>
                    <th scope="col" className="number">
                      {t('nominations.board.nominated')}
                    </th>
                    <th scope="col" className="number">
                      {t('nominations.board.selected')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {keys.map((k) => (
                    <tr key={k}>
                      <th scope="row">{g.name(k)}</th>
                      <td className="number">{b.nominated[g.key][k] ?? 0}</td>
                      <td className="number">{b.selected[g.key][k] ?? 0}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          );
        })}
        <TableScroll label={t('nominations.board.allocations')}>
          <table>
            <caption>{t('nominations.board.allocations')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('nominations.organisation')}</th>
                <th scope="col" className="number">
                  {t('nominations.board.seatsCol')}
                </th>
                <th scope="col" className="number">
                  {t('nominations.board.nominated')}
                </th>
                <th scope="col" className="number">
                  {t('nominations.board.selected')}
                </th>
              </tr>
            </thead>
            <tbody>
              {b.allocations.map((a) => (
                <tr key={a.organisationId}>
                  <th scope="row">{a.organisationName}</th>
                  <td className="number">{a.seats}</td>
                  <td className="number">{a.nominated}</td>
                  <td className="number">{a.selected}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </div>
    </div>
  );
}
