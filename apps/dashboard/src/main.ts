import type { Ward } from '@kiosk-pulse/contract';
import { ApiError, UnauthorizedError, apiClient } from './api';
import { fill, fillText, openDialog } from './dialog';
import { byId } from './dom';
import { byName, formatLongDate } from './format';
import { language, switchLanguage, t, translatePage } from './i18n';
import { NAV_LINKS, SECTIONS, mayOpen, routeFor } from './routes';
import {
  ROLE_LABELS,
  forget,
  offer,
  restoreSession,
  signIn,
  signOut,
  switchTo,
  takeLinkToken,
  type OfferedLink,
  type Session,
} from './session';
import type { AccessLogView } from './views/access-log';
import type { AlertsView } from './views/alerts';
import type { ReportsView } from './views/reports';
import type { CampaignsView } from './views/campaigns';
import type { AnalysisView } from './views/analysis';
import { FleetView } from './views/fleet';
import { KioskView } from './views/kiosk';
import type { MapView } from './views/map';
import { OverviewView } from './views/overview';
import type { AdminView } from './views/admin/admin';
import type { ShareLinksView } from './views/admin/share-links';
import type { TargetsView } from './views/targets';
import { offerWallScreen, startWallScreen, wallScreen } from './wall';

function showLogin(message = ''): void {
  byId('loading').hidden = true;
  byId('app').hidden = true;
  byId('login').hidden = false;
  byId('login-error').textContent = message;
  byId<HTMLInputElement>('login-username').focus();
}

/** Says on the page what became of a sign-in link that was not followed. */
function sessionNotice(parts: (string | Node)[]): void {
  byId('session-notice').replaceChildren(...parts);
  byId('session-notice').hidden = parts.length === 0;
}

/**
 * A `#token=` link opened by someone signed in: they choose whether it replaces their session.
 * Nothing changes until they do.
 */
async function offerLink(session: Session, link: OfferedLink): Promise<void> {
  const current = { name: session.user.username, role: ROLE_LABELS[session.user.role] };
  if (!link.user) {
    sessionNotice(fill('Liên kết đăng nhập không hợp lệ hoặc đã hết hạn; bạn vẫn đăng nhập với tên {name}.', current));
    return;
  }
  const other = { name: link.user.username, role: ROLE_LABELS[link.user.role] };
  const switched = await openDialog({
    title: fill('Đổi phiên đăng nhập?'),
    body: [
      fill('Bạn đang đăng nhập với tên {name} ({role}).', current),
      fill('Liên kết vừa mở sẽ đăng nhập với tên {name} ({role}) và đăng xuất phiên hiện tại.', other),
    ],
    confirm: fillText('Chuyển sang {name}', other),
    cancel: 'Giữ phiên hiện tại',
  });
  if (switched) {
    await switchTo(session, { ...link, user: link.user });
    location.reload();
  } else sessionNotice(fill('Đã bỏ qua liên kết đăng nhập; bạn vẫn đăng nhập với tên {name}.', current));
}

/** Any refused token ends the session: back to the sign-in page. */
function endSession(error: unknown): void {
  if (error instanceof UnauthorizedError || (error instanceof Error && error.message === 'unauthorized')) {
    forget();
    location.hash = '';
    location.reload();
  } else console.error(error);
}

/** The heading of the view on screen, where keyboard users are taken after following a link. */
const visibleHeading = (): HTMLElement | null =>
  document.querySelector<HTMLElement>('#app main:not([hidden]) h2[tabindex]');

async function start(session: Session, offered?: OfferedLink): Promise<void> {
  byId('loading').hidden = true;
  byId('login').hidden = true;
  byId('app').hidden = false;
  byId('current-user').textContent = `${session.user.username} · ${ROLE_LABELS[session.user.role]}`;
  byId('today').textContent = formatLongDate(new Date());
  byId('nav-users').hidden = !mayOpen('#/users', session.user.role);
  byId('nav-share').hidden = !mayOpen('#/share', session.user.role);
  byId('nav-access').hidden = !mayOpen('#/access', session.user.role);
  byId('logout').addEventListener('click', () => {
    void signOut(session).then(() => {
      location.hash = '';
      location.reload();
    });
  });
  if (wallScreen) startWallScreen();
  else offerWallScreen();
  if (offered) void offerLink(session, offered);

  let wards: Ward[];
  try {
    wards = (await apiClient(session.token).wards.list()).sort((a, b) => byName(a.name, b.name));
  } catch (error) {
    return endSession(error);
  }
  new OverviewView(session, wards, endSession);
  const fleet = new FleetView(session, wards, endSession);
  const kiosk = new KioskView(session, wards, endSession);
  // Views off screen are built when first shown: their charts would only slow the first numbers down.
  let analysis: Promise<AnalysisView> | undefined;
  // The map and its boundaries are the heaviest part and not everyone opens it: loaded on first use.
  let map: Promise<MapView> | undefined;
  // The admin pages are for admins only: loaded when one opens them.
  const isAdmin = session.user.role === 'admin';
  let admin: Promise<AdminView> | undefined;
  // Share links, for admins and ward staff: loaded when one opens them.
  let shareLinks: Promise<ShareLinksView> | undefined;
  // Who looked at the figures, for admins and ward staff: loaded when one opens it.
  let accessLog: Promise<AccessLogView> | undefined;
  // Targets and their progress, for every role: loaded when one opens them.
  let targets: Promise<TargetsView> | undefined;
  // Kiosk days and campaigns, for every role (city officials read them): loaded when one opens them.
  let campaigns: Promise<CampaignsView> | undefined;
  // Alerts and their rules, for every role (city officials read them): loaded when one opens them.
  let alerts: Promise<AlertsView> | undefined;
  // Reports: downloads, e-mail subscriptions (and deliveries for admins): loaded when one opens them.
  let reports: Promise<ReportsView> | undefined;

  const route = () => {
    // A sign-in link pasted into the address bar of a signed-in page is offered, not followed.
    const linked = takeLinkToken();
    if (linked && linked !== session.token) void offer(linked).then((link) => offerLink(session, link), endSession);
    const current = routeFor(location.hash, session.user.role);
    for (const section of SECTIONS) byId(section).hidden = section !== current.section;
    for (const nav of NAV_LINKS) byId(nav).setAttribute('aria-current', nav === current.nav ? 'page' : 'false');
    // On a phone the links are one row that scrolls sideways: the current one is kept in sight.
    const link = byId(current.nav);
    const strip = link.parentElement;
    if (strip && strip.scrollWidth > strip.clientWidth)
      strip.scrollLeft = Math.max(0, link.offsetLeft - strip.offsetLeft - (strip.clientWidth - link.offsetWidth) / 2);
    if (current.section === 'fleet') fleet.show();
    else fleet.hide();
    if (current.section === 'map') {
      map ??= import('./views/map').then(({ MapView }) => new MapView(session, endSession));
      void map.then((view) => (byId('map').hidden ? undefined : view.show()));
    } else void map?.then((view) => view.hide());
    if (current.section === 'analysis') {
      analysis ??= import('./views/analysis').then(({ AnalysisView }) => new AnalysisView(session, wards, endSession));
      void analysis.then((view) => (byId('analysis').hidden ? undefined : view.show()));
    } else void analysis?.then((view) => view.leave());
    if (current.section === 'admin' && isAdmin) {
      admin ??= import('./views/admin/admin').then(({ AdminView }) => new AdminView(session, wards, endSession));
      void admin.then((view) => view.show());
    }
    if (current.section === 'share-links') {
      shareLinks ??= import('./views/admin/share-links').then(
        ({ ShareLinksView }) => new ShareLinksView(session, wards, endSession),
      );
      void shareLinks.then((view) => view.show());
    }
    if (current.section === 'access-log') {
      accessLog ??= import('./views/access-log').then(
        ({ AccessLogView }) => new AccessLogView(session, wards, endSession),
      );
      void accessLog.then((view) => view.show());
    }
    if (current.section === 'targets') {
      targets ??= import('./views/targets').then(({ TargetsView }) => new TargetsView(session, wards, endSession));
      void targets.then((view) => (byId('targets').hidden ? undefined : view.show()));
    } else void targets?.then((view) => view.hide());
    if (current.section === 'campaigns' || current.section === 'campaign') {
      campaigns ??= import('./views/campaigns').then(
        ({ CampaignsView }) => new CampaignsView(session, wards, endSession),
      );
      const id = current.campaignId;
      void campaigns.then((view) => (id ? view.showOne(id) : view.showList()));
    } else void campaigns?.then((view) => view.hide());
    if (current.section === 'alerts') {
      alerts ??= import('./views/alerts').then(({ AlertsView }) => new AlertsView(session, wards, endSession));
      void alerts.then((view) => view.show());
    } else void alerts?.then((view) => view.hide());
    if (current.section === 'reports') {
      reports ??= import('./views/reports').then(({ ReportsView }) => new ReportsView(session, wards, endSession));
      void reports.then((view) => view.show());
    } else void reports?.then((view) => view.hide());
    if (current.kioskId) void kiosk.show(current.kioskId);
    // A followed link leaves the focus on a link that is gone or far away; the rotation of a
    // wall screen moves no focus.
    if (document.activeElement instanceof HTMLAnchorElement) visibleHeading()?.focus();
  };
  window.addEventListener('hashchange', route);
  route();
}

async function main(): Promise<void> {
  translatePage();
  // The accessible name starts with the visible text, so speech control ("click EN") finds it.
  byId('lang').textContent = language() === 'en' ? 'VI' : 'EN';
  byId('lang').setAttribute('aria-label', language() === 'en' ? 'VI – Tiếng Việt' : 'EN – English');
  byId('lang').addEventListener('click', switchLanguage);
  byId('skip-link').addEventListener('click', (event) => {
    // Its href would change the route; it only moves the focus.
    event.preventDefault();
    (visibleHeading() ?? byId('login-username')).focus();
  });
  byId('login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const username = byId<HTMLInputElement>('login-username').value;
    const password = byId<HTMLInputElement>('login-password').value;
    signIn(username, password).then(
      (session) => void start(session),
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 429) {
          showLogin(
            fillText('Quá nhiều lần thử, vui lòng thử lại sau {seconds} giây.', {
              seconds: String(error.retryAfter ?? 60),
            }),
          );
        } else if (error instanceof ApiError && error.status === 401) {
          showLogin(t('Sai tên đăng nhập hoặc mật khẩu.'));
        } else if (error instanceof ApiError && error.status < 500) {
          showLogin(t('Máy chủ từ chối đăng nhập. Vui lòng kiểm tra tên đăng nhập và mật khẩu.'));
        } else showLogin(t('Không kết nối được máy chủ, vui lòng thử lại.'));
      },
    );
  });
  let restored: Awaited<ReturnType<typeof restoreSession>> = { session: null };
  try {
    restored = await restoreSession();
  } catch {
    forget();
  }
  if (restored.session) await start(restored.session, restored.offered);
  else showLogin();
}

void main();
