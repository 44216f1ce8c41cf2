import type { HelpdeskCore } from '../../src/core/helpdesk-core';
import type { PasteCase, SymptomCase } from './fixtures';

export interface SymptomScore {
  related: number;
  top1: number;
  top3: number;
  unrelated: number;
  noMatch: number;
  failures: string[];
}

/** Top-1/top-3 over descriptions that name a problem, and "no match" over the unrelated ones. */
export function scoreSymptoms(core: HelpdeskCore, cases: readonly SymptomCase[]): SymptomScore {
  const score: SymptomScore = { related: 0, top1: 0, top3: 0, unrelated: 0, noMatch: 0, failures: [] };
  for (const c of cases) {
    const understanding = core.understand(c.text);
    const ranked = understanding.found.length ? understanding.found : understanding.matches.map((m) => m.code);
    if (!c.expected.length) {
      score.unrelated++;
      if (!ranked.length) score.noMatch++;
      else score.failures.push(`${c.id} expected no match, got ${ranked.slice(0, 3).join(',')}: ${c.text}`);
      continue;
    }
    score.related++;
    if (c.expected.includes(ranked[0]!)) score.top1++;
    if (ranked.slice(0, 3).some((code) => c.expected.includes(code))) {
      score.top3++;
      if (!c.expected.includes(ranked[0]!))
        score.failures.push(`${c.id} (top-3 only) expected ${c.expected.join('/')}, got ${ranked.slice(0, 3).join(',')}: ${c.text}`);
    } else score.failures.push(`${c.id} expected ${c.expected.join('/')}, got ${ranked.slice(0, 3).join(',') || 'nothing'}: ${c.text}`);
  }
  return score;
}

export function scorePastes(core: HelpdeskCore, cases: readonly PasteCase[]): { exact: number; failures: string[] } {
  const failures: string[] = [];
  for (const c of cases) {
    const found = core.understand(c.text).found;
    if (JSON.stringify(found) !== JSON.stringify(c.codes)) {
      failures.push(`${c.id} expected [${c.codes.join(',')}] got [${found.join(',')}]: ${c.text.slice(0, 160).replace(/\n/g, '⏎')}`);
    }
  }
  return { exact: cases.length - failures.length, failures };
}

export function percent(part: number, whole: number): string {
  return whole ? `${((100 * part) / whole).toFixed(1)}%` : 'n/a';
}
