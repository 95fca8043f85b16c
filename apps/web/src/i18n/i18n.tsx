// Messages from the catalogs (en.json, fr.json), dates and numbers through Intl. A few lines rather than an
// i18n library: the catalogs are flat and the visitor's JavaScript budget is small. French loads on demand.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import en from './en.json';

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
type Messages = Record<string, string>;

const loaders: Record<Language, () => Promise<Messages>> = {
  en: async () => en,
  fr: async () => (await import('./fr.json')).default,
};
const STORAGE_KEY = 'amahoro.language';

export interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  t: Translate;
  date: (value: string | Date, style?: 'medium' | 'long') => string;
  dateTime: (value: string | Date) => string;
  number: (value: number, digits?: number) => string;
  percent: (value: number) => string;
}
export type Translate = ((key: string, vars?: Record<string, string | number>) => string) & { has: (key: string) => boolean };

const Context = createContext<I18n | null>(null);

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.includes(value as Language);
}

export function initialLanguage(): Language {
  const kept = localStorage.getItem(STORAGE_KEY);
  if (isLanguage(kept)) return kept;
  const browser = navigator.language.slice(0, 2);
  return isLanguage(browser) ? browser : 'en';
}

export function translator(messages: Messages, language: string): Translate {
  const plural = new Intl.PluralRules(language);
  const t = ((key: string, vars: Record<string, string | number> = {}) => {
    const count = vars.count;
    const template = (typeof count === 'number' ? messages[`${key}.${plural.select(count)}`] ?? messages[`${key}.other`] : undefined) ?? messages[key] ?? en[key as keyof typeof en] ?? key;
    return template.replace(/\{(\w+)\}/g, (_, name: string) => (name in vars ? String(vars[name]) : `{${name}}`));
  }) as Translate;
  t.has = (key) => key in messages || key in en;
  return t;
}

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Language }) {
  const [language, setLanguageState] = useState<Language>(initial ?? initialLanguage);
  const [messages, setMessages] = useState<Messages>(en);

  useEffect(() => {
    let live = true;
    void loaders[language]().then((loaded) => live && setMessages(loaded));
    document.documentElement.lang = language;
    document.documentElement.dir = 'ltr';
    return () => {
      live = false;
    };
  }, [language]);

  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLanguageState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const locale = language === 'fr' ? 'fr-FR' : 'en-GB';
    // A calendar date (YYYY-MM-DD) is a day, not an instant: formatted in UTC so no time zone shifts it.
    const isDay = (value: string | Date): value is string => typeof value === 'string' && value.length === 10;
    const format = (style: 'medium' | 'long', timeZone?: string) => new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone });
    const instants = { medium: format('medium'), long: format('long') };
    const days = { medium: format('medium', 'UTC'), long: format('long', 'UTC') };
    const dateTimes = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
    return {
      language,
      setLanguage,
      t: translator(messages, language),
      date: (value, style = 'medium') => (isDay(value) ? days[style].format(new Date(`${value}T00:00:00Z`)) : instants[style].format(new Date(value))),
      dateTime: (value) => dateTimes.format(new Date(value)),
      number: (value, digits = 2) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value),
      percent: (value) => percent.format(value),
    };
  }, [language, messages, setLanguage]);

  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(Context);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
