import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { useI18n } from '../i18n/i18n';
import { Loading, Page } from '../layout/Page';
import { type Role, useSession } from './session';

/** Each role sees only its own pages; a visitor is asked to sign in first. */
export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { t } = useI18n();
  const session = useSession();
  if (!session.ready) return <Loading />;
  if (!session.user) {
    return (
      <Page title={t('auth.signInNeeded')}>
        <p>
          <Link href={`/sign-in?next=${encodeURIComponent(location.pathname)}`}>{t('auth.signIn')}</Link>
        </p>
      </Page>
    );
  }
  if (!roles.includes(session.user.role)) return <Page title={t('auth.notForYou')}>{null}</Page>;
  return <>{children}</>;
}
