import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { ShareLink } from '@kiosk-pulse/contract';
import { InjectPool } from '@kiosk-pulse/database';

const COLUMNS = `id, label, ward_code AS "wardCode", created_by AS "createdBy", created_at AS "createdAt",
                 revoked_at AS "revokedAt"`;

const toLink = (row: Record<string, unknown>): ShareLink => ({
  ...(row as unknown as ShareLink),
  createdAt: (row.createdAt as Date).toISOString(),
  revokedAt: row.revokedAt instanceof Date ? row.revokedAt.toISOString() : null,
});

/** The share links (migration 0015); a link's token is kept only as a digest. */
@Injectable()
export class ShareLinksRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  async create(
    link: { id: string; hash: Buffer; label: string; wardCode: string | null; createdBy: string },
    db: Pool | PoolClient = this.pool,
  ): Promise<ShareLink> {
    const { rows } = await db.query(
      `INSERT INTO share_links (id, token_hash, label, ward_code, created_by) VALUES ($1, $2, $3, $4, $5)
       RETURNING ${COLUMNS}`,
      [link.id, link.hash, link.label, link.wardCode, link.createdBy],
    );
    return toLink(rows[0]);
  }

  /** Newest first: every link, or (wardCode) one ward's. */
  async list(wardCode?: string): Promise<ShareLink[]> {
    const { rows } = await this.pool.query(
      `SELECT ${COLUMNS} FROM share_links WHERE $1::text IS NULL OR ward_code = $1 ORDER BY created_at DESC, id`,
      [wardCode ?? null],
    );
    return rows.map(toLink);
  }

  async find(id: string, db: Pool | PoolClient = this.pool): Promise<ShareLink | undefined> {
    const { rows } = await db.query(`SELECT ${COLUMNS} FROM share_links WHERE id = $1`, [id]);
    return rows[0] ? toLink(rows[0]) : undefined;
  }

  /** Revokes a link; the digest of its token comes back too, for the cache to forget its page. */
  async revoke(id: string, db: Pool | PoolClient = this.pool): Promise<{ link: ShareLink; tokenDigest: Buffer }> {
    const { rows } = await db.query(
      `UPDATE share_links SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1
       RETURNING ${COLUMNS}, token_hash AS "tokenDigest"`,
      [id],
    );
    const { tokenDigest, ...link } = rows[0] as Record<string, unknown>;
    return { link: toLink(link), tokenDigest: tokenDigest as Buffer };
  }

  /** The link a token opens, unless it was revoked. */
  async open(hash: Buffer): Promise<ShareLink | undefined> {
    const { rows } = await this.pool.query(
      `SELECT ${COLUMNS} FROM share_links WHERE token_hash = $1 AND revoked_at IS NULL`,
      [hash],
    );
    return rows[0] ? toLink(rows[0]) : undefined;
  }
}
