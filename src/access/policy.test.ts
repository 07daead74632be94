import { describe, expect, it } from 'vitest';
import { type Actor, type OrgKind, permissionsFor, type Role, SYSTEM_ACTOR } from './model.ts';
import { assertOwnOrganisation, assertOwnTenancyField, assertSentNotice, assertSeesLandlordRow, canReadNotice } from './policy.ts';

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
});
