// A figure as the server lets it be shown (src/disclosure, issue 14 §3): its number, "<5" for a count
// of 1–4, or ".." for one hidden so that no other can be worked out. The page says what both mean
// (`figures.legend`).
import type { ShownFigure } from '../../src/platform/api-fields.ts';

export function figureText(f: ShownFigure, lang: string): string {
  if (f.value !== null) return f.value.toLocaleString(lang === 'en' ? 'en-GB' : 'sv-SE');
  if (f.hidden === null) return '–';
  return f.hidden === 'small' ? '<5' : '..';
}

/**
 * A share, a rate or a time as it may be shown: hidden it is "..", never "<5" — a share of "<5 %" would
 * read as a small share, when it is one over too few to show (`figures.legendRates`).
 */
export function rateText(f: ShownFigure, lang: string): string {
  if (f.value !== null) return f.value.toLocaleString(lang === 'en' ? 'en-GB' : 'sv-SE');
  return f.hidden === null ? '–' : '..';
}

/** Whether any of the figures is hidden, so that the page explains the marks. */
export const anyHidden = (figures: ShownFigure[]) => figures.some((f) => f.hidden !== null);
