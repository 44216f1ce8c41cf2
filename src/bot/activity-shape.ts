/**
 * The least an activity needs before the adapter may run a turn on it: without a conversation and a
 * service URL there is nowhere to answer, and the turn would fail later in a less readable way.
 */
export function activityShapeProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body must be an activity object';
  const activity = body as Record<string, unknown>;
  if (typeof activity.type !== 'string' || !activity.type) return 'type is missing';
  const conversation = activity.conversation as { id?: unknown } | undefined;
  if (typeof conversation?.id !== 'string' || !conversation.id) return 'conversation.id is missing';
  if (typeof activity.serviceUrl !== 'string' || !/^https?:\/\//.test(activity.serviceUrl)) return 'serviceUrl is missing or not a URL';
  if (activity.text !== undefined && typeof activity.text !== 'string') return 'text must be a string';
  return undefined;
}
