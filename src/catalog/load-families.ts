import { join } from 'node:path';
import { HelpdeskError } from '../errors';
import { DATA_DIR } from '../paths';
import type { Catalog } from './catalog';
import { compileSchema, describeAjvError, readJsonFile } from './validate-json';

/** Codes people describe in the same words, from data/families.json. */
export interface CodeFamily {
  readonly id: string;
  readonly codes: readonly number[];
}

export const FAMILIES_PATH = join(DATA_DIR, 'families.json');

/** Loads and validates the families; every code must be in the catalog, so a family never offers a code the bot cannot show. */
export function loadFamilies(catalog: Catalog, path = FAMILIES_PATH): CodeFamily[] {
  const validate = compileSchema<{ families: CodeFamily[] }>(join(DATA_DIR, 'families.schema.json'), 'DATA_INVALID');
  const json = readJsonFile(path, 'DATA_INVALID');
  if (!validate(json)) throw new HelpdeskError('DATA_INVALID', `${path}: ${(validate.errors ?? []).map(describeAjvError).join('; ')}`);
  const problems = json.families.flatMap((family) =>
    family.codes.filter((code) => !catalog.has(code)).map((code) => `family "${family.id}" names ${code}, which is not in the catalog`),
  );
  const ids = json.families.map((family) => family.id);
  problems.push(...ids.filter((id, i) => ids.indexOf(id) !== i).map((id) => `family "${id}" is defined twice`));
  if (problems.length) throw new HelpdeskError('DATA_INVALID', `${path}: ${problems.join('; ')}`);
  return json.families;
}
