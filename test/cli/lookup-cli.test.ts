import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/paths';

/** Runs the CLI the way the README tells scripts to: `npm run -s lookup`, so the package.json script is part of the test. */
function lookup(args: string[], input?: string): string {
  return execFileSync('npm', ['run', '-s', 'lookup', '--', ...args], { cwd: ROOT_DIR, input, encoding: 'utf8', timeout: 60_000 });
}

describe('npm run lookup', () => {
  it('--jsonl writes exactly one contract-shaped JSON object per input line', () => {
    const input = [
      { id: 'a', text: 'AADSTS50126 then AADSTS99999999' },
      { id: 'b', text: '我的账号被锁了' },
      { id: 'c', text: 'the printer on floor 3 is jammed' },
    ]
      .map((line) => JSON.stringify(line))
      .join('\n');
    const lines = lookup(['--jsonl'], input).trim().split('\n');
    expect(lines).toHaveLength(3);
    const [a, b, c] = lines.map((line) => JSON.parse(line));
    expect(a).toEqual({ id: 'a', found: [50126, 99999999], unknown: [99999999], matches: [], parties: { '50126': 'user' } });
    expect(Object.keys(b)).toEqual(['id', 'found', 'unknown', 'matches', 'parties']);
    expect(b.found).toEqual([]);
    expect(b.matches[0].code).toBe(50053);
    expect(b.matches.length).toBeLessThanOrEqual(5);
    for (const match of b.matches) expect(b.parties[String(match.code)]).toBeTypeOf('string');
    expect(c).toEqual({ id: 'c', found: [], unknown: [], matches: [], parties: {} });
  });

  it('--json prints one object; the default prints a readable answer in the language asked', () => {
    const json = JSON.parse(lookup(['--json', 'error 53003']));
    expect(json.found).toEqual([53003]);
    expect(json.parties).toEqual({ '53003': 'tenant_admin' });
    const text = lookup(['--lang', 'zh', 'AADSTS50053']);
    expect(text).toContain('AADSTS50053');
    expect(text).toContain('你可以自己解决');
  });
});
