export default async function globalTeardown(): Promise<void> {
  for (const database of globalThis.embeddedDatabases ?? []) await database.stop();
}
