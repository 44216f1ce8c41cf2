import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { startBot, type RunningBot } from '../../src/start';
import { ConnectorStandIn } from './connector-stand-in';
import { FIXTURES } from './fixtures';

export type ActivityFixture = 'personal-message' | 'channel-mention' | 'group-message' | 'bot-installed-personal' | 'bot-installed-team';

/** A captured Teams activity with overrides, its serviceUrl pointed at the connector stand-in. */
export function activity(fixture: ActivityFixture, serviceUrl: string, overrides: Record<string, unknown> = {}): Record<string, any> {
  const base = JSON.parse(readFileSync(join(FIXTURES, 'activities', `${fixture}.json`), 'utf8'));
  return { ...base, serviceUrl, id: `${base.id}-${Math.random().toString(36).slice(2, 8)}`, ...overrides };
}

/** The real bot on an ephemeral port, anonymous, talking to a local connector stand-in over real HTTP. */
export class BotHarness {
  readonly connector = new ConnectorStandIn();
  bot!: RunningBot;

  async start(env: Record<string, string> = {}): Promise<this> {
    await this.connector.start();
    this.bot = await startBot(loadConfig({ PORT: '0', STORAGE: 'memory', LOG_LEVEL: 'silent', TYPING_DELAY_MS: '5000', ...env }));
    return this;
  }

  /** POSTs an activity to /api/messages; resolves with the HTTP status and body (invokes answer in the body). */
  async send(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed };
  }

  message(fixture: ActivityFixture, text: string, overrides: Record<string, unknown> = {}): Record<string, any> {
    const base = activity(fixture, this.connector.url, overrides);
    if (fixture === 'channel-mention' || fixture === 'group-message') base.text = `<at>Sign-in Helpdesk</at> ${text}`;
    else base.text = text;
    return base;
  }

  /** An Adaptive Card Universal Action (`adaptiveCard/action` invoke), as Teams sends it when a button is pressed. */
  cardAction(
    fixture: ActivityFixture,
    verb: string,
    data: Record<string, unknown>,
    overrides: Record<string, unknown> = {},
  ): Record<string, any> {
    const base = activity(fixture, this.connector.url, overrides);
    delete base.text;
    delete base.entities;
    return {
      ...base,
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', id: 'action', verb, data }, trigger: 'manual' },
      ...overrides,
    };
  }

  async stop(): Promise<void> {
    await this.bot?.close();
    await this.connector.stop();
  }
}
