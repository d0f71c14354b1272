/**
 * The user admin CLI, over the HTTP API. Reads API_URL (default http://127.0.0.1:3000) and
 * ADMIN_TOKEN (the automation token or an admin API token).
 */
import { parseArgs } from 'node:util';
import { adminApi, runCli } from './api-client';

const USAGE = `usage:
  npm run user -- create --username <name> --password <password> --role admin|city_official|ward_staff [--ward <code>]
  npm run user -- list
  npm run user -- lock <user id>
  npm run user -- unlock <user id>
  npm run user -- set-password <user id> --password <password>
  npm run user -- set-role <user id> --role <role> [--ward <code>]
environment: API_URL (default http://127.0.0.1:3000), ADMIN_TOKEN (required)`;

runCli(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      username: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      ward: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
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
  const update = (changes: unknown) => api('PATCH', `/api/v1/users/${encodeURIComponent(id ?? '')}`, changes);
  switch (command) {
    case 'create':
      if (!values.username || !values.password || !values.role) return usage();
      print(
        await api('POST', '/api/v1/users', {
          username: values.username,
          password: values.password,
          role: values.role,
          wardCode: values.ward,
        }),
      );
      return 0;
    case 'list':
      for (const user of (await api('GET', '/api/v1/users')) as unknown[]) print(user);
      return 0;
    case 'lock':
    case 'unlock':
      if (!id) return usage();
      print(await update({ disabled: command === 'lock' }));
      return 0;
    case 'set-password':
      if (!id || !values.password) return usage();
      print(await update({ password: values.password }));
      return 0;
    case 'set-role':
      if (!id || !values.role) return usage();
      print(await update({ role: values.role, wardCode: values.ward ?? null }));
      return 0;
    default:
      console.error(`unknown command "${command}"`);
      return usage();
  }
});
