import { useMutation } from '@tanstack/react-query';
import { Link, useLocation, useSearch } from 'wouter';
import { api, unwrap } from '../api/client';
import { ErrorNotice, Page, SuccessNotice } from '../layout/Page';
import { useI18n } from '../i18n/i18n';
import { LinkBroken } from './PasswordFromLinkPage';
import { updateUser, useSession } from './session';

/**
 * The page a verification e-mail opens. The link is spent by a click, not by opening the page: mail scanners
 * that open every link in a message must not use it up (nor would they prove anything).
 */
export function VerifyEmailPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const token = new URLSearchParams(useSearch()).get('token') ?? '';
  const [path, navigate] = useLocation();
  const verify = useMutation({
    mutationFn: async () => {
      await unwrap(api.POST('/api/v1/auth/verify-email', { body: { token } }));
      if (user) updateUser(await unwrap(api.GET('/api/v1/me')));
    },
    // The spent token leaves the address bar and the history.
    onSuccess: () => navigate(path, { replace: true }),
  });
  const title = t('account.verifyTitle');

  if (!token && !verify.isSuccess) return <LinkBroken title={title} />;
  return (
    <Page title={title}>
      {verify.isSuccess ? (
        <>
          <SuccessNotice>
            <p>{t('account.verified')}</p>
          </SuccessNotice>
          <p>{user ? <Link href="/">{t('nav.catalog')}</Link> : <Link href="/sign-in">{t('auth.signIn')}</Link>}</p>
        </>
      ) : (
        <>
          <p>{t('account.verifyIntro')}</p>
          <ErrorNotice error={verify.error} />
          <button type="button" className="primary" disabled={verify.isPending} onClick={() => verify.mutate()}>
            {t('account.verifyButton')}
          </button>
        </>
      )}
    </Page>
  );
}
