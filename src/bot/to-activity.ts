import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import type { AdaptiveCardJson } from '../cards/card-templates';
import type { Reply } from '../app/turn-types';

/**
 * A card as a message activity. Its summary is what Teams shows in notifications and the chat list instead of
 * "Card"; cards carry it as their fallbackText.
 */
export function cardActivity(card: AdaptiveCardJson): Partial<Activity> {
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  return typeof card.fallbackText === 'string' && card.fallbackText ? { ...activity, summary: card.fallbackText } : activity;
}

/** A reply of the app as a Bot Framework message activity. */
export function toActivity(reply: Reply): Partial<Activity> {
  return reply.kind === 'card' ? cardActivity(reply.card) : MessageFactory.text(reply.text);
}
