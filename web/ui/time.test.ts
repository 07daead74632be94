import { afterEach, describe, expect, it, vi } from 'vitest';
import { serverNow, serverToday, setServerNow, todayInStockholm } from './time.ts';

// The laptop's clock is vitest's fake system time; the server's is what its session answer says.
describe("the web app's today is the server's", () => {
  afterEach(() => {
    vi.useRealTimers();
    setServerNow(new Date().toISOString());
  });

  it('a laptop clock four days ahead still gives the server’s date, and goes on with the server’s', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-27T22:30:00Z'));
    // 23:30 in Stockholm on 23 November, says the server.
    setServerNow('2026-11-23T22:30:00Z');
    expect(serverToday()).toBe('2026-11-23');
    expect(serverNow().toISOString()).toBe('2026-11-23T22:30:00.000Z');
    // Two hours on by the laptop's clock it is past midnight in Stockholm, on the server's calendar.
    vi.setSystemTime(new Date('2026-11-28T00:30:00Z'));
    expect(serverToday()).toBe('2026-11-24');
  });

  it('the date is Stockholm’s, not the browser’s time zone’s', () => {
    setServerNow('2026-11-23T23:30:00Z');
    // 00:30 on the 24th in Stockholm, while UTC (and Los Angeles) still say the 23rd.
    expect(serverToday()).toBe('2026-11-24');
    expect(todayInStockholm(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
  });

  it('an answer without a readable time leaves the clock as it was', () => {
    setServerNow('2026-11-23T09:00:00Z');
    setServerNow('inte en tid');
    expect(serverToday()).toBe('2026-11-23');
  });
});
