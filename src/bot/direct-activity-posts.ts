import {
  createHttpHeaders,
  createPipelineRequest,
  RestError,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import type { Activity, ResourceResponse } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
// The generated client's own description of an activity (botframework-connector is pinned): the fields it sends.
import { Activity as ActivityMapper } from 'botframework-connector/lib/connectorApi/models/mappers';

/** The fields the generated client sends; any other property of an activity object it drops, and so do we. */
const ACTIVITY_FIELDS = Object.keys((ActivityMapper as { type: { modelProperties: object } }).type.modelProperties);

/** The statuses the Bot Connector API documents for posting an activity; anything else is an error. */
const POSTED = new Set([200, 201, 202]);

/** The connector client's core ServiceClient, reached through the compat client's `client`: its pipeline sends. */
interface HttpClient {
  sendRequest(request: PipelineRequest): Promise<PipelineResponse>;
}

/** The activity as the generated client would send it: its known top-level fields, Dates as ISO strings. */
function activityBody(activity: Partial<Activity>): string {
  const source = activity as Record<string, unknown>;
  const wire: Record<string, unknown> = {};
  for (const field of ACTIVITY_FIELDS) if (source[field] !== undefined) wire[field] = source[field];
  return JSON.stringify(wire);
}

/** A failed post as the generated client reports it: a RestError with the status, and the service's code and message. */
function postError(response: PipelineResponse): RestError {
  const error = new RestError(response.bodyAsText ?? `Unexpected status code: ${response.status}`, {
    statusCode: response.status,
    request: response.request,
    response,
  });
  const body = (response as PipelineResponse & { parsedBody?: { error?: { code?: string; message?: string } } | null }).parsedBody;
  if (body?.error?.code) error.code = body.error.code;
  if (body?.error?.message) error.message = body.error.message;
  return error;
}

async function post(http: HttpClient, baseUri: string, path: string, conversationId: string, activity: Partial<Activity>) {
  const url = `${baseUri.replace(/\/+$/, '')}/${path}`;
  const request = createPipelineRequest({
    url,
    method: 'POST',
    body: activityBody(activity),
    headers: createHttpHeaders({ 'content-type': 'application/json; charset=utf-8', 'x-ms-conversation-id': conversationId }),
    allowInsecureConnection: url.toLowerCase().startsWith('http:'),
  });
  const response = await http.sendRequest(request);
  if (!POSTED.has(response.status)) throw postError(response);
  // The pipeline's deserialisation policy has parsed a JSON answer already (and failed the call if it was not JSON).
  const parsed = (response as PipelineResponse & { parsedBody?: unknown }).parsedBody;
  return (parsed ?? (response.bodyAsText ? JSON.parse(response.bodyAsText) : {})) as ResourceResponse;
}

/**
 * Replies and new messages (`replyToActivity`, `sendToConversation`, every answer the bot sends) go through the
 * connector client's own HTTP pipeline (its credentials, retries, user agent, our call signal) with the activity
 * serialised once by JSON.stringify. The generated operations walk the Bot Framework model's mappers for every post,
 * which cost more CPU per answer than understanding the question (docs/BENCHMARKS.md, "The activity check and
 * sending replies"). The wire is the same: the path and header the operations build, the fields they send, their
 * errors (test/bot/direct-activity-posts.test.ts compares both over HTTP).
 */
export function postActivitiesDirectly(client: ConnectorClient): ConnectorClient {
  const http = (client as unknown as { client?: HttpClient }).client;
  const baseUri = (client as unknown as { baseUri?: string }).baseUri;
  if (!http || typeof http.sendRequest !== 'function' || !baseUri) return client;
  const conversations = client.conversations;
  const conversationPath = (conversationId: string) => `v3/conversations/${encodeURIComponent(conversationId)}/activities`;
  conversations.sendToConversation = ((conversationId: string, activity: Partial<Activity>) =>
    post(http, baseUri, conversationPath(conversationId), conversationId, activity)) as typeof conversations.sendToConversation;
  conversations.replyToActivity = ((conversationId: string, activityId: string, activity: Partial<Activity>) =>
    post(
      http,
      baseUri,
      `${conversationPath(conversationId)}/${encodeURIComponent(activityId)}`,
      conversationId,
      activity,
    )) as typeof conversations.replyToActivity;
  return client;
}
