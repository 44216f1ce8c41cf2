import type { ZodIssue } from 'zod';
import { HelpdeskError } from '../errors';
import { overrideName, overrideProblems, overridesSchema, type CatalogOverrides } from './overrides';
import type { CatalogEntry } from './types';
import { readJsonFile } from './validate-json';

/** "entries[2] (code 50053): steps.append.zh: needs as many zh steps as en steps". */
function describeIssue(issue: ZodIssue, json: unknown): string {
  const [list, index, ...field] = issue.path;
  const message =
    issue.code === 'unrecognized_keys'
      ? `unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}`
      : issue.message.replace(/^Required$/, 'is required');
  if ((list === 'entries' || list === 'internal') && typeof index === 'number') {
    const raw = (json as Record<string, { code?: unknown }[]>)[list]?.[index];
    return `${overrideName(list, index, raw?.code)}: ${field.length ? `${field.join('.')}: ` : ''}${message}`;
  }
  return `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${message}`;
}

/** Reads and validates the overrides file against its schema and the catalog; one error names every entry and field at fault. */
export function parseOverrides(json: unknown, catalog: readonly CatalogEntry[], source = 'overrides'): CatalogOverrides {
  const parsed = overridesSchema.safeParse(json);
  const problems = parsed.success ? overrideProblems(catalog, parsed.data) : parsed.error.issues.map((issue) => describeIssue(issue, json));
  if (problems.length) {
    throw new HelpdeskError('OVERRIDES_INVALID', `${source} has ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
  }
  return parsed.data!;
}

export function loadOverrides(path: string, catalog: readonly CatalogEntry[]): CatalogOverrides {
  return parseOverrides(readJsonFile(path, 'OVERRIDES_INVALID'), catalog, path);
}
