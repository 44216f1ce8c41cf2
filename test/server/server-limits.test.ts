import { connect, type Socket } from 'node:net';
import type restify from 'restify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/bot/create-adapter';
import { loadConfig } from '../../src/config';
import { SERVER_LIMITS, type ServerLimits } from '../../src/http/server-limits';
import { createLogger } from '../../src/logger';
import { createServer } from '../../src/server';

const SHORT: ServerLimits = {
  headersTimeoutMs: 300,
  requestTimeoutMs: 600,
  keepAliveTimeoutMs: 300,
  checkIntervalMs: 50,
  maxConnections: 4,
  maxRequestsPerConnection: 3,
  maxBodyBytes: 1024,
};

/** Opens a connection, lets `talk` write to it, and resolves with what came back and when the server closed it. */
function holdConnection(port: number, talk: (socket: Socket) => void): Promise<{ closedAfterMs: number; received: string }> {
  return new Promise((resolve) => {
    const started = Date.now();
    let received = '';
    const socket = connect(port, '127.0.0.1', () => talk(socket));
    socket.on('data', (data) => (received += data.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ closedAfterMs: Date.now() - started, received }));
  });
}

describe('server limits', () => {
  let server: restify.Server;
  let port = 0;
  const timers: NodeJS.Timeout[] = [];

  beforeAll(async () => {
    const config = loadConfig({ STORAGE: 'memory', LOG_LEVEL: 'silent' });
    server = createServer({
      adapter: createAdapter(config),
      bot: { run: async () => undefined },
      log: createLogger('silent'),
      limits: SHORT,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = server.address().port;
  });
  afterAll(async () => {
    timers.forEach(clearInterval);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('closes a client that sends its headers too slowly (slowloris) with 408', async () => {
    const { closedAfterMs, received } = await holdConnection(port, (socket) => {
      socket.write('POST /api/messages HTTP/1.1\r\nHost: bot\r\n');
      timers.push(setInterval(() => socket.writable && socket.write('X-Slow: y\r\n'), 50));
    });
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeLessThan(2000);
  });

  it('closes a client that sends its body too slowly', async () => {
    const { closedAfterMs } = await holdConnection(port, (socket) => {
      socket.write('POST /api/messages HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{');
      timers.push(setInterval(() => socket.writable && socket.write(' '), 50));
    });
    expect(closedAfterMs).toBeLessThan(2500);
  });

  it('closes an idle kept-alive connection', async () => {
    const { closedAfterMs, received } = await holdConnection(port, (socket) => {
      socket.write('GET /healthz HTTP/1.1\r\nHost: bot\r\n\r\n');
    });
    expect(received).toMatch(/^HTTP\/1\.1 200/);
    expect(closedAfterMs).toBeLessThan(2000);
  });

  it('closes a connection after its allowance of requests', async () => {
    const { received } = await holdConnection(port, (socket) => {
      socket.write('GET /healthz HTTP/1.1\r\nHost: bot\r\n\r\n'.repeat(5));
    });
    expect(received.match(/HTTP\/1\.1 200/g)).toHaveLength(3);
    expect(received).toContain('HTTP/1.1 503');
  });

  it('applies the production limits by default: seconds, not Node’s minutes', () => {
    const config = loadConfig({ STORAGE: 'memory', LOG_LEVEL: 'silent' });
    const defaults = createServer({ adapter: createAdapter(config), bot: { run: async () => undefined }, log: createLogger('silent') });
    expect(defaults.server.headersTimeout).toBe(SERVER_LIMITS.headersTimeoutMs);
    expect(defaults.server.requestTimeout).toBe(SERVER_LIMITS.requestTimeoutMs);
    expect(defaults.server.keepAliveTimeout).toBe(SERVER_LIMITS.keepAliveTimeoutMs);
    expect(defaults.server.maxConnections).toBe(SERVER_LIMITS.maxConnections);
    expect(SERVER_LIMITS.headersTimeoutMs).toBeLessThanOrEqual(10_000);
    expect(SERVER_LIMITS.requestTimeoutMs).toBeLessThanOrEqual(30_000);
  });
});
