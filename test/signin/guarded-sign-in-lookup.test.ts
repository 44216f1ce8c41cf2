import { describe, expect, it } from 'vitest';
import { GuardedSignInLookup } from '../../src/signin/guarded-sign-in-lookup';
import type { LookupOutcome, SignInLookup, SignInSubject } from '../../src/signin/sign-in-lookup';

const LI_WEI: SignInSubject = { kind: 'objectId', id: '6b1f2c3d-1111-4a2b-9c3d-0123456789ab' };
const BOB: SignInSubject = { kind: 'upn', upn: 'bob@contoso.com' };
const found: LookupOutcome = { ok: true, records: [], lookbackHours: 24 };

/** The lookup behind the guard, answering from a script in order and counting what it was asked. */
class ScriptedLookup implements SignInLookup {
  readonly asked: SignInSubject[] = [];
  private pending: ((outcome: LookupOutcome) => void)[] = [];
  constructor(
    private readonly script: LookupOutcome[] = [],
    private readonly hold = false,
  ) {}
  recentFailures(subject: SignInSubject): Promise<LookupOutcome> {
    this.asked.push(subject);
    const outcome = this.script.shift() ?? found;
    if (!this.hold) return Promise.resolve(outcome);
    return new Promise((resolve) => this.pending.push(() => resolve(outcome)));
  }
  release(): void {
    for (const resolve of this.pending.splice(0)) resolve(found);
  }
}

class Log {
  readonly lines: { level: string; fields: object; message: string }[] = [];
  warn(fields: object, message: string) {
    this.lines.push({ level: 'warn', fields, message });
  }
  info(fields: object, message: string) {
    this.lines.push({ level: 'info', fields, message });
  }
}

function setup(script: LookupOutcome[] = [], hold = false) {
  const clock = { now: 1_000_000 };
  const inner = new ScriptedLookup(script, hold);
  const log = new Log();
  const guard = new GuardedSignInLookup(inner, log, { cacheSeconds: 60, maxCached: 2, now: () => clock.now });
  return { clock, inner, log, guard };
}

describe('the guard in front of the sign-in logs', () => {
  it('reuses an answer about the same person for a minute, then asks again', async () => {
    const { clock, inner, guard } = setup();
    await guard.recentFailures(LI_WEI);
    clock.now += 59_000;
    await guard.recentFailures(LI_WEI);
    await guard.recentFailures(BOB);
    expect(inner.asked).toEqual([LI_WEI, BOB]);
    clock.now += 2_000;
    await guard.recentFailures(LI_WEI);
    expect(inner.asked).toEqual([LI_WEI, BOB, LI_WEI]);
  });

  it('keeps a bounded number of answers', async () => {
    const { inner, guard } = setup();
    const carol: SignInSubject = { kind: 'upn', upn: 'carol@contoso.com' };
    for (const subject of [LI_WEI, BOB, carol, LI_WEI]) await guard.recentFailures(subject);
    expect(inner.asked).toEqual([LI_WEI, BOB, carol, LI_WEI]); // Li Wei's answer was the oldest of three, over the bound of two
  });

  it('shares one request among concurrent questions about one person', async () => {
    const { inner, guard } = setup([], true);
    const answers = Promise.all([guard.recentFailures(LI_WEI), guard.recentFailures(LI_WEI), guard.recentFailures(LI_WEI)]);
    inner.release();
    expect(await answers).toEqual([found, found, found]);
    expect(inner.asked).toHaveLength(1);
  });

  it('after a failure, answers with it at once for the cool-down, logging one warn line, and one info line on recovery', async () => {
    const { clock, inner, log, guard } = setup([
      { ok: false, failure: 'forbidden' },
      { ok: false, failure: 'forbidden' },
    ]);
    expect(await guard.recentFailures(LI_WEI)).toEqual({ ok: false, failure: 'forbidden' });
    expect(await guard.recentFailures(BOB)).toEqual({ ok: false, failure: 'forbidden' });
    expect(inner.asked).toHaveLength(1);
    clock.now += 121_000;
    await guard.recentFailures(BOB); // still forbidden: asked, but not logged again
    expect(inner.asked).toHaveLength(2);
    expect(log.lines.filter((line) => line.level === 'warn')).toHaveLength(1);
    expect(log.lines[0]!.message).toContain('AuditLog.Read.All');
    clock.now += 121_000;
    expect(await guard.recentFailures(BOB)).toEqual(found);
    expect(log.lines.map((line) => line.level)).toEqual(['warn', 'info']);
    expect(JSON.stringify(log.lines)).not.toContain('bob@contoso.com');
  });

  it.each([
    [30, 30],
    [1, 5],
    [86_400, 300],
  ])("honours Graph's Retry-After of %i s as a pause of %i s", async (retryAfterSeconds, pause) => {
    const { clock, inner, log, guard } = setup([{ ok: false, failure: 'throttled', retryAfterSeconds }]);
    await guard.recentFailures(LI_WEI);
    clock.now += pause * 1000 - 1;
    await guard.recentFailures(LI_WEI);
    expect(inner.asked).toHaveLength(1);
    clock.now += 2;
    await guard.recentFailures(LI_WEI);
    expect(inner.asked).toHaveLength(2);
    expect(log.lines[0]!.fields).toEqual({ failure: 'throttled', pauseSeconds: pause });
  });

  it('logs a new line when the failure changes', async () => {
    const { clock, log, guard } = setup([
      { ok: false, failure: 'timeout' },
      { ok: false, failure: 'forbidden' },
    ]);
    await guard.recentFailures(LI_WEI);
    clock.now += 31_000;
    await guard.recentFailures(LI_WEI);
    expect(log.lines.map((line) => (line.fields as { failure: string }).failure)).toEqual(['timeout', 'forbidden']);
  });

  it('does not cache failures for the person: once the pause is over, the logs are asked again', async () => {
    const { clock, inner, guard } = setup([{ ok: false, failure: 'timeout' }]);
    await guard.recentFailures(LI_WEI);
    clock.now += 31_000;
    expect(await guard.recentFailures(LI_WEI)).toEqual(found);
    expect(inner.asked).toHaveLength(2);
  });
});
