import { useI18n } from '../i18n/i18n';
import { Page } from '../layout/Page';

export default function TeachingRoutes() {
  const { t } = useI18n();
  return <Page title={t('teach.title')}>{null}</Page>;
}
