/**
 * Status codes of the app a person was signing in to, not of Microsoft Entra ID: Teams and Office show
 * `0xCAA70004` / `caa20002` at the bottom of their sign-in window, Windows and its account broker show HRESULTs such
 * as `0x80070520`. They say the sign-in failed, rarely why; the AADSTS code that does is one step further.
 */
export const APP_CODE = /(?<![\w#-])(?:0x)?(CAA[0-9A-F]{5})(?![\w-])|(?<![\w#-])0x(8[0-9A-F]{7})(?![\w-])/gi;
const MAX_APP_CODES = 3;

/** The app codes in a message, as the app shows them (`0xCAA70004`, `0x80070520`), first seen first. */
export function findAppCodes(text: string): string[] {
  const codes = new Set<string>();
  for (const match of text.matchAll(APP_CODE)) {
    codes.add(`0x${(match[1] ?? match[2])!.toUpperCase()}`);
    if (codes.size >= MAX_APP_CODES) break;
  }
  return [...codes];
}
