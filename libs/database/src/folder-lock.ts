import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Why the embedded database could not be opened, in one line a person can act on: main.ts and
 * the CLIs print the message alone, without a stack.
 */
export class EmbeddedDatabaseError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EmbeddedDatabaseError';
  }
}

interface LockOwner {
  pid: number;
  /** The owner's start time as the kernel counts it (Linux); tells a reused pid from the owner. */
  start: string | null;
  since: string;
  command: string;
}

export interface FolderLock {
  readonly path: string;
  release(): void;
}

/**
 * When the process with this pid started, read from /proc (Linux); null where there is none.
 * Field 22 of /proc/<pid>/stat, counted after the command name, which may itself hold spaces.
 */
export function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process that wrote the lock still runs (and is that process, not a reuse of its pid). */
function holds(owner: LockOwner): boolean {
  if (!Number.isInteger(owner.pid) || owner.pid <= 0 || !alive(owner.pid)) return false;
  if (owner.pid === process.pid) return true;
  const start = processStart(owner.pid);
  return owner.start === null || start === null || start === owner.start;
}

function readOwner(path: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // Half-written or not ours: nobody can be holding it through this file.
    return { pid: 0, start: null, since: '', command: '' };
  }
}

/**
 * Takes the lock file beside the data folder `folder`, so that one process at a time opens it:
 * two PGlite instances on one folder each keep their own idea of the WAL and the last
 * checkpoint, and the second one's writes, or the folder itself, are lost. A lock left by a
 * process that is gone (killed, crashed), or by a pid now reused by another program, is taken
 * over. Throws EmbeddedDatabaseError naming the folder and the owner's pid when it is held.
 */
export function lockFolder(folder: string): FolderLock {
  const path = `${resolve(folder)}.lock`;
  const me: LockOwner = {
    pid: process.pid,
    start: processStart(process.pid),
    since: new Date().toISOString(),
    command: process.argv.slice(1).join(' '),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      writeFileSync(path, `${JSON.stringify(me)}\n`, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(path);
      if (owner && holds(owner)) {
        throw new EmbeddedDatabaseError(
          `the embedded database in ${resolve(folder)} is in use by process ${owner.pid} (since ${owner.since}): ` +
            'stop that process first (one process at a time may open it), or use the running app through its API',
        );
      }
      try {
        unlinkSync(path);
      } catch (unlinkError) {
        if ((unlinkError as NodeJS.ErrnoException).code !== 'ENOENT') throw unlinkError;
      }
      continue;
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      process.removeListener('exit', release);
      // Only our own: never remove a lock another process has taken since.
      if (readOwner(path)?.pid === me.pid) unlinkSync(path);
    };
    // The folder is no longer open once the process is gone, however it ends.
    process.once('exit', release);
    return { path, release };
  }
  throw new EmbeddedDatabaseError(`could not take the lock ${path}: another process keeps taking it`);
}
