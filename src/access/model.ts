/**
 * Who may do what. The single list of roles and permissions that every route and service checks
 * (domain section 1). The web app receives the same permissions to hide what a user may not do.
 */
export type OrgKind = 'landlord' | 'municipality' | 'authority';

export const ROLES_BY_KIND = {
  landlord: ['admin', 'collection_officer', 'housing_social_coordinator', 'caretaker', 'auditor'],
  municipality: [
    'admin',
    'social_worker',
    'team_lead',
    'housing_coordinator',
    'housing_support',
    'debt_adviser',
    'leadership',
    'auditor',
  ],
  authority: ['admin', 'kfm_liaison', 'auditor'],
} as const satisfies Record<OrgKind, readonly string[]>;

export type Role = (typeof ROLES_BY_KIND)[OrgKind][number];

export const PERMISSIONS = [
  'tenancy.read',
  'ledger.read',
  'ledger.import',
  'routine.read',
  'routine.edit',
  'worklist.read',
  'worklist.update',
  'outreach.write',
  'sms.send',
  'messages.read',
  'collection.export',
  'notice.create',
  'notice.read',
  'kfm.export',
  'users.manage',
  'tokens.manage',
  'audit.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const COLLECTION: Permission[] = [
  'tenancy.read',
  'ledger.read',
  'ledger.import',
  'routine.read',
  'worklist.read',
  'worklist.update',
  'outreach.write',
  'sms.send',
  'messages.read',
  'collection.export',
  'notice.create',
  'notice.read',
  'kfm.export',
];

/** Permissions by organisation kind and role. Anything not listed is refused. */
const GRANTS: { [K in OrgKind]: Partial<Record<Role, Permission[]>> } = {
  landlord: {
    admin: [...COLLECTION, 'routine.edit', 'users.manage', 'tokens.manage', 'audit.read'],
    collection_officer: COLLECTION,
    housing_social_coordinator: COLLECTION,
    // Caretakers see whom the routine asks to visit and log what they did: the address and the tenants'
    // names and phone numbers, never a personnummer, the ledger or the arrears (no 'ledger.read').
    caretaker: ['tenancy.read', 'worklist.read', 'outreach.write'],
    auditor: ['audit.read'],
  },
  municipality: {
    admin: ['users.manage', 'tokens.manage', 'audit.read'],
    social_worker: ['notice.read'],
    team_lead: ['notice.read'],
    housing_coordinator: [],
    housing_support: [],
    debt_adviser: [],
    leadership: [],
    auditor: ['audit.read'],
  },
  authority: {
    admin: ['users.manage', 'tokens.manage', 'audit.read'],
    kfm_liaison: [],
    auditor: ['audit.read'],
  },
};

export function isRoleOf(kind: OrgKind, role: string): role is Role {
  return (ROLES_BY_KIND[kind] as readonly string[]).includes(role);
}

export function permissionsFor(kind: OrgKind, role: Role): Set<Permission> {
  return new Set(GRANTS[kind][role] ?? []);
}

/**
 * An API token acts for its organisation on every route that the organisation's users may call,
 * except managing users and tokens (a landlord system has no business creating accounts).
 */
export function tokenPermissions(kind: OrgKind): Set<Permission> {
  const all = new Set<Permission>();
  for (const perms of Object.values(GRANTS[kind])) for (const p of perms ?? []) all.add(p);
  all.delete('users.manage');
  all.delete('tokens.manage');
  all.delete('audit.read');
  return all;
}

/** The one acting: a logged-in user, a landlord system's API token, or Bokvar itself (jobs, CLI). */
export interface Actor {
  kind: 'user' | 'token' | 'system';
  userId: string | null;
  tokenId: string | null;
  orgId: string | null;
  orgKind: OrgKind | null;
  orgName: string | null;
  role: Role | null;
  name: string;
  permissions: Set<Permission>;
}

export const SYSTEM_ACTOR: Actor = {
  kind: 'system',
  userId: null,
  tokenId: null,
  orgId: null,
  orgKind: null,
  orgName: null,
  role: null,
  name: 'Bokvar',
  permissions: new Set(PERMISSIONS),
};
