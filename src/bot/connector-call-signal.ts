import { AsyncLocalStorage } from 'node:async_hooks';
import type { Pipeline, PipelinePolicy } from '@azure/core-rest-pipeline';
import type { ConnectorClient } from 'botframework-connector';
import { untilAborted } from '../tickets/until-aborted';

const current = new AsyncLocalStorage<AbortSignal>();

/**
 * Runs `call` so that every connector HTTP request it makes carries `signal`: when the signal aborts (the call's
 * deadline, or the bot stopping), the request itself is aborted, not just waited for. The adapter's methods take
 * no signal, so it travels with the async context to a policy in the connector client's pipeline.
 */
export function withCallSignal<T>(signal: AbortSignal, call: () => Promise<T>): Promise<T> {
  return untilAborted(current.run(signal, call), signal);
}

const callSignalPolicy: PipelinePolicy = {
  name: 'helpdeskCallSignal',
  sendRequest(request, next) {
    const signal = current.getStore();
    // The pipeline types its signal as AbortSignalLike; on Node its requests carry AbortSignals, which `any` needs.
    if (signal) request.abortSignal = request.abortSignal ? AbortSignal.any([request.abortSignal as AbortSignal, signal]) : signal;
    return next(request);
  },
};

/**
 * Fits a new connector client for our calls: the call-signal policy always; for proactive clients (the outbox) also
 * no retries inside a call, because the outbox retries itself, durably, honouring Retry-After with a cap, while the
 * SDK's retry policy would sleep through a long Retry-After inside the call's deadline.
 * The pipeline is reached through the compat client's `client` (botframework-connector 4.23, pinned); without it
 * the outbox's own deadline still ends the call, only the socket stays open until the server answers.
 */
export function fitConnectorClient(client: ConnectorClient, kind: 'proactive' | 'turn'): ConnectorClient {
  const pipeline = (client as unknown as { client?: { pipeline?: Pipeline } }).client?.pipeline;
  if (!pipeline) return client;
  pipeline.addPolicy(callSignalPolicy);
  if (kind === 'proactive') pipeline.removePolicy({ name: 'defaultRetryPolicy' });
  return client;
}
