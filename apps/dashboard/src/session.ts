import { request } from './api';
import { t } from './i18n';

export type Role = 'admin' | 'city_official' | 'ward_staff';

export interface SessionUser {
  id: string | null;
  username: string;
  role: Role;
  wardCode: string | null;
}

export interface Session {
  token: string;
  user: SessionUser;
}

const TOKEN_KEY = 'kioskPulse.token';
const USER_KEY = 'kioskPulse.user';

export const ROLE_LABELS: Record<Role, string> = {
  admin: t('Quản trị'),
  city_official: t('Cán bộ thành phố'),
  ward_staff: t('Cán bộ phường/xã'),
};

/** The stored session, or one made from a link's #token=… (removed from the address bar). */
export async function restoreSession(): Promise<Session | null> {
  const fromLink = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromLink) {
    history.replaceState(null, '', location.pathname + location.search);
    const { user } = await request<{ user: SessionUser }>('GET', '/api/v1/auth/me', fromLink);
    return save({ token: fromLink, user });
  }
  const token = localStorage.getItem(TOKEN_KEY);
  const user = localStorage.getItem(USER_KEY);
  return token && user ? { token, user: JSON.parse(user) as SessionUser } : null;
}

export async function signIn(username: string, password: string): Promise<Session> {
  const answer = await request<Session>('POST', '/api/v1/auth/login', null, { body: { username, password } });
  return save(answer);
}

export async function signOut(session: Session): Promise<void> {
  await request('POST', '/api/v1/auth/logout', session.token).catch(() => undefined);
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
