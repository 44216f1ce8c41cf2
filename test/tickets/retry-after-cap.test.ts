import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { describe, expect, it } from 'vitest';
import type { AdaptiveCardJson } from '../../src/cards/card-templates';
import { DeliveryError, OutboxWorker, type OutboxLog, type TeamsMessenger, type TicketCards } from '../../src/tickets/outbox-worker';
import { TicketStore } from '../../src/tickets/ticket-store';
import type { HelpdeskChannel } from '../../src/tickets/types';
import { ticketDraft } from '../helpers/ticket-draft';

const card: AdaptiveCardJson = { type: 'AdaptiveCard', version: '1.5', body: [] };
const cards: TicketCards = { ticketCard: () => card, requesterCard: () => card, requesterNoticeCard: () => card, channelLang: () => 'en' };
const silent: OutboxLog = { info() {}, warn() {}, error() {} };
const channel: HelpdeskChannel = { channelId: '19:hd@thread.tacv2', serviceUrl: 'https://example.test/', setAt: '2026-01-01T00:00:00Z' };

/** Teams (or whatever answers at the service URL) throttling with the Retry-After it likes. */
class ThrottlingTeams implements TeamsMessenger {
  constructor(private readonly retryAfterMs: number) {}
  async postToChannel(): Promise<{ conversationId: string; activityId: string }> {
    throw new DeliveryError('throttled', 429, this.retryAfterMs);
  }
  async updateMessage(): Promise<void> {}
  async sendToConversation(): Promise<void> {}
  async sendToPerson(): Promise<void> {}
}

describe('Retry-After', () => {
  it.each([
    ['a year', 365 * 24 * 3600 * 1000, 10_000],
    ['negative', -5000, 100],
  ])('%s is capped to the worker’s delays, so no job is parked for good or retried at once', async (_, retryAfterMs, expected) => {
    const clock = 1_000_000;
    const store = new TicketStore(new SqliteStorage(':memory:'), () => new Date(clock));
    const worker = new OutboxWorker(
      store,
      new ThrottlingTeams(retryAfterMs),
      cards,
      silent,
      { pollMs: 1000, baseDelayMs: 100, maxDelayMs: 10_000, maxAttempts: 5, concurrency: 1, callTimeoutMs: 1000, claimMs: 5000 },
      () => clock,
    );
    await store.setChannel(channel);
    const { requesterCardId: _card, ...draft } = ticketDraft({ createdAt: '2026-01-01T00:00:00Z' });
    await store.escalate('c|1', draft);
    await worker.runOnce();
    expect((await store.getTicket(1))!.jobs[0]).toMatchObject({ kind: 'postTicket', attempts: 1, dueAt: clock + expected });
  });
});
