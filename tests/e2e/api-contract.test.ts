import { API, type Endpoint } from '@kiosk-pulse/contract';
import { startTestApp, type TestApp } from '../support/app';

const endpoints = Object.values(API).flatMap((group) => Object.values(group) as Endpoint[]);

/** The contract's endpoint table, which the dashboard and the CLIs call through, is the api's own. */
describe('the API endpoint table', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp({ worker: false });
  });

  afterAll(async () => {
    await test?.close();
  });

  it('names only routes the api serves, each with its method', () => {
    const fastify = test.app.getHttpAdapter().getInstance();
    const missing = endpoints.filter((endpoint) => !fastify.hasRoute({ method: endpoint.method, url: endpoint.path }));
    expect(missing).toEqual([]);
  });

  it('names every route the api serves under /api/v1', () => {
    const served = routesOf(test.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false }))
      .filter((route) => route.includes(' /api/v1/'))
      // Readiness answers at /api/v1/health too.
      .filter((route) => route !== 'GET /api/v1/health');
    expect(served.sort()).toEqual(endpoints.map((endpoint) => `${endpoint.method} ${endpoint.path}`).sort());
  });
});

/** "METHOD /path" of each route in fastify's printed tree (HEAD and OPTIONS, which it adds, left out). */
function routesOf(tree: string): string[] {
  const parents: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const node = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!node) continue;
    const depth = node[1].length / 4;
    const path = (parents[depth - 1] ?? '') + node[2];
    parents[depth] = path;
    for (const method of node[3]?.split(', ') ?? []) {
      if (method !== 'HEAD' && method !== 'OPTIONS') routes.push(`${method} ${path}`);
    }
  }
  return routes;
}
