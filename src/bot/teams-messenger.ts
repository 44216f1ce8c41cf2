import {
  ActivityTypes,
  Channels,
  TurnContext,
  type CloudAdapter,
  type ConversationParameters,
  type ConversationReference,
} from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { AdaptiveCardJson } from '../cards/card-templates';
import { DeliveryError, type TeamsMessenger } from '../tickets/outbox-worker';
import { withCallSignal } from './connector-call-signal';
import { cardActivity } from './to-activity';
import type { ConversationRef, HelpdeskChannel, Person } from '../tickets/types';

/** A stored conversation as the Bot Framework wants it back. */
export function toConversationReference(ref: ConversationRef): Partial<ConversationReference> {
  return {
    serviceUrl: ref.serviceUrl,
    channelId: ref.channelId,
    conversation: {
      id: ref.conversationId,
      conversationType: ref.conversationType ?? 'personal',
      isGroup: ref.conversationType !== undefined && ref.conversationType !== 'personal',
      name: '',
      ...(ref.tenantId && { tenantId: ref.tenantId }),
    },
    ...(ref.botId && { bot: { id: ref.botId, name: ref.botName ?? '' } }),
  };
}

/** The part of an activity's conversation the outbox keeps to reach it again. */
export function toConversationRef(reference: Partial<ConversationReference>): ConversationRef {
  return {
    serviceUrl: reference.serviceUrl ?? '',
    channelId: reference.channelId ?? Channels.Msteams,
    conversationId: reference.conversation?.id ?? '',
    ...(reference.conversation?.conversationType && { conversationType: reference.conversation.conversationType }),
    ...(reference.conversation?.tenantId && { tenantId: reference.conversation.tenantId }),
    ...(reference.bot?.id && { botId: reference.bot.id, botName: reference.bot.name }),
  };
}

/** Retry-After in milliseconds: seconds, or an HTTP date (both are allowed). */
function retryAfterMs(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/** Connector failures as DeliveryErrors: the HTTP status and Teams' Retry-After, when there are any. */
function asDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const err = error as {
    message?: string;
    statusCode?: number;
    code?: string;
    response?: { headers?: { get?(name: string): string | undefined } };
  };
  return new DeliveryError(
    err.message ?? String(error),
    err.statusCode,
    retryAfterMs(err.response?.headers?.get?.('retry-after')),
    typeof err.code === 'string' ? err.code : undefined,
  );
}

/**
 * The id of the message that opened a channel thread. Teams answers a new conversation with `{id, activityId}`;
 * the thread id also ends in `;messageid=<id>`, which serves when a service leaves activityId out.
 */
export function postedMessageId(created: { id?: string; activityId?: string }): string | undefined {
  return created.activityId || /;messageid=([^;]+)$/.exec(created.id ?? '')?.[1];
}

type Turn = (context: TurnContext) => Promise<void>;

/** The outbox's way to Teams: proactive messages through the CloudAdapter. */
export class BotFrameworkMessenger implements TeamsMessenger {
  constructor(
    private readonly adapter: CloudAdapter,
    /** The bot's app id; empty when running anonymously. */
    private readonly botAppId: string,
  ) {}

  /**
   * Starts the ticket's thread with the connector's createConversation itself: CloudAdapter.createConversationAsync
   * keeps only the new conversation id and drops the activityId the card updates need.
   */
  async postToChannel(
    channel: HelpdeskChannel,
    card: AdaptiveCardJson,
    signal: AbortSignal,
  ): Promise<{ conversationId: string; activityId: string }> {
    const parameters = {
      isGroup: true,
      channelData: { channel: { id: channel.channelId }, ...(channel.tenantId && { tenant: { id: channel.tenantId } }) },
      activity: { ...cardActivity(card), type: ActivityTypes.Message },
      ...(channel.tenantId && { tenantId: channel.tenantId }),
    } as unknown as ConversationParameters;
    const where: ConversationRef = {
      serviceUrl: channel.serviceUrl,
      channelId: Channels.Msteams,
      conversationId: channel.channelId,
      conversationType: 'channel',
      ...(channel.tenantId && { tenantId: channel.tenantId }),
    };
    let created: { id?: string; activityId?: string } = {};
    await this.inConversation(where, signal, async (context) => {
      const client = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
      created = await client.conversations.createConversation(parameters);
    });
    const activityId = postedMessageId(created);
    if (!created.id || !activityId) throw new DeliveryError('Teams did not return the new thread and its message id');
    return { conversationId: created.id, activityId };
  }

  async sendToPerson(person: Person, via: ConversationRef, card: AdaptiveCardJson, signal: AbortSignal): Promise<void> {
    const parameters = {
      isGroup: false,
      bot: { id: via.botId ?? this.botAppId, name: via.botName ?? '' },
      members: [{ id: person.id, name: person.name ?? '' }],
      ...(via.tenantId && { tenantId: via.tenantId, channelData: { tenant: { id: via.tenantId } } }),
    } as unknown as ConversationParameters;
    await this.proactive(
      signal,
      (turn) => this.adapter.createConversationAsync(this.botAppId, Channels.Msteams, via.serviceUrl, '', parameters, turn),
      async (context) => {
        await context.sendActivity(cardActivity(card));
      },
    );
  }

  async updateMessage(conversation: ConversationRef, activityId: string, card: AdaptiveCardJson, signal: AbortSignal): Promise<void> {
    // Threads posted before the message id was kept stored the thread id in its place; its suffix is the message id.
    const id = activityId === conversation.conversationId ? (postedMessageId({ id: activityId }) ?? activityId) : activityId;
    await this.inConversation(conversation, signal, async (context) => {
      await context.updateActivity({ ...cardActivity(card), id, type: ActivityTypes.Message });
    });
  }

  async sendToConversation(conversation: ConversationRef, card: AdaptiveCardJson, signal: AbortSignal): Promise<void> {
    await this.inConversation(conversation, signal, async (context) => {
      await context.sendActivity(cardActivity(card));
    });
  }

  private inConversation(conversation: ConversationRef, signal: AbortSignal, logic: Turn): Promise<void> {
    return this.proactive(
      signal,
      (turn) => this.adapter.continueConversationAsync(this.botAppId, toConversationReference(conversation), turn),
      logic,
    );
  }

  /**
   * Runs a proactive turn and rethrows what failed in it as a DeliveryError. The failure is caught inside the turn:
   * left to the adapter, it would reach onTurnError, which posts an apology into the conversation the bot just
   * failed to reach, and the outbox would count the message as delivered. Every HTTP request of the turn carries
   * `signal` (see connector-call-signal.ts): the outbox's deadline and stop abort the request itself.
   */
  private async proactive(signal: AbortSignal, start: (turn: Turn) => Promise<void>, logic: Turn): Promise<void> {
    let failure: { error: unknown } | undefined;
    try {
      await withCallSignal(signal, () =>
        start(async (context) => {
          try {
            await logic(context);
          } catch (error) {
            failure = { error };
          }
        }),
      );
    } catch (error) {
      throw asDeliveryError(error);
    }
    if (failure) throw asDeliveryError(failure.error);
  }
}
