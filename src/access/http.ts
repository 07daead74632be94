// Who a request comes from: the session cookie or an API token, resolved to an actor before any
// route runs (platform/http.ts asks `authenticate` and then each route's access rule), and the
// `actorOf` every route's handler takes it from.
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import type { Actor, Permission } from './model.ts';
import { actorFromApiToken, actorFromSession } from './service.ts';

export const SESSION_COOKIE = 'bokvar_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a route needs (policy in src/access/model.ts). */
    permission?: Permission;
    /** Any logged-in actor may call it (e.g. reading one's own session). */
    authenticated?: boolean;
    /** No login at all (health, login, OpenAPI). */
    public?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** The actor of a request that passed the access check. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError(401, 'unauthenticated', 'Logga in först');
  return request.actor;
}

/** The actor a request's API token or session cookie stands for; null when it has neither. */
export async function authenticate(ctx: AppContext, request: FastifyRequest): Promise<Actor | null> {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const actor = await actorFromApiToken(ctx.db, header.slice(7).trim());
    if (!actor) throw new AppError(401, 'invalid_token', 'Ogiltig eller återkallad API-nyckel');
    return actor;
  }
  const token = request.cookies[SESSION_COOKIE];
  if (token) return actorFromSession(ctx.db, token, ctx.clock.now());
  return null;
}
