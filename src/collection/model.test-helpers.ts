// Test helper for the collection model's tests: any date 2000–2100 as a fast-check arbitrary.
import fc from 'fast-check';
import { addDays, daysBetween } from '../calendar/model.ts';

const FIRST = '2000-01-01';
const SPAN = daysBetween(FIRST, '2100-12-31');
export const anyDateArb = fc.integer({ min: 0, max: SPAN }).map((n) => addDays(FIRST, n));
