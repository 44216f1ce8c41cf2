import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TestCertificate } from './tls-certificate';

/** A sign-in as `GET /v1.0/auditLogs/signIns` returns it (Microsoft Graph's signIn resource, v1.0). */
export interface GraphSignIn {
  id: string;
  createdDateTime: string;
  userDisplayName: string;
  userPrincipalName: string;
  userId: string;
  appId: string;
  appDisplayName: string;
  ipAddress: string;
  clientAppUsed: string;
  correlationId: string;
  conditionalAccessStatus: 'success' | 'failure' | 'notApplied' | 'unknownFutureValue';
  isInteractive: boolean;
  riskDetail: string;
  riskLevelAggregated: string;
  riskLevelDuringSignIn: string;
  riskState: string;
  riskEventTypes: string[];
  riskEventTypes_v2: string[];
  resourceDisplayName: string;
  resourceId: string;
  status: { errorCode: number; failureReason: string | null; additionalDetails: string | null };
  deviceDetail: {
    deviceId: string;
    displayName: string | null;
    operatingSystem: string;
    browser: string;
    isCompliant: boolean;
    isManaged: boolean;
    trustType: string;
  };
  location: {
    city: string;
    state: string;
    countryOrRegion: string;
    geoCoordinates: { altitude: number | null; latitude: number; longitude: number };
  };
  appliedConditionalAccessPolicies: unknown[];
}

/** A full sign-in row with plausible values; tests override what they care about. */
export function signIn(overrides: Partial<Omit<GraphSignIn, 'status'>> & { status?: Partial<GraphSignIn['status']> } = {}): GraphSignIn {
  const { status, ...rest } = overrides;
  return {
    id: randomUUID(),
    createdDateTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    userDisplayName: 'Li Wei',
    userPrincipalName: 'li.wei@contoso.com',
    userId: '6b1f2c3d-1111-4a2b-9c3d-0123456789ab',
    appId: 'de8bc8b5-d9f9-48b1-a8ad-b748da725064',
    appDisplayName: 'Graph Explorer',
    ipAddress: '203.0.113.45',
    clientAppUsed: 'Browser',
    correlationId: randomUUID(),
    conditionalAccessStatus: 'notApplied',
    isInteractive: true,
    riskDetail: 'none',
    riskLevelAggregated: 'none',
    riskLevelDuringSignIn: 'none',
    riskState: 'none',
    riskEventTypes: [],
    riskEventTypes_v2: [],
    resourceDisplayName: 'Microsoft Graph',
    resourceId: '00000003-0000-0000-c000-000000000000',
    deviceDetail: {
      deviceId: '',
      displayName: null,
      operatingSystem: 'Windows 10',
      browser: 'Edge 120.0.0',
      isCompliant: false,
      isManaged: false,
      trustType: '',
    },
    location: {
      city: 'Shanghai',
      state: 'Shanghai',
      countryOrRegion: 'CN',
      geoCoordinates: { altitude: null, latitude: 31.2222, longitude: 121.4581 },
    },
    appliedConditionalAccessPolicies: [],
    ...rest,
    status: { errorCode: 0, failureReason: 'Other.', additionalDetails: null, ...status },
  };
}

/** How the stand-in misbehaves, as Graph does when it does. */
export type GraphBehaviour =
  | { kind: 'normal' }
  /** The app lacks AuditLog.Read.All (or admin consent). */
  | { kind: 'forbidden' }
  /** The tenant has no Entra ID P1/P2. */
  | { kind: 'unlicensed' }
  /** 429 with Retry-After for the next `times` requests, then normal. */
  | { kind: 'throttle'; retryAfterSeconds: number; times: number }
  /** Answers after `delayMs`. */
  | { kind: 'slow'; delayMs: number }
  /** 200 with this body as application/json. */
  | { kind: 'malformed'; body: string }
  /** The connection is dropped without an answer (a network failure between the bot and Graph). */
  | { kind: 'drop' };

export interface GraphCall {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly authorized: boolean;
  /** The status answered; 0 while a slow answer is still pending, 499 when the client gave up first. */
  readonly status: number;
}

function graphError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  const requestId = randomUUID();
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': requestId, 'client-request-id': requestId, ...headers });
  res.end(
    JSON.stringify({
      error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': requestId, 'client-request-id': requestId } },
    }),
  );
}

type Predicate = (row: GraphSignIn) => boolean;

/**
 * The `$filter` clauses Graph accepts on signIns and this bot uses, joined by `and`:
 * `userId eq '…'`, `userPrincipalName eq '…'`, `createdDateTime ge|le <ISO>`, `status/errorCode eq|ne <n>`.
 * Anything else is a 400, as Graph answers an unsupported filter.
 */
function parseFilter(filter: string): Predicate[] | undefined {
  const clauses = filter.split(/\s+and\s+/i);
  const predicates: Predicate[] = [];
  for (const clause of clauses) {
    let match: RegExpExecArray | null;
    if ((match = /^(userId|userPrincipalName) eq '((?:[^']|'')*)'$/.exec(clause.trim()))) {
      const [, field, raw] = match;
      const value = raw!.replace(/''/g, "'").toLowerCase();
      predicates.push((row) => String(row[field as 'userId' | 'userPrincipalName']).toLowerCase() === value);
    } else if ((match = /^createdDateTime (ge|le) (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)$/.exec(clause.trim()))) {
      const [, op, iso] = match;
      const bound = Date.parse(iso!);
      predicates.push((row) => (op === 'ge' ? Date.parse(row.createdDateTime) >= bound : Date.parse(row.createdDateTime) <= bound));
    } else if ((match = /^status\/errorCode (eq|ne) (\d+)$/.exec(clause.trim()))) {
      const [, op, n] = match;
      predicates.push((row) => (op === 'eq' ? row.status.errorCode === Number(n) : row.status.errorCode !== Number(n)));
    } else {
      return undefined;
    }
  }
  return predicates;
}

/**
 * Plays Microsoft Graph's `GET /v1.0/auditLogs/signIns` over TLS on loopback: it accepts only bearer tokens the Entra
 * stand-in issued for it, filters, orders and pages its rows as Graph does, answers in Graph's shape, and misbehaves on
 * demand (403 for a missing permission or licence, 429 with Retry-After, slow answers, malformed bodies).
 * Every request is recorded, so tests assert the exact query the bot sent.
 */
export class GraphStandIn {
  readonly calls: GraphCall[] = [];
  /** Requests still being answered (a slow Graph), recorded on arrival with status 0 until answered. */
  private readonly arrived = new WeakMap<IncomingMessage, { status: number }>();
  rows: GraphSignIn[] = [];
  behaviour: GraphBehaviour = { kind: 'normal' };
  private server: Server | undefined;
  url = '';

  constructor(
    private readonly certificate: TestCertificate,
    private readonly isValidToken: (token: string, scope: string) => boolean,
  ) {}

  async start(): Promise<this> {
    this.server = createServer({ key: this.certificate.key, cert: this.certificate.cert }, (req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  signInCalls(): GraphCall[] {
    return this.calls.filter((call) => call.path === '/v1.0/auditLogs/signIns');
  }

  private record(req: IncomingMessage, url: URL, authorized: boolean, status: number): void {
    const call = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), authorized, status };
    const arrived = this.arrived.get(req);
    if (arrived) Object.assign(arrived, call);
    else this.calls.push(call);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const authorized = Boolean(bearer && this.isValidToken(bearer, `${this.url}/.default`));
    if (!authorized) {
      this.record(req, url, false, 401);
      return graphError(res, 401, 'InvalidAuthenticationToken', bearer ? 'Access token validation failure.' : 'Access token is empty.');
    }
    if (req.method !== 'GET' || url.pathname !== '/v1.0/auditLogs/signIns') {
      this.record(req, url, true, 400);
      return graphError(res, 400, 'BadRequest', `Resource not found for the segment '${url.pathname.split('/').pop()}'.`);
    }
    const behaviour = this.behaviour;
    if (behaviour.kind === 'drop') {
      this.record(req, url, true, 0);
      req.socket.destroy();
      return;
    }
    if (behaviour.kind === 'forbidden') {
      this.record(req, url, true, 403);
      return graphError(res, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    }
    if (behaviour.kind === 'unlicensed') {
      this.record(req, url, true, 403);
      return graphError(
        res,
        403,
        'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
        "Neither tenant is B2C or tenant doesn't have premium license",
      );
    }
    if (behaviour.kind === 'throttle' && behaviour.times > 0) {
      behaviour.times--;
      this.record(req, url, true, 429);
      return graphError(res, 429, 'TooManyRequests', 'Too many requests.', { 'Retry-After': String(behaviour.retryAfterSeconds) });
    }
    if (behaviour.kind === 'slow') {
      const call = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), authorized, status: 0 };
      this.calls.push(call);
      this.arrived.set(req, call);
      await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
    }
    if (res.destroyed) return this.record(req, url, true, 499);
    if (behaviour.kind === 'malformed') {
      this.record(req, url, true, 200);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(behaviour.body);
      return;
    }
    const predicates = parseFilter(url.searchParams.get('$filter') ?? '');
    if (!predicates) {
      this.record(req, url, true, 400);
      return graphError(res, 400, 'BadRequest', 'Invalid filter clause');
    }
    let rows = this.rows.filter((row) => predicates.every((predicate) => predicate(row)));
    const orderby = url.searchParams.get('$orderby');
    if (orderby && orderby !== 'createdDateTime desc' && orderby !== 'createdDateTime asc') {
      this.record(req, url, true, 400);
      return graphError(res, 400, 'BadRequest', `Invalid $orderby: ${orderby}`);
    }
    // Graph returns the most recent sign-ins first unless asked otherwise.
    rows = [...rows].sort((a, b) => b.createdDateTime.localeCompare(a.createdDateTime));
    if (orderby === 'createdDateTime asc') rows.reverse();
    const top = Number(url.searchParams.get('$top') ?? 1000);
    if (!Number.isInteger(top) || top < 1 || top > 1000) {
      this.record(req, url, true, 400);
      return graphError(res, 400, 'BadRequest', 'Invalid $top value.');
    }
    this.record(req, url, true, 200);
    res.writeHead(200, {
      'content-type': 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
    });
    res.end(
      JSON.stringify({
        '@odata.context': `${this.url}/v1.0/$metadata#auditLogs/signIns`,
        ...(rows.length > top && { '@odata.nextLink': `${this.url}/v1.0/auditLogs/signIns?$top=${top}&$skiptoken=${randomUUID()}` }),
        value: rows.slice(0, top),
      }),
    );
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
