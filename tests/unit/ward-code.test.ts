import type { Principal } from '../../apps/api/src/access/principal';
import { wardCode, wardRefusal } from '../../apps/api/src/wards/ward-code';

const principal = (role: Principal['role'], ward: string | null = null): Principal => ({
  actor: `user:${role}`,
  role,
  wardCode: ward,
  userId: null,
  ownerId: null,
});

describe('wardCode', () => {
  it('takes five digits only', () => {
    expect(wardCode.safeParse('26734').success).toBe(true);
    for (const bad of ['2673', '267340', '2673a', ' 26734', '']) {
      const parsed = wardCode.safeParse(bad);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0].message).toBe('must be a 5-digit ward code');
    }
  });
});

describe('wardRefusal', () => {
  it('refuses an unknown ward with 400, before asking who reads it', () => {
    const refusal = wardRefusal('99999', false, principal('ward_staff', '26734'));
    expect(refusal?.getStatus()).toBe(400);
    expect(refusal?.message).toBe('unknown ward 99999');
  });

  it("refuses ward staff another ward's full figures with 403", () => {
    const refusal = wardRefusal('26737', true, principal('ward_staff', '26734'));
    expect(refusal?.getStatus()).toBe(403);
    expect(refusal?.message).toBe('no access to ward 26737');
  });

  it('lets ward staff read their own ward, and everyone else every ward', () => {
    expect(wardRefusal('26734', true, principal('ward_staff', '26734'))).toBeUndefined();
    expect(wardRefusal('26737', true, principal('city_official'))).toBeUndefined();
    expect(wardRefusal('26737', true, principal('admin'))).toBeUndefined();
  });

  it('without a principal, checks only that the ward exists', () => {
    expect(wardRefusal('26737', true)).toBeUndefined();
    expect(wardRefusal('99999', false)?.getStatus()).toBe(400);
  });
});
