import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';

const run = promisify(execFile);
const tsx = join(__dirname, '../../node_modules/.bin/tsx');

/** The admin CLIs (`npm run user`, `npm run kiosk`) against a running api, as an operator uses them. */
describe('admin CLIs', () => {
  let test: TestApp;

  const cli = (script: string, args: string[], token = ADMIN_TOKEN) =>
    run(tsx, [join(__dirname, `../../scripts/${script}.ts`), ...args], {
      env: { ...process.env, API_URL: test.url, ADMIN_TOKEN: token },
    });

  beforeAll(async () => {
    test = await startTestApp();
  });

  afterAll(async () => {
    await test?.close();
  });

  it('creates, lists and locks users', async () => {
    const created = await cli('user', [
      'create',
      '--username',
      'ward.cli',
      '--password',
      'cli-password-1',
      '--role',
      'ward_staff',
      '--ward',
      '26740',
    ]);
    const user = JSON.parse(created.stdout);
    expect(user).toMatchObject({ username: 'ward.cli', role: 'ward_staff', wardCode: '26740', disabled: false });
    const listed = await cli('user', ['list']);
    expect(
      listed.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).username),
    ).toEqual(['ward.cli']);
    const locked = await cli('user', ['lock', user.id]);
    expect(JSON.parse(locked.stdout)).toMatchObject({ disabled: true });
    const signIn = await call(`${test.url}/api/v1/auth/login`, {
      token: null,
      json: { username: 'ward.cli', password: 'cli-password-1' },
    });
    expect(signIn.status).toBe(401);
  });

  it('creates, rotates and revokes kiosks, and says what went wrong', async () => {
    const created = JSON.parse((await cli('kiosk', ['create', '--ward', '26740', '--label', 'Nhà văn hóa'])).stdout);
    expect(created).toMatchObject({ wardCode: '26740', label: 'Nhà văn hóa', key: expect.stringMatching(/^kpk_/) });
    const rotated = JSON.parse((await cli('kiosk', ['rotate', created.id])).stdout);
    expect(rotated.key).not.toBe(created.key);
    expect(JSON.parse((await cli('kiosk', ['revoke', created.id])).stdout).revokedAt).not.toBeNull();
    await expect(cli('kiosk', ['create', '--ward', '99999', '--label', 'x'])).rejects.toMatchObject({
      code: 1,
      stderr: '400: unknown ward 99999\n',
    });
    await expect(cli('kiosk', ['list'], 'wrong-token-0123456789abcdef')).rejects.toMatchObject({ code: 1 });
  });
});
