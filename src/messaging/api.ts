// The messaging capability's API contract: the landlord's SMS outbox.
import { z } from 'zod';
import { type Answer, id, instant } from '../platform/api-fields.ts';

export const outbox = z.object({
  /** The provider messages go through now (`sink` in development: nothing leaves the machine). */
  provider: z.string(),
  messages: z.array(
    z.object({
      id,
      to_phone: z.string(),
      body: z.string(),
      status: z.string(),
      provider: z.string().nullable(),
      error: z.string().nullable(),
      created_at: instant,
      sent_at: instant.nullable(),
    }),
  ),
});
export type Outbox = Answer<typeof outbox>;
