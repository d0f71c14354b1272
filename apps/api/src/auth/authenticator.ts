import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { z } from 'zod';
import type { Principal } from '../access/principal';
import { sameSecret } from '../access/secret-digest';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { API_TOKEN_PREFIX, hashApiToken } from '../tokens/api-token-secret';
import { ApiTokensRepository } from '../tokens/api-tokens.repository';
import { SessionsRepository } from './sessions.repository';

/**
 * What a sign-in token carries: the user, the user's token version, its own id and its expiry.
 * A token signed with our secret but missing any of them (a token of another make, or a bug)
 * is refused like a forged one.
 */
const sessionClaims = z.object({
  sub: z.uuid(),
  tv: z.number().int().nonnegative(),
  jti: z.uuid(),
  exp: z.number().int().positive(),
});

export type SessionClaims = z.output<typeof sessionClaims>;

const ADMIN_AUTOMATION: Principal = {
  actor: 'admin-token',
  role: 'admin',
  wardCode: null,
  userId: null,
  ownerId: null,
};

/**
 * Finds who a bearer token stands for: the ADMIN_TOKEN automation token (when set), a named API
 * token (kpt_…) while the admin who made it is still one, or a user's sign-in JWT. A JWT is
 * honoured only while its user is active, has not changed since (token version) and has not
 * signed out with it. Nothing here needs Redis.
 */
@Injectable()
export class Authenticator {
  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly jwt: JwtService,
    private readonly sessions: SessionsRepository,
    private readonly apiTokens: ApiTokensRepository,
  ) {}

  /** `touch: false` checks an API token without noting its use (a socket checking again). */
  async authenticate(token: string | undefined, { touch = true } = {}): Promise<Principal | undefined> {
    if (!token) return undefined;
    if (this.config.adminToken && sameSecret(token, this.config.adminToken)) return ADMIN_AUTOMATION;
    if (token.startsWith(API_TOKEN_PREFIX)) {
      const apiToken = await this.apiTokens.use(hashApiToken(token), touch);
      return (
        apiToken && {
          actor: `token:${apiToken.name}`,
          role: apiToken.role,
          wardCode: apiToken.wardCode,
          userId: null,
          ownerId: apiToken.ownerId,
          tokenId: apiToken.id,
        }
      );
    }
    let claims: SessionClaims;
    try {
      claims = sessionClaims.parse(await this.jwt.verifyAsync<object>(token, { algorithms: ['HS256'] }));
    } catch {
      return undefined;
    }
    const found = await this.sessions.find(claims.sub, claims.jti);
    if (!found) return undefined;
    const { user, signedOut } = found;
    if (user.disabled || user.tokenVersion !== claims.tv || signedOut) return undefined;
    return {
      actor: `user:${user.username}`,
      role: user.role,
      wardCode: user.wardCode,
      userId: user.id,
      ownerId: user.id,
      session: { jti: claims.jti, exp: claims.exp },
    };
  }

  /** Ends one sign-in before it expires. */
  async signOut(session: { jti: string; exp: number }): Promise<void> {
    await this.sessions.revoke(session.jti, new Date(session.exp * 1000));
  }
}
