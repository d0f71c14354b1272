import type { Pool } from 'pg';
import { migrate } from './migrate';
import { seedWards } from './wards-seed';

/** Brings a database to the current schema and reference data; safe to run at every start. */
export async function prepareDatabase(pool: Pool): Promise<{ applied: string[]; wards: number }> {
  const applied = await migrate(pool);
  const wards = await seedWards(pool);
  return { applied, wards };
}
