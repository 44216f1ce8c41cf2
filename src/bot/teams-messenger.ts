import {
  ActivityTypes,
  CardFactory,
  Channels,
  MessageFactory,
  TurnContext,
  type CloudAdapter,
  type ConversationParameters,
  type ConversationReference,
} from 'botbuilder';
import type { AdaptiveCardJson } from '../cards/card-templates';
import { DeliveryError, type TeamsMessenger } from '../tickets/outbox-worker';
import { withCallSignal } from './connector-call-signal';
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
  const err = error as { message?: string; statusCode?: number; response?: { headers?: { get?(name: string): string | undefined } } };
  return new DeliveryError(err.message ?? String(error), err.statusCode, retryAfterMs(err.response?.headers?.get?.('retry-after')));
}

/** A channel thread's id ends in ";messageid=<id of its first message>": the message the ticket card is. */
function threadMessageId(conversationId: string): string | undefined {
  return /;messageid=([^;]+)$/.exec(conversationId)?.[1];
}

function cardActivity(card: AdaptiveCardJson) {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}

/** The outbox's way to Teams: proactive messages through the CloudAdapter. */
export class BotFrameworkMessenger implements TeamsMessenger {
  constructor(
    private readonly adapter: CloudAdapter,
    /** The bot's app id; empty when running anonymously. */
    private readonly botAppId: string,
  ) {}

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
    let posted: { conversationId: string; activityId: string } | undefined;
    try {
      await withCallSignal(signal, () =>
        this.adapter.createConversationAsync(this.botAppId, Channels.Msteams, channel.serviceUrl, '', parameters, async (context) => {
          // createConversationAsync reports the new conversation's id as the activity id too; the message id is in the thread id.
          const conversationId = context.activity.conversation.id;
          posted = { conversationId, activityId: threadMessageId(conversationId) ?? context.activity.id ?? '' };
        }),
      );
    } catch (error) {
      throw asDeliveryError(error);
    }
    if (!posted?.conversationId) throw new DeliveryError('Teams did not return the new thread');
    return posted;
  }

  async sendToPerson(person: Person, via: ConversationRef, card: AdaptiveCardJson, signal: AbortSignal): Promise<void> {
    const parameters = {
      isGroup: false,
      bot: { id: via.botId ?? this.botAppId, name: via.botName ?? '' },
      members: [{ id: person.id, name: person.name ?? '' }],
      ...(via.tenantId && { tenantId: via.tenantId, channelData: { tenant: { id: via.tenantId } } }),
    } as unknown as ConversationParameters;
    try {
      await withCallSignal(signal, () =>
        this.adapter.createConversationAsync(this.botAppId, Channels.Msteams, via.serviceUrl, '', parameters, async (context) => {
          await context.sendActivity(cardActivity(card));
        }),
      );
    } catch (error) {
      throw asDeliveryError(error);
    }
  }

  async updateMessage(conversation: ConversationRef, activityId: string, card: AdaptiveCardJson, signal: AbortSignal): Promise<void> {
    await this.inConversation(conversation, signal, async (context) => {
      await context.updateActivity({ ...cardActivity(card), id: activityId, type: ActivityTypes.Message });
    });
  }

  async sendToConversation(conversation: ConversationRef, card: AdaptiveCardJson, signal: AbortSignal): Promise<void> {
    await this.inConversation(conversation, signal, async (context) => {
      await context.sendActivity(cardActivity(card));
    });
  }

  private async inConversation(
    conversation: ConversationRef,
    signal: AbortSignal,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    try {
      await withCallSignal(signal, () =>
        this.adapter.continueConversationAsync(this.botAppId, toConversationReference(conversation), logic),
      );
    } catch (error) {
      throw asDeliveryError(error);
    }
  }
}
