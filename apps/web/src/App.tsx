import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useEffect } from 'react';
import { Route, Switch } from 'wouter';
import { ApiError } from './api/errors';
import { RequireRole } from './auth/RequireRole';
import { restoreSession } from './auth/session';
import { CatalogPage } from './catalog/CatalogPage';
import { I18nProvider, type Language } from './i18n/i18n';
import { Layout } from './layout/Layout';
import { Loading, NotFoundPage } from './layout/Page';

// Pages past the first one load on demand: the first page a visitor opens stays small on a slow connection.
const MyCertificatesPage = lazy(() => import('./certificates/MyCertificatesPage').then((m) => ({ default: m.MyCertificatesPage })));
const MyEnrolmentsPage = lazy(() => import('./enrolments/MyEnrolmentsPage').then((m) => ({ default: m.MyEnrolmentsPage })));
const MyGradesPage = lazy(() => import('./assessments/MyGradesPage').then((m) => ({ default: m.MyGradesPage })));
const OfferingAssessmentsPage = lazy(() => import('./assessments/OfferingAssessmentsPage').then((m) => ({ default: m.OfferingAssessmentsPage })));
const QuizPage = lazy(() => import('./assessments/QuizPage').then((m) => ({ default: m.QuizPage })));
const RegisterPage = lazy(() => import('./auth/RegisterPage').then((m) => ({ default: m.RegisterPage })));
const VerificationPage = lazy(() => import('./certificates/VerificationPage').then((m) => ({ default: m.VerificationPage })));
const SignInPage = lazy(() => import('./auth/SignInPage').then((m) => ({ default: m.SignInPage })));
const PasswordFromLinkPage = lazy(() => import('./auth/PasswordFromLinkPage').then((m) => ({ default: m.PasswordFromLinkPage })));
const ForgotPasswordPage = lazy(() => import('./auth/ForgotPasswordPage').then((m) => ({ default: m.ForgotPasswordPage })));
const VerifyEmailPage = lazy(() => import('./auth/VerifyEmailPage').then((m) => ({ default: m.VerifyEmailPage })));
const SettingsPage = lazy(() => import('./settings/SettingsPage').then((m) => ({ default: m.SettingsPage })));
const CoursePage = lazy(() => import('./catalog/CoursePage').then((m) => ({ default: m.CoursePage })));
// Staff pages are split off: a visitor or trainee never downloads them.
const TeachingRoutes = lazy(() => import('./teaching/TeachingRoutes'));
// The admin pages (another branch) mount here, under /manage: /admin belongs to the API (queue board).
const AdminRoutes = lazy(() => import('./admin/AdminRoutes'));
// The focal point's portal (issue 14), loaded only for focal points.
const NominationRoutes = lazy(() => import('./nominations/NominationRoutes'));

// networkMode 'always': offline, a request fails at once and the page says the connection is lost (with a retry)
// instead of waiting silently for the browser to come back online.
export const createQueryClient = () =>
  new QueryClient({
    defaultOptions: {
      mutations: { networkMode: 'always' },
      queries: {
        networkMode: 'always',
        staleTime: 30_000,
        // A 4xx will not change by asking again; a dropped connection or a 503 may.
        retry: (count, error) => count < 2 && (!(error instanceof ApiError) || error.status === 0 || error.status >= 500),
      },
    },
  });

export const browserQueryClient = createQueryClient();

/** The server renders the first page with its own client (holding the catalog it fetched) and in English. */
export function App({ queryClient = browserQueryClient, language }: { queryClient?: QueryClient; language?: Language }) {
  useEffect(() => {
    void restoreSession();
  }, []);
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider initial={language}>
        <Layout>
          <Suspense fallback={<Loading />}>
            <Switch>
              <Route path="/" component={CatalogPage} />
              <Route path="/courses/:id">{(params) => <CoursePage id={params.id} />}</Route>
              <Route path="/verification" component={VerificationPage} />
              <Route path="/sign-in" component={SignInPage} />
              <Route path="/register" component={RegisterPage} />
              {/* The pages the account e-mails link to (invitation, reset, verification). */}
              <Route path="/set-password">{() => <PasswordFromLinkPage purpose="invite" />}</Route>
              <Route path="/reset-password">{() => <PasswordFromLinkPage purpose="reset" />}</Route>
              <Route path="/forgot-password" component={ForgotPasswordPage} />
              <Route path="/verify-email" component={VerifyEmailPage} />
              <Route path="/settings">
                <RequireRole roles={['trainee', 'instructor', 'admin', 'focal_point']}>
                  <SettingsPage />
                </RequireRole>
              </Route>
              <Route path="/my/enrolments">
                <RequireRole roles={['trainee']}>
                  <MyEnrolmentsPage />
                </RequireRole>
              </Route>
              <Route path="/my/grades">
                <RequireRole roles={['trainee']}>
                  <MyGradesPage />
                </RequireRole>
              </Route>
              <Route path="/my/certificates">
                <RequireRole roles={['trainee']}>
                  <MyCertificatesPage />
                </RequireRole>
              </Route>
              <Route path="/my/offerings/:id/assessments">
                {(params) => (
                  <RequireRole roles={['trainee']}>
                    <OfferingAssessmentsPage offeringId={params.id} />
                  </RequireRole>
                )}
              </Route>
              <Route path="/my/offerings/:offeringId/quiz/:id">
                {(params) => (
                  <RequireRole roles={['trainee']}>
                    <QuizPage offeringId={params.offeringId} assessmentId={params.id} />
                  </RequireRole>
                )}
              </Route>
              <Route path="/teach" nest>
                <RequireRole roles={['instructor', 'admin']}>
                  <TeachingRoutes />
                </RequireRole>
              </Route>
              <Route path="/manage" nest>
                <RequireRole roles={['admin']}>
                  <AdminRoutes />
                </RequireRole>
              </Route>
              <Route path="/nominations" nest>
                <RequireRole roles={['focal_point']}>
                  <NominationRoutes />
                </RequireRole>
              </Route>
              <Route component={NotFoundPage} />
            </Switch>
          </Suspense>
        </Layout>
      </I18nProvider>
    </QueryClientProvider>
  );
}
