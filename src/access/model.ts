/**
 * Who may do what. The single list of roles and permissions that every route and service checks
 * (domain section 1). The web app receives the same permissions to hide what a user may not do.
 */
export type OrgKind = 'landlord' | 'municipality' | 'authority';

export const ROLES_BY_KIND = {
  landlord: ['admin', 'collection_officer', 'housing_social_coordinator', 'caretaker', 'management', 'auditor'],
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
  'concern.report',
  'inbox.read',
  'inbox.assign',
  'case.read',
  'case.write',
  'kfm.notice',
  'case.shared',
  'referral.create',
  'subject.report',
  'review.read',
  'agreement.read',
  'agreement.edit',
  'home.offer',
  'home.read',
  // Figures that name no one, shown through src/disclosure (issue 14 §3): what leadership reads of the work.
  'statistics.read',
  // The facts figures are counted against (issue 14 §1): a municipality's population, a landlord's homes.
  'statistics.facts',
  'applicant.read',
  'applicant.write',
  'round.run',
  'proposal.answer',
  'inspection.record',
  'audit.read',
  'retention.read',
  'retention.manage',
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
    admin: [
      ...COLLECTION, 'routine.edit', 'users.manage', 'tokens.manage', 'audit.read', 'concern.report', 'case.shared', 'referral.create', 'subject.report', 'review.read',
      'agreement.read', 'home.offer', 'proposal.answer', 'inspection.record', 'retention.read', 'retention.manage', 'statistics.facts', 'statistics.read',
    ],
    // What the tenant consented to share of a social-services case (issue 3 §3) goes to the staff who
    // work with arrears, never to caretakers.
    collection_officer: [...COLLECTION, 'concern.report', 'case.shared', 'referral.create', 'review.read'],
    // The landlord's social coordinator offers homes under the cooperation agreements (issue 4 §1).
    housing_social_coordinator: [...COLLECTION, 'concern.report', 'case.shared', 'referral.create', 'review.read', 'agreement.read', 'home.offer', 'proposal.answer', 'inspection.record'],
    // Caretakers see whom the routine asks to visit and log what they did: the address and the tenants'
    // names and phone numbers, never a personnummer, the ledger or the arrears (no 'ledger.read').
    caretaker: ['tenancy.read', 'worklist.read', 'outreach.write', 'concern.report'],
    // The landlord's management and board read its own figures (issue 14 §7), never a tenant.
    management: ['statistics.read'],
    auditor: ['audit.read', 'retention.read'],
  },
  municipality: {
    // The administrator answers a person's request for their own data (GDPR art. 15).
    // No API tokens: a municipality's case work is done by named people (TOKEN_SCOPES below).
    // … and sets how long the municipality's files and concerns are kept (issue 12 §22).
    admin: ['users.manage', 'audit.read', 'inbox.assign', 'subject.report', 'retention.read', 'retention.manage', 'statistics.facts'],
    // The inbox is social services' one way in (issue 3 §1); team leads also say who answers for an area.
    // Social workers also assess a household's housing needs and put it on the waiting list (issue 4 §2).
    social_worker: ['notice.read', 'inbox.read', 'case.read', 'case.write', 'review.read', 'applicant.read', 'applicant.write', 'inspection.record'],
    team_lead: ['notice.read', 'inbox.read', 'inbox.assign', 'case.read', 'case.write', 'review.read', 'applicant.read', 'applicant.write', 'inspection.record'],
    // The housing coordinator writes the cooperation agreements and sees every landlord's homes (issue 4 §1).
    housing_coordinator: ['agreement.read', 'agreement.edit', 'home.read', 'applicant.read', 'applicant.write', 'round.run', 'inspection.record', 'statistics.read'],
    housing_support: [],
    debt_adviser: ['case.shared'],
    // Leadership reads the agreements and figures, never a person or an address (issue 14 §3): not the
    // homes offered, whose addresses are those the households will live at.
    leadership: ['agreement.read', 'statistics.read'],
    auditor: ['audit.read', 'retention.read'],
  },
  authority: {
    admin: ['users.manage', 'tokens.manage', 'audit.read', 'subject.report'],
    kfm_liaison: ['kfm.notice', 'case.shared'],
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
 * What a system may do with an API token (issue 12 §7): the narrow work systems do, no more. A landlord's
 * system keeps its own ledger and collection in step (import, worklist, contacts, SMS, notices); the
 * authority's sends its notices about evictions. No token reads a social-services case or what a
 * tenant consented to share, manages users or tokens, or reads the access log: there is no named
 * person behind it. A municipality's case work is done by named people only, so it has no tokens.
 */
const TOKEN_SCOPES: Record<OrgKind, readonly Permission[]> = {
  landlord: COLLECTION,
  authority: ['kfm.notice'],
  municipality: [],
};

export function tokenPermissions(kind: OrgKind): Set<Permission> {
  return new Set(TOKEN_SCOPES[kind]);
}

/**
 * The one acting: a logged-in user, a landlord system's API token, Bokvar itself (jobs, CLI), or
 * someone without a login on the public page (en väg in), who may do nothing else.
 */
export interface Actor {
  kind: 'user' | 'token' | 'system' | 'public';
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

/** Whoever sends the public concern form: no organisation, no permissions; named so in the audit log. */
export const PUBLIC_ACTOR: Actor = {
  kind: 'public',
  userId: null,
  tokenId: null,
  orgId: null,
  orgKind: null,
  orgName: null,
  role: null,
  name: 'En väg in (utan inloggning)',
  permissions: new Set(),
};

/**
 * Minutes without use after which a session ends, by kind of organisation, until its administrator
 * sets another (issue 12 §21): social services work with the most sensitive files, and a screen left
 * open in an office is the commonest way in.
 */
export const SESSION_IDLE_DEFAULTS: Record<OrgKind, number> = { municipality: 30, authority: 60, landlord: 240 };
export const SESSION_IDLE_LIMITS = { min: 5, max: 1440 } as const;
