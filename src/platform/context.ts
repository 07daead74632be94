import type { Config } from './config.ts';
import type { Clock } from './clock.ts';
import type { Database } from './database.ts';
import type { SmsProvider } from './ports.ts';

/** What every service is handed: the database, the time and the outside world. */
export interface AppContext {
  db: Database;
  clock: Clock;
  sms: SmsProvider;
  config: Config;
}
