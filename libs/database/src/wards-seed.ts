import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Pool } from 'pg';
import { foldForSearch } from './fold';
import { projectRoot } from './project-root';

interface WardRow {
  code: string;
  name: string;
  name_en: string;
  kind: string;
  former_province: string;
}

export function loadWards(): WardRow[] {
  const csv = readFileSync(join(projectRoot(), 'libs', 'database', 'seed', 'hcmc-wards.csv'), 'utf8');
  return parse(csv, { columns: true, skip_empty_lines: true, trim: true }) as WardRow[];
}

/** Upserts the city's ward-level units (names NFC, with their folded search keys). */
export async function seedWards(pool: Pool): Promise<number> {
  const wards = loadWards();
  const name = (row: WardRow) => row.name.normalize('NFC');
  await pool.query(
    `INSERT INTO wards (code, name, name_en, kind, former_province, search_key)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::ward_kind[], $5::text[], $6::text[])
     ON CONFLICT (code) DO UPDATE SET
       name = excluded.name, name_en = excluded.name_en, kind = excluded.kind,
       former_province = excluded.former_province, search_key = excluded.search_key`,
    [
      wards.map((row) => row.code),
      wards.map(name),
      wards.map((row) => row.name_en.normalize('NFC')),
      wards.map((row) => row.kind),
      wards.map((row) => row.former_province.normalize('NFC')),
      wards.map((row) => `${foldForSearch(row.name)} ${foldForSearch(row.name_en)}`),
    ],
  );
  return wards.length;
}
