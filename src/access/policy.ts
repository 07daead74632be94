import { forbidden, notFound } from '../platform/errors.ts';
import type { Actor, Permission } from './model.ts';

/**
 * The access rules, in one place. Routes declare the permission they need (checked before the
 * handler runs); services call these for the rows they touch.
 */
export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

export function assertCan(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw forbidden();
}

/** A landlord's ledger and tenancies are its own; nobody else's system or staff reads them here. */
export function canSeeLandlordData(actor: Actor, landlordId: string): boolean {
  if (actor.kind === 'system') return true;
  return actor.orgKind === 'landlord' && actor.orgId === landlordId;
}

/** The landlord whose data the actor works on; refused for anyone not acting for a landlord. */
export function landlordScope(actor: Actor): string {
  if (actor.orgKind !== 'landlord' || !actor.orgId) throw forbidden('Endast för hyresvärdar');
  return actor.orgId;
}

/** For a single row: answer 404 rather than 403, so ids of others' tenancies reveal nothing. */
export function assertSeesLandlordRow(actor: Actor, landlordId: string | undefined): void {
  if (!landlordId || !canSeeLandlordData(actor, landlordId)) throw notFound('Hyresförhållandet finns inte');
}
