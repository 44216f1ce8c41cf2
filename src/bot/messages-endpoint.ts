import { randomUUID } from 'node:crypto';
import type { Activity, TurnContext } from 'botbuilder';
import type { Request, Response } from 'restify';
import { bodyRefusal, parseJson, readBody } from '../http/request-body';
import type { ServerLimits } from '../http/server-limits';
import type { Logger } from '../logger';
import { activityProblem } from './activity-shape';
import { authFailure } from './auth-failure';
import type { HelpdeskAdapter } from './helpdesk-adapter';

export interface MessagesEndpointDeps {
  readonly adapter: HelpdeskAdapter;
  readonly bot: { run(context: TurnContext): Promise<void> };
  readonly log: Logger;
  readonly limits: ServerLimits;
}

function refuse(res: Response, status: number, message: string, close = false): void {
  if (close) res.header('Connection', 'close'); // the unread rest of the body is dropped with the connection
  res.send(status, { error: { code: status === 401 ? 'Unauthorized' : 'BadRequest', message } });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What CloudAdapter.process does to an accepted body: timestamps become Dates, their text kept beside them. */
function asActivity(body: Record<string, unknown>): Activity {
  const activity = body;
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    if (typeof activity[field] === 'string') {
      activity[raw] = activity[field];
      activity[field] = new Date(activity[field]);
    }
  }
  return activity as unknown as Activity;
}

/**
 * POST /api/messages, in the order that keeps a hostile request cheap: what the headers rule out (encoding, type,
 * size), the bounded body, then authentication, and only then the activity's shape and the turn. Every outcome is
 * a deliberate status: 413/415 transport, 401/503 authentication, 400/501 shape, 200 or the invoke's own status.
 */
export function messagesEndpoint({ adapter, bot, log, limits }: MessagesEndpointDeps) {
  let keysUnavailable = false;

  return async (req: Request, res: Response): Promise<void> => {
    const refusal = bodyRefusal(req.headers, limits.maxBodyBytes);
    if (refusal) return refuse(res, refusal.status, refusal.message, true);
    const read = await readBody(req, limits.maxBodyBytes);
    if (read.kind === 'aborted') return; // the client went away; nobody to answer
    if (read.kind === 'tooLarge') return refuse(res, 413, `the body must be at most ${limits.maxBodyBytes} bytes`, true);
    const parsed = parseJson(read.bytes);
    const body = parsed.ok && isRecord(parsed.value) ? parsed.value : {};

    let auth;
    try {
      const header = req.headers.authorization;
      auth = await adapter.authenticate(body, typeof header === 'string' ? header : '');
    } catch (error) {
      const failure = authFailure(error);
      if (failure.keysUnavailable && !keysUnavailable) log.warn({ reason: failure.reason }, 'cannot fetch the channel token keys');
      else log.debug({ reason: failure.reason }, 'request not authenticated');
      keysUnavailable ||= failure.keysUnavailable;
      return refuse(res, failure.status, failure.status === 401 ? 'not authenticated' : 'cannot check tokens now, try again later');
    }
    if (keysUnavailable) {
      keysUnavailable = false;
      log.info('channel token keys reachable again');
    }

    const problem = parsed.ok ? activityProblem(parsed.value) : { status: 400 as const, message: parsed.message };
    if (problem) {
      log.warn({ problem: problem.message }, 'malformed activity rejected');
      return refuse(res, problem.status, problem.message);
    }
    try {
      const invoke = await adapter.run(auth, asActivity(body), (context) => bot.run(context));
      res.send(invoke?.status ?? 200, invoke?.body);
    } catch (error) {
      // Turn errors are handled by the adapter's onTurnError; this is what happens outside a turn (a connector that cannot be built).
      const ref = randomUUID().slice(0, 8);
      log.error({ ref, err: error }, 'activity could not be processed');
      res.send(500, { error: { code: 'InternalError', message: `reference ${ref}` } });
    }
  };
}
