import { describe, expect, it } from 'vitest';
import { answerForDatabaseError, loggableError } from './errors.ts';

describe('what an unexpected error leaves in the log', () => {
  it("keeps a database error's type, SQLSTATE and constraint, never its detail, query or parameters", () => {
    // The shape both drivers give a unique violation.
    const err = Object.assign(new Error('duplicate key value violates unique constraint "housing_applicants_waiting"'), {
      name: 'DatabaseError',
      code: '23505',
      constraint: 'housing_applicants_waiting',
      detail: 'Key (municipality_id, personnummer)=(7b0…, 194107086995) already exists.',
      query: "insert into housing_applicants (personnummer, name, debts) values ($1, $2, $3)",
      params: ['194107086995', 'Familjen Demir', 4_500_000],
    });
    const logged = loggableError(err);
    expect(logged).toMatchObject({ type: 'DatabaseError', code: '23505', constraint: 'housing_applicants_waiting' });
    const text = JSON.stringify(logged);
    for (const secret of ['194107086995', 'Familjen Demir', '4500000', 'Key (', 'insert into', 'duplicate key']) expect(text).not.toContain(secret);
  });

  it('names where a programming error happened, not what it was about', () => {
    const logged = loggableError(new TypeError("Cannot read properties of undefined (reading 'Anna Andersson')"));
    expect(logged.type).toBe('TypeError');
    expect(logged.at).toMatch(/errors\.test\.ts/);
    expect(JSON.stringify(logged)).not.toContain('Anna Andersson');
  });
});

describe('a database refusal caused by input', () => {
  it('answers 409 for a row that exists or is gone, 400 for a value the column does not take, else nothing', () => {
    expect(answerForDatabaseError('23505')).toMatchObject({ status: 409, code: 'conflict' });
    expect(answerForDatabaseError('23503')).toMatchObject({ status: 409 });
    expect(answerForDatabaseError('22021')).toMatchObject({ status: 400, code: 'invalid' });
    expect(answerForDatabaseError('40001')).toBeNull();
    expect(answerForDatabaseError(undefined)).toBeNull();
  });
});
