import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
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

const failures: [string, () => unknown, 401 | 503][] = [
  ['an algorithm not allowed (alg none, HS256)', () => new jwt.JsonWebTokenError('invalid algorithm'), 401],
  ['a bad signature', () => new jwt.JsonWebTokenError('invalid signature'), 401],
  ['a token used before its nbf', () => new jwt.NotBeforeError('jwt not active', new Date()), 401],
  ['an expired token', () => new jwt.TokenExpiredError('jwt expired', new Date()), 401],
  ['botbuilder’s own refusal', () => new AuthenticationError('Unauthorized. ServiceUrl claim do not match.', 401), 401],
  ['an unforeseen error while checking', () => new TypeError("Cannot read properties of undefined (reading 'trim')"), 401],
  ['the key endpoint unreachable', () => new FetchError('request to https://login.botframework.com failed, reason: ECONNREFUSED', 'system'), 503],
  ['the key endpoint failing', () => new AuthenticationError('Failed to load openID config: 500', 500), 503],
];

describe('authentication failures', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  it.each(failures)('%s is a %s with nothing internal in the answer (plain botbuilder: 500 with the message)', async (_, error, status) => {
    const adapter = new HelpdeskAdapter(new FailingAuthentication(error()), true);
    let turns = 0;
    const server = createServer({ adapter, bot: { run: async () => void turns++ }, log: createLogger('silent') });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    close = () => new Promise<void>((resolve) => server.close(() => resolve()));
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer x.y.z' },
      body: JSON.stringify(activity('personal-message', 'http://127.0.0.1:9/')),
    });
    expect(res.status).toBe(status);
    expect(await res.text()).not.toMatch(/jwt|signature|ECONNREFUSED|openID|botframework|trim/i);
    expect(turns).toBe(0);
  });
});
