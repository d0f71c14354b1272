import type { Role, SignedInUser } from '@kiosk-pulse/contract';
import { UnauthorizedError, apiClient } from './api';
import { t } from './i18n';

export interface Session {
  token: string;
  user: SignedInUser;
}

const TOKEN_KEY = 'kioskPulse.token';
const USER_KEY = 'kioskPulse.user';

export const ROLE_LABELS: Record<Role, string> = {
  admin: t('Quản trị viên'),
  city_official: t('Cán bộ thành phố'),
  ward_staff: t('Cán bộ phường/xã'),
};

/** A `#token=` link opened while someone is signed in: offered, never swapped in silently. */
export interface OfferedLink {
  token: string;
  /** Who the link signs in as; null when the server refuses its token. */
  user: SignedInUser | null;
}

export interface Restored {
  session: Session | null;
  offered?: OfferedLink;
}

/** The token of a `#token=…` address, taken out of the address bar (and the history) at once. */
export function takeLinkToken(): string | null {
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (token) history.replaceState(null, '', location.pathname + location.search);
  return token;
}

const whoIs = async (token: string): Promise<SignedInUser> => (await apiClient(token).auth.me()).user;

/** The link's user, or null when its token is refused; other failures are thrown. */
export async function offer(token: string): Promise<OfferedLink> {
  try {
    return { token, user: await whoIs(token) };
  } catch (error) {
    if (error instanceof UnauthorizedError) return { token, user: null };
    throw error;
  }
}

/**
 * The stored session, or one made from a link's #token=…. A link never replaces a session that
 * is still good: it is offered instead, and the person signed in chooses.
 */
export async function restoreSession(): Promise<Restored> {
  const fromLink = takeLinkToken();
  const stored = storedSession();
  if (!fromLink || stored?.token === fromLink) return { session: stored };
  if (stored) {
    const good = await whoIs(stored.token).then(
      () => true,
      (error: unknown) => !(error instanceof UnauthorizedError),
    );
    if (good) return { session: stored, offered: await offer(fromLink) };
    forget();
  }
  return { session: save({ token: fromLink, user: await whoIs(fromLink) }) };
}

/** Takes the offered link's session in place of the current one, which is signed out. */
export async function switchTo(current: Session, link: OfferedLink & { user: SignedInUser }): Promise<void> {
  await signOut(current);
  save({ token: link.token, user: link.user });
}

function storedSession(): Session | null {
  const token = localStorage.getItem(TOKEN_KEY);
  const user = localStorage.getItem(USER_KEY);
  return token && user ? { token, user: JSON.parse(user) as SignedInUser } : null;
}

export async function signIn(username: string, password: string): Promise<Session> {
  const answer = await apiClient(null).auth.login({ body: { username, password } });
  return save(answer);
}

export async function signOut(session: Session): Promise<void> {
  await apiClient(session.token)
    .auth.logout()
    .catch(() => undefined);
  forget();
}

export function forget(): void {
  localStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(USER_KEY);
}

function save(session: Session): Session {
  localStorage.setItem(TOKEN_KEY, session.token);
  localStorage.setItem(USER_KEY, JSON.stringify(session.user));
  return session;
}
