import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { activity } from '../helpers/bot-harness';
import { BotProcess } from '../helpers/bot-process';

const WARN = 40;
/** The bot's log lines at warn level or above. */
const warnings = (bot: BotProcess) => bot.logs.filter((line) => line.level >= WARN);
import { cardOf, cardText, ConnectorStandIn } from '../helpers/connector-stand-in';
import { signIn, type GraphBehaviour } from '../helpers/graph-stand-in';
import { SignInStandIns } from '../helpers/sign-in-stand-ins';

const LI_WEI = '6b1f2c3d-1111-4a2b-9c3d-0123456789ab';
const HELPDESK = '19:helpdesk-general@thread.tacv2';
const PERSONAL = 'a:1personal-conversation';
/** What "never worse than today" allows: the text answer within 3 s of the question, whatever Graph does. */
const WITHIN_MS = 3000;

/**
 * Graph refusing, throttling, hanging or talking nonsense: every codeless question still gets the answer from its text,
 * within 3 s, saying the logs could not be read; the operator gets one warn line, not one per message.
 * Each case runs its own bot process, as the bot pauses Graph after a failure.
 */
describe('sign-in logs when Graph fails', () => {
  let standIns: SignInStandIns;
  let connector: ConnectorStandIn;
  let bot: BotProcess | undefined;

  beforeAll(async () => {
    standIns = await SignInStandIns.start();
    connector = await new ConnectorStandIn().start();
  });
  afterAll(async () => {
    await connector?.stop();
    await standIns?.stop();
  });
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
    connector.reset();
    standIns.graph.calls.length = 0;
    standIns.entra.calls.length = 0;
    standIns.graph.behaviour = { kind: 'normal' };
  });

  async function start(behaviour: GraphBehaviour, env: Record<string, string> = {}): Promise<BotProcess> {
    standIns.graph.rows = [
      signIn({ userId: LI_WEI, appDisplayName: 'Salesforce', status: { errorCode: 53003 }, ipAddress: '203.0.113.45' }),
    ];
    standIns.graph.behaviour = behaviour;
    bot = await BotProcess.start(standIns.env({ HELPDESK_CHANNEL_ID: HELPDESK, HELPDESK_SERVICE_URL: connector.url, ...env }));
    return bot;
  }

  /** Asks in 1:1 chat; resolves with the answer's text and how long the whole turn took. */
  async function ask(text: string, aadObjectId = LI_WEI): Promise<{ text: string; ms: number }> {
    connector.reset();
    const message = activity('personal-message', connector.url);
    message.text = text;
    message.from = { ...message.from, aadObjectId };
    const started = Date.now();
    const res = await bot!.post(message);
    const ms = Date.now() - started;
    expect(res.status).toBe(200);
    const [reply] = await connector.waitFor(1, (c) => c.conversationId === PERSONAL && c.method === 'POST');
    return { text: cardText(cardOf(reply!)), ms };
  }

  function expectTextAnswerWithNote(answer: { text: string; ms: number }): void {
    expect(answer.ms).toBeLessThan(WITHIN_MS);
    expect(answer.text).toContain("I couldn't read your sign-in logs just now");
    expect(answer.text).toContain('AADSTS50053'); // "my account is locked", answered from its text as without sign-in logs
  }

  function expectNoIpInLogs(): void {
    expect(JSON.stringify(bot!.logs) + bot!.stderr).not.toMatch(/203\.0\.113\./);
  }

  it('403 Authorization_RequestDenied (no AuditLog.Read.All): text answers, Graph asked once, one warn line naming the permission', async () => {
    await start({ kind: 'forbidden' });
    for (let i = 0; i < 3; i++) expectTextAnswerWithNote(await ask('my account is locked'));
    expect(standIns.graph.signInCalls().map((call) => call.status)).toEqual([403]);
    const lines = warnings(bot!).filter((line) => line.part === 'sign-in-logs');
    expect(lines.filter((line) => line.failure)).toHaveLength(1);
    expect(lines.find((line) => line.failure)!.msg).toContain('AuditLog.Read.All');

    // The helpdesk is told why.
    connector.reset();
    const lookup = activity('channel-mention', connector.url);
    lookup.text = '<at>Sign-in Helpdesk</at> sign-ins bob@contoso.com';
    await bot!.post(lookup);
    const [reply] = await connector.waitFor(1, (c) => c.conversationId.startsWith(HELPDESK) && c.method === 'POST');
    expect(cardText(cardOf(reply!))).toContain('AuditLog.Read.All with admin consent');
    expectNoIpInLogs();
  });

  it('403 for a tenant without Entra ID P1/P2: the warn line says it is the licence', async () => {
    await start({ kind: 'unlicensed' });
    expectTextAnswerWithNote(await ask('my account is locked'));
    const warning = warnings(bot!).find((line) => line.failure);
    expect(warning).toMatchObject({ failure: 'unlicensed' });
    expect(warning!.msg).toContain('P1/P2');
  });

  it('a Graph that does not answer: the text answer within 3 s', async () => {
    await start({ kind: 'slow', delayMs: 15_000 });
    expectTextAnswerWithNote(await ask('my account is locked'));
    expectTextAnswerWithNote(await ask('my account is locked')); // paused: no second wait
    expect(standIns.graph.signInCalls()).toHaveLength(1);
    expect(warnings(bot!).filter((line) => line.failure)).toEqual([expect.objectContaining({ failure: 'timeout' })]);
  });

  it('429 with a short Retry-After: honoured once within the deadline, then the sign-ins card', async () => {
    await start({ kind: 'normal' });
    await ask('my account is locked', 'c0ffee00-0000-4000-8000-000000000001'); // someone else first: token and connections warm
    standIns.graph.calls.length = 0;
    standIns.graph.behaviour = { kind: 'throttle', retryAfterSeconds: 1, times: 1 };
    const answer = await ask("I can't get into Salesforce");
    expect(answer.text).toContain('AADSTS53003');
    expect(answer.ms).toBeLessThan(WITHIN_MS);
    expect(standIns.graph.signInCalls().map((call) => call.status)).toEqual([429, 200]);
    expect(warnings(bot!).filter((line) => line.failure)).toEqual([]);
  });

  it('429 with a long Retry-After: the text answer at once, and Graph left alone until it has passed', async () => {
    await start({ kind: 'throttle', retryAfterSeconds: 120, times: 5 });
    expectTextAnswerWithNote(await ask('my account is locked'));
    expectTextAnswerWithNote(await ask('my account is locked'));
    expect(standIns.graph.signInCalls().map((call) => call.status)).toEqual([429]);
    expect(warnings(bot!).filter((line) => line.failure)).toEqual([expect.objectContaining({ failure: 'throttled', pauseSeconds: 120 })]);
  });

  it.each([
    ['not JSON', '{"value": [{"id": "1", "createdDateTime": '],
    ['not a list of sign-ins', '{"error": "nope"}'],
    ['rows without the shape of a sign-in', '{"value": [{"id": 7, "status": "failed"}]}'],
  ])('a malformed answer (%s): the text answer and one warn line', async (_, body) => {
    await start({ kind: 'malformed', body });
    expectTextAnswerWithNote(await ask('my account is locked'));
    expect(warnings(bot!).filter((line) => line.failure)).toEqual([expect.objectContaining({ failure: 'malformed' })]);
  });

  it('a wrong client secret: Entra refuses the token, Graph is never called, the warn line names the variables', async () => {
    await start({ kind: 'normal' }, { GRAPH_CLIENT_SECRET: 'not-the-secret' });
    expectTextAnswerWithNote(await ask('my account is locked'));
    expect(standIns.graph.calls).toHaveLength(0);
    const warning = warnings(bot!).find((line) => line.failure);
    expect(warning).toMatchObject({ failure: 'auth' });
    expect(warning!.msg).toContain('GRAPH_CLIENT_SECRET');
    expect(JSON.stringify(bot!.logs)).not.toContain('not-the-secret');
  });

  it('proves the loopback guard: with the public authority host the library goes to login.microsoftonline.com, which is refused', async () => {
    // GRAPH_AUTHORITY_HOST left at its default: MSAL keeps instance discovery on and asks Microsoft's public host.
    await start({ kind: 'normal' }, { GRAPH_AUTHORITY_HOST: 'https://login.microsoftonline.com' });
    expectTextAnswerWithNote(await ask('my account is locked'));
    const blocked = bot!.egress();
    expect(blocked.length).toBeGreaterThan(0);
    expect(blocked.every((line) => /^EGRESS-BLOCKED (?:dns )?login\.microsoftonline\.com(?::443)?$/.test(line))).toBe(true);
    expect(standIns.entra.calls.filter((call) => call.path.endsWith('/token'))).toHaveLength(0);
  });
});
