import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { API_CONFIG, type ApiConfig } from '../config';
import { RedisClient } from '../redis/redis-client';
import { API_TOKEN_PREFIX } from '../tokens/api-tokens.controller';
import { ApiTokensRepository } from '../tokens/api-tokens.repository';
import { UsersRepository } from '../users/users.repository';
import type { Principal } from './principal';
import { digestSecret, sameSecret } from './secret-digest';

/** What a sign-in token carries: the user, the user's token version, and its own id. */
export interface SessionClaims {
  sub: string;
  tv: number;
  jti: string;
  exp: number;
}

const ADMIN_AUTOMATION: Principal = { actor: 'admin-token', role: 'admin', wardCode: null, userId: null };

/**
 * Finds who a bearer token stands for: the ADMIN_TOKEN automation token, a named API token
 * (kpt_…), or a user's sign-in JWT. A JWT is honoured only while its user is active, has not
 * changed since (token version) and has not signed out with it.
 */
@Injectable()
export class Authenticator {
  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly jwt: JwtService,
    private readonly users: UsersRepository,
    private readonly apiTokens: ApiTokensRepository,
    private readonly redis: RedisClient,
  ) {}

  async authenticate(token: string | undefined): Promise<Principal | undefined> {
    if (!token) return undefined;
    if (sameSecret(token, this.config.adminToken)) return ADMIN_AUTOMATION;
    if (token.startsWith(API_TOKEN_PREFIX)) {
      const apiToken = await this.apiTokens.use(digestSecret(token));
      return (
        apiToken && { actor: `token:${apiToken.name}`, role: apiToken.role, wardCode: apiToken.wardCode, userId: null }
      );
    }
    let claims: SessionClaims;
    try {
      claims = await this.jwt.verifyAsync<SessionClaims>(token, { algorithms: ['HS256'] });
    } catch {
      return undefined;
    }
    const [user, signedOut] = await Promise.all([
      this.users.findById(claims.sub),
      this.redis.redis.exists(this.signedOutKey(claims.jti)),
    ]);
    if (!user || user.disabled || user.tokenVersion !== claims.tv || signedOut) return undefined;
    return {
      actor: `user:${user.username}`,
      role: user.role,
      wardCode: user.wardCode,
      userId: user.id,
      session: { jti: claims.jti, exp: claims.exp },
    };
  }

  /** Ends one sign-in before it expires. */
  async signOut(session: { jti: string; exp: number }): Promise<void> {
    const seconds = Math.max(1, session.exp - Math.floor(Date.now() / 1000));
    await this.redis.redis.set(this.signedOutKey(session.jti), '1', 'EX', seconds);
  }

  private signedOutKey(jti: string): string {
    return this.redis.key(`signed-out:${jti}`);
  }
}
