import { randomBytes, randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Post, Req, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { LoginResponse, MeResponse } from '@kiosk-pulse/contract';
import { CurrentPrincipal, Public } from '../access/decorators';
import type { Principal } from '../access/principal';
import { AuditLog } from '../audit/audit-log';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { parseInput } from '../http/parse-input';
import { CredentialEvents } from '../users/credential-events';
import { hashPassword, passwordMatches } from '../users/passwords';
import { UsersRepository, publicUser, type UserWithSecrets } from '../users/users.repository';
import { Authenticator } from './authenticator';
import { RateLimits, type LoginFailure } from './rate-limits';

const loginBody = z.strictObject({
  username: z.string().trim().toLowerCase().min(1, 'is required').max(64),
  password: z.string().min(1, 'is required').max(200),
});

// Someone may type a password into the user name field: only a name that could be one is recorded.
const recordableName = (username: string) => (/^[a-z0-9._-]{3,64}$/.test(username) ? username : '(not a user name)');

@Controller('api/v1/auth')
export class AuthController {
  // Checked against when the user name is unknown, so that answer takes as long as a wrong password.
  private readonly noSuchUserHash = hashPassword(randomBytes(16).toString('hex'));

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
    private readonly authenticator: Authenticator,
    private readonly limits: RateLimits,
    private readonly audit: AuditLog,
    private readonly credentials: CredentialEvents,
  ) {}

  /** Signs in; every sign-in, failed sign-in, lock-out and slow-down is in the audit log with the client's address. */
  @Post('login')
  @Public()
  @HttpCode(200)
  async login(@Body() body: unknown, @Req() request: FastifyRequest): Promise<LoginResponse> {
    const { username, password } = parseInput(loginBody, body);
    const address = request.ip;
    await this.limits.loginAttempt(address, username);
    const user = await this.users.findByUsername(username);
    const matches = await passwordMatches(user?.passwordHash ?? (await this.noSuchUserHash), password);
    if (!user || !matches || user.disabled) {
      const failure = await this.limits.loginFailed(address, username);
      await this.recordFailure(
        user,
        username,
        address,
        !user ? 'unknown user' : matches ? 'user locked' : 'password mismatch',
        failure,
      );
      // Each failure in a row answers a little later, up to two seconds.
      await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 100 * 2 ** failure.failures)));
      throw new UnauthorizedException('wrong user name or password');
    }
    await this.limits.loginSucceeded(address, username);
    const token = await this.jwt.signAsync(
      { sub: user.id, tv: user.tokenVersion },
      { jwtid: randomUUID(), expiresIn: this.config.jwtTtlSeconds, algorithm: 'HS256' },
    );
    await this.audit.record(`user:${user.username}`, 'auth.login', { type: 'user', id: user.id }, { address });
    return { token, user: publicUser(user) };
  }

  /** Ends this sign-in, open sockets included; it holds while Redis is away (it is kept in the database). */
  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentPrincipal() principal: Principal): Promise<void> {
    if (!principal.session) return;
    await this.authenticator.signOut(principal.session);
    this.credentials.changed({ jti: principal.session.jti });
    if (principal.userId) {
      await this.audit.record(principal, 'auth.logout', { type: 'user', id: principal.userId });
    }
  }

  /** Who the token stands for. */
  @Get('me')
  me(@CurrentPrincipal() principal: Principal): MeResponse {
    return {
      user: {
        id: principal.userId,
        username: principal.actor.replace(/^(user|token):/, ''),
        role: principal.role,
        wardCode: principal.wardCode,
      },
    };
  }

  private async recordFailure(
    user: UserWithSecrets | undefined,
    username: string,
    address: string,
    reason: string,
    failure: LoginFailure,
  ): Promise<void> {
    const target = { type: 'user', id: user?.id ?? recordableName(username) };
    const name = user?.username ?? recordableName(username);
    await this.audit.record('anonymous', 'auth.login-failed', target, {
      username: name,
      address,
      reason,
      accountFailures: failure.accountFailures,
    });
    if (failure.lockedOut) {
      await this.audit.record('anonymous', 'auth.locked-out', target, {
        username: name,
        address,
        failures: failure.failures,
        minutes: 15,
      });
    }
    if (failure.accountWaitSeconds > 0 && failure.accountFailures === this.config.loginAccountFailuresBeforeSlowing) {
      await this.audit.record('anonymous', 'auth.slowed-down', target, {
        username: name,
        failures: failure.accountFailures,
        waitSeconds: failure.accountWaitSeconds,
      });
    }
  }
}
