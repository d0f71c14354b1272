import type { Role } from '@kiosk-pulse/contract';

/** Which view an address shows: `#/…` picks a view, `#/kiosks/<id>` one kiosk's page. */
export interface Route {
  /** The id of the <main> element shown. */
  section: string;
  /** The id of the navigation link marked as the current page. */
  nav: string;
  kioskId?: string;
  campaignId?: string;
}

const VIEWS: Record<string, Route> = {
  '#/': { section: 'board', nav: 'nav-overview' },
  '#/analysis': { section: 'analysis', nav: 'nav-analysis' },
  '#/map': { section: 'map', nav: 'nav-map' },
  '#/kiosks': { section: 'fleet', nav: 'nav-kiosks' },
  '#/targets': { section: 'targets', nav: 'nav-targets' },
  '#/campaigns': { section: 'campaigns', nav: 'nav-campaigns' },
  '#/alerts': { section: 'alerts', nav: 'nav-alerts' },
  '#/reports': { section: 'reports', nav: 'nav-reports' },
  '#/users': { section: 'admin', nav: 'nav-users' },
  '#/share': { section: 'share-links', nav: 'nav-share' },
  '#/access': { section: 'access-log', nav: 'nav-access' },
};

/** The views for some roles only (the server refuses the others anyway): the rest are everyone's. */
const ONLY_FOR: Record<string, readonly Role[]> = {
  '#/users': ['admin'],
  // Share links: an admin's for the city or any ward, ward staff's for their own ward.
  '#/share': ['admin', 'ward_staff'],
  // Who read which figures: an admin's of every ward and the city, ward staff's of their own ward.
  '#/access': ['admin', 'ward_staff'],
};

/** May a user of this role open the view at `hash`? */
export const mayOpen = (hash: string, role: Role): boolean => ONLY_FOR[hash]?.includes(role) ?? true;

export const SECTIONS = [...Object.values(VIEWS).map((view) => view.section), 'kiosk', 'campaign'];
export const NAV_LINKS = Object.values(VIEWS).map((view) => view.nav);

const KIOSK_PAGE = /^#\/kiosks\/([0-9a-f-]{36})$/i;
const CAMPAIGN_PAGE = /^#\/campaigns\/([0-9a-f-]{36})$/i;

/** Unknown addresses, and a view the user's role may not open, show the overview. */
export function routeFor(hash: string, role: Role): Route {
  const kiosk = KIOSK_PAGE.exec(hash);
  if (kiosk) return { section: 'kiosk', nav: 'nav-kiosks', kioskId: kiosk[1].toLowerCase() };
  const campaign = CAMPAIGN_PAGE.exec(hash);
  if (campaign) return { section: 'campaign', nav: 'nav-campaigns', campaignId: campaign[1].toLowerCase() };
  if (!mayOpen(hash, role)) return VIEWS['#/'];
  return VIEWS[hash] ?? VIEWS['#/'];
}
