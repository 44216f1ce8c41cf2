import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import type { Reply } from '../app/turn-types';

/** A reply of the app as a Bot Framework message activity. */
export function toActivity(reply: Reply): Partial<Activity> {
  return reply.kind === 'card' ? MessageFactory.attachment(CardFactory.adaptiveCard(reply.card)) : MessageFactory.text(reply.text);
}
