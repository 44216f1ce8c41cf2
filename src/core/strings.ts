import { join } from 'node:path';
import { compileSchema, describeAjvError, readJsonFile } from '../catalog/validate-json';
import { LANGS, type Lang } from '../catalog/types';
import { HelpdeskError } from '../errors';
import { DATA_DIR } from '../paths';

type StringTable = Record<string, string>;

/** The bot's interface sentences from data/strings.json, in every language, with the same keys. */
export class Strings {
  constructor(private readonly tables: Readonly<Record<Lang, StringTable>>) {}

  t(lang: Lang, key: string, params: Readonly<Record<string, string | number>> = {}): string {
    const template = this.tables[lang][key];
    if (template === undefined) throw new HelpdeskError('DATA_INVALID', `strings.json has no "${key}" for ${lang}`);
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  }
}

export function loadStrings(path = join(DATA_DIR, 'strings.json')): Strings {
  const validate = compileSchema<Record<Lang, StringTable>>(join(DATA_DIR, 'strings.schema.json'), 'DATA_INVALID');
  const json = readJsonFile(path, 'DATA_INVALID');
  if (!validate(json)) throw new HelpdeskError('DATA_INVALID', `${path}: ${(validate.errors ?? []).map(describeAjvError).join('; ')}`);
  const keys = new Set(LANGS.flatMap((lang) => Object.keys(json[lang])));
  const missing = LANGS.flatMap((lang) => [...keys].filter((key) => !(key in json[lang])).map((key) => `${lang}.${key}`));
  if (missing.length) throw new HelpdeskError('DATA_INVALID', `${path}: missing translations: ${missing.join(', ')}`);
  return new Strings(json);
}
