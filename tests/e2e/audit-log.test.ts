import { startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';

interface Entry {
  id: number;
  action: string;
  actor: string;
  targetType: string;
  targetId: string;
  targetName: string | null;
}

/** The audit log names what each entry is about, as it is called now, and pages back with a cursor. */
describe('audit log', () => {
  let test: TestApp;
  const url = (path: string) => `${test.url}${path}`;

  beforeAll(async () => {
    test = await startTestApp({ worker: false });
  });

  afterAll(async () => {
    await test?.close();
  });

  it('names each target by its current name: user, kiosk (after a rename), token, ward', async () => {
    const user = await call(url('/api/v1/users'), {
      json: { username: 'ward.saigon', password: 'ward.saigon-password', role: 'ward_staff', wardCode: '26740' },
    });
    expect(user.status).toBe(201);
    const kiosk = await call(url('/api/v1/kiosks'), { json: { wardCode: '26740', label: 'Nhà văn hóa' } });
    expect(kiosk.status).toBe(201);
    const renamed = await call(url(`/api/v1/kiosks/${kiosk.body.id}`), {
      method: 'PATCH',
      json: { label: 'Nhà văn hóa khu phố 1' },
    });
    expect(renamed.status).toBe(200);
    const token = await call(url('/api/v1/tokens'), { json: { name: 'wall screen', role: 'city_official' } });
    expect(token.status).toBe(201);
    const population = await call(url('/api/v1/wards/26977/population'), {
      method: 'PUT',
      json: { total: 50_000, source: 'test', asOf: '2026-01-01' },
    });
    expect(population.status).toBe(200);

    const log = await call<Entry[]>(url('/api/v1/audit'));
    expect(log.status).toBe(200);
    const about = (action: string) => log.body.filter((entry) => entry.action === action);
    expect(about('user.create')).toEqual([
      expect.objectContaining({ targetId: user.body.id, targetName: 'ward.saigon', actor: 'admin-token' }),
    ]);
    // Both kiosk entries carry the label it has now.
    expect([...about('kiosk.create'), ...about('kiosk.rename')].map((entry) => entry.targetName)).toEqual([
      'Nhà văn hóa khu phố 1',
      'Nhà văn hóa khu phố 1',
    ]);
    expect(about('token.create')).toEqual([expect.objectContaining({ targetName: 'wall screen' })]);
    expect(about('ward.population')).toEqual([
      expect.objectContaining({ targetId: '26977', targetName: 'Phường Tân Sơn Hòa' }),
    ]);
  });

  it('pages back with limit and before, newest first, without a gap or an overlap', async () => {
    for (let index = 0; index < 7; index++) {
      const created = await call(url('/api/v1/kiosks'), { json: { wardCode: '26740', label: `Kiosk ${index}` } });
      expect(created.status).toBe(201);
    }
    const all = (await call<Entry[]>(url('/api/v1/audit?limit=500'))).body;
    const paged: Entry[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await call<Entry[]>(url(`/api/v1/audit?limit=3${before ? `&before=${before}` : ''}`));
      expect(page.status).toBe(200);
      expect(page.body.length).toBeLessThanOrEqual(3);
      paged.push(...page.body);
      if (page.body.length < 3) break;
      before = page.body.at(-1)?.id;
    }
    expect(paged.map((entry) => entry.id)).toEqual(all.map((entry) => entry.id));
    expect(all.map((entry) => entry.id)).toEqual([...all.map((entry) => entry.id)].sort((a, b) => b - a));
    expect(paged.filter((entry) => entry.action === 'kiosk.create').map((entry) => entry.targetName)).toEqual(
      expect.arrayContaining(['Kiosk 0', 'Kiosk 6']),
    );
  });
});
