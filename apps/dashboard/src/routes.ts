/** Which view an address shows: `#/…` picks a view, `#/kiosks/<id>` one kiosk's page. */
export interface Route {
  /** The id of the <main> element shown. */
  section: string;
  /** The id of the navigation link marked as the current page. */
  nav: string;
  kioskId?: string;
}

const VIEWS: Record<string, Route> = {
  '#/': { section: 'board', nav: 'nav-overview' },
  '#/analysis': { section: 'analysis', nav: 'nav-analysis' },
  '#/map': { section: 'map', nav: 'nav-map' },
  '#/kiosks': { section: 'fleet', nav: 'nav-kiosks' },
  '#/users': { section: 'admin', nav: 'nav-users' },
};

export const SECTIONS = [...Object.values(VIEWS).map((view) => view.section), 'kiosk'];
export const NAV_LINKS = Object.values(VIEWS).map((view) => view.nav);

const KIOSK_PAGE = /^#\/kiosks\/([0-9a-f-]{36})$/i;

/** Unknown addresses, and the users page for anyone but an admin, show the overview. */
export function routeFor(hash: string, isAdmin: boolean): Route {
  const kiosk = KIOSK_PAGE.exec(hash);
  if (kiosk) return { section: 'kiosk', nav: 'nav-kiosks', kioskId: kiosk[1].toLowerCase() };
  if (hash === '#/users' && !isAdmin) return VIEWS['#/'];
  return VIEWS[hash] ?? VIEWS['#/'];
}
