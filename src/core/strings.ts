import type { Lang } from '../catalog/types';
import { HelpdeskError } from '../errors';
import type { StringTables } from '../schemas/strings-schema';

/** The bot's interface sentences from data/strings.json, in every language, with the same keys. */
export class Strings {
  constructor(private readonly tables: StringTables) {}

  t(lang: Lang, key: string, params: Readonly<Record<string, string | number>> = {}): string {
    const template = this.tables[lang][key];
    if (template === undefined) throw new HelpdeskError('DATA_INVALID', `strings.json has no "${key}" for ${lang}`);
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  }
}
