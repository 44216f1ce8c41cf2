import { createRequire } from 'node:module';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import { afterEach, describe, expect, it } from 'vitest';
import { HelpdeskAdapter } from '../../src/bot/helpdesk-adapter';
import { createLogger } from '../../src/logger';
import { createServer } from '../../src/server';
import { activity } from '../helpers/bot-harness';

// The token library and HTTP client botbuilder itself uses, so the errors are the ones it really throws.
const fromConnector = createRequire(require.resolve('botframework-connector'));
const jwt = fromConnector('jsonwebtoken') as typeof import('jsonwebtoken');
const { FetchError } = fromConnector('node-fetch') as { FetchError: new (message: string, type: string, error?: object) => Error };

/** Authentication that fails the way botbuilder's does for one kind of bad request. */
class FailingAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(private readonly error: unknown) {
    super({});
  }
  override async authenticateRequest(): Promise<AuthenticateRequestResult> {
    throw this.error;
  }
}

const failures: [string, 401 | 503, () => unknown][] = [
  ['an algorithm not allowed (alg none, HS256)', 401, () => new jwt.JsonWebTokenError('invalid algorithm')],
  ['a bad signature', 401, () => new jwt.JsonWebTokenError('invalid signature')],
  ['a token used before its nbf', 401, () => new jwt.NotBeforeError('jwt not active', new Date())],
  ['an expired token', 401, () => new jwt.TokenExpiredError('jwt expired', new Date())],
  ['botbuilder’s own refusal', 401, () => new AuthenticationError('Unauthorized. ServiceUrl claim do not match.', 401)],
  ['an unforeseen error while checking', 401, () => new TypeError("Cannot read properties of undefined (reading 'trim')")],
  [
    'the key endpoint unreachable',
    503,
    () => new FetchError('request to https://login.botframework.com failed, reason: ECONNREFUSED', 'system'),
  ],
  ['the key endpoint failing', 503, () => new AuthenticationError('Failed to load openID config: 500', 500)],
];

describe('authentication failures', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  it.each(failures)('%s: %i, nothing internal in the answer (plain botbuilder: 500 and the message)', async (_, status, error) => {
    const adapter = new HelpdeskAdapter(new FailingAuthentication(error()), true);
    let turns = 0;
    const server = createServer({ adapter, bot: { run: async () => void turns++ }, log: createLogger('silent') });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    close = () => new Promise<void>((resolve) => server.close(() => resolve()));
    const res = await fetch(`http://127.0.0.1:${server.address().port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer x.y.z' },
      body: JSON.stringify(activity('personal-message', 'http://127.0.0.1:9/')),
    });
    expect(res.status).toBe(status);
    expect(await res.text()).not.toMatch(/jwt|signature|ECONNREFUSED|openID|botframework|trim/i);
    expect(turns).toBe(0);
  });
});
