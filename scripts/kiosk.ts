/**
 * The kiosk admin CLI, over the HTTP API (the same against the embedded default and a real
 * deployment). Reads API_URL (default http://127.0.0.1:3000) and ADMIN_TOKEN.
 */
import { parseArgs } from 'node:util';
import { adminApi, runCli } from './api-client';

const USAGE = `usage:
  npm run kiosk -- create --ward <ward code> --label <text>
  npm run kiosk -- list
  npm run kiosk -- rename <kiosk id> --label <text>
  npm run kiosk -- move <kiosk id> --ward <ward code>
  npm run kiosk -- rotate <kiosk id>
  npm run kiosk -- revoke <kiosk id>
environment: API_URL (default http://127.0.0.1:3000), ADMIN_TOKEN (required)`;

runCli(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { ward: { type: 'string' }, label: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, id] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const usage = () => {
    console.error(USAGE);
    return 2;
  };
  const api = adminApi();
  const print = (value: unknown) => console.log(JSON.stringify(value));
  const path = `/api/v1/kiosks/${encodeURIComponent(id ?? '')}`;
  switch (command) {
    case 'create':
      if (!values.ward || !values.label) return usage();
      print(await api('POST', '/api/v1/kiosks', { wardCode: values.ward, label: values.label }));
      return 0;
    case 'list':
      for (const kiosk of (await api('GET', '/api/v1/kiosks')) as unknown[]) print(kiosk);
      return 0;
    case 'rename':
      if (!id || !values.label) return usage();
      print(await api('PATCH', path, { label: values.label }));
      return 0;
    case 'move':
      if (!id || !values.ward) return usage();
      print(await api('PATCH', path, { wardCode: values.ward }));
      return 0;
    case 'rotate':
    case 'revoke':
      if (!id) return usage();
      print(await api('POST', `${path}/${command}`));
      return 0;
    default:
      console.error(`unknown command "${command}"`);
      return usage();
  }
});
