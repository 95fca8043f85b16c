// The admin pages (/manage/…), loaded only when an admin opens them: courses and offerings, nominations,
// approvals, certificates, reports, the audit trail and users.
import { Link, Route, Switch, useLocation } from 'wouter';
import { useI18n } from '../i18n/i18n';
import { NotFoundPage } from '../layout/Page';
import { AuditPage } from './AuditPage';
import { CourseAdminPage } from './CourseAdminPage';
import { CoursesPage } from './CoursesPage';
import { OFFERING_SECTIONS, OfferingAdminPage, type OfferingSection } from './OfferingAdminPage';
import { ReportsPage } from './ReportsPage';
import { UsersPage } from './UsersPage';

const AREAS = [
  { href: '/', key: 'admin.nav.courses' },
  { href: '/reports', key: 'admin.nav.reports' },
  { href: '/audit', key: 'admin.nav.audit' },
  { href: '/users', key: 'admin.nav.users' },
] as const;

export default function AdminRoutes() {
  const { t } = useI18n();
  const [location] = useLocation();
  const area = (href: string) => (href === '/' ? !AREAS.some((a) => a.href !== '/' && location.startsWith(a.href)) : location.startsWith(href));
  return (
    <div className="admin">
      <nav aria-label={t('admin.nav.label')}>
        <ul className="tabs">
          {AREAS.map((item) => (
            <li key={item.href}>
              <Link href={item.href} aria-current={area(item.href) ? 'page' : undefined}>
                {t(item.key)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <Switch>
        <Route path="/" component={CoursesPage} />
        <Route path="/courses/:id">{(params) => <CourseAdminPage id={params.id} />}</Route>
        <Route path="/offerings/:id/:section">
          {(params) =>
            OFFERING_SECTIONS.includes(params.section as OfferingSection) ? (
              <OfferingAdminPage id={params.id} section={params.section as OfferingSection} />
            ) : (
              <NotFoundPage />
            )
          }
        </Route>
        <Route path="/reports" component={ReportsPage} />
        <Route path="/audit" component={AuditPage} />
        <Route path="/users" component={UsersPage} />
        <Route component={NotFoundPage} />
      </Switch>
    </div>
  );
}
