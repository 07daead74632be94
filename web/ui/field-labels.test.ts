import { describe, expect, it } from 'vitest';
import { describeProblems, fieldLabel, problemOf } from './field-errors.ts';
import { FIELD_LABELS } from './field-labels.ts';

// Every part of a field path the server can name in an error, found in src/: the first argument of each
// invalidField(…) (the parts of a template path such as `tasks[${n}].what` or `conditions.${unmet[0]}`), the
// problem lists (validateRoutine in src/collection/model.ts, ladderProblems in src/housing/model.ts), and the
// property names of every route's zod body, querystring and params (a failed validation names them).
const FIELDS = {
  concern: ['municipalityId', 'areaId', 'address', 'contractNumber', 'what', 'children', 'mentalHealth', 'violence', 'contact', 'clientId', 'website'],
  collection: [
    'date', 'area', 'step', 'limit', 'after', 'itemIds', 'idempotencyKey', 'worklistItemId', 'tenancyId', 'kind', 'reached', 'contactDate',
    'partOfDay', 'outcome', 'promiseAmount', 'promiseDate', 'note', 'reason', 'terminationDate', 'amountOwed', 'servedOnTenant',
    'deliveredToBoard', 'fromStep', 'nonpaymentReason', 'nonpaymentNote',
  ],
  cases: [
    'userId', 'eventDate', 'body', 'corrects', 'caseNumber', 'municipalityCode', 'personnummer', 'landlordName', 'evictionAt', 'at',
    'jointWithLandlord', 'contactId', 'relation', 'name', 'birthYear', 'protectedIdentity', 'workerIds',
  ],
  statistics: ['year', 'inhabitants', 'childrenUnder18', 'homes'],
  consent: ['personId', 'categories', 'recipientOrgIds', 'toDebtAdvice', 'purpose', 'validFrom', 'validUntil', 'consentId', 'file', 'paper', 'givenOn', 'how'],
  plans: [
    'debt', 'agreedOn', 'agreedWith', 'instalments', 'dueDate', 'amount', 'planId', 'title', 'dueOn', 'assessedOn', 'assessment', 'childrenHeard',
    'goals', 'reviewOn', 'tasks', 'owner', 'months', 'tenancyHolds', 'decidedOn', 'granted', 'rentAmount', 'periodFrom', 'periodUntil',
  ],
  meetings: ['kfmNoticeId', 'presenceOffered', 'attending', 'bookedAt', 'heldOn', 'participants', 'landlordTookPart', 'agreements'],
  housing: [
    'landlordId', 'targetGroups', 'commitmentKind', 'commitmentHomes', 'commitmentShare', 'commitmentBase', 'excludedAreas', 'acceptedIncomeTypes',
    'maxRentShare', 'responseHours', 'transferRefusalNeedsCause', 'reviewDates', 'agreementId', 'rooms', 'sizeM2', 'rent', 'floor', 'lift',
    'accessible', 'availableFrom', 'caseId', 'adults', 'childrenAges', 'tried', 'incomes', 'type', 'monthly', 'debts', 'paymentRemarks',
    'drugFreeMonths', 'supportNeeded', 'domesticViolence', 'avoidAreas', 'needsAccessible', 'minRooms', 'homelessnessSituation', 'declinedOn',
    'approve', 'accept', 'proposalId', 'steps', 'position', 'form', 'trialMonths', 'conditions', 'decidedBy', 'childrenMaySkip',
    'guaranteeMonths', 'startedOn', 'decision', 'reasons', 'extendMonths', 'description', 'response', 'tenant', 'landlord', 'municipality',
    'insurer', 'policyNumber', 'liabilityCover', 'dueDates', 'pay', 'scheduledOn', 'socialServicesPresent', 'tenantPresent', 'remarks', 'damages',
  ],
  // STEP_CONDITIONS in src/housing/model.ts (conditions.no_late_rent, steps[0].conditions …).
  ladderConditions: ['no_disturbance', 'no_late_rent', 'visits_accepted', 'drug_free'],
  routine: ['templateKey', 'template', 'key', 'label', 'day', 'from', 'to', 'action', 'actor', 'dueMonth'],
  // The conditions of a routine step (steps.0.conditions.minAmount …).
  routineConditions: ['minAmount', 'minMonthsOwed', 'maxTenantAge', 'minTenantAge', 'noContactForDays', 'childrenInHousehold', 'collectionDemandSent'],
  admin: ['email', 'password', 'role', 'org', 'locale', 'format', 'organisation', 'caseFileYears', 'concernMonths', 'tenancyMonths'],
  import: ['filename', 'q'],
};

/** Parts that name no field of their own: they are left out of the label. */
const STRUCTURE = ['timing', 'consent', 'routine', 'id'];

describe('every field the server can name has a label', () => {
  for (const [topic, fields] of Object.entries(FIELDS)) {
    it(`${topic}: a Swedish and an English label`, () => {
      const unlabelled = fields.filter((f) => !FIELD_LABELS[f]?.sv.trim() || !FIELD_LABELS[f]?.en.trim());
      expect(unlabelled).toEqual([]);
    });
  }

  it('the list above and the labels agree: no label for a field the server never names', () => {
    const known = new Set([...Object.values(FIELDS).flat(), ...STRUCTURE]);
    expect(Object.keys(FIELD_LABELS).filter((k) => !known.has(k))).toEqual([]);
  });

  it('structural parts have empty labels in both languages', () => {
    for (const part of STRUCTURE) expect(FIELD_LABELS[part]).toEqual({ sv: '', en: '' });
  });

  it('no other label is empty, and a label is a noun phrase: no colon, question mark or hint in parentheses', () => {
    for (const [key, label] of Object.entries(FIELD_LABELS)) {
      if (STRUCTURE.includes(key)) continue;
      for (const text of [label.sv, label.en]) {
        expect(text, key).not.toBe('');
        expect(text, key).not.toMatch(/[:?()]|\s$|^\s/);
      }
    }
  });
});

describe('labels put together as the user sees them', () => {
  it('a routine step\'s day', () => {
    expect(fieldLabel('steps.1.timing.day', 'sv')).toBe('Steg 2, dag');
    expect(fieldLabel('steps.1.timing.day', 'en')).toBe('Step 2, day');
    expect(fieldLabel('steps[1].timing.day', 'sv')).toBe('Steg 2, dag');
  });

  it('a field of the request body, and a position in a list', () => {
    expect(fieldLabel('body.address', 'sv')).toBe('Adress');
    expect(fieldLabel('dueDates[1]', 'sv')).toBe('Förfallodag 2');
    expect(fieldLabel('steps[0].trialMonths', 'sv')).toBe('Steg 1, prövotid');
    expect(fieldLabel('tasks[2].owner', 'sv')).toBe('Uppgift 3, vem');
    expect(fieldLabel('instalments[0].dueDate', 'en')).toBe('Instalment 1, date');
    expect(fieldLabel('incomes[0].type', 'sv')).toBe('Inkomst 1, typ');
    expect(fieldLabel('consent.givenOn', 'sv')).toBe('Samtycket lämnades');
    expect(fieldLabel('conditions.no_late_rent', 'sv')).toBe('Villkor, ingen sen hyra');
    expect(fieldLabel('steps.0.conditions.minAmount', 'en')).toBe('Step 1, conditions, minimum owed');
    expect(fieldLabel('body.routine.steps.0.label', 'sv')).toBe('Steg 1, benämning');
    expect(fieldLabel('querystring.after', 'sv')).toBe('Nästa sida');
  });

  it('an unknown code gives no label, and the message stands alone', () => {
    expect(fieldLabel('xyzzy', 'sv')).toBeNull();
    expect(describeProblems([{ field: 'xyzzy', message: 'Fel' }], 'sv')).toBe('Fel');
    expect(describeProblems([{ field: 'params.id', message: 'Ogiltigt id' }], 'sv')).toBe('Ogiltigt id');
  });

  it('one line for several problems, each with its label', () => {
    expect(
      describeProblems(
        [
          { field: 'address', message: 'Skriv adressen' },
          { field: 'steps.1.timing.day', message: 'Dagen ska vara ett heltal 0–120' },
        ],
        'sv',
      ),
    ).toBe('Adress: Skriv adressen; Steg 2, dag: Dagen ska vara ett heltal 0–120');
  });

  it('beside a field, its own problem, else the first of an item of it; never that of a field merely named alike', () => {
    const problems = { 'dueDates[1]': 'Hyran för 2027-09-01 har inte förfallit än', 'reviewDates.0': 'Ett datum ÅÅÅÅ-MM-DD', amount: 'Ett belopp över noll' };
    expect(problemOf(problems, 'amount')).toBe('Ett belopp över noll');
    expect(problemOf(problems, 'dueDates')).toBe('Hyran för 2027-09-01 har inte förfallit än');
    expect(problemOf(problems, 'reviewDates')).toBe('Ett datum ÅÅÅÅ-MM-DD');
    expect(problemOf(problems, 'due')).toBeUndefined();
    expect(problemOf(problems, 'dueDates[0]')).toBeUndefined();
    expect(problemOf({ steps: 'Steg 2 har kontrakt', 'steps[0].name': 'Namnet' }, 'steps')).toBe('Steg 2 har kontrakt');
  });
});
