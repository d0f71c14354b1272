import { UNDO_WINDOW_MS, type HelperRole, type PairedKiosk, type Rating } from '@kiosk-pulse/contract';
import { IndexedDbEventStore, KioskClient, type KioskClientStatus, type TrackInput } from '@kiosk-pulse/kiosk-client';
import type { KioskApp, ScreenName } from './app-types';
import {
  countVisit,
  helperRole,
  keepLastVisit,
  keptLastVisit,
  keepHelperRole,
  keepLastSentAt,
  keepPairedKiosk,
  lastSentAt,
  pairedKiosk,
  uncountVisit,
  type LastVisit,
} from './device';
import { h } from './dom';
import { language, setLanguage, t, type Language } from './i18n';
import { pair } from './pairing';
import { pairScreen } from './screens/pair';
import { roleScreen } from './screens/role';
import { settingsScreen } from './screens/settings';
import { ageScreen, outcomesScreen, startScreen } from './screens/volunteer';
import { showStatus, statusStrip } from './status';
import type { SelfService } from './self-service';
import { newVisit, visitEvents, type Visit } from './visit';

const STATUS_EVERY_MS = 1_000;
const VOLUNTEER_SCREENS: readonly ScreenName[] = ['start', 'age', 'outcomes'];
const SELF_SERVICE_SCREENS: readonly ScreenName[] = ['self-start', 'self-age', 'guides', 'guide', 'guide-done'];
/** Screens with a resident on them: a refused key waits until the resident is done. */
const WITH_RESIDENT: readonly ScreenName[] = ['age', 'outcomes', 'self-age', 'guides', 'guide', 'guide-done'];

/**
 * The kiosk app: which screen shows, the kiosk client that keeps and sends the events, and the
 * status strip. Recording a visit only writes to the device; the client sends in the background.
 */
export class App implements KioskApp {
  paired: PairedKiosk | null = pairedKiosk();
  visit: Visit | null = null;
  private client: KioskClient | undefined;
  private readonly store = new IndexedDbEventStore('kiosk-pulse-kiosk');
  private screen: ScreenName = 'pair';
  private keyRefused = false;
  private status: KioskClientStatus | null = null;
  private last: LastVisit | null = null;
  private rateable = false;
  // Self-service mode is a chunk of its own, loaded on a self-service device only.
  private selfServiceMode: typeof import('./self-service-mode') | undefined;
  private session: SelfService | undefined;

  constructor(private readonly root: HTMLElement) {}

  start(pairingCode: string | undefined): void {
    setLanguage(language());
    this.root.replaceChildren(
      h('header', { id: 'top', class: 'top' }),
      h('main', { id: 'screen', class: 'main' }),
      statusStrip(),
    );
    if (this.paired) this.startClient(this.paired.key);
    const kept = keptLastVisit();
    if (kept) this.keepForUndo(kept);
    addEventListener('online', () => {
      this.client?.retryNow();
      void this.refreshStatus();
    });
    addEventListener('offline', () => void this.refreshStatus());
    // Any touch or key keeps a self-service resident's session alive.
    for (const type of ['pointerdown', 'keydown'] as const) {
      addEventListener(type, () => this.session?.touch(), { capture: true, passive: true });
    }
    setInterval(() => void this.refreshStatus(), STATUS_EVERY_MS);
    void this.refreshStatus();
    if (pairingCode !== undefined) this.showPairing(pairingCode);
    else this.show(this.paired ? 'start' : 'pair');
  }

  show(screen: ScreenName, options: { message?: string } = {}): void {
    const role = this.role();
    const selfService = role === 'self_service';
    if (!this.paired && screen !== 'pair') screen = 'pair';
    else if (this.keyRefused && ['start', 'self-start', 'pair'].includes(screen)) screen = 'repair';
    else if (this.paired && !role && [...VOLUNTEER_SCREENS, ...SELF_SERVICE_SCREENS].includes(screen)) screen = 'role';
    else if (selfService && VOLUNTEER_SCREENS.includes(screen)) screen = 'self-start';
    else if (!selfService && SELF_SERVICE_SCREENS.includes(screen)) screen = 'start';
    if (SELF_SERVICE_SCREENS.includes(screen) && !this.selfServiceMode) {
      const wanted = screen;
      void this.loadSelfService().then(() => this.show(wanted, options));
      return;
    }
    this.screen = screen;
    this.drawHeader();
    this.mount(this.draw(screen, options.message ?? ''));
  }

  private showPairing(code: string): void {
    this.screen = 'pair';
    this.drawHeader();
    this.mount(pairScreen(this, { repair: false, code }));
  }

  private draw(screen: ScreenName, message: string): HTMLElement {
    switch (screen) {
      case 'pair':
        return pairScreen(this, { repair: false });
      case 'repair':
        return pairScreen(this, { repair: true });
      case 'role':
        return roleScreen(this);
      case 'start':
        return startScreen(this, message);
      case 'age':
        return ageScreen(this);
      case 'outcomes':
        return outcomesScreen(this);
      case 'settings':
        return settingsScreen(this);
      case 'self-start':
      case 'self-age':
      case 'guides':
      case 'guide':
      case 'guide-done':
        return this.loadedSelfServiceMode().screens[screen](this);
    }
  }

  private mount(element: HTMLElement): void {
    const main = document.getElementById('screen');
    if (!main) return;
    main.replaceChildren(element);
    main.dataset.screen = this.screen;
    element.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }

  private drawHeader(): void {
    const top = document.getElementById('top');
    if (!top) return;
    const other: { language: Language; name: string } =
      language() === 'vi' ? { language: 'en', name: 'English' } : { language: 'vi', name: 'Tiếng Việt' };
    const midVisit = WITH_RESIDENT.includes(this.screen);
    top.replaceChildren(
      h(
        'div',
        { class: 'who' },
        this.paired
          ? h(
              'p',
              { translate: 'no' },
              h('strong', {}, this.paired.label),
              h('span', { class: 'ward' }, this.paired.wardName),
            )
          : h('p', {}, h('strong', {}, 'Kiosk Pulse')),
      ),
      h(
        'div',
        { class: 'tools' },
        h(
          'button',
          {
            id: 'language',
            type: 'button',
            class: 'button small',
            lang: other.language,
            onclick: () => {
              this.chooseLanguage(other.language);
              this.show(this.screen);
            },
          },
          other.name,
        ),
        this.paired &&
          !midVisit &&
          this.screen !== 'settings' &&
          !this.keyRefused &&
          h(
            'button',
            { id: 'settings', type: 'button', class: 'button small', onclick: () => this.show('settings') },
            t('Cài đặt'),
          ),
      ),
    );
  }

  async pairWith(code: string): Promise<string | null> {
    const result = await pair(code);
    if (!result.ok) return result.message;
    this.paired = result.kiosk;
    keepPairedKiosk(result.kiosk);
    this.keyRefused = false;
    if (this.client) this.client.setKey(result.kiosk.key);
    else this.startClient(result.kiosk.key);
    this.show('start', {
      message: t('Đã ghép nối với {kiosk}.', { kiosk: `${result.kiosk.label}, ${result.kiosk.wardName}` }),
    });
    void this.refreshStatus();
    return null;
  }

  async finishVisit(): Promise<boolean> {
    const visit = this.visit;
    const role = this.role();
    if (!visit?.ageGroup || !role || role === 'self_service' || !this.client) return false;
    const doneAt = new Date();
    try {
      const events = await this.client.trackAll(visitEvents({ ...visit, ageGroup: visit.ageGroup }, role, doneAt));
      this.keepForUndo({
        ageGroup: visit.ageGroup,
        ids: events.map((event) => event.id),
        undoUntil: doneAt.getTime() + UNDO_WINDOW_MS,
      });
    } catch {
      return false;
    }
    this.visit = null;
    this.rateable = true;
    const today = countVisit();
    this.show('start', {
      message: `${t('Đã ghi lượt hỗ trợ.')} ${t('Hôm nay máy này đã ghi {n} lượt.', { n: today })}`,
    });
    void this.refreshStatus();
    return true;
  }

  lastVisit(): LastVisit | null {
    return this.last && Date.now() <= this.last.undoUntil ? this.last : null;
  }

  async undoLastVisit(): Promise<boolean> {
    const last = this.lastVisit();
    if (!last || !this.client) return false;
    try {
      await this.client.trackAll(last.ids.map((id) => ({ type: 'entry_undone', undoes: id })));
    } catch {
      return false;
    }
    this.forgetLastVisit();
    this.rateable = false;
    const today = uncountVisit();
    this.show('start', {
      message: `${t('Đã hoàn tác lượt vừa ghi.')} ${t('Hôm nay máy này đã ghi {n} lượt.', { n: today })}`,
    });
    void this.refreshStatus();
    return true;
  }

  beginVisit(): void {
    this.visit = newVisit();
    this.rateable = false;
    this.show('age');
  }

  canRate(): boolean {
    return this.rateable && this.visit === null;
  }

  async rateLastVisit(rating: Rating): Promise<boolean> {
    const role = this.role();
    if (!this.canRate() || !role || role === 'self_service' || !this.client) return false;
    try {
      // Nothing about the resident but the answer: the helper's role says who helped.
      const [event] = await this.client.trackAll([{ type: 'visit_rated', rating, helperRole: role }]);
      // An undo of the visit takes its rating back too.
      if (this.last) {
        this.last.ids.push(event.id);
        keepLastVisit(this.last);
      }
    } catch {
      return false;
    }
    this.rateable = false;
    return true;
  }

  /** Offers the undo until the server would refuse it, then takes the button away. */
  private keepForUndo(last: LastVisit): void {
    this.last = last;
    keepLastVisit(last);
    setTimeout(() => {
      if (this.last !== last) return;
      this.forgetLastVisit();
      document.getElementById('last-visit')?.remove();
    }, last.undoUntil - Date.now());
  }

  private forgetLastVisit(): void {
    this.last = null;
    keepLastVisit(null);
  }

  role(): HelperRole | null {
    return helperRole();
  }

  chooseRole(role: HelperRole): void {
    keepHelperRole(role);
  }

  chooseLanguage(chosen: Language): void {
    setLanguage(chosen);
    // The strip changes with the screen, not a moment later.
    showStatus(this.status, lastSentAt());
  }

  async pending(): Promise<number> {
    return this.store.size();
  }

  get selfService(): SelfService {
    if (!this.session) throw new Error('self-service mode is not loaded');
    return this.session;
  }

  private async loadSelfService(): Promise<void> {
    const mode = (this.selfServiceMode ??= await import('./self-service-mode'));
    this.session ??= new mode.SelfService({
      track: (events) => this.track(events),
      showStart: () => this.show('self-start'),
    });
  }

  private loadedSelfServiceMode(): typeof import('./self-service-mode') {
    if (!this.selfServiceMode) throw new Error('self-service mode is not loaded');
    return this.selfServiceMode;
  }

  private track(events: TrackInput[]): Promise<unknown> {
    if (!this.client) return Promise.reject(new Error('not paired'));
    return this.client.trackAll(events).finally(() => void this.refreshStatus());
  }

  private startClient(key: string): void {
    this.client = new KioskClient({
      apiUrl: location.origin,
      kioskKey: key,
      store: this.store,
      appVersion: __APP_VERSION__,
      // A community hall's Wi-Fi comes back within minutes; the 'online' event cuts the wait short.
      backoff: { baseMs: 1_000, maxMs: 60_000 },
      onKeyRefused: () => this.refuseKey(),
    });
    this.client.start();
  }

  /** The server refused the key: the re-pair screen, unless a visit is being filled in (it comes after Done). */
  private refuseKey(): void {
    this.keyRefused = true;
    if (!WITH_RESIDENT.includes(this.screen) && this.screen !== 'repair') this.show('repair');
  }

  private async refreshStatus(): Promise<void> {
    this.status = this.client ? await this.client.status() : null;
    const sentAt = this.status?.lastSentAt ?? null;
    if (sentAt !== null && sentAt !== lastSentAt()) keepLastSentAt(sentAt);
    showStatus(this.status, lastSentAt());
  }
}
