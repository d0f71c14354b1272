import { randomUUID } from 'node:crypto';
import { kioskClock } from '@kiosk-pulse/demo';
import { CHANH_HIEP, SAI_GON, createUser } from '../browser/fixtures';
import { call } from './http';

/*
 * The set-up the ward-scoped features' e2e tests share (campaigns, targets): a city official and
 * staff of two wards, signed in, and a kiosk's visits and outcomes as the kiosk app sends them.
 */

export const WARD_PEOPLE = [
  ['official', 'city_official', null],
  ['staff.saigon', 'ward_staff', SAI_GON],
  ['staff.chanhhiep', 'ward_staff', CHANH_HIEP],
] as const;

/** Each of WARD_PEOPLE made and signed in: their sign-in tokens by username. */
export async function signInWardPeople(baseUrl: string): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const [username, role, ward] of WARD_PEOPLE) {
    const user = await createUser(baseUrl, username, role, ward);
    const signedIn = await call(`${baseUrl}/api/v1/auth/login`, { token: null, json: user });
    if (signedIn.status !== 200) throw new Error(`${username} could not sign in: ${signedIn.status}`);
    tokens[username] = signedIn.body.token;
  }
  return tokens;
}

/** `count` visits of `ageGroup` helped by a youth volunteer, from `first` (ms), `stepMs` apart. */
export const visitEvents = (first: number, count: number, ageGroup: string, stepMs: number): object[] =>
  Array.from({ length: count }, (_, index) => ({
    id: randomUUID(),
    type: 'visit_started',
    occurredAt: kioskClock(first + index * stepMs),
    ageGroup,
    helperRole: 'youth_volunteer',
  }));

/** `count` outcomes from `first` (ms), `stepMs` apart. */
export const outcomeEvents = (first: number, count: number, outcome: string, stepMs: number): object[] =>
  Array.from({ length: count }, (_, index) => ({
    id: randomUUID(),
    type: 'outcome_recorded',
    occurredAt: kioskClock(first + index * stepMs),
    outcome,
  }));
