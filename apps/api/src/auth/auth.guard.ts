import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { bearerToken } from '../access/bearer';
import { PUBLIC_KEY, ROLES_KEY, type AuthenticatedRequest } from '../access/decorators';
import type { Role } from '../access/principal';
import { Authenticator } from './authenticator';

/**
 * Every HTTP route needs a valid bearer token unless marked @Public(), and one of the roles
 * in @Roles() when it has them. The /live socket authenticates in its own handshake.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticator.authenticate(bearerToken(request.headers.authorization));
    if (!principal) throw new UnauthorizedException('sign in, or send a valid token (Authorization: Bearer <token>)');
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(principal.role))
      throw new ForbiddenException(`this needs the role ${roles.join(' or ')}`);
    request.principal = principal;
    return true;
  }
}
