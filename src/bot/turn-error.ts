import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { HelpdeskApp } from '../app/helpdesk-app';
import type { Logger } from '../logger';
import { toActivity } from './to-activity';

/** Logs the failure under a short reference and tells the user only that reference: never a stack trace. */
export function createTurnErrorHandler(app: HelpdeskApp, log: Logger) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const ref = randomUUID().slice(0, 8);
    log.error({ ref, err: error, activityType: context.activity.type, conversation: context.activity.conversation?.id }, 'turn failed');
    try {
      const lang = context.activity.locale?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
      await context.sendActivity(toActivity(app.replies.notice(app.deps.strings.t(lang, 'error.turn', { ref }), { color: 'attention' })));
    } catch (sendError) {
      log.error({ ref, err: sendError }, 'could not send the apology');
    }
  };
}
