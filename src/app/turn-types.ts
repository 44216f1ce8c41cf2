import type { AdaptiveCardJson } from '../cards/card-templates';
import type { Scope } from '../core/commands';
import type { ConversationRef, Person } from '../tickets/types';

/** Where a message or a card action came from, as the app needs it. */
export interface Origin {
  readonly actor: Person;
  readonly conversation: ConversationRef;
  /** The Teams channel id (19:…@thread.tacv2) when the conversation is a channel thread. */
  readonly teamsChannelId?: string;
  readonly teamId?: string;
  readonly teamName?: string;
  readonly locale?: string;
  /** Asks Teams for the actor's user principal name, for the rules that need it (one call to Teams). */
  readonly lookupUpn?: () => Promise<string | undefined>;
  /** The person's IANA time zone, when their Teams client sends it. */
  readonly timeZone?: string;
}

/** An Adaptive Card Universal Action (`Action.Execute`) as the app needs it. */
export interface CardAction extends Origin {
  readonly verb: string;
  /** The card's action data merged with its inputs: untrusted. */
  readonly data: unknown;
  /** The message that holds the card, when Teams says. */
  readonly replyToId?: string;
  /**
   * For an escalation: the requester's user principal name, being looked up (Teams' member API). It settles within
   * REQUESTER_LOOKUP_MS; the ticket is stored without waiting for it, only the channel post waits, at most that long.
   */
  readonly requesterUpn?: Promise<string | undefined>;
}

/** A message as the app needs it, whatever channel brought it. */
export interface IncomingMessage extends Partial<Origin> {
  readonly text: string;
  readonly locale?: string;
  readonly scope: Scope;
  /** Data of an Action.Submit button, untrusted. */
  readonly value?: unknown;
  /** The message carried a picture (pasted or attached): a screenshot of the error, most likely. */
  readonly withImage?: boolean;
}

/** What the bot sends back; the Teams handler turns each into an activity. */
export type Reply = { readonly kind: 'card'; readonly card: AdaptiveCardJson } | { readonly kind: 'text'; readonly text: string };

/** The notice's container style: a tinted box with default text, readable in every Teams theme. */
export type NoticeColor = 'default' | 'attention' | 'good' | 'warning' | 'accent';

export function isOrigin(message: IncomingMessage): message is IncomingMessage & Origin {
  return Boolean(message.actor && message.conversation);
}

/** The language of the client, when the message itself says nothing. */
export function localeLang(locale?: string): 'zh' | 'en' {
  return locale?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}
