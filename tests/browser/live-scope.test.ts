import { useDashboard, type Person } from '../support/browser';
import { afterFrames, CHANH_HIEP, createKiosk, createUser, post, visits, waitForPeople } from './fixtures';

/**
 * The /live socket between the page and the real server, watched at the network layer: a push
 * for the scope left behind is not shown, and the page says "live" only once the server has
 * agreed to follow the scope on screen.
 */
describe('live updates and the scope on screen', () => {
  const test = useDashboard();
  let official: Person;

  beforeAll(async () => {
    const saiGon = await createKiosk(test.url, '26740', 'Nhà văn hóa khu phố 1');
    const chanhHiep = await createKiosk(test.url, CHANH_HIEP, 'UBND phường');
    official = await createUser(test.url, 'official', 'city_official', null);
    await post(test.url, saiGon.key, visits(6, Date.now(), '65_74'));
    await post(test.url, chanhHiep.key, visits(2, Date.now(), '31_44'));
    await waitForPeople(test.url, {}, 8);
  });

  it("ignores the city's counts arriving after a ward was chosen, and waits for the server's yes", async () => {
    const page = await test.page();
    let cityCounts: string | undefined;
    let sendToPage: (message: string) => void = () => undefined;
    let holdWardAnswer = true;
    let heldAnswer: (() => void) | undefined;
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      const server = ws.connectToServer();
      sendToPage = (message) => ws.send(message);
      ws.onMessage((message) => server.send(message));
      server.onMessage((message) => {
        const text = String(message);
        // Socket.IO frames: 42/live,["counts",{…}] is a push, 43/live,<id>[…] an answer.
        if (text.startsWith('42/live,["counts"') && text.includes('"wardCode":null')) cityCounts = text;
        if (holdWardAnswer && text.startsWith('43/live,') && text.includes(`ward:${CHANH_HIEP}`)) {
          heldAnswer = () => ws.send(text);
          return;
        }
        ws.send(text);
      });
    });
    await test.signIn(page, official);
    await page.waitForSelector('#kpi-people:text-is("8")');
    await page.waitForSelector('#status[data-state="live"]');
    expect(cityCounts).toBeDefined();

    await page.selectOption('#ward', CHANH_HIEP);
    await page.waitForSelector('#kpi-people:text-is("2")');
    // The server has not said yes to the ward yet: not live.
    expect(await page.getAttribute('#status', 'data-state')).not.toBe('live');
    holdWardAnswer = false;
    heldAnswer?.();
    await page.waitForSelector('#status[data-state="live"]');

    // The city's counts, late: the ward's stay on screen.
    sendToPage(cityCounts ?? '');
    await afterFrames(page);
    expect(await page.textContent('#kpi-people')).toBe('2');
    expect(await page.textContent('#scope-title')).toContain('Chánh Hiệp');
    await page.context().close();
  });
});
