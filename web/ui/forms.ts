/** A form field of comma-separated words ("Norr, Söder") as a list, empty entries left out. */
export function commaList(text: FormDataEntryValue | null): string[] {
  return String(text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
