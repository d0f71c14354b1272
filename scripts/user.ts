/**
 * The user admin CLI, over the HTTP API. Reads API_URL (default http://127.0.0.1:3000) and
 * ADMIN_TOKEN (the automation token or an admin API token).
 */
import { parseArgs } from 'node:util';
import { API, type Role, type UpdateUserRequest, type User } from '@kiosk-pulse/contract';
import { adminApi, runCli } from './api-client';
import { cityTime, printer, type Column } from './cli-output';
import { NO_PASSWORD_FLAG, readPassword } from './password-input';

const USAGE = `usage:
  npm run user -- create --username <name> --role admin|city_official|ward_staff [--ward <code>]
  npm run user -- list
  npm run user -- lock <user id>
  npm run user -- unlock <user id>
  npm run user -- set-password <user id>
  npm run user -- set-role <user id> --role <role> [--ward <code>]
options: --json prints the API's JSON (a list as one object per line) instead of a table
passwords (create, set-password) are asked for at a prompt that does not echo them, or read
  from the first line of stdin when it is not a terminal:
  printf '%s\\n' "$PASSWORD" | npm run user -- create --username ward.q1 --role ward_staff --ward 26740
environment: API_URL (default http://127.0.0.1:3000), ADMIN_TOKEN (required)`;

const COLUMNS: Column<User>[] = [
  { header: 'id', value: (user) => user.id },
  { header: 'username', value: (user) => user.username },
  { header: 'role', value: (user) => user.role },
  { header: 'ward', value: (user) => user.wardCode },
  { header: 'state', value: (user) => (user.disabled ? 'locked' : 'active') },
  { header: 'updated', value: (user) => cityTime(user.updatedAt) },
];

runCli(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      username: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      ward: { type: 'string' },
      json: { type: 'boolean' },
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
  if (values.password !== undefined) {
    console.error(NO_PASSWORD_FLAG);
    return 2;
  }
  const api = adminApi();
  const print = printer(values.json);
  const update = (changes: UpdateUserRequest) => api(API.users.update, { params: { id: id ?? '' }, body: changes });
  switch (command) {
    case 'create': {
      if (!values.username || !values.role) return usage();
      const password = await readPassword();
      // The server checks the role and the ward, and says what is wrong.
      const user = await api(API.users.create, {
        body: { username: values.username, password, role: values.role as Role, wardCode: values.ward },
      });
      print.one(user, COLUMNS);
      return 0;
    }
    case 'list':
      print.list(await api(API.users.list), COLUMNS);
      return 0;
    case 'lock':
    case 'unlock':
      if (!id) return usage();
      print.one(await update({ disabled: command === 'lock' }), COLUMNS);
      return 0;
    case 'set-password':
      if (!id) return usage();
      print.one(await update({ password: await readPassword('New password') }), COLUMNS);
      return 0;
    case 'set-role':
      if (!id || !values.role) return usage();
      print.one(await update({ role: values.role as Role, wardCode: values.ward ?? null }), COLUMNS);
      return 0;
    default:
      console.error(`unknown command "${command}"`);
      return usage();
  }
});
