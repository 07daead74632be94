export type { SmsProvider } from '../platform/ports.ts';

/** The provider answered that it did not send the message: safe to try again. */
export class SmsRefused extends Error {}

/** Sender names are at most 11 letters or digits (GSM alphanumeric sender id). */
export function senderName(from: string): string {
  const cleaned = from.normalize('NFD').replace(/[^A-Za-z0-9 ]/g, '').trim().slice(0, 11);
  return cleaned || 'Bokvar';
}

export interface ArrearsSmsInput {
  landlordName: string;
  landlordPhone: string | null;
  address: string;
}

/**
 * The arrears reminder: plain and respectful, names no amount, no personnummer and nobody else
 * (an SMS can be read by others in the household). Sveriges Allmännytta: SMS and calls work better
 * than letters alone.
 */
export function arrearsSms(input: ArrearsSmsInput, locale: 'sv' | 'en' = 'sv'): string {
  const phone = input.landlordPhone ? (locale === 'sv' ? ` Ring oss på ${input.landlordPhone}.` : ` Call us on ${input.landlordPhone}.`) : '';
  return locale === 'sv'
    ? `Hej! Vi har inte fått hyran för ${input.address}. Hör av dig så hittar vi en lösning tillsammans.${phone} Vänliga hälsningar ${input.landlordName}`
    : `Hello! We have not received the rent for ${input.address}. Get in touch and we will find a solution together.${phone} Kind regards ${input.landlordName}`;
}
