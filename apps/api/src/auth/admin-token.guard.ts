import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { API_CONFIG, type ApiConfig } from '../config';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** The bearer token of an Authorization header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * Checks the admin automation token (ADMIN_TOKEN). Digests of equal length are compared in
 * constant time, so the comparison says nothing about how much of a guess was right.
 */
@Injectable()
export class AdminTokenService {
  private readonly expected: Buffer;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    this.expected = digest(config.adminToken);
  }

  isValid(token: string | undefined): boolean {
    return token !== undefined && timingSafeEqual(digest(token), this.expected);
  }
}

@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(private readonly tokens: AdminTokenService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!this.tokens.isValid(bearerToken(request.headers.authorization))) {
      throw new UnauthorizedException('a valid admin token is required (Authorization: Bearer <token>)');
    }
    return true;
  }
}
