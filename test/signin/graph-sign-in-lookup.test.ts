import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/paths';
import { retryAfterSeconds } from '../../src/signin/graph-sign-in-lookup';
import type { LookupOutcome } from '../../src/signin/sign-in-lookup';
import { signIn } from '../helpers/graph-stand-in';
import { SignInStandIns } from '../helpers/sign-in-stand-ins';

const LI_WEI = '6b1f2c3d-1111-4a2b-9c3d-0123456789ab';

describe('Retry-After', () => {
  it('reads delta-seconds and HTTP dates, and ignores nonsense', () => {
    const now = Date.parse('2026-11-28T09:00:00Z');
    expect(retryAfterSeconds('7', now)).toBe(7);
    expect(retryAfterSeconds('Sat, 28 Nov 2026 09:00:30 GMT', now)).toBe(30);
    expect(retryAfterSeconds('Sat, 28 Nov 2026 08:00:00 GMT', now)).toBe(0);
    expect(retryAfterSeconds('soon', now)).toBeUndefined();
    expect(retryAfterSeconds(null, now)).toBeUndefined();
  });
});

/**
 * The real GraphSignInLookup (@azure/identity + Microsoft's Graph client) in its own process, so NODE_EXTRA_CA_CERTS
 * trusts the stand-ins' certificate; test/helpers/graph-lookup-probe.ts prints one outcome per subject.
 */
describe('GraphSignInLookup against the TLS stand-ins', () => {
  let standIns: SignInStandIns;

  beforeAll(async () => {
    standIns = await SignInStandIns.start();
  });
  afterAll(() => standIns?.stop());
  afterEach(() => {
    standIns.graph.behaviour = { kind: 'normal' };
    standIns.entra.tokenDelayMs = 0;
    standIns.graph.calls.length = 0;
    standIns.entra.calls.length = 0;
  });

  function probe(subjects: string[], env: Record<string, string> = {}): Promise<{ ms: number; outcome: LookupOutcome }[]> {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT_DIR, 'test', 'helpers', 'graph-lookup-probe.ts'), ...subjects], {
      cwd: ROOT_DIR,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...standIns.env(env) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    return new Promise((resolve, reject) =>
      child.on('exit', (code) =>
        code === 0
          ? resolve(
              out
                .split('\n')
                .filter(Boolean)
                .map((line) => JSON.parse(line)),
            )
          : reject(new Error(`probe exited with ${code}: ${err}`)),
      ),
    );
  }

  it('gets one app-only token by client credentials from the configured authority and reuses it', async () => {
    standIns.graph.rows = [signIn({ userId: LI_WEI, status: { errorCode: 50126 } })];
    const results = await probe([LI_WEI, LI_WEI, 'li.wei@contoso.com']);
    expect(results.map((result) => result.outcome.ok && result.outcome.records.length)).toEqual([1, 1, 1]);
    expect(standIns.entra.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      `GET /${standIns.entra.app.tenantId}/v2.0/.well-known/openid-configuration`,
      `POST /${standIns.entra.app.tenantId}/oauth2/v2.0/token`,
    ]);
    expect(standIns.entra.calls[1]!.form).toMatchObject({
      grant_type: 'client_credentials',
      client_id: standIns.entra.app.clientId,
      scope: `${standIns.graph.url}/.default`,
    });
    expect(standIns.graph.signInCalls()).toHaveLength(3);
  });

  it('gives up on a token service that does not answer within GRAPH_TIMEOUT_MS, and never reaches Graph', async () => {
    standIns.entra.tokenDelayMs = 10_000;
    const [result] = await probe([LI_WEI], { GRAPH_TIMEOUT_MS: '800' });
    expect(result!.outcome).toEqual({ ok: false, failure: 'timeout' });
    expect(result!.ms).toBeGreaterThanOrEqual(750);
    expect(result!.ms).toBeLessThan(2000);
    expect(standIns.graph.calls).toHaveLength(0);
  });

  it('gives up on a slow Graph at the deadline', async () => {
    standIns.graph.behaviour = { kind: 'slow', delayMs: 10_000 };
    const [result] = await probe([LI_WEI], { GRAPH_TIMEOUT_MS: '1000' });
    expect(result!.outcome).toEqual({ ok: false, failure: 'timeout' });
    expect(result!.ms).toBeLessThan(2000);
  });

  it("does not retry a 429 whose Retry-After would pass the deadline, and reports Graph's Retry-After", async () => {
    standIns.graph.behaviour = { kind: 'throttle', retryAfterSeconds: 3, times: 5 };
    const [result] = await probe([LI_WEI]);
    expect(result!.outcome).toEqual({ ok: false, failure: 'throttled', retryAfterSeconds: 3 });
    expect(standIns.graph.signInCalls()).toHaveLength(1);
  });

  it.each([
    ['forbidden', { kind: 'forbidden' as const }],
    ['unlicensed', { kind: 'unlicensed' as const }],
    ['malformed', { kind: 'malformed' as const, body: '<html>Service Unavailable</html>' }],
  ])('classifies %s', async (failure, behaviour) => {
    standIns.graph.behaviour = behaviour;
    const [result] = await probe([LI_WEI]);
    expect(result!.outcome).toEqual({ ok: false, failure });
  });

  it('reports an unknown app as a credentials problem; an unknown tenant or a dropped connection as unavailable', async () => {
    const [app] = await probe([LI_WEI], { GRAPH_CLIENT_ID: '00000000-0000-4000-8000-000000000001' });
    expect(app!.outcome).toEqual({ ok: false, failure: 'auth' });
    // MSAL reports a tenant whose OpenID configuration Entra refuses as it reports an unreachable host.
    const [tenant] = await probe([LI_WEI], { GRAPH_TENANT_ID: '00000000-0000-4000-8000-000000000000' });
    expect(tenant!.outcome).toEqual({ ok: false, failure: 'unavailable' });
    standIns.graph.behaviour = { kind: 'drop' };
    const [graph] = await probe([LI_WEI]);
    expect(graph!.outcome).toEqual({ ok: false, failure: 'unavailable' });
  });
});
