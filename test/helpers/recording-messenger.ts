import type { AdaptiveCardJson } from '../../src/cards/card-templates';
import type { DeliveryError, TeamsMessenger, TicketCards } from '../../src/tickets/outbox-worker';
import type { ConversationRef, HelpdeskChannel, Person } from '../../src/tickets/types';

/** Cards that say which ticket they show, in which state: enough to tell deliveries apart. */
const card = (text: string): AdaptiveCardJson => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text }] });
export const plainCards: TicketCards = {
  ticketCard: (t) => card(`ticket ${t.number} ${t.status}`),
  requesterCard: (t) => card(`requester ${t.number} ${t.status}`),
  requesterNoticeCard: (t, event) => card(`notice ${t.number} ${event}`),
  channelLang: () => 'en',
};
const textOf = (c: AdaptiveCardJson) => (c.body as { text: string }[])[0]!.text;

/** What a scripted call does: fail with this error, hang until its signal aborts, or (undefined) succeed. */
export type Scripted = DeliveryError | 'hang' | undefined;

/**
 * Teams at the messenger seam, as the outbox sees it: each delivery is recorded as "<what>: <card text>" when it
 * succeeds; `respond` scripts failures and hangs per call. A hung call ends only through its signal, as the real
 * messenger's HTTP request does.
 */
export class RecordingMessenger implements TeamsMessenger {
  readonly sent: string[] = [];
  /** Calls that hung and were aborted. */
  readonly aborted: string[] = [];
  respond: (call: string) => Scripted | Promise<Scripted> = () => undefined;
  private posts = 0;

  private async answer(call: string, signal: AbortSignal): Promise<void> {
    const scripted = await this.respond(call);
    if (scripted === 'hang') {
      await new Promise<never>((_, reject) => {
        const onAbort = () => {
          this.aborted.push(call);
          reject(signal.reason);
        };
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      });
    }
    if (scripted) throw scripted as Error;
    this.sent.push(call);
  }

  async postToChannel(channel: HelpdeskChannel, c: AdaptiveCardJson, signal: AbortSignal) {
    await this.answer(`post: ${textOf(c)}`, signal);
    const id = `${++this.posts}`;
    return { conversationId: `${channel.channelId};messageid=${id}`, activityId: id };
  }
  async updateMessage(conversation: ConversationRef, id: string, c: AdaptiveCardJson, signal: AbortSignal) {
    await this.answer(`update ${conversation.conversationId} ${id}: ${textOf(c)}`, signal);
  }
  async sendToConversation(conversation: ConversationRef, c: AdaptiveCardJson, signal: AbortSignal) {
    await this.answer(`send ${conversation.conversationId}: ${textOf(c)}`, signal);
  }
  async sendToPerson(person: Person, _via: ConversationRef, c: AdaptiveCardJson, signal: AbortSignal) {
    await this.answer(`send to ${person.id}: ${textOf(c)}`, signal);
  }
}
