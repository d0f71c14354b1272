import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal, Role } from './principal';

export const PUBLIC_KEY = 'kioskPulse:public';
export const ROLES_KEY = 'kioskPulse:roles';

/** A route anyone may call (it authenticates its callers itself, if at all). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Only these roles may call the route (any authenticated principal when absent). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export type AuthenticatedRequest = FastifyRequest & { principal: Principal };

/** The principal the auth guard found for this request. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().principal,
);
