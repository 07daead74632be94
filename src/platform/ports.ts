// The outside world as every service meets it through the context: the interfaces only. Each adapter,
// in the real provider's API shape or as a local sink, lives with its capability (messaging/providers.ts).

/** An SMS provider: the real one in production, the local sink in development and tests. */
export interface SmsProvider {
  readonly name: string;
  send(message: { from: string; to: string; body: string }): Promise<{ providerMessageId: string }>;
}
