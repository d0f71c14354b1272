import { artifact, useDashboard, type Person } from '../support/browser';
import { call } from '../support/http';
import { CHANH_HIEP, createKiosk, createUser, post, SAI_GON, shown, visits, waitForPeople } from './fixtures';

/** Kiosk pages: ward staff reach their own ward's, and get nothing of another ward's, in the page or the API. */
describe('kiosk pages and ward scope', () => {
  const test = useDashboard();
  let own: { id: string; key: string };
  let other: { id: string; key: string };
  let staff: Person;
  let official: Person;

  beforeAll(async () => {
    own = await createKiosk(test.url, SAI_GON, 'Nhà văn hóa khu phố 1');
    other = await createKiosk(test.url, CHANH_HIEP, 'Kiosk Chánh Hiệp bí mật');
    staff = await createUser(test.url, 'ward.saigon', 'ward_staff', SAI_GON);
    official = await createUser(test.url, 'official', 'city_official', null);
    await post(test.url, own.key, visits(7, Date.now(), '65_74'));
    await post(test.url, other.key, visits(2, Date.now(), '31_44'));
    await waitForPeople(test.url, {}, 9);
  });

  it("opens a ward's own kiosk from the fleet, with the API's figures", async () => {
    const page = await test.open(staff);
    await page.click('#nav-kiosks');
    await page.waitForSelector('#kiosk-table tbody tr');
    expect(await page.$$eval('#kiosk-table tbody tr', (rows) => rows.length)).toBe(1);
    await page.screenshot({ path: artifact('fleet.png') });
    await page.click(`#kiosk-table a[href="#/kiosks/${own.id}"]`);
    await page.waitForSelector('#kiosk-title:text-is("Nhà văn hóa khu phố 1")');
    const token = (await call(`${test.url}/api/v1/auth/login`, { token: null, json: staff })).body.token as string;
    const fleet = (await call(`${test.url}/api/v1/kiosks`, { token })).body as {
      id: string;
      today: { peopleReached: number; guidesCompleted: number };
    }[];
    const kiosk = fleet.find((candidate) => candidate.id === own.id);
    expect(kiosk?.today.peopleReached).toBe(7);
    expect(await page.textContent('#kiosk-people')).toBe(shown(kiosk?.today.peopleReached ?? -1));
    expect(await page.textContent('#kiosk-guides')).toBe(shown(kiosk?.today.guidesCompleted ?? -1));
    expect(await page.textContent('#kiosk-guide-table tbody tr:has-text("VNeID") td:nth-child(2)')).toBe('7');
    // A kiosk's figures are totals only: too small a unit to split by age (docs/privacy.md).
    expect(await page.$('#kiosk-ages')).toBeNull();
    expect(await page.isVisible('#kiosk-missing')).toBe(false);
    await page.screenshot({ path: artifact('kiosk.png') });
    await page.context().close();
  });

  it("shows ward staff nothing of another ward's kiosk page, and the API refuses it", async () => {
    const page = await test.open(staff);
    await page.goto(`${test.url}/#/kiosks/${other.id}`);
    await page.waitForSelector('#kiosk-missing', { state: 'visible' });
    expect(await page.isVisible('#kiosk-details')).toBe(false);
    expect(await page.textContent('body')).not.toContain('Chánh Hiệp bí mật');
    await page.screenshot({ path: artifact('kiosk-other-ward.png') });
    await page.context().close();

    const token = (await call(`${test.url}/api/v1/auth/login`, { token: null, json: staff })).body.token as string;
    const fleet = await call<{ id: string }[]>(`${test.url}/api/v1/kiosks`, { token });
    expect(fleet.status).toBe(200);
    expect(fleet.body.map((kiosk) => kiosk.id)).toEqual([own.id]);
    // The page's own request: the other ward's kiosk is not found, as if it did not exist.
    const otherKiosk = await call(`${test.url}/api/v1/kiosks/${other.id}`, { token });
    expect(otherKiosk.status).toBe(404);
    expect(JSON.stringify(otherKiosk.body)).not.toContain('Chánh Hiệp bí mật');
    expect((await call(`${test.url}/api/v1/kiosks/${own.id}`, { token })).body).toMatchObject({
      id: own.id,
      wardCode: SAI_GON,
      status: expect.any(String),
    });
    // The other ward's kiosk figures are refused; without a ward, the user's own ward's come.
    expect((await call(`${test.url}/api/v1/stats/kiosks?wardCode=${CHANH_HIEP}`, { token })).status).toBe(403);
    const figures = await call(`${test.url}/api/v1/stats/kiosks`, { token });
    expect(figures.body.wardCode).toBe(SAI_GON);
    expect(figures.body.kiosks.map((kiosk: { kioskId: string }) => kiosk.kioskId)).toEqual([own.id]);
    const breakdown = await call(`${test.url}/api/v1/stats/summary?wardCode=${CHANH_HIEP}`, { token });
    expect(breakdown.status).toBe(403);
    const rename = await call(`${test.url}/api/v1/kiosks/${other.id}`, {
      method: 'PATCH',
      token,
      json: { label: 'taken over' },
    });
    // Not found, as an unknown id is: a ward's staff are not told another ward's kiosk exists.
    expect(rename.status).toBe(404);
  });

  it('shows the same page to a city official, who may read every kiosk', async () => {
    const page = await test.open(official);
    await page.goto(`${test.url}/#/kiosks/${other.id}`);
    await page.waitForSelector('#kiosk-title:text-is("Kiosk Chánh Hiệp bí mật")');
    expect(await page.textContent('#kiosk-people')).toBe('2');
    expect(await page.isVisible('#kiosk-missing')).toBe(false);
    await page.context().close();
  });
});
