import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';

const tsx = join(__dirname, '../../node_modules/.bin/tsx');
const script = (name: string) => join(__dirname, `../../scripts/${name}.ts`);

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The admin CLIs (`npm run user`, `npm run kiosk`) against a running api, as an operator uses them. */
describe('admin CLIs', () => {
  let test: TestApp;

  const env = (token: string) => ({ ...process.env, API_URL: test.url, ADMIN_TOKEN: token });

  /** A CLI run with `input` piped to its stdin (as a script would). */
  const cli = (name: string, args: string[], input = '', token = ADMIN_TOKEN) =>
    new Promise<Ran>((resolve) => {
      const child = spawn(tsx, [script(name), ...args], { env: env(token) });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(input);
    });

  /**
   * A CLI run in a terminal (a pseudo-terminal made by util-linux `script`), typing each answer
   * once the prompt before it shows. Returns everything the terminal showed.
   */
  const inTerminal = (name: string, args: string[], answers: { after: string; type: string }[]) =>
    new Promise<Ran>((resolve) => {
      const command = [tsx, script(name), ...args].map((word) => `'${word}'`).join(' ');
      const child = spawn('script', ['-qfec', command, '/dev/null'], { env: env(ADMIN_TOKEN) });
      let shown = '';
      let next = 0;
      let seen = 0;
      child.stdout.on('data', (chunk: Buffer) => {
        shown += chunk.toString();
        const answer = answers[next];
        const at = answer ? shown.indexOf(answer.after, seen) : -1;
        if (answer && at >= 0) {
          seen = at + answer.after.length;
          next += 1;
          child.stdin.write(`${answer.type}\r`);
        }
      });
      child.once('close', (code) => resolve({ code, stdout: shown, stderr: '' }));
    });

  const signIn = (username: string, password: string) =>
    call(`${test.url}/api/v1/auth/login`, { token: null, json: { username, password } });

  beforeAll(async () => {
    test = await startTestApp();
  });

  afterAll(async () => {
    await test?.close();
  });

  it('creates users with the password from stdin, never from a flag, and lists them as a table', async () => {
    const refused = await cli('user', [
      'create',
      '--username',
      'ward.flag',
      '--password',
      'flag-password-1',
      '--role',
      'city_official',
    ]);
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining('--password is not taken') });

    const created = await cli(
      'user',
      ['create', '--username', 'ward.cli', '--role', 'ward_staff', '--ward', '26740', '--json'],
      'cli-password-1\n',
    );
    expect(created.code).toBe(0);
    const user = JSON.parse(created.stdout);
    expect(user).toMatchObject({ username: 'ward.cli', role: 'ward_staff', wardCode: '26740', disabled: false });
    expect((await signIn('ward.cli', 'cli-password-1')).status).toBe(200);
    expect((await signIn('ward.flag', 'flag-password-1')).status).toBe(401);

    const listed = await cli('user', ['list']);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines.find((line) => line.includes('username'))).toMatch(/│ id +│ username +│ role +│ ward +│ state/);
    expect(lines.find((line) => line.includes('ward.cli'))).toMatch(
      new RegExp(`│ ${user.id} │ ward\\.cli +│ ward_staff +│ 26740 │ active`),
    );
    expect(lines.every((line) => !line.startsWith('{'))).toBe(true);
    const json = await cli('user', ['list', '--json']);
    expect(
      json.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).username),
    ).toEqual(['ward.cli']);

    const locked = await cli('user', ['lock', user.id, '--json']);
    expect(JSON.parse(locked.stdout)).toMatchObject({ disabled: true });
    expect((await signIn('ward.cli', 'cli-password-1')).status).toBe(401);
    const noPassword = await cli('user', ['set-password', user.id]);
    expect(noPassword).toMatchObject({ code: 1, stderr: expect.stringContaining('no password on stdin') });
  }, 120_000);

  it('asks for a password in a terminal without showing it', async () => {
    const created = await cli(
      'user',
      ['create', '--username', 'chief.cli', '--role', 'city_official', '--json'],
      'first-password-1\n',
    );
    const { id } = JSON.parse(created.stdout);
    const typed = await inTerminal(
      'user',
      ['set-password', id],
      [
        { after: 'New password: ', type: 'second-password-2' },
        { after: 'New password again: ', type: 'second-password-2' },
      ],
    );
    expect(typed.code).toBe(0);
    expect(typed.stdout).toContain('chief.cli');
    expect(typed.stdout).not.toContain('second-password-2');
    expect((await signIn('chief.cli', 'second-password-2')).status).toBe(200);
    expect((await signIn('chief.cli', 'first-password-1')).status).toBe(401);
  }, 60_000);

  it('creates, lists, rotates and revokes kiosks, and says what went wrong', async () => {
    const made = await cli('kiosk', ['create', '--ward', '26740', '--label', 'Nhà văn hóa']);
    expect(made.code).toBe(0);
    const key = /│ key \(shown once\) │ (kpk_\S+)/.exec(made.stdout)?.[1];
    expect(key).toBeDefined();
    const id = /│ id +│ (\S+)/.exec(made.stdout)![1];

    const listed = await cli('kiosk', ['list']);
    const row = listed.stdout.split('\n').find((line) => line.includes(id));
    expect(row).toMatch(new RegExp(`│ ${id} │ 26740 │ Nhà văn hóa │ never_seen +│ - +│ 0 +│ 0 +│ 0 +│`));
    expect(listed.stdout).toMatch(/│ status +│ last seen +│ people today/);
    const json = await cli('kiosk', ['list', '--json']);
    expect(JSON.parse(json.stdout.trim())).toMatchObject({ id, label: 'Nhà văn hóa', status: 'never_seen' });

    const rotated = JSON.parse((await cli('kiosk', ['rotate', id, '--json'])).stdout);
    expect(rotated.key).toMatch(/^kpk_/);
    expect(rotated.key).not.toBe(key);
    expect(JSON.parse((await cli('kiosk', ['revoke', id, '--json'])).stdout).revokedAt).not.toBeNull();
    expect(await cli('kiosk', ['create', '--ward', '99999', '--label', 'x'])).toMatchObject({
      code: 1,
      stderr: '400: unknown ward 99999\n',
    });
    expect((await cli('kiosk', ['list'], '', 'wrong-token-0123456789abcdef')).code).toBe(1);
  }, 120_000);
});
