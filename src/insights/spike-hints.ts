import { join } from 'node:path';
import type { Catalog } from '../catalog/catalog';
import type { Lang, Localized, Party } from '../catalog/types';
import { compileSchema, describeAjvError, readJsonFile } from '../catalog/validate-json';
import { HelpdeskError } from '../errors';
import { DATA_DIR } from '../paths';

interface SpikeHintsFile {
  readonly codes: Readonly<Record<string, Localized>>;
  readonly parties: Readonly<Record<Party, Localized>>;
}

/** What a spike of a code may mean (data/spike-hints.json): the code's own hint, or its party's. */
export class SpikeHints {
  constructor(private readonly file: SpikeHintsFile) {}

  hint(code: number, party: Party | undefined, lang: Lang): string {
    return (this.file.codes[String(code)] ?? this.file.parties[party ?? 'none'])[lang];
  }
}

export function loadSpikeHints(catalog: Catalog, path = join(DATA_DIR, 'spike-hints.json')): SpikeHints {
  const validate = compileSchema<SpikeHintsFile>(join(DATA_DIR, 'spike-hints.schema.json'), 'DATA_INVALID');
  const json = readJsonFile(path, 'DATA_INVALID');
  if (!validate(json)) throw new HelpdeskError('DATA_INVALID', `${path}: ${(validate.errors ?? []).map(describeAjvError).join('; ')}`);
  const unknown = Object.keys(json.codes).filter((code) => !catalog.has(Number(code)));
  if (unknown.length) throw new HelpdeskError('DATA_INVALID', `${path}: codes not in the catalog: ${unknown.join(', ')}`);
  return new SpikeHints(json);
}
