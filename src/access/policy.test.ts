import { describe, expect, it } from 'vitest';
import { type Actor, type OrgKind, permissionsFor, type Role, SYSTEM_ACTOR } from './model.ts';
import type { ConsentFacts } from '../cases/model.ts';
import { assertOwnOrganisation, assertOwnTenancyField, assertSentNotice, assertSeesLandlordRow, canReadNotice, canSeeCase, caseShareFor, socialServicesSeeLedger } from './policy.ts';

const LANDLORD_A = 'a0000000-0000-4000-8000-00000000000a';
const LANDLORD_B = 'b0000000-0000-4000-8000-00000000000b';
const KOMMUN = 'c0000000-0000-4000-8000-00000000000c';
const OTHER_KOMMUN = 'd0000000-0000-4000-8000-00000000000d';

function user(orgKind: OrgKind, orgId: string, role: Role): Actor {
  return { kind: 'user', userId: 'u', tokenId: null, orgId, orgKind, orgName: 'x', role, name: 'x', permissions: permissionsFor(orgKind, role) };
}

const officerA = user('landlord', LANDLORD_A, 'collection_officer');
const officerB = user('landlord', LANDLORD_B, 'collection_officer');
const socialWorker = user('municipality', KOMMUN, 'social_worker');
const otherSocialWorker = user('municipality', OTHER_KOMMUN, 'social_worker');
const housingCoordinator = user('municipality', KOMMUN, 'housing_coordinator');
const caretakerA = user('landlord', LANDLORD_A, 'caretaker');

const status = (fn: () => void): number | 'allowed' => {
  try {
    fn();
    return 'allowed';
  } catch (err) {
    return (err as { status: number }).status;
  }
};

describe('the access rules', () => {
  it('a notice is read by the landlord that sent it and the board of its municipality, nobody else', () => {
    const notice = { landlord_id: LANDLORD_A, municipality_id: KOMMUN };
    expect(canReadNotice(officerA, notice)).toBe(true);
    expect(canReadNotice(socialWorker, notice)).toBe(true);
    expect(canReadNotice(officerB, notice)).toBe(false);
    expect(canReadNotice(otherSocialWorker, notice)).toBe(false);
    expect(canReadNotice(caretakerA, notice)).toBe(false); // no notice.read
    expect(canReadNotice(housingCoordinator, notice)).toBe(housingCoordinator.permissions.has('notice.read'));
    expect(canReadNotice(socialWorker, { landlord_id: LANDLORD_A, municipality_id: null })).toBe(false);
  });

  it("only the sending landlord records a notice's dates; to anyone else it does not exist (404)", () => {
    const notice = { landlord_id: LANDLORD_A };
    expect(status(() => assertSentNotice(officerA, notice))).toBe('allowed');
    expect(status(() => assertSentNotice(officerB, notice))).toBe(404);
    expect(status(() => assertSentNotice(socialWorker, notice))).toBe(404);
    expect(status(() => assertSentNotice(officerA, undefined))).toBe(404);
  });

  it("another landlord's tenancy is refused the same way as one that does not exist", () => {
    const tenancy = { landlord_id: LANDLORD_A };
    expect(status(() => assertSeesLandlordRow(officerA, LANDLORD_A))).toBe('allowed');
    expect(status(() => assertSeesLandlordRow(officerB, LANDLORD_A))).toBe(404);
    expect(status(() => assertSeesLandlordRow(socialWorker, LANDLORD_A))).toBe(404);
    expect(status(() => assertOwnTenancyField(officerA, tenancy, 'tenancyId'))).toBe('allowed');
    expect(status(() => assertOwnTenancyField(officerB, tenancy, 'tenancyId'))).toBe(400);
    expect(status(() => assertOwnTenancyField(officerB, undefined, 'tenancyId'))).toBe(400);
  });

  it('an administrator manages their own organisation only; the system (the bokvar command) any', () => {
    const admin = user('landlord', LANDLORD_A, 'admin');
    expect(status(() => assertOwnOrganisation(admin, LANDLORD_A))).toBe('allowed');
    expect(status(() => assertOwnOrganisation(admin, LANDLORD_B))).toBe(404);
    expect(status(() => assertOwnOrganisation(SYSTEM_ACTOR, LANDLORD_B))).toBe('allowed');
  });

  it('a case shows outside social services only what its notice and its valid consents allow', () => {
    const KFM = 'e0000000-0000-4000-8000-00000000000e';
    const liaison = user('authority', KFM, 'kfm_liaison');
    const debtAdviser = user('municipality', KOMMUN, 'debt_adviser');
    const otherDebtAdviser = user('municipality', OTHER_KOMMUN, 'debt_adviser');
    const consent: ConsentFacts = {
      categories: ['contacts'], recipientOrgIds: [LANDLORD_A, KFM], toDebtAdvice: true, validFrom: '2027-01-01', validUntil: '2027-06-30',
      documentedAt: new Date('2027-01-01T10:00:00Z'), withdrawnAt: null,
    };
    const seen = (actor: Actor, c: { noticeLandlordIds: string[]; consents: ConsentFacts[] }, today = '2027-02-01') => {
      const share = caseShareFor(actor, { municipalityId: KOMMUN, ...c }, today);
      return share ? [...share.categories] : null;
    };
    // Nothing without a notice or a consent; after its own notice a landlord learns only that the case exists.
    expect(seen(officerA, { noticeLandlordIds: [], consents: [] })).toBeNull();
    expect(seen(officerA, { noticeLandlordIds: [LANDLORD_A], consents: [] })).toEqual([]);
    expect(seen(officerB, { noticeLandlordIds: [LANDLORD_A], consents: [] })).toBeNull();
    expect(seen(caretakerA, { noticeLandlordIds: [LANDLORD_A], consents: [consent] })).toBeNull();
    // A valid consent shares its categories with those it names, and with no one else.
    for (const named of [officerA, liaison, debtAdviser]) expect(seen(named, { noticeLandlordIds: [], consents: [consent] })).toEqual(['contacts']);
    for (const other of [officerB, otherDebtAdviser, socialWorker, housingCoordinator]) expect(seen(other, { noticeLandlordIds: [], consents: [consent] })).toBeNull();
    // Not before it is signed, not outside its days, not after it is withdrawn.
    const nothing = [
      { ...consent, documentedAt: null },
      { ...consent, withdrawnAt: new Date('2027-01-20T10:00:00Z') },
    ];
    for (const c of nothing) expect(seen(officerA, { noticeLandlordIds: [], consents: [c] })).toBeNull();
    expect(seen(officerA, { noticeLandlordIds: [], consents: [consent] }, '2026-12-31')).toBeNull();
    expect(seen(officerA, { noticeLandlordIds: [], consents: [consent] }, '2027-06-30')).toEqual(['contacts']);
    expect(seen(officerA, { noticeLandlordIds: [], consents: [consent] }, '2027-07-01')).toBeNull();
  });

  it('a case is seen by the social workers of its municipality; a protected one only by those named on it, and by nobody outside', () => {
    const open = { municipality_id: KOMMUN, protected_identity: false };
    const guarded = { municipality_id: KOMMUN, protected_identity: true };
    const named = { ...socialWorker, userId: 'named-worker' };
    expect(canSeeCase(socialWorker, open, [])).toBe(true);
    expect(canSeeCase(otherSocialWorker, open, [])).toBe(false);
    expect(canSeeCase(housingCoordinator, open, [])).toBe(false); // no case.read
    expect(canSeeCase(officerA, open, [])).toBe(false);
    expect(canSeeCase(socialWorker, guarded, ['named-worker'])).toBe(false);
    expect(canSeeCase(named, guarded, ['named-worker'])).toBe(true);
    const consent: ConsentFacts = {
      categories: ['case_open'], recipientOrgIds: [LANDLORD_A], toDebtAdvice: false, validFrom: '2027-01-01', validUntil: '2027-06-30', documentedAt: new Date('2027-01-01T10:00:00Z'), withdrawnAt: null,
    };
    expect(caseShareFor(officerA, { municipalityId: KOMMUN, noticeLandlordIds: [LANDLORD_A], consents: [consent], protectedIdentity: true }, '2027-02-01')).toBeNull();
  });

  it("social services see a tenant's ledger only after a notice, a consented referral or a Kronofogden notice", () => {
    expect(socialServicesSeeLedger({ notices: 0, referrals: 0, kfmNotices: 0 })).toBe(false);
    expect(socialServicesSeeLedger({ notices: 1, referrals: 0, kfmNotices: 0 })).toBe(true);
    expect(socialServicesSeeLedger({ notices: 0, referrals: 1, kfmNotices: 0 })).toBe(true);
    expect(socialServicesSeeLedger({ notices: 0, referrals: 0, kfmNotices: 1 })).toBe(true);
  });
});
