import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createRootRoute, createRoute, createRouter, Link, Outlet, RouterProvider } from '@tanstack/react-router';
import { createContext, type ReactNode, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../src/access/model.ts';
import { api, ApiError, type Me, setCsrfToken } from './api.ts';
import { AdminPage } from './access/AdminPage.tsx';
import { SessionsPage } from './access/SessionsPage.tsx';
import { CasePage, CasesPage } from './cases/CasePage.tsx';
import { ConcernPage } from './cases/ConcernPage.tsx';
import { InboxPage } from './cases/InboxPage.tsx';
import { SharedCasesPage } from './cases/SharedCasesPage.tsx';
import { TasksPage } from './cases/TasksPage.tsx';
import { ReviewPage } from './collection/ReviewPage.tsx';
import { KfmPage } from './cases/KfmPage.tsx';
import { LoginPage } from './access/LoginPage.tsx';
import { NoticesPage } from './collection/NoticePage.tsx';
import { RoutinePage } from './collection/RoutinePage.tsx';
import { WorklistPage } from './collection/WorklistPage.tsx';
import { setLanguage } from './i18n/index.ts';
import { setServerNow } from './ui/time.ts';
import { ContractsPage } from './housing/ContractsPage.tsx';
import { StatisticsPage } from './statistics/StatisticsPage.tsx';
import { HousingPage } from './housing/HousingPage.tsx';
import { RoundPage } from './housing/RoundPage.tsx';
import { WaitingListPage } from './housing/WaitingListPage.tsx';
import { ImportPage } from './ledger/ImportPage.tsx';
import { TenanciesPage, TenancyPage } from './ledger/TenancyPage.tsx';
import { SmsPage } from './messaging/SmsPage.tsx';

const MeContext = createContext<Me | null>(null);

/** The logged-in user, organisation and permissions (the same policy the server applies). */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside the logged-in app');
  return me;
}

export function useCan(permission: Permission): boolean {
  return useMe().permissions.includes(permission);
}

function Layout() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const can = (p: Permission) => me.permissions.includes(p);
  const links = [
    { to: '/', label: t('nav.worklist'), show: can('worklist.read') },
    { to: '/inkorg', label: t('nav.inbox'), show: can('inbox.read') },
    { to: '/arenden', label: t('nav.cases'), show: can('case.read') },
    { to: '/uppgifter', label: t('nav.tasks'), show: can('case.read') || can('applicant.read') },
    { to: '/genomgang', label: t('nav.review'), show: can('review.read') },
    { to: '/bostadsko', label: t('nav.queue'), show: can('applicant.read') },
    { to: '/matchning', label: t('nav.round'), show: can('round.run') },
    { to: '/kontrakt', label: t('nav.contracts'), show: can('applicant.read') },
    { to: '/nyckeltal', label: t('nav.statistics'), show: can('statistics.read') },
    { to: '/bostader', label: t('nav.housing'), show: can('agreement.read') || can('home.offer') || can('home.read') },
    { to: '/kronofogden', label: t('nav.kfm'), show: can('kfm.notice') },
    { to: '/socialtjansten', label: t('nav.shared'), show: can('case.shared') },
    { to: '/hyresgaster', label: t('nav.tenancies'), show: can('tenancy.read') },
    { to: '/import', label: t('nav.import'), show: can('ledger.import') },
    { to: '/rutin', label: t('nav.routine'), show: can('routine.read') },
    { to: '/underrattelser', label: t('nav.notices'), show: can('notice.read') },
    { to: '/sms', label: t('nav.sms'), show: can('messages.read') },
    { to: '/anmal-oro', label: t('nav.concern'), show: can('concern.report') || can('inbox.read') },
    { to: '/admin', label: t('nav.admin'), show: can('users.manage') || can('tokens.manage') || can('audit.read') },
  ].filter((l) => l.show);
  const switchLanguage = async () => {
    const next = i18n.language === 'sv' ? 'en' : 'sv';
    setLanguage(next);
    await api('PUT', '/api/v1/session/locale', { locale: next }).catch(() => undefined);
  };
  const logout = async () => {
    await api('DELETE', '/api/v1/session').catch(() => undefined);
    setCsrfToken(null);
    queryClient.clear();
    window.location.assign('/');
  };
  return (
    <Frame
      header={
        <>
          <nav aria-label={t('app.nav')}>
            <ul>
              {links.map((l) => (
                <li key={l.to}>
                  <Link to={l.to} activeProps={{ 'aria-current': 'page' }} activeOptions={{ exact: l.to === '/' }}>
                    {l.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="who">
            <span>
              {me.user?.name} · {me.organisation.name}
            </span>
            {me.user && (
              <Link to="/inloggningar" activeProps={{ 'aria-current': 'page' }}>
                {t('sessions.link')}
              </Link>
            )}
            <button type="button" className="link" onClick={switchLanguage} lang={i18n.language === 'sv' ? 'en' : 'sv'}>
              {t('app.language')}
            </button>
            <button type="button" className="link" onClick={logout}>
              {t('app.logout')}
            </button>
          </div>
        </>
      }
    >
      <Outlet />
    </Frame>
  );
}

/** Every page's frame: the skip link, the header with the brand and what follows it, the main content. */
function Frame({ header, children }: { header: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <span className="brand">{t('app.name')}</span>
        {header}
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

function Home() {
  const me = useMe();
  const { t } = useTranslation();
  if (me.permissions.includes('worklist.read')) return <WorklistPage />;
  if (me.permissions.includes('inbox.read')) return <InboxPage />;
  if (me.permissions.includes('kfm.notice')) return <KfmPage />;
  if (me.permissions.includes('notice.read')) return <NoticesPage />;
  // Leadership and a landlord's management first ask whether evictions are falling; those who also offer or edit homes work there.
  if (me.permissions.includes('statistics.read') && !me.permissions.includes('agreement.edit') && !me.permissions.includes('home.offer')) return <StatisticsPage />;
  if (me.permissions.includes('agreement.read') || me.permissions.includes('home.read')) return <HousingPage />;
  if (me.permissions.includes('audit.read') || me.permissions.includes('users.manage')) return <AdminPage />;
  return (
    <section>
      <h1>{t('app.name')}</h1>
      <p>{me.organisation.name}</p>
    </section>
  );
}

const rootRoute = createRootRoute({ component: Layout });
const routeTree = rootRoute.addChildren([
  createRoute({ getParentRoute: () => rootRoute, path: '/', component: Home }),
  createRoute({ getParentRoute: () => rootRoute, path: '/hyresgaster', component: TenanciesPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/bostader', component: HousingPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/nyckeltal', component: StatisticsPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/bostadsko', component: WaitingListPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/matchning', component: RoundPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/kontrakt', component: ContractsPage }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/hyresgaster/$tenancyId',
    component: TenancyPage,
    // ?item= the worklist item the officer came from: logging the contact completes it.
    validateSearch: (search: Record<string, unknown>): { item?: number } => {
      const item = Number(search.item);
      return Number.isInteger(item) && item > 0 ? { item } : {};
    },
  }),
  createRoute({ getParentRoute: () => rootRoute, path: '/import', component: ImportPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/rutin', component: RoutinePage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/underrattelser', component: NoticesPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/sms', component: SmsPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/admin', component: AdminPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/inloggningar', component: SessionsPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/inkorg', component: InboxPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/arenden', component: CasesPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/kronofogden', component: KfmPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/socialtjansten', component: SharedCasesPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/uppgifter', component: TasksPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/genomgang', component: ReviewPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/arenden/$caseId', component: CasePage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/anmal-oro', component: () => <ConcernPage loggedIn /> }),
]);
export const router = createRouter({ routeTree });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}

/** The one way in needs no login: the public page has its own plain frame. */
function PublicConcern() {
  const { t, i18n } = useTranslation();
  return (
    <Frame
      header={
        <div className="who">
          <button type="button" className="link" onClick={() => setLanguage(i18n.language === 'sv' ? 'en' : 'sv')} lang={i18n.language === 'sv' ? 'en' : 'sv'}>
            {t('app.language')}
          </button>
        </div>
      }
    >
      <ConcernPage />
    </Frame>
  );
}

export function App() {
  if (window.location.pathname === '/en-vag-in') return <PublicConcern />;
  return <LoggedInApp />;
}

function LoggedInApp() {
  const { t } = useTranslation();
  const me = useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        const result = await api<Me>('GET', '/api/v1/session');
        setCsrfToken(result.csrfToken);
        setServerNow(result.now);
        if (result.user && result.user.locale !== (localStorage.getItem('bokvar.locale') ?? 'sv')) setLanguage(result.user.locale);
        return result;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
  });
  if (me.isPending) return <p role="status">{t('app.loading')}</p>;
  if (me.isError) return <p role="alert">{t('app.error')}</p>;
  if (!me.data) return <LoginPage onLoggedIn={() => void me.refetch()} />;
  return (
    <MeContext.Provider value={me.data}>
      <RouterProvider router={router} />
    </MeContext.Provider>
  );
}
