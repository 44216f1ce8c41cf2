import type { Lang } from '../catalog/types';
import { APP_CODE } from './extract-app-codes';
import { PREFIXED } from './extract-codes';

const HAN = /\p{Script=Han}/gu;
const LATIN_WORD = /[A-Za-z]{2,}/g;

/** Matches of a global pattern, counting no further than `limit` and keeping none (a long paste is not copied out). */
function countUpTo(pattern: RegExp, text: string, limit: number): number {
  pattern.lastIndex = 0;
  let count = 0;
  while (count < limit && pattern.exec(text)) count++;
  pattern.lastIndex = 0;
  return count;
}

/**
 * The language to answer in: the script of the message first (Chinese as soon as it carries
 * a few Han characters, since Chinese messages quote English product names and codes), then the client's locale.
 */
export function detectLanguage(text: string, locale?: string): Lang {
  const han = countUpTo(HAN, text, 2);
  if (han >= 2) return 'zh';
  // Codes are no language: `AADSTS50126` or `0xCAA20003` alone is answered in the client's language, like `50126`.
  const latin = countUpTo(LATIN_WORD, text.replace(PREFIXED, ' ').replace(APP_CODE, ' '), 1);
  if (latin > 0 && han === 0) return 'en';
  return locale?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}
