import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { api } from '../api/client';
import { type Role, signOut, updateUser, useSession } from '../auth/session';
import { VerifyEmailNotice } from '../auth/VerifyEmailNotice';
import { isLanguage, LANGUAGES, useI18n } from '../i18n/i18n';

const NAV: Array<{ href: string; key: string; roles: Array<Role | 'visitor'> }> = [
  { href: '/', key: 'nav.catalog', roles: ['visitor', 'trainee', 'instructor', 'admin', 'focal_point'] },
  { href: '/my/enrolments', key: 'nav.myEnrolments', roles: ['trainee'] },
  { href: '/my/grades', key: 'nav.myGrades', roles: ['trainee'] },
  { href: '/my/certificates', key: 'nav.myCertificates', roles: ['trainee'] },
  { href: '/teach', key: 'nav.teaching', roles: ['instructor', 'admin'] },
  { href: '/manage', key: 'nav.manage', roles: ['admin'] },
  { href: '/nominations', key: 'nav.nominations', roles: ['focal_point'] },
  { href: '/verification', key: 'nav.verify', roles: ['visitor', 'trainee', 'instructor', 'admin', 'focal_point'] },
  { href: '/settings', key: 'nav.settings', roles: ['trainee', 'instructor', 'admin', 'focal_point'] },
];

export function Layout({ children }: { children: ReactNode }) {
  const { t, language, setLanguage } = useI18n();
  const { user } = useSession();
  const [location, navigate] = useLocation();
  const role = user?.role ?? 'visitor';

  const changeLanguage = (value: string) => {
    if (!isLanguage(value)) return;
    setLanguage(value);
    // The choice follows the person: it is their preferredLanguage (e-mails, certificates, this interface).
    if (user) void api.PATCH('/api/v1/me', { body: { preferredLanguage: value } }).then(({ data }) => data && updateUser(data));
  };

  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="site-header">
        <Link href="/" className="brand">
          {t('app.name')}
        </Link>
        <nav aria-label={t('nav.label')}>
          <ul>
            {NAV.filter((item) => item.roles.includes(role)).map((item) => {
              const current = item.href === '/' ? location === '/' : location.startsWith(item.href);
              return (
                <li key={item.href}>
                  <Link href={item.href} aria-current={current ? 'page' : undefined}>
                    {t(item.key)}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="header-tools">
          <label htmlFor="interface-language" className="visually-hidden">
            {t('nav.language')}
          </label>
          <select id="interface-language" value={language} onChange={(event) => changeLanguage(event.target.value)}>
              {LANGUAGES.map((code) => (
                <option key={code} value={code} lang={code}>
                  {t(`language.${code}`)}
                </option>
              ))}
          </select>
          {user ? (
            <>
              <span className="who">{user.fullName}</span>
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  void signOut().then(() => navigate('/'));
                }}
              >
                {t('auth.signOut')}
              </button>
            </>
          ) : (
            <>
              <Link href="/sign-in">{t('auth.signIn')}</Link>
              <Link href="/register">{t('auth.register')}</Link>
            </>
          )}
        </div>
      </header>
      <VerifyEmailNotice />
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{t('app.footer')}</p>
      </footer>
    </>
  );
}
