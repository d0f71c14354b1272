/**
 * The kiosk admin CLI, over the HTTP API (the same against the embedded default and a real
 * deployment). Reads API_URL (default http://127.0.0.1:3000) and ADMIN_TOKEN.
 *
 *   npm run kiosk -- create --ward 26740 --label "Nhà văn hóa khu phố 1"
 *   npm run kiosk -- list
 *   npm run kiosk -- revoke <kiosk id>
 */
import { parseArgs } from 'node:util';

const USAGE = `usage:
  npm run kiosk -- create --ward <ward code> --label <text>
  npm run kiosk -- list
  npm run kiosk -- revoke <kiosk id>
environment: API_URL (default http://127.0.0.1:3000), ADMIN_TOKEN (required)`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { ward: { type: 'string' }, label: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, id] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const apiUrl = (process.env.API_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const token = process.env.ADMIN_TOKEN;
  if (!token) {
    console.error('ADMIN_TOKEN is not set: export the admin token the server was started with (demo mode prints it)');
    return 2;
  }

  const request = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const answer = (await response.json().catch(() => ({}))) as { message?: string };
    if (!response.ok) throw new Error(`${response.status}: ${answer.message ?? response.statusText}`);
    return answer;
  };

  switch (command) {
    case 'create':
      if (!values.ward || !values.label) {
        console.error(USAGE);
        return 2;
      }
      console.log(
        JSON.stringify(await request('POST', '/api/v1/kiosks', { wardCode: values.ward, label: values.label })),
      );
      return 0;
    case 'list':
      for (const kiosk of (await request('GET', '/api/v1/kiosks')) as unknown[]) console.log(JSON.stringify(kiosk));
      return 0;
    case 'revoke':
      if (!id) {
        console.error(USAGE);
        return 2;
      }
      console.log(JSON.stringify(await request('POST', `/api/v1/kiosks/${encodeURIComponent(id)}/revoke`)));
      return 0;
    default:
      console.error(`unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(
      error.cause ? `${error.message} (${String((error.cause as Error).message ?? error.cause)})` : error.message,
    );
    process.exit(1);
  },
);
