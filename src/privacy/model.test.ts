// The person's own report in words (GDPR art. 15): codes a citizen cannot read are shown as what they mean.
import { describe, expect, it } from 'vitest';
import { NONPAYMENT_REASONS, OUTREACH_OUTCOMES } from '../collection/model.ts';
import { CASE_OUTCOMES, CONTACT_KINDS, CONTACT_OUTCOMES, PARTS_OF_DAY } from '../cases/model.ts';
import { showValue } from './model.ts';

describe('a value on the report', () => {
  it('is a code in words, for every code of the lists a person meets', () => {
    const lists: [string, readonly string[]][] = [
      ['outcome', [...OUTREACH_OUTCOMES, ...CONTACT_OUTCOMES, ...CASE_OUTCOMES]],
      ['nonpayment_reason', NONPAYMENT_REASONS],
      ['kind', [...CONTACT_KINDS, 'charge', 'payment', 'credit']],
      ['part_of_day', PARTS_OF_DAY],
    ];
    for (const [field, codes] of lists) {
      for (const code of codes) {
        const shown = showValue(code, field);
        expect(shown, `${field} ${code}`).not.toBe(code);
        expect(shown, `${field} ${code}`).not.toMatch(/_/);
      }
    }
    expect(showValue('other_debts', 'nonpayment_reason')).toBe('Andra skulder gick före');
  });

  it('is shown as stored where it is not a code, and a dash where there is none', () => {
    expect(showValue('Lönen kom sent', 'nonpayment_note')).toBe('Lönen kom sent');
    expect(showValue('promise_to_pay', 'note')).toBe('promise_to_pay');
    expect(showValue(null, 'outcome')).toBe('–');
    expect(showValue(true, 'reached')).toBe('ja');
  });
});
