import { afterEach, describe, expect, it } from 'vitest';
import { serverNow, serverToday, setServerNow, todayInStockholm } from './time.ts';

describe("the web app's today is the server's", () => {
  afterEach(() => setServerNow(new Date().toISOString()));

  it('a browser clock days ahead still gives the server’s date', () => {
    const browserNow = Date.now();
    // The server says it is 23:30 in Stockholm on 23 November; the laptop is four days and an hour ahead.
    setServerNow('2026-11-23T22:30:00Z', browserNow);
    expect(serverToday()).toBe('2026-11-23');
    expect(Math.abs(serverNow().getTime() - Date.parse('2026-11-23T22:30:00Z'))).toBeLessThan(5_000);
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
