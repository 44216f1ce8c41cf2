import type { Server } from 'node:http';

/**
 * How long and how much one client may hold the server. Bot Framework sends a whole activity at once and
 * expects its answer within 15 s, so anything slower is a broken or hostile client, not Teams.
 */
export interface ServerLimits {
  /** All request headers must arrive within this (Node's default is 60 s). */
  readonly headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this (Node's default is 300 s). */
  readonly requestTimeoutMs: number;
  /** An idle kept-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
  /** How often Node checks the two timeouts above (Node's default, 30 s, would let a slow client stay 30 s longer). */
  readonly checkIntervalMs: number;
  /** Open connections at once: Bot Framework reuses a handful; a flood beyond this waits in the kernel's backlog. */
  readonly maxConnections: number;
  /** Requests on one connection (pipelined or kept alive) before Node answers 503 and closes it. */
  readonly maxRequestsPerConnection: number;
  /** The largest body accepted, after decoding (only identity encoding is accepted, so that is the bytes received). */
  readonly maxBodyBytes: number;
}

export const SERVER_LIMITS: ServerLimits = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 30_000,
  checkIntervalMs: 1_000,
  maxConnections: 512,
  maxRequestsPerConnection: 1_000,
  // A paste of a whole sign-in log is still far below this.
  maxBodyBytes: 512 * 1024,
});

/** Applies the limits to Node's HTTP server; call before `listen` (the check interval is read when listening starts). */
export function applyServerLimits(server: Server, limits: ServerLimits): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  // Not in @types/node's Server type, but a plain property Node reads when the server starts listening.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = limits.checkIntervalMs;
  server.maxConnections = limits.maxConnections;
  server.maxRequestsPerSocket = limits.maxRequestsPerConnection;
}
