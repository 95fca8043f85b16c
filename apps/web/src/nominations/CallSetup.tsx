// Setting up an offering's call for nominations (the offering's "call" section): the window, each organisation's
// seats, the parity rule and target, and the eligibility rules. Saving again replaces the call.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { api, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import type { Offering } from '../admin/admin';
import { useI18n } from '../i18n/i18n';
import { Field } from '../layout/Field';
import { ErrorNotice, Loading, SuccessNotice } from '../layout/Page';
import { type Call, CATEGORIES, PARITY_RULES, useCall } from './nominations';

interface CallForm {
  opensAt: string;
  closesAt: string;
  seats: Record<string, string>;
  rule: (typeof PARITY_RULES)[number];
  target: string;
  categories: string[];
  ranks: string;
  languages: string;
}

// <input type="datetime-local"> speaks the browser's local time, the API UTC instants.
const local = (iso: string) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const words = (text: string) => text.split(/[,;]+/).map((w) => w.trim()).filter(Boolean);

export function CallSetup({ offering }: { offering: Offering }) {
  const call = useCall(offering.id);
  const organisations = useQuery({ queryKey: ['admin', 'organisations'], queryFn: () => unwrap(api.GET('/api/v1/organisations', { params: { query: { limit: 100 } as never } })) });
  // Kept here, above the editor, so the confirmation outlives the editor being drawn again with the saved call.
  const [saved, setSaved] = useState(false);
  const missing = call.error instanceof ApiError && call.error.status === 404;
  if (call.isPending || organisations.isPending) return <Loading />;
  if (call.error && !missing) return <ErrorNotice error={call.error} retry={() => void call.refetch()} />;
  if (organisations.error) return <ErrorNotice error={organisations.error} retry={() => void organisations.refetch()} />;
  return <CallEditor offering={offering} call={call.data} organisations={organisations.data.items} saved={saved} setSaved={setSaved} />;
}

function CallEditor({
  offering,
  call,
  organisations,
  saved,
  setSaved,
}: {
  offering: Offering;
  call?: Call;
  organisations: Array<{ id: string; name: string }>;
  saved: boolean;
  setSaved: (saved: boolean) => void;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const { register, handleSubmit, formState, getValues } = useForm<CallForm>({
    defaultValues: {
      opensAt: call ? local(call.opensAt) : '',
      closesAt: call ? local(call.closesAt) : '',
      seats: Object.fromEntries(organisations.map((o) => [o.id, String(call?.allocations.find((a) => a.organisationId === o.id)?.seats ?? 0)])),
      rule: call?.parity.rule ?? 'women_at_least_men',
      target: call?.parity.targetWomenPercent?.toString() ?? '50',
      categories: call?.eligibility.categories ?? [],
      ranks: call?.eligibility.ranks?.join(', ') ?? '',
      languages: call?.eligibility.languages?.join(', ') ?? '',
    },
  });
  const save = useMutation({
    mutationFn: (f: CallForm) =>
      unwrap(
        api.PUT('/api/v1/offerings/{id}/nomination-call', {
          params: { path: { id: offering.id } },
          body: {
            opensAt: new Date(f.opensAt).toISOString(),
            closesAt: new Date(f.closesAt).toISOString(),
            allocations: Object.entries(f.seats)
              .map(([organisationId, seats]) => ({ organisationId, seats: Number(seats) }))
              .filter((a) => a.seats > 0),
            parity: { rule: f.rule, ...(f.target !== '' && { targetWomenPercent: Number(f.target) }) },
            eligibility: {
              ...(f.categories.length > 0 && { categories: f.categories as Array<(typeof CATEGORIES)[number]> }),
              ...(words(f.ranks).length > 0 && { ranks: words(f.ranks) }),
              ...(words(f.languages).length > 0 && { languages: words(f.languages).map((l) => l.toLowerCase()) }),
            },
          },
        }),
      ),
    onSuccess: async () => {
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: ['nominations'] });
    },
  });
  const e = formState.errors;
  const required = { required: t('nominations.required') };
  return (
    <form className="form narrow" noValidate aria-labelledby="call" onSubmit={(event) => void handleSubmit((f) => (setSaved(false), save.mutate(f)))(event)}>
      <h2 id="call">{t('nominations.call.title')}</h2>
      {call && <p>{t(call.open ? 'nominations.call.isOpen' : 'nominations.call.isNotOpen')}</p>}
      <Field label={t('nominations.call.opensAt')} error={e.opensAt?.message}>
        <input type="datetime-local" {...register('opensAt', required)} />
      </Field>
      <Field label={t('nominations.call.closesAt')} error={e.closesAt?.message}>
        <input
          type="datetime-local"
          {...register('closesAt', { ...required, validate: (v) => !getValues('opensAt') || new Date(v) > new Date(getValues('opensAt')) || t('nominations.call.closesAfterOpens') })}
        />
      </Field>
      <fieldset>
        <legend>{t('nominations.call.allocations')}</legend>
        {organisations.length === 0 && <p>{t('nominations.call.noOrganisations')}</p>}
        {organisations.map((o) => (
          <Field key={o.id} label={t('nominations.call.seatsFor', { name: o.name })} error={e.seats?.[o.id]?.message}>
            <input type="number" inputMode="numeric" min={0} max={offering.capacity} {...register(`seats.${o.id}`, { min: { value: 0, message: t('nominations.call.seatsRange') } })} />
          </Field>
        ))}
      </fieldset>
      <Field label={t('nominations.call.parity')}>
        <select {...register('rule')}>
          {PARITY_RULES.map((r) => (
            <option key={r} value={r}>
              {t(`nominations.parity.${r}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('nominations.call.target')} error={e.target?.message}>
        <input type="number" inputMode="numeric" min={0} max={100} {...register('target', { min: { value: 0, message: t('nominations.call.targetRange') }, max: { value: 100, message: t('nominations.call.targetRange') } })} />
      </Field>
      <fieldset>
        <legend>{t('nominations.call.categories')}</legend>
        {CATEGORIES.map((c) => (
          <label key={c} className="choice">
            <input type="checkbox" value={c} {...register('categories')} /> {t(`nominations.categoryOf.${c}`)}
          </label>
        ))}
      </fieldset>
      <Field label={t('nominations.call.ranks')} hint={t('nominations.call.listHint')}>
        <input {...register('ranks')} />
      </Field>
      <Field label={t('nominations.call.languages')} hint={t('nominations.call.languagesHint')}>
        <input {...register('languages')} />
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {t('nominations.call.save')}
        </button>
      </div>
      <ErrorNotice error={save.error} />
      {saved && <SuccessNotice>{t('nominations.call.saved')}</SuccessNotice>}
    </form>
  );
}
