import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { ACTIVITY_SCHEMAS, activityProblem } from '../../src/bot/activity-shape';

/** The shape check itself, without a server: what passes, and what the refusal names (the field, never its value). */
const message = () => ({
  type: 'message',
  id: '1',
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/amer/',
  from: { id: '29:user', name: 'Ada', aadObjectId: '00000000-0000-0000-0000-000000000001' },
  recipient: { id: '28:bot', name: 'Sign-in Helpdesk' },
  conversation: { id: 'a:1xyz', conversationType: 'personal', tenantId: 'tenant' },
  text: 'AADSTS50126',
  entities: [{ type: 'clientInfo', locale: 'en-US' }],
  channelData: { tenant: { id: 'tenant' } },
});

describe('activityProblem', () => {
  it('passes a Teams message, unknown fields and null optional fields included', () => {
    expect(activityProblem(message())).toBeUndefined();
    expect(activityProblem({ ...message(), locale: null, replyToId: null, somethingNew: { x: 1 } })).toBeUndefined();
  });

  it('names the field of the wrong type, not its value', () => {
    expect(activityProblem({ ...message(), text: 42 })).toMatchObject({ status: 400, message: expect.stringMatching(/^text: /) });
    const nested = activityProblem({ ...message(), channelData: { channel: { id: 'secret-value', name: 7 } } });
    expect(nested).toMatchObject({ status: 400, message: expect.stringMatching(/^channelData\.channel\.name: /) });
    expect(nested!.message).not.toContain('secret-value');
  });

  it('refuses a missing sender, a service URL that is not http(s) and a conversation id unfit for a header', () => {
    const { from: _from, ...noSender } = message();
    expect(activityProblem(noSender)).toMatchObject({ status: 400, message: expect.stringMatching(/^from: /) });
    expect(activityProblem({ ...message(), serviceUrl: 'file:///etc/passwd' })).toMatchObject({
      message: 'serviceUrl: must be an http(s) URL',
    });
    expect(activityProblem({ ...message(), conversation: { id: 'a:1\nx-injected: 1' } })).toMatchObject({
      message: 'conversation.id: must be printable ASCII without spaces',
    });
  });

  it('refuses a mention entity without whom it mentions, and passes one with it', () => {
    const mention = { type: 'mention', text: '<at>bot</at>' };
    expect(activityProblem({ ...message(), entities: [mention] })).toMatchObject({ status: 400 });
    expect(activityProblem({ ...message(), entities: [{ ...mention, mentioned: { id: '28:bot' } }] })).toBeUndefined();
  });

  it('bounds arrays', () => {
    const entities = Array.from({ length: 257 }, () => ({ type: 'clientInfo' }));
    expect(activityProblem({ ...message(), entities })).toMatchObject({ status: 400, message: expect.stringMatching(/^entities: /) });
  });

  it('checks the value of the invokes the bot answers, with the path under value', () => {
    const invoke = (name: string, value: unknown) => ({ ...message(), type: 'invoke', name, value });
    expect(
      activityProblem(invoke('adaptiveCard/action', { action: { type: 'Action.Execute', verb: 'escalate', data: {} } })),
    ).toBeUndefined();
    expect(activityProblem(invoke('adaptiveCard/action', { action: { verb: 3 } }))).toMatchObject({
      status: 400,
      message: expect.stringMatching(/^value\.action\.verb: /),
    });
    expect(activityProblem(invoke('composeExtension/query', { parameters: 'AADSTS50126' }))).toMatchObject({
      message: expect.stringMatching(/^value\.parameters: /),
    });
    expect(activityProblem(invoke('composeExtension/selectItem', 'anything'))).toBeUndefined();
  });

  it('answers 501 for an invoke it does not implement, the way botbuilder does', () => {
    expect(activityProblem({ ...message(), type: 'invoke', name: 'task/fetch' })).toEqual({
      status: 501,
      message: 'this invoke is not implemented',
    });
    expect(activityProblem({ ...message(), type: 'invoke', name: 'constructor' })).toMatchObject({ status: 501 });
  });

  it('has schemas that are valid JSON Schema with no unknown keyword (the start-up compile does not check)', () => {
    const strict = new Ajv({ allowUnionTypes: true, strict: true });
    for (const schema of [ACTIVITY_SCHEMAS.activity, ...Object.values(ACTIVITY_SCHEMAS.invokes)]) {
      expect(strict.validateSchema(schema), JSON.stringify(strict.errors)).toBe(true);
      expect(() => strict.compile(schema)).not.toThrow();
    }
    expect(() => strict.compile({ ...ACTIVITY_SCHEMAS.activity, requird: [] })).toThrow(/unknown keyword/);
  });

  it('refuses a body that is not an object', () => {
    expect(activityProblem([message()])).toMatchObject({ status: 400, message: expect.stringMatching(/^body: /) });
    expect(activityProblem(null)).toMatchObject({ status: 400 });
  });
});
