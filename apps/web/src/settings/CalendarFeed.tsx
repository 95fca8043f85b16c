import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice, Loading, SuccessNotice } from '../layout/Page';

const FEED_KEY = ['me', 'calendar'];

/**
 * My private calendar feed: a URL to paste into Google Calendar, Outlook or Apple Calendar. Anyone holding it
 * can read the feed, so a new one can replace it (the old one stops working).
 */
export function CalendarFeed() {
  const { t } = useI18n();
  const id = useId();
  const client = useQueryClient();
  const feed = useQuery({ queryKey: FEED_KEY, queryFn: () => unwrap(api.GET('/api/v1/me/calendar')) });
  const rotate = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/me/calendar/rotate')),
    onSuccess: (answer) => client.setQueryData(FEED_KEY, answer),
  });

  return (
    <section aria-labelledby={`${id}-title`} className="settings-section">
      <h2 id={`${id}-title`}>{t('settings.calendarTitle')}</h2>
      <p id={`${id}-hint`}>{t('settings.calendarHint')}</p>
      {feed.isPending ? (
        <Loading />
      ) : feed.error ? (
        <ErrorNotice error={feed.error} retry={() => void feed.refetch()} />
      ) : (
        <div className="form">
          <div className="field">
            <label htmlFor={`${id}-url`}>{t('settings.calendarUrl')}</label>
            <input id={`${id}-url`} readOnly value={feed.data.url} aria-describedby={`${id}-hint`} onFocus={(event) => event.currentTarget.select()} />
          </div>
          <ErrorNotice error={rotate.error} />
          {rotate.isSuccess && (
            <SuccessNotice>
              <p>{t('settings.calendarRotated')}</p>
            </SuccessNotice>
          )}
          <div className="actions">
            <button type="button" disabled={rotate.isPending} onClick={() => rotate.mutate()}>
              {t('settings.calendarRotate')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
