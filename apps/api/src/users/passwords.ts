import { hash, verify } from 'argon2';

/** argon2id (memory-hard), with the library's parameters and a random salt kept in the string. */
export const hashPassword = (password: string): Promise<string> => hash(password, { type: 2 });

export const passwordMatches = (passwordHash: string, password: string): Promise<boolean> =>
  verify(passwordHash, password).catch(() => false);
