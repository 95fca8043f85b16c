import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { ErrorNotice } from '../layout/Page';
import { useI18n } from '../i18n/i18n';
import { useSession } from './session';

/** Above every page of a signed-in person whose address is not verified yet: says so, with a button for a new link. */
export function VerifyEmailNotice() {
  const { t } = useI18n();
  const { user } = useSession();
  const resend = useMutation({ mutationFn: () => unwrap(api.POST('/api/v1/auth/verify-email/resend')) });
  if (!user || user.emailVerified) return null;
  return (
    <aside className="notice verify-email-notice" aria-label={t('account.unverifiedTitle')}>
      <p>{t('account.unverifiedText', { email: user.email })}</p>
      {resend.isSuccess ? (
        <p role="status">{t('account.verificationSent')}</p>
      ) : (
        <button type="button" disabled={resend.isPending} onClick={() => resend.mutate()}>
          {t('account.resendVerification')}
        </button>
      )}
      <ErrorNotice error={resend.error} />
    </aside>
  );
}
