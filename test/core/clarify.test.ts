import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Clarifier } from '../../src/core/clarify';
import { FIXTURES, readJsonl } from '../helpers/fixtures';
import { testCore } from '../helpers/helpdesk-data';

interface ClarifyCase {
  id: string;
  lang: string;
  text: string;
  /** choose: a "which one do you see?" card offering at least two of `codes`; find_code: the steps to find the code; none: neither. */
  ask: 'choose' | 'find_code' | 'none';
  codes?: number[];
}

describe('asking instead of guessing', () => {
  const core = testCore();
  const cases = readJsonl<ClarifyCase>(join(FIXTURES, 'clarify.jsonl'));

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_, c) => {
    const understanding = core.understand(c.text);
    const clarification = understanding.clarification;
    if (c.ask === 'none') {
      expect(clarification).toBeUndefined();
      return;
    }
    expect(clarification?.kind).toBe(c.ask);
    if (c.ask === 'choose') {
      const offered = clarification!.codes.filter((code) => c.codes!.includes(code));
      expect(offered.length, `offered ${clarification!.codes.join(',')}`).toBeGreaterThanOrEqual(2);
      expect(clarification!.codes.length).toBeLessThanOrEqual(3);
    }
  });

  it('covers both families the issue names, error pages, vague complaints and messages that need no question', () => {
    expect(new Set(cases.map((c) => c.ask))).toEqual(new Set(['choose', 'find_code', 'none']));
    expect(cases.filter((c) => c.ask === 'choose' && c.codes?.includes(50074)).length).toBeGreaterThanOrEqual(3);
    expect(cases.filter((c) => c.ask === 'choose' && c.codes?.includes(50173)).length).toBeGreaterThanOrEqual(3);
  });

  it('offers a near-twin only when it scores close to the best, and an unrelated entry only when it is very close', () => {
    const clarifier = new Clarifier([{ id: 'mfa', codes: [50074, 500121] }]);
    const reading = (scores: [number, number][]) => ({
      matches: scores.map(([code, score]) => ({ code, score })),
      aboutSignIn: true,
      namesProblem: true,
      errorPage: false,
    });
    const cases: [[number, number][], number[] | undefined][] = [
      [
        [
          [50074, 10],
          [500121, 7.6],
        ],
        [50074, 500121],
      ], // near-twins, close
      [
        [
          [50074, 10],
          [500121, 7.4],
        ],
        undefined,
      ], // near-twins, not close enough
      [
        [
          [50074, 10],
          [50053, 9.4],
        ],
        undefined,
      ], // unrelated, close
      [
        [
          [50074, 10],
          [50053, 9.6],
        ],
        [50074, 50053],
      ], // unrelated, almost alike
      [
        [
          [50074, 10],
          [500121, 9.9],
          [50053, 9.8],
          [50055, 9.7],
        ],
        [50074, 500121, 50053],
      ], // three at most
      [
        [
          [50074, 10],
          [50053, 9.9],
          [50055, 9.8],
          [500121, 8],
        ],
        [50074, 500121, 50053],
      ], // the twin before closer strangers
    ];
    for (const [scores, codes] of cases) {
      expect(clarifier.decide(reading(scores), false)).toEqual(codes && { kind: 'choose', codes });
    }
    expect(clarifier.decide(reading([[50074, 10]]), true)).toEqual({ kind: 'find_code', reason: 'error_page', codes: [50074] });
    expect(clarifier.decide({ ...reading([]), aboutSignIn: false }, false)).toBeUndefined();
    expect(clarifier.decide(reading([]), false)).toEqual({ kind: 'find_code', reason: 'vague', codes: [] });
    expect(clarifier.decide({ ...reading([[53002, 10]]), namesProblem: false }, false)).toEqual({
      kind: 'find_code',
      reason: 'vague',
      codes: [53002],
    });
  });
});
