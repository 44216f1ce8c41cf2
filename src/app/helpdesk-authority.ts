import type { AdaptiveCardJson } from '../cards/card-templates';
import type { Lang } from '../catalog/types';
import type { ChannelMoveRequest, ChannelMoves } from '../tickets/channel-moves';
import { knownTimeZone } from '../tickets/ticket-view';
import type { TicketStore } from '../tickets/ticket-store';
import type { HelpdeskChannel } from '../tickets/types';
import type { Replies } from './replies';
import { localeLang, type CardAction, type Origin, type NoticeColor, type Reply } from './turn-types';

/** Who may point the bot's tickets at a channel: from the configuration, read once. */
export interface AuthorityOptions {
  /** HELPDESK_ADMINS, lower-case: Entra object ids and user principal names. Empty: the approval flow instead. */
  readonly admins: readonly string[];
  /** HELPDESK_CHANNEL_ID is set: the channel is the configuration's, not Teams'. */
  readonly presetChannel: boolean;
  /** MicrosoftAppTenantId: channels of any other tenant are refused. */
  readonly tenantId?: string;
  /** Open move requests; without them, moving needs an admin. */
  readonly moves?: ChannelMoves;
  /** Posts the approval card to the current helpdesk channel, as a new thread. */
  readonly postToChannel?: (channel: HelpdeskChannel, card: AdaptiveCardJson) => Promise<unknown>;
}

/** A move not approved within this is dropped: the person who asked may no longer want it. */
export const MOVE_REQUEST_TTL_MS = 7 * 24 * 3600_000;

/** Whether the conversation is (a thread of) the channel. */
export function isInChannel(origin: Origin, channelId: string): boolean {
  return origin.teamsChannelId === channelId || origin.conversation.conversationId.split(';')[0] === channelId;
}

/**
 * Who may set or move the helpdesk channel. The channel sees every ticket (names, questions, correlation IDs)
 * and resolves them with notes the requester reads, so it is never taken over by whoever asks first or last:
 * - HELPDESK_CHANNEL_ID set: the configuration decides, Teams cannot change it;
 * - HELPDESK_ADMINS set: only they set or move it;
 * - neither: the first `set helpdesk channel` binds it; a later one elsewhere only asks, and the current
 *   helpdesk channel approves or declines with a card;
 * - with MicrosoftAppTenantId, a channel of another tenant is refused whoever asks.
 */
export class HelpdeskAuthority {
  constructor(
    private readonly replies: Replies,
    private readonly store: TicketStore,
    private readonly options: AuthorityOptions,
    /** Tickets that waited for a channel go out once one is set. */
    private readonly onQueued: () => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** `set helpdesk channel`, @mentioned in a team channel. */
  async setHelpdeskChannel(origin: Origin, lang: Lang): Promise<Reply> {
    if (!origin.teamsChannelId) return this.notice(lang, 'channel.onlyInChannel', 'warning');
    if (this.options.presetChannel) return this.notice(lang, 'channel.preset', 'attention');
    if (this.options.tenantId && origin.conversation.tenantId?.toLowerCase() !== this.options.tenantId.toLowerCase()) {
      return this.notice(lang, 'channel.otherTenant', 'attention');
    }
    const current = await this.store.getChannel();
    if (current && isInChannel(origin, current.channelId)) {
      // Asked again where it already is: the helpdesk's language may change; where to reach it does not.
      await this.store.setChannel({ ...current, lang, setAt: this.now().toISOString() });
      return this.notice(lang, 'channel.already', 'good');
    }
    if (this.options.admins.length) {
      if (!(await this.isAdmin(origin))) return this.notice(lang, 'channel.adminsOnly', 'attention');
      return this.bind(this.target(origin, lang));
    }
    if (!current) return this.bind(this.target(origin, lang));
    return this.askToMove(origin, current, lang);
  }

  /** Approve or decline, clicked on the approval card in the current helpdesk channel. */
  async decideMove(action: CardAction, decision: 'approve' | 'decline'): Promise<AdaptiveCardJson> {
    const current = await this.store.getChannel();
    const lang = current?.lang ?? localeLang(action.locale);
    const data = action.data as { request?: unknown } | undefined;
    const request = await this.options.moves?.get(typeof data === 'object' && data !== null ? data.request : undefined);
    if (!request || !current) return this.refusal(lang, 'channel.moveGone');
    if (!isInChannel(action, current.channelId)) return this.refusal(lang, 'channel.moveNotHere');
    const lapsed =
      request.fromChannelId !== current.channelId || this.now().getTime() - Date.parse(request.requestedAt) > MOVE_REQUEST_TTL_MS;
    if (lapsed) {
      await this.options.moves!.close(request.id);
      return this.refusal(lang, 'channel.moveGone');
    }
    if (this.options.admins.length && !(await this.isAdmin(action))) return this.refusal(lang, 'channel.adminsOnly');
    await this.options.moves!.close(request.id);
    const agent = action.actor.name ?? this.replies.deps.strings.t(lang, 'ticket.unknownRequester');
    if (decision === 'decline') return this.replies.noticeCard(this.replies.deps.strings.t(lang, 'channel.moveDeclined', { agent }));
    await this.store.setChannel({ ...request.target, setAt: this.now().toISOString() });
    this.onQueued();
    // Tell the new channel; the move stands even if Teams cannot take that message now.
    const there = request.target.lang ?? 'en';
    await this.options
      .postToChannel?.(
        { ...request.target, setAt: '' },
        this.replies.noticeCard(this.replies.deps.strings.t(there, 'channel.moveApprovedThere', { agent }), { color: 'good' }),
      )
      .catch(() => undefined);
    return this.replies.noticeCard(this.replies.deps.strings.t(lang, 'channel.moveApproved', { agent }), { color: 'good' });
  }

  /** The card that asks the current helpdesk channel to approve a move. */
  moveRequestCard(request: ChannelMoveRequest, lang: Lang): AdaptiveCardJson {
    const t = (key: string, params?: Record<string, string>) => this.replies.deps.strings.t(lang, key, params);
    const facts = [
      ...(request.teamName ? [{ title: t('channel.moveRequest.team'), value: request.teamName }] : []),
      { title: t('channel.moveRequest.channel'), value: request.target.channelId },
      { title: t('channel.moveRequest.asked'), value: request.requestedAt.replace('T', ' ').slice(0, 16) + ' UTC' },
    ];
    return this.replies.deps.cards.render('channel-move', {
      heading: t('channel.moveRequest.heading'),
      body: t('channel.moveRequest.body', { name: request.requestedBy.name ?? t('ticket.unknownRequester') }),
      facts,
      approve: t('channel.moveRequest.approve'),
      decline: t('channel.moveRequest.decline'),
      request: request.id,
    });
  }

  private async askToMove(origin: Origin, current: HelpdeskChannel, lang: Lang): Promise<Reply> {
    const { moves, postToChannel } = this.options;
    if (!moves || !postToChannel) return this.notice(lang, 'channel.moveAskFailed', 'attention');
    const request = await moves.open({
      target: this.target(origin, lang),
      fromChannelId: current.channelId,
      requestedBy: origin.actor,
      requestedAt: this.now().toISOString(),
      ...(origin.teamName && { teamName: origin.teamName }),
    });
    try {
      await postToChannel(current, this.moveRequestCard(request, current.lang ?? 'en'));
    } catch {
      await moves.close(request.id);
      return this.notice(lang, 'channel.moveAskFailed', 'attention');
    }
    return this.notice(lang, 'channel.moveAsked', 'default');
  }

  private async bind(channel: Omit<HelpdeskChannel, 'setAt'>): Promise<Reply> {
    await this.store.setChannel({ ...channel, setAt: this.now().toISOString() });
    this.onQueued();
    return this.notice(channel.lang ?? 'en', 'channel.set', 'good');
  }

  /** The channel as it will be stored: the service URL it was set from stays with it. */
  private target(origin: Origin, lang: Lang): Omit<HelpdeskChannel, 'setAt'> {
    return {
      channelId: origin.teamsChannelId!,
      serviceUrl: origin.conversation.serviceUrl,
      ...(origin.conversation.tenantId && { tenantId: origin.conversation.tenantId }),
      ...(origin.teamId && { teamId: origin.teamId }),
      setBy: origin.actor,
      lang,
      // The shared ticket cards show times in the zone of whoever set the channel.
      ...(knownTimeZone(origin.timeZone) && { timeZone: knownTimeZone(origin.timeZone) }),
    };
  }

  /** By object id first (Teams sends it with every activity); by user principal name only when one is listed. */
  private async isAdmin(origin: Origin): Promise<boolean> {
    const admins = this.options.admins;
    if (origin.actor.aadObjectId && admins.includes(origin.actor.aadObjectId.toLowerCase())) return true;
    if (!admins.some((admin) => admin.includes('@'))) return false;
    const upn = origin.actor.upn ?? (await origin.lookupUpn?.());
    return Boolean(upn && admins.includes(upn.toLowerCase()));
  }

  private notice(lang: Lang, key: string, color: NoticeColor): Reply {
    return this.replies.notice(this.replies.deps.strings.t(lang, key), { color });
  }

  private refusal(lang: Lang, key: string): AdaptiveCardJson {
    return this.replies.refusalCard(lang, key);
  }
}
