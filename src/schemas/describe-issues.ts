import type { z } from 'zod/v4';

type Path = readonly PropertyKey[];

function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** "/entries/3/party: " for messages; nothing at the top. */
export function pointer(path: Path): string {
  return path.length ? `/${path.map(String).join('/')}: ` : '';
}

/**
 * One validation problem in words a data editor acts on: which field, and what it must be.
 * `root` is the JSON that was validated, to tell a missing field from a wrong one.
 */
export function describeIssue(issue: z.core.$ZodIssue, root: unknown): { path: Path; text: string } {
  const { path } = issue;
  if (issue.code === 'invalid_type' && path.length && valueAt(root, path) === undefined) {
    return { path: path.slice(0, -1), text: `missing required field "${String(path[path.length - 1])}"` };
  }
  if (issue.code === 'unrecognized_keys') return { path, text: issue.keys.map((key) => `unknown field "${key}"`).join(', ') };
  if (issue.code === 'invalid_value') return { path, text: `must be one of ${issue.values.map(String).join(', ')}` };
  return { path, text: issue.message };
}

export function describeIssues(issues: readonly z.core.$ZodIssue[], root: unknown): string[] {
  return issues.map((issue) => {
    const { path, text } = describeIssue(issue, root);
    return `${pointer(path)}${text}`;
  });
}
