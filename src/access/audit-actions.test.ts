import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, auditLabel } from './audit-actions.ts';

describe('the audit catalogue', () => {
  it('gives every action a label of its own in Swedish and English, in words rather than codes', () => {
    const entries = Object.entries(AUDIT_ACTIONS);
    expect(entries.length).toBeGreaterThan(100);
    for (const lang of ['sv', 'en'] as const) {
      const labels = entries.map(([, l]) => l[lang]);
      // Two actions read alike would leave the person unable to tell what was done.
      expect(new Set(labels).size).toBe(labels.length);
      for (const label of labels) expect(label).toMatch(/^\p{Lu}[^._]*$/u);
    }
  });

  it('shows a code it does not know as it is, so an old row is never hidden', () => {
    expect(auditLabel('consent.scan.read', 'sv')).toBe('Läste samtyckesblanketten');
    expect(auditLabel('consent.scan.read', 'en')).toBe('Read the consent form');
    expect(auditLabel('something.old', 'sv')).toBe('something.old');
  });
});
