import type { SmsConfig } from '../platform/config.ts';
import type { Database } from '../platform/database.ts';
import { SmsRefused, type SmsProvider } from './model.ts';
import { messagingStore } from './store.ts';

/** Development default: messages land in the sms_sink table instead of a phone (the outbox page shows them). */
export function sinkProvider(db: Database): SmsProvider {
  return {
    name: 'sink',
    async send(m) {
      return { providerMessageId: await messagingStore.sink(db, m) };
    },
  };
}

/**
 * 46elks (Stockholm): POST {base}/sms, form-encoded from/to/message, HTTP Basic auth with the API
 * user and password; the answer is JSON with the message id.
 */
export function elksProvider(config: { baseUrl: string; apiUser: string; apiPassword: string }, fetchImpl: typeof fetch = fetch): SmsProvider {
  return {
    name: '46elks',
    async send(m) {
      const response = await fetchImpl(`${config.baseUrl.replace(/\/$/, '')}/sms`, {
        method: 'POST',
        headers: {
          authorization: 'Basic ' + Buffer.from(`${config.apiUser}:${config.apiPassword}`).toString('base64'),
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ from: m.from, to: m.to, message: m.body }).toString(),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await response.text();
      if (!response.ok) throw new SmsRefused(`46elks svarade ${response.status}: ${text.slice(0, 200)}`);
      const body = JSON.parse(text) as { id?: string; status?: string };
      if (!body.id) throw new Error('46elks svarade utan meddelande-id');
      return { providerMessageId: body.id };
    },
  };
}

export function smsProviderFromConfig(config: SmsConfig, db: Database): SmsProvider {
  return config.provider === '46elks' ? elksProvider(config) : sinkProvider(db);
}
