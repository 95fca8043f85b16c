import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../api/client';
import type { Offering } from '../catalog/catalog';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice, Loading, SuccessNotice } from '../layout/Page';
import { daysBetween, useRoster } from './teaching';

const ATTENDING = new Set(['approved', 'completed', 'failed']);

export function AttendancePage({ offering }: { offering: Offering }) {
  const { t, date } = useI18n();
  const queryClient = useQueryClient();
  const roster = useRoster(offering.id);
  const register = useQuery({
    queryKey: ['attendance', offering.id],
    queryFn: () => unwrap(api.GET('/api/v1/offerings/{id}/attendance', { params: { path: { id: offering.id } } })),
  });
  const days = daysBetween(offering.startsOn, offering.endsOn);
  const today = new Date().toISOString().slice(0, 10);
  const [day, setDay] = useState(days.includes(today) ? today : days[0]!);
  const [present, setPresent] = useState<Set<string>>(new Set());
  const recorded = new Map((register.data ?? []).map((entry) => [entry.date, entry.present]));

  useEffect(() => {
    setPresent(new Set(recorded.get(day) ?? []));
    // Reset the ticks when the day changes or the register loads.
  }, [day, register.data]);

  const save = useMutation({
    mutationFn: () => unwrap(api.PUT('/api/v1/offerings/{id}/attendance/{date}', { params: { path: { id: offering.id, date: day } }, body: { present: [...present] } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['attendance', offering.id] }),
  });

  if (roster.isPending || register.isPending) return <Loading />;
  if (roster.error || register.error) return <ErrorNotice error={roster.error ?? register.error} />;
  const people = roster.data.items.filter((enrolment) => ATTENDING.has(enrolment.status));

  return (
    <form
      className="form"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <div className="field narrow">
        <label htmlFor="attendance-day">{t('attendance.day')}</label>
        <select id="attendance-day" value={day} onChange={(event) => setDay(event.target.value)}>
          {days.map((d) => (
            <option key={d} value={d}>
              {date(d, 'long')} — {recorded.has(d) ? t('attendance.recorded') : t('attendance.notRecorded')}
            </option>
          ))}
        </select>
      </div>
      <fieldset>
        <legend>
          {t('attendance.present')} — {date(day, 'long')}
        </legend>
        <button type="button" onClick={() => setPresent(new Set(people.map((p) => p.id)))}>
          {t('attendance.allPresent')}
        </button>
        {people.map((enrolment) => (
          <label key={enrolment.id} className="choice">
            <input
              type="checkbox"
              checked={present.has(enrolment.id)}
              onChange={(event) =>
                setPresent((current) => {
                  const next = new Set(current);
                  if (event.target.checked) next.add(enrolment.id);
                  else next.delete(enrolment.id);
                  return next;
                })
              }
            />
            {enrolment.user.fullName}
          </label>
        ))}
      </fieldset>
      <div>
        <button type="submit" className="primary" disabled={save.isPending}>
          {t('attendance.save')}
        </button>
      </div>
      <ErrorNotice error={save.error} />
      {save.isSuccess && <SuccessNotice>{t('attendance.saved', { day: date(save.data.date, 'long'), present: save.data.present, absent: save.data.absent })}</SuccessNotice>}
    </form>
  );
}
