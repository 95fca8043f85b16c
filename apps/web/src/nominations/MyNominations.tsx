// My organisation's nominations for a call, with their status; substitutions and withdrawals while it is open.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Field } from '../layout/Field';
import { ErrorNotice, Loading, SuccessNotice, TableScroll } from '../layout/Page';
import { type Candidate, CATEGORIES, GENDERS, type Nomination, useNominations } from './nominations';

export function MyNominations({ offeringId, open }: { offeringId: string; open: boolean }) {
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
