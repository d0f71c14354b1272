import type { Pool } from 'pg';
import { refreshAggregates } from './aggregates';
import { migrate } from './migrate';
import { seedShippedPopulations } from './populations-seed';
import { seedWards } from './wards-seed';

/** Brings a database to the current schema and reference data; safe to run at every start. */
export async function prepareDatabase(pool: Pool): Promise<{ applied: string[]; wards: number }> {
  const applied = await migrate(pool);
  // A migration may add a continuous aggregate, made WITH NO DATA (a refresh cannot run in its
  // transaction), whose refresh policy reaches back a month only: materialize all of history
  // now. The aggregates already there recompute only the buckets that changed.
  if (applied.length > 0) await refreshAggregates(pool);
  const wards = await seedWards(pool);
  // The wards' official populations, once per database (they refer to the wards).
  await seedShippedPopulations(pool);
  return { applied, wards };
}
