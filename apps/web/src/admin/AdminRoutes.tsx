// The admin pages' slot (/manage/…): courses and offerings, nominations, certificates, reports, audit, users.
// Built on another branch; until then this page says so.
import { useI18n } from '../i18n/i18n';
import { Page } from '../layout/Page';

export default function AdminRoutes() {
  const { t } = useI18n();
  return (
    <Page title={t('admin.title')}>
      <p>{t('admin.comingSoon')}</p>
    </Page>
  );
}
