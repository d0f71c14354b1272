import type { Ward } from '@kiosk-pulse/contract/counts';
import { ApiError, UnauthorizedError, getJson } from './api';
import { byId } from './dom';
import { formatLongDate } from './format';
import { language, switchLanguage, t, translatePage } from './i18n';
import { ROLE_LABELS, forget, restoreSession, signIn, signOut, type Session } from './session';
import { AnalysisView } from './views/analysis';
import { FleetView } from './views/fleet';
import { MapView } from './views/map';
import { OverviewView } from './views/overview';
import { UsersView } from './views/users';

const VIEWS: Record<string, { section: string; nav: string }> = {
  '#/': { section: 'board', nav: 'nav-overview' },
  '#/analysis': { section: 'analysis', nav: 'nav-analysis' },
  '#/map': { section: 'map', nav: 'nav-map' },
  '#/kiosks': { section: 'fleet', nav: 'nav-kiosks' },
  '#/users': { section: 'admin', nav: 'nav-users' },
};

function showLogin(message = ''): void {
  byId('app').hidden = true;
  byId('login').hidden = false;
  byId('login-error').textContent = message;
  byId<HTMLInputElement>('login-username').focus();
}

/** Any refused token ends the session: back to the sign-in page. */
function endSession(error: unknown): void {
  if (error instanceof UnauthorizedError || (error instanceof Error && error.message === 'unauthorized')) {
    forget();
    location.hash = '';
    location.reload();
  } else console.error(error);
}

async function start(session: Session): Promise<void> {
  byId('login').hidden = true;
  byId('app').hidden = false;
  byId('current-user').textContent = `${session.user.username} · ${ROLE_LABELS[session.user.role]}`;
  byId('today').textContent = formatLongDate(new Date());
  byId('nav-users').hidden = session.user.role !== 'admin';
  byId('logout').addEventListener('click', () => {
    void signOut(session).then(() => {
      location.hash = '';
      location.reload();
    });
  });

  let wards: Ward[];
  try {
    wards = (await getJson<Ward[]>('/api/v1/wards', session.token)).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  } catch (error) {
    return endSession(error);
  }
  new OverviewView(session, wards, endSession);
  const fleet = new FleetView(session, wards, endSession);
  const analysis = new AnalysisView(session, wards, endSession);
  const map = new MapView(session, endSession);
  const users = session.user.role === 'admin' ? new UsersView(session, wards, endSession) : undefined;

  const route = () => {
    const current = location.hash in VIEWS && (location.hash !== '#/users' || users) ? location.hash : '#/';
    for (const [hash, { section, nav }] of Object.entries(VIEWS)) {
      byId(section).hidden = hash !== current;
      byId(nav).setAttribute('aria-current', hash === current ? 'page' : 'false');
    }
    if (current === '#/kiosks') fleet.show();
    else fleet.hide();
    if (current === '#/map') map.show();
    else map.hide();
    if (current === '#/analysis') void analysis.show();
    else analysis.hide();
    if (current === '#/users') users?.show();
  };
  window.addEventListener('hashchange', route);
  route();
}

async function main(): Promise<void> {
  translatePage();
  byId('lang').textContent = language() === 'en' ? 'VI' : 'EN';
  byId('lang').addEventListener('click', switchLanguage);
  byId('login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const username = byId<HTMLInputElement>('login-username').value;
    const password = byId<HTMLInputElement>('login-password').value;
    signIn(username, password).then(
      (session) => void start(session),
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 429) {
          showLogin(`Quá nhiều lần thử, vui lòng thử lại sau ${error.retryAfter ?? 60} giây.`);
        } else if (error instanceof ApiError && error.status === 401) {
          showLogin(t('Sai tên đăng nhập hoặc mật khẩu.'));
        } else showLogin('Không kết nối được máy chủ, vui lòng thử lại.');
      },
    );
  });
  let session: Session | null = null;
  try {
    session = await restoreSession();
  } catch {
    forget();
  }
  if (session) await start(session);
  else showLogin();
}

void main();
