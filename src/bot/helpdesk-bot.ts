import { TeamsActivityHandler, TurnContext } from 'botbuilder';
import type { HelpdeskApp } from '../app/helpdesk-app';
import type { Scope } from '../core/commands';
import type { Logger } from '../logger';
import { toActivity } from './to-activity';

/** Teams' conversationType for each scope the app is installed in. */
export function scopeOf(context: TurnContext): Scope {
  const type = context.activity.conversation?.conversationType;
  return type === 'channel' ? 'team' : type === 'groupChat' ? 'groupChat' : 'personal';
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
      const text = scopeOf(context) === 'personal' ? (activity.text ?? '') : TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
      this.log.debug({ conversation: activity.conversation?.id, text }, 'message');
      const replies = await this.app.onMessage({ text, locale: activity.locale, scope: scopeOf(context), value: activity.value });
      await context.sendActivities(replies.map(toActivity));
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botWasAdded = context.activity.membersAdded?.some((member) => member.id === context.activity.recipient?.id);
      if (botWasAdded) await context.sendActivity(toActivity(this.app.welcome(scopeOf(context), context.activity.locale)));
      await next();
    });
  }
}
