import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Ward } from '@kiosk-pulse/contract';
import { InjectPool, foldForSearch } from '@kiosk-pulse/database';

@Injectable()
export class WardsRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  /** All wards, or those whose name (either language, accents folded) contains the query. */
  async list(query?: string): Promise<Ward[]> {
    const folded = query ? foldForSearch(query.normalize('NFC')) : '';
    const { rows } = await this.pool.query<Ward>(
      `SELECT code, name, name_en AS "nameEn", kind, former_province AS "formerProvince"
       FROM wards
       WHERE $1 = '' OR strpos(search_key, $1) > 0
       ORDER BY code`,
      [folded],
    );
    return rows;
  }

  async exists(code: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM wards WHERE code = $1', [code]);
    return rowCount === 1;
  }
}
