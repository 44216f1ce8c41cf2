import {
  CardFactory,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
} from 'botbuilder';
import { REQUESTER_LOOKUP_MS } from '../app/escalation';
import type { HelpdeskApp } from '../app/helpdesk-app';
import type { Origin } from '../app/turn-types';
import type { Scope } from '../core/commands';
import type { Logger } from '../logger';
import { withCallSignal } from './connector-call-signal';
import { toConversationRef } from './teams-messenger';
import { toActivity } from './to-activity';

/** Teams' conversationType for each scope the app is installed in. */
export function scopeOf(context: TurnContext): Scope {
  const type = context.activity.conversation?.conversationType;
  return type === 'channel' ? 'team' : type === 'groupChat' ? 'groupChat' : 'personal';
}

/** The sender's time zone: Teams sends it as localTimezone, and in the clientInfo entity. */
function timeZoneOf(activity: TurnContext['activity']): string | undefined {
  const fromEntity: unknown = activity.entities?.find((entity) => entity.type === 'clientInfo')?.timezone;
  const zone: unknown = activity.localTimezone || fromEntity;
  return typeof zone === 'string' && zone ? zone : undefined;
}

/** Who is talking, and from where, as the app needs it. */
const IMAGE_FILE = /^(?:png|jpe?g|gif|bmp|heic|webp)$/i;

function fileTypeOf(content: unknown): string {
  const fileType = (content as { fileType?: unknown } | null | undefined)?.fileType;
  return typeof fileType === 'string' ? fileType : '';
}

/**
 * A pasted picture (Teams sends an `image/*` attachment beside an HTML copy of the message) or an image file attached
 * in 1:1 chat (a `file.download.info` attachment naming its type).
 */
function carriesImage(activity: TurnContext['activity']): boolean {
  return Boolean(
    activity.attachments?.some(
      (attachment) =>
        attachment.contentType?.startsWith('image/') ||
        (attachment.contentType === 'application/vnd.microsoft.teams.file.download.info' &&
          IMAGE_FILE.test(fileTypeOf(attachment.content))),
    ),
  );
}

function originOf(context: TurnContext, lookupUpn?: () => Promise<string | undefined>): Origin {
  const { activity } = context;
  const timeZone = timeZoneOf(activity);
  const channelData = (activity.channelData ?? {}) as { channel?: { id?: string }; team?: { id?: string; name?: string } };
  return {
    actor: {
      id: activity.from?.id ?? '',
      ...(activity.from?.aadObjectId && { aadObjectId: activity.from.aadObjectId }),
      ...(activity.from?.name && { name: activity.from.name }),
    },
    conversation: toConversationRef(TurnContext.getConversationReference(activity)),
    ...(channelData.channel?.id && { teamsChannelId: channelData.channel.id }),
    ...(channelData.team?.id && { teamId: channelData.team.id }),
    ...(channelData.team?.name && { teamName: channelData.team.name }),
    ...(activity.locale && { locale: activity.locale }),
    ...(lookupUpn && { lookupUpn }),
    ...(timeZone && { timeZone }),
  };
}

const CARD = 'application/vnd.microsoft.card.adaptive';
/** The compose-box search command of manifest/manifest.json. */
export const SEARCH_COMMAND_ID = 'lookupError';

/** The item a person picked from the search results, as its tap sent it back: validated, never trusted. */
function pickedItem(value: unknown): { code: number; lang: 'zh' | 'en' } | undefined {
  const { code, lang } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof code !== 'number' || !Number.isInteger(code)) return undefined;
  return { code, lang: lang === 'zh' ? 'zh' : 'en' };
}

/**
 * The Teams edge: it turns activities into calls on the app and sends back what the app returns.
 * No business rules live here.
 */
export class HelpdeskBot extends TeamsActivityHandler {
  constructor(
    private readonly app: HelpdeskApp,
    private readonly log: Logger,
  ) {
    super();

    this.onMessage(async (context, next) => {
      const activity = context.activity;
      // In channels and group chats the message starts with <at>Bot</at>; answer what follows it.
      // (botbuilder's mention removal assumes a text: a message may carry only a card's value.)
      const text =
        scopeOf(context) === 'personal' || typeof activity.text !== 'string'
          ? (activity.text ?? '')
          : (TurnContext.removeRecipientMention(activity) ?? activity.text);
      this.log.debug({ conversation: activity.conversation?.id, text }, 'message');
      const origin = originOf(context, () => this.principalName(context));
      const replies = await this.app.onMessage({
        ...origin,
        text,
        scope: scopeOf(context),
        value: activity.value,
        withImage: carriesImage(activity),
      });
      await context.sendActivities(replies.map(toActivity));
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botWasAdded = context.activity.membersAdded?.some((member) => member.id === context.activity.recipient?.id);
      if (botWasAdded) await context.sendActivity(toActivity(this.app.replies.welcome(scopeOf(context), context.activity.locale)));
      await next();
    });
  }

  /** Compose-box search: a list of entries to pick from; `initialRun` (an empty box) lists the common codes. */
  protected override async handleTeamsMessagingExtensionQuery(
    context: TurnContext,
    query: MessagingExtensionQuery,
  ): Promise<MessagingExtensionResponse> {
    if (query.commandId !== SEARCH_COMMAND_ID) return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [] } };
    const typed: unknown = query.parameters?.find((parameter) => parameter.name === 'query')?.value;
    const { lang, items, noneText } = this.app.search(typeof typed === 'string' ? typed : '', context.activity.locale);
    if (!items.length) return { composeExtension: { type: 'message', text: noneText } };
    const attachments = items.map((item) => {
      const tap = { type: 'invoke', title: item.title, value: { code: item.code, lang } };
      const preview = CardFactory.thumbnailCard(item.title, item.text, undefined, undefined, { tap });
      return { ...preview, preview };
    });
    return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments } };
  }

  /** The picked entry as the full answer card, inserted into the message being written. */
  protected override async handleTeamsMessagingExtensionSelectItem(
    context: TurnContext,
    query: unknown,
  ): Promise<MessagingExtensionResponse> {
    const picked = pickedItem(query);
    const card =
      picked && this.app.deps.core.catalog.has(picked.code)
        ? this.app.replies.answerCard(this.app.replies.understandCode(picked.code, picked.lang), picked.lang)
        : undefined;
    if (!card) return { composeExtension: { type: 'message', text: this.app.search('', context.activity.locale).noneText } };
    return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [CardFactory.adaptiveCard(card)] } };
  }

  /** Universal Actions (escalate, ticket.*): the returned card replaces the clicked one for the person who clicked. */
  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const origin = originOf(context, () => this.principalName(context));
    const card = await this.app.onCardAction({
      ...origin,
      ...(invokeValue.action.verb === 'escalate' && { requesterUpn: this.principalName(context) }),
      verb: invokeValue.action.verb ?? '',
      data: invokeValue.action.data,
      ...(context.activity.replyToId && { replyToId: context.activity.replyToId }),
    });
    return { statusCode: 200, type: CARD, value: card as unknown as Record<string, unknown> };
  }

  /**
   * The requester's UPN for the ticket's chat link, asked of Teams now and given REQUESTER_LOOKUP_MS (the request is
   * aborted then); undefined if Teams cannot say in time. The ticket does not wait for it.
   */
  private async principalName(context: TurnContext): Promise<string | undefined> {
    try {
      const member = await withCallSignal(AbortSignal.timeout(REQUESTER_LOOKUP_MS), () =>
        TeamsInfo.getMember(context, context.activity.from.id),
      );
      return member.userPrincipalName ?? member.email ?? undefined;
    } catch (error) {
      this.log.warn({ err: error }, "could not read the requester's user principal name");
      return undefined;
    }
  }
}
