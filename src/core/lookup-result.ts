import type { Party } from '../catalog/types';
import type { HelpdeskCore, Understanding } from './helpdesk-core';

/** One line of `lookup --jsonl` output. Scripts depend on this exact shape. */
export interface LookupResult {
  readonly id: string;
  readonly found: readonly number[];
  readonly unknown: readonly number[];
  readonly matches: readonly { readonly code: number; readonly score: number }[];
  readonly parties: Readonly<Record<string, Party>>;
}

export function toLookupResult(id: string, understanding: Understanding, core: HelpdeskCore): LookupResult {
  const parties: Record<string, Party> = {};
  for (const code of [...understanding.found, ...understanding.matches.map((match) => match.code)]) {
    const entry = core.catalog.get(code);
    if (entry) parties[String(code)] = entry.party;
  }
  return {
    id,
    found: understanding.found,
    unknown: understanding.unknown,
    matches: understanding.matches.map(({ code, score }) => ({ code, score })),
    parties,
  };
}
