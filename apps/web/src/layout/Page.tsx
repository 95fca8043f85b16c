import { type ReactNode, useEffect, useRef } from 'react';
import { errorMessage } from '../api/errors';
import { useI18n } from '../i18n/i18n';

let firstPageShown = false;

/**
 * A page: its title in the tab and as the heading, which takes focus when a link opens the page so a screen reader
 * announces where it led.
 */
export function Page({ title, children, actions, lang }: { title: string; children: ReactNode; actions?: ReactNode; lang?: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Amahoro`;
  }, [title]);
  useEffect(() => {
    // Not on the first page of a visit: there the skip link comes first, as on any page a browser opens.
    if (firstPageShown) heading.current?.focus({ preventScroll: true });
    firstPageShown = true;
  }, []);
  return (
    <>
      <div className="page-head">
        <h1 tabIndex={-1} ref={heading} lang={lang}>
          {title}
        </h1>
        {actions}
      </div>
      {children}
    </>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p role="status" className="muted">
      {t('common.loading')}
    </p>
  );
}

/** An API failure in the reader's language; announced as it appears. */
export function ErrorNotice({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <div role="alert" className="notice notice-error">
      <p>{errorMessage(error, t)}</p>
      {retry && (
        <button type="button" onClick={retry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function SuccessNotice({ children }: { children: ReactNode }) {
  return (
    <div role="status" className="notice notice-success">
      {children}
    </div>
  );
}

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Page title={t('common.notFound')}>
      <p>{t('common.notFoundHelp')}</p>
    </Page>
  );
}

/** A wide table that scrolls sideways on a phone; focusable so a keyboard can scroll it too. */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
