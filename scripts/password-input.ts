import { read } from 'read';

/** Why a password is never a flag: it would stay in the shell's history and show in `ps`. */
export const NO_PASSWORD_FLAG =
  '--password is not taken (it would stay in the shell history and show in ps): type it at the prompt, or pipe it in, e.g. printf \'%s\\n\' "$PASSWORD" | npm run user -- ...';

/**
 * A password: from a prompt that does not echo it (asked twice) when stdin is a terminal, or
 * else the first line of stdin, for scripts. Prompts go to stderr, so stdout stays the result.
 */
export async function readPassword(label = 'Password'): Promise<string> {
  if (process.stdin.isTTY) {
    const ask = (prompt: string) => read({ prompt, silent: true, replace: '', output: process.stderr });
    const password = await ask(`${label}: `);
    if ((await ask(`${label} again: `)) !== password) throw new Error('the two passwords differ');
    return password;
  }
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  const [line] = text.split(/\r?\n/);
  if (!line) throw new Error('no password on stdin: pipe one line in, or run this in a terminal to be asked');
  return line;
}
