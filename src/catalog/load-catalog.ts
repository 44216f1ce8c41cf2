import { join } from 'node:path';
import { HelpdeskError } from '../errors';
import { DATA_DIR } from '../paths';
import { Catalog } from './catalog';
import { errorLookupUrl, type CatalogEntry } from './types';
import { compileSchema, describeAjvError, pointerParts, readJsonFile } from './validate-json';

interface CatalogFile {
  entries: CatalogEntry[];
}

export const CATALOG_PATH = join(DATA_DIR, 'catalog.json');
export const CATALOG_SCHEMA_PATH = join(DATA_DIR, 'catalog.schema.json');

let validateFile: ReturnType<typeof compileSchema<CatalogFile>> | undefined;

/** Names an entry in messages by its code when it has one, by its position otherwise. */
function entryName(raw: unknown, index: number): string {
  const code = (raw as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? `entry ${index} (code ${code})` : `entry ${index}`;
}

/** Validates parsed catalog JSON; throws one error that lists every problem with the entry and field it is in. */
export function parseCatalog(json: unknown, source = 'catalog'): Catalog {
  validateFile ??= compileSchema<CatalogFile>(CATALOG_SCHEMA_PATH, 'CATALOG_INVALID');
  const problems: string[] = [];
  if (!validateFile(json)) {
    for (const error of validateFile.errors ?? []) {
      const [top, index, ...field] = pointerParts(error);
      if (top === 'entries' && index !== undefined) {
        const raw = (json as CatalogFile).entries[Number(index)];
        const inner = { ...error, instancePath: field.length ? `/${field.join('/')}` : '' };
        problems.push(`${entryName(raw, Number(index))}: ${describeAjvError(inner)}`);
      } else {
        problems.push(describeAjvError(error));
      }
    }
  } else {
    const seen = new Map<number, number>();
    json.entries.forEach((entry, index) => {
      const first = seen.get(entry.code);
      if (first !== undefined) problems.push(`${entryName(entry, index)}: duplicate code, already used by entry ${first}`);
      seen.set(entry.code, index);
      if (!entry.links.some((link) => link.url === errorLookupUrl(entry.code))) {
        problems.push(`${entryName(entry, index)}: links: must include ${errorLookupUrl(entry.code)}`);
      }
      if (entry.retired && entry.source.includes('reference')) {
        problems.push(`${entryName(entry, index)}: retired: a code the current reference lists is not retired`);
      }
    });
    json.entries.forEach((entry, index) => {
      if (entry.aliasOf !== undefined && (entry.aliasOf === entry.code || !seen.has(entry.aliasOf))) {
        problems.push(`${entryName(entry, index)}: aliasOf: must name another code of the catalog`);
      }
    });
  }
  if (problems.length) {
    throw new HelpdeskError('CATALOG_INVALID', `${source} has ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
  }
  return new Catalog((json as CatalogFile).entries);
}

export function loadCatalog(path = CATALOG_PATH): Catalog {
  return parseCatalog(readJsonFile(path, 'CATALOG_INVALID'), path);
}
