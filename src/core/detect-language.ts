import type { Lang } from '../catalog/types';

const HAN = /\p{Script=Han}/gu;
const LATIN_WORD = /[A-Za-z]{2,}/g;
/** Codes are no language: `AADSTS50126` or `0xCAA20003` alone is answered in the client's language, like `50126`. */
const CODE_TOKEN = /\bAADSTS[\s_:-]{0,3}\d+|\b0x[0-9a-f]+\b/gi;

/**
 * The language to answer in: the script of the message first (Chinese as soon as it carries
 * a few Han characters, since Chinese messages quote English product names and codes), then the client's locale.
 */
export function detectLanguage(text: string, locale?: string): Lang {
  const han = text.match(HAN)?.length ?? 0;
  if (han >= 2) return 'zh';
  const latin = text.replace(CODE_TOKEN, ' ').match(LATIN_WORD)?.length ?? 0;
  if (latin > 0 && han === 0) return 'en';
  return locale?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}
