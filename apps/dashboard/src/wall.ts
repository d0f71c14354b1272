import { byId } from './dom';

const params = new URLSearchParams(location.search);

/** `?wall=1`: the dashboard on a wall screen, read from across a room. */
export const wallScreen = params.has('wall');

/**
 * How much type grows on a big screen: with the screen, as the page's rem does (styles.css),
 * half as large again on a 1920 x 1080 screen, as is on 1280 x 720 (and on a phone), never smaller.
 */
export const screenScale = (): number => Math.max(1, Math.min(window.innerWidth / 1280, window.innerHeight / 720));

/** How much a wall screen's type grows (screenScale); the ordinary dashboard's does not. */
export const wallScale = (): number => (wallScreen ? screenScale() : 1);

/** Chart text grows with the page's type on a wall screen (ECharts sizes are in pixels, not rem). */
export const textSize = (px: number): number => Math.round(px * wallScale());

/** The views a wall screen shows in turn; the admin pages are no wall material. */
export const WALL_VIEWS = ['#/', '#/analysis', '#/map', '#/kiosks'];

const DEFAULT_SECONDS = 30;

/**
 * Moves to the next view every few seconds. Anyone can pause it to read a view for longer:
 * content that moves by itself must be stoppable (WCAG 2.2.2).
 */
class Rotation {
  private timer: number | undefined;

  constructor(private readonly seconds: number) {}

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    this.timer ??= window.setInterval(() => this.next(), this.seconds * 1000);
  }

  stop(): void {
    window.clearInterval(this.timer);
    this.timer = undefined;
  }

  private next(): void {
    const index = WALL_VIEWS.indexOf(location.hash || '#/');
    location.hash = WALL_VIEWS[(index + 1) % WALL_VIEWS.length];
  }
}

/** Turns the page into a wall screen: large type, the views in turn, full screen on request. */
export function startWallScreen(): void {
  document.documentElement.classList.add('wall');
  byId('wall-bar').hidden = false;
  const rotation = new Rotation(Math.max(1, Number(params.get('every')) || DEFAULT_SECONDS));
  rotation.start();
  const pause = byId('wall-pause');
  pause.addEventListener('click', () => {
    if (rotation.running) rotation.stop();
    else rotation.start();
    pause.setAttribute('aria-pressed', String(!rotation.running));
  });
  // Browsers allow full screen only from a user's gesture, never on load.
  byId('wall-fullscreen').addEventListener('click', () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void document.documentElement.requestFullscreen();
  });
  byId('wall-exit').addEventListener('click', () => {
    const url = new URL(location.href);
    url.searchParams.delete('wall');
    url.searchParams.delete('every');
    location.assign(url);
  });
}

/** The button in the ordinary header that opens the same view as a wall screen. */
export function offerWallScreen(): void {
  byId('wall-open').addEventListener('click', () => {
    const url = new URL(location.href);
    url.searchParams.set('wall', '1');
    location.assign(url);
  });
}
