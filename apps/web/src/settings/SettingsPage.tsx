import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { updateUser, useSession } from '../auth/session';
import { isLanguage, type Language, LANGUAGES, useI18n } from '../i18n/i18n';
import { ErrorNotice, Loading, Page, SuccessNotice } from '../layout/Page';
import { CalendarFeed } from './CalendarFeed';

type Settings = Omit<components['schemas']['NotificationSettingsResponse'], 'security'>;
const SWITCHES = ['enrolment', 'offerings', 'reminders', 'certificates'] as const;
const SETTINGS_KEY = ['me', 'notifications', 'settings'];

/** My settings: the language of my e-mails, certificates and this interface, which e-mails I receive, my calendar feed. */
export function SettingsPage() {
  const { t } = useI18n();
  return (
    <Page title={t('settings.title')}>
      <EmailSetting />
      <LanguageSetting />
      <NotificationSettings />
      <CalendarFeed />
    </Page>
  );
}

function EmailSetting() {
  const { t } = useI18n();
  const { user } = useSession();
  if (!user) return null;
  return (
    <section aria-labelledby="settings-email" className="settings-section">
      <h2 id="settings-email">{t('settings.emailTitle')}</h2>
      <p>
        {user.email} · {t(user.emailVerified ? 'settings.emailVerified' : 'settings.emailUnverified')}
      </p>
    </section>
  );
}

function LanguageSetting() {
  const { t, setLanguage } = useI18n();
  const { user } = useSession();
  const save = useMutation({
    mutationFn: (preferredLanguage: Language) => unwrap(api.PATCH('/api/v1/me', { body: { preferredLanguage } })),
    onSuccess: (saved) => {
      updateUser(saved);
      if (isLanguage(saved.preferredLanguage)) setLanguage(saved.preferredLanguage);
    },
  });
  // The choice shows at once (a controlled radio would otherwise spring back until the answer); it reverts if the
  // API refuses it.
  const [choice, setChoice] = useState<Language | null>(null);
  if (!user) return null;
  const chosen = choice ?? user.preferredLanguage;
  return (
    <section aria-labelledby="settings-language" className="settings-section">
      <h2 id="settings-language">{t('settings.languageTitle')}</h2>
      <fieldset className="choices">
        <legend>{t('settings.languageLegend')}</legend>
        {LANGUAGES.map((code) => (
          <label key={code} lang={code}>
            <input
              type="radio"
              name="preferredLanguage"
              value={code}
              checked={chosen === code}
              disabled={save.isPending}
              onChange={() => {
                setChoice(code);
                save.mutate(code, { onSettled: () => setChoice(null) });
              }}
            />{' '}
            {t(`language.${code}`)}
          </label>
        ))}
      </fieldset>
      <ErrorNotice error={save.error} />
    </section>
  );
}

function NotificationSettings() {
  const { t } = useI18n();
  const client = useQueryClient();
  const settings = useQuery({ queryKey: SETTINGS_KEY, queryFn: () => unwrap(api.GET('/api/v1/me/notifications/settings')) });
  const { register, handleSubmit, reset, formState } = useForm<Settings>();
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (body: Settings) => unwrap(api.PATCH('/api/v1/me/notifications/settings', { body })),
    onSuccess: (answer) => {
      client.setQueryData(SETTINGS_KEY, answer);
      setSaved(true);
    },
  });

  useEffect(() => {
    const data = settings.data;
    if (data) reset(Object.fromEntries(SWITCHES.map((name) => [name, data[name]])) as Settings);
  }, [settings.data, reset]);

  return (
    <section aria-labelledby="settings-notifications" className="settings-section">
      <h2 id="settings-notifications">{t('settings.notificationsTitle')}</h2>
      {settings.isPending ? (
        <Loading />
      ) : settings.error ? (
        <ErrorNotice error={settings.error} retry={() => void settings.refetch()} />
      ) : (
        <form
          className="form"
          onSubmit={(event) => {
            setSaved(false);
            void handleSubmit((form) => save.mutate(form))(event);
          }}
        >
          <fieldset className="choices">
            <legend>{t('settings.notificationsLegend')}</legend>
            {SWITCHES.map((name) => (
              <label key={name}>
                <input type="checkbox" {...register(name)} /> {t(`settings.notify.${name}`)}
              </label>
            ))}
            <label>
              <input type="checkbox" checked disabled aria-describedby="settings-security-hint" /> {t('settings.notify.security')}
            </label>
            <p id="settings-security-hint" className="hint">
              {t('settings.securityHint')}
            </p>
          </fieldset>
          <ErrorNotice error={save.error} />
          {saved && !formState.isDirty && (
            <SuccessNotice>
              <p>{t('settings.saved')}</p>
            </SuccessNotice>
          )}
          <div className="actions">
            <button type="submit" className="primary" disabled={save.isPending}>
              {t('settings.save')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
