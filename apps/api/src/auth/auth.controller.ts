import { randomBytes, randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Post, Req, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { API_CONFIG, type ApiConfig } from '../config';
import { parseInput } from '../http/zod-query';
import { hashPassword, passwordMatches } from '../users/passwords';
import { UsersRepository, publicUser, type User } from '../users/users.repository';
import { Authenticator } from './authenticator';
import { CurrentPrincipal, Public } from './decorators';
import type { Principal } from './principal';
import { RateLimits } from './rate-limits';

const loginBody = z.strictObject({
  username: z.string().trim().toLowerCase().min(1, 'is required').max(64),
  password: z.string().min(1, 'is required').max(200),
});

type SignedInUser = Pick<User, 'id' | 'username' | 'role' | 'wardCode'>;

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
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  async login(@Body() body: unknown, @Req() request: FastifyRequest): Promise<{ token: string; user: User }> {
    const { username, password } = parseInput(loginBody, body);
    await this.limits.loginAttempt(request.ip, username);
    const user = await this.users.findByUsername(username);
    const matches = await passwordMatches(user?.passwordHash ?? (await this.noSuchUserHash), password);
    if (!user || !matches || user.disabled) {
      const failures = await this.limits.loginFailed(request.ip, username);
      // Each failure in a row answers a little later, up to two seconds.
      await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 100 * 2 ** failures)));
      throw new UnauthorizedException('wrong user name or password');
    }
    await this.limits.loginSucceeded(request.ip, username);
    const token = await this.jwt.signAsync(
      { sub: user.id, tv: user.tokenVersion },
      { jwtid: randomUUID(), expiresIn: this.config.jwtTtlSeconds, algorithm: 'HS256' },
    );
    return { token, user: publicUser(user) };
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentPrincipal() principal: Principal): Promise<void> {
    if (principal.session) await this.authenticator.signOut(principal.session);
  }

  /** Who the token stands for. */
  @Get('me')
  me(@CurrentPrincipal() principal: Principal): { user: SignedInUser } {
    return {
      user: {
        id: principal.userId as string,
        username: principal.actor.replace(/^(user|token):/, ''),
        role: principal.role,
        wardCode: principal.wardCode,
      },
    };
  }
}
