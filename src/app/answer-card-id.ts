/** Teams channel ids (19:…@thread.tacv2, older 19:…@thread.skype); group chats are @thread.v2. */
const CHANNEL = /^19:[^;]+@thread\.(?:tacv2|skype)$/i;

/**
 * The id of the answer card a click came from, when `replyToId` can only be that. The requester's card is
 * updated in place as the ticket moves, so a forged id could overwrite any message the bot may edit in that
 * conversation. The bot's other editable cards (tickets, approval requests) are always the first message of
 * a channel thread, and answer cards never are: in a thread (`…;messageid=<first>`) the first message's id is
 * refused, and in a channel addressed without its thread nothing is trusted. Chats hold no ticket cards.
 */
export function answerCardId(conversationId: string, replyToId: string | undefined): string | undefined {
  if (!replyToId) return undefined;
  const [conversation = '', ...rest] = conversationId.split(';');
  const thread = rest.find((part) => part.startsWith('messageid='))?.slice('messageid='.length);
  if (thread !== undefined) return replyToId === thread ? undefined : replyToId;
  return CHANNEL.test(conversation) ? undefined : replyToId;
}
