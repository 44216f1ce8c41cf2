/** Upper bound on the text we analyse: a sign-in paste is a few KB; anything longer is cut, never rejected. */
export const MAX_ANALYSED_CHARS = 20_000;

const PERCENT_ASCII = /%([0-7][0-9A-Fa-f])/g;
// A query-string value (`?error_description=AADSTS70008%3a+The+grant...`), where `+` is an encoded space.
const QUERY_VALUE = /([?&][\w.-]+=)([^\s&#]+)/g;

/**
 * Makes pastes comparable: full-width digits and colons become ASCII (NFKC), URL-encoded ASCII
 * (`AADSTS70008%3a`, `%20`, `+` in query strings) is decoded, and zero-width characters are dropped.
 */
export function normalizeForExtraction(text: string): string {
  return text
    .slice(0, MAX_ANALYSED_CHARS)
    .normalize('NFKC')
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(QUERY_VALUE, (_, key: string, value: string) => key + value.replace(/\+/g, ' '))
    .replace(PERCENT_ASCII, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
