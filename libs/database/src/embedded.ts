import { mkdirSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { timescaledb } from '@electric-sql/pglite/timescaledb';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';
import { EmbeddedDatabaseError, lockFolder, type FolderLock } from './folder-lock';
import { FramedSocket } from './message-framer';

export interface EmbeddedDatabase {
  url: string;
  /** Closes the database (once, however often it is called) and frees its folder. */
  stop(): Promise<void>;
}

/**
 * Starts the embedded TimescaleDB (PGlite with the timescaledb extension) and serves it on a
 * local port over the Postgres wire protocol, so the app reaches it through `pg` like any other.
 * dataDir 'memory://' keeps nothing on disk (tests).
 *
 * A folder is opened by one process at a time (see lockFolder): a second PGlite on it, such as
 * a backup run while the app ran, left the folder unopenable once both had closed.
 *
 * One connection is served at a time; later ones wait for it to close (give the app a pool of
 * one). Each connection gets a handler of @electric-sql/pglite-socket, but through a
 * FramedSocket: the handler passes every TCP chunk to PGlite as it comes, and a protocol
 * message split across chunks (any over about 64 KB, such as a large batch INSERT) crashes
 * PGlite, so whole messages are put back together first.
 */
export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  const inMemory = dataDir.startsWith('memory://');
  let lock: FolderLock | undefined;
  if (!inMemory) {
    mkdirSync(resolve(dataDir, '..'), { recursive: true });
    lock = lockFolder(dataDir);
    mkdirSync(dataDir, { recursive: true });
  }
  let db: PGlite;
  try {
    db = await openFolder(dataDir);
  } catch (error) {
    lock?.release();
    throw error;
  }

  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const handler = new PGLiteSocketHandler({ db, closeOnDetach: true });
    // attach() waits for the database's exclusive lock, which is how connections take turns.
    handler.attach(new FramedSocket(socket) as unknown as Socket).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  let stopped: Promise<void> | undefined;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      // Closing PGlite twice, or while it closes, aborts inside its wasm.
      stopped ??= (async () => {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        try {
          await db.close();
        } finally {
          lock?.release();
        }
      })();
      return stopped;
    },
  };
}

async function openFolder(dataDir: string): Promise<PGlite> {
  try {
    const db = await PGlite.create({ dataDir, extensions: { timescaledb } });
    await db.exec('CREATE EXTENSION IF NOT EXISTS timescaledb');
    // What shared_preload_libraries does for a server. Without it a reopened data folder runs
    // without TimescaleDB's licensed half until something loads it, and refreshing a continuous
    // aggregate fails ("not supported under the current license").
    await db.exec(`LOAD 'timescaledb'`);
    return db;
  } catch (error) {
    if (dataDir.startsWith('memory://')) throw error;
    // PGlite ends with a bare wasm "Aborted()" when Postgres refuses the folder (a PANIC it
    // does not pass on): say which folder, and the ways out.
    const folder = resolve(dataDir);
    throw new EmbeddedDatabaseError(
      `the embedded database in ${folder} cannot be opened (${(error as Error).message.split('.')[0]}): ` +
        `move it aside (mv ${folder} ${folder}.broken), load your last backup into a new one ` +
        '(npm run restore -- <file from npm run backup>) and start again; see docs/embedded.md',
      { cause: error },
    );
  }
}
