import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestCertificate } from './tls-certificate';

/** One request the token stand-in received. */
export interface EntraCall {
  readonly method: string;
  readonly path: string;
  readonly form?: Record<string, string>;
}

export interface AppRegistration {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Entra's error body (RFC 6749 section 5.2 plus its AADSTS description, codes, trace and correlation ids). */
function oauthError(error: string, code: number, description: string, correlationId?: string) {
  return {
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${crypto.randomUUID()} Correlation ID: ${correlationId ?? crypto.randomUUID()} Timestamp: ${new Date().toISOString().replace('T', ' ').slice(0, 19)}Z`,
    error_codes: [code],
    timestamp: new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z',
    trace_id: crypto.randomUUID(),
    correlation_id: correlationId ?? crypto.randomUUID(),
  };
}

/**
 * Plays the Microsoft Entra token service over TLS on loopback, answering what MSAL asks: the tenant's
 * OpenID configuration (`/{tenant}/v2.0/.well-known/openid-configuration`), then the OAuth 2.0 client credentials
 * grant (`POST /{tenant}/oauth2/v2.0/token`). It knows one app registration, refuses anything else as Entra does,
 * and remembers the tokens it issued so the Graph stand-in can check them. Instance discovery is answered too,
 * and recorded: with `disableInstanceDiscovery` the library must never ask for it.
 */
export class EntraStandIn {
  readonly calls: EntraCall[] = [];
  private readonly issued = new Map<string, { scope: string; expires: number }>();
  private server: Server | undefined;
  url = '';
  /** Delay before answering token requests: a slow or hanging token service. */
  tokenDelayMs = 0;

  constructor(
    private readonly certificate: TestCertificate,
    readonly app: AppRegistration,
    /** The resource the app may get tokens for: the Graph stand-in's origin. */
    private readonly resource: () => string,
  ) {}

  async start(): Promise<this> {
    this.server = createServer({ key: this.certificate.key, cert: this.certificate.cert }, (req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** A token this service issued for `scope` and that has not expired. */
  isValidToken(token: string, scope: string): boolean {
    const issued = this.issued.get(token);
    return Boolean(issued && issued.scope === scope && issued.expires > Date.now());
  }

  tokenRequests(): EntraCall[] {
    return this.calls.filter((call) => call.method === 'POST' && call.path.endsWith('/oauth2/v2.0/token'));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const body = req.method === 'POST' ? await readText(req) : '';
    const form = req.method === 'POST' ? Object.fromEntries(new URLSearchParams(body)) : undefined;
    this.calls.push({ method: req.method ?? 'GET', path: url.pathname, ...(form && { form }) });

    if (req.method === 'GET' && url.pathname === '/common/discovery/instance') {
      json(res, 200, {
        tenant_discovery_endpoint: `${this.url}/${url.searchParams.get('authorization_endpoint') ?? 'common'}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [],
      });
      return;
    }
    const config = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
    if (req.method === 'GET' && config) {
      const tenant = config[1]!;
      if (tenant !== this.app.tenantId) {
        json(res, 400, oauthError('invalid_tenant', 90002, `Tenant '${tenant}' not found.`));
        return;
      }
      const base = `${this.url}/${tenant}`;
      json(res, 200, {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `${base}/v2.0`,
        request_uri_parameter_supported: false,
        userinfo_endpoint: `${this.url}/oidc/userinfo`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'tid'],
        kerberos_endpoint: `${base}/kerberos`,
        tenant_region_scope: 'AS',
        cloud_instance_name: 'localhost',
        cloud_graph_host_name: 'localhost',
        msgraph_host: new URL(this.resource()).host,
        rbac_url: 'https://localhost',
      });
      return;
    }
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (req.method === 'POST' && token && form) {
      if (this.tokenDelayMs) await new Promise((resolve) => setTimeout(resolve, this.tokenDelayMs));
      if (res.destroyed) return;
      this.issue(token[1]!, form, res);
      return;
    }
    json(res, 404, oauthError('invalid_request', 900561, 'The endpoint only accepts POST requests or the path is unknown.'));
  }

  private issue(tenant: string, form: Record<string, string>, res: ServerResponse): void {
    const correlation = form['client-request-id'];
    if (tenant !== this.app.tenantId)
      return json(res, 400, oauthError('invalid_tenant', 90002, `Tenant '${tenant}' not found.`, correlation));
    if (form.grant_type !== 'client_credentials') {
      return json(res, 400, oauthError('unsupported_grant_type', 70003, 'The app requested an unsupported grant type.', correlation));
    }
    if (form.client_id !== this.app.clientId) {
      return json(
        res,
        400,
        oauthError('unauthorized_client', 700016, `Application with identifier '${form.client_id}' was not found.`, correlation),
      );
    }
    if (form.client_secret !== this.app.clientSecret) {
      return json(res, 401, oauthError('invalid_client', 7000215, 'Invalid client secret provided.', correlation));
    }
    const expected = `${this.resource()}/.default`;
    if (form.scope?.split(' ').filter((scope) => scope !== 'offline_access' && scope !== 'openid' && scope !== 'profile')[0] !== expected) {
      return json(res, 400, oauthError('invalid_scope', 1002012, `The provided value for scope ${form.scope} is not valid.`, correlation));
    }
    const accessToken = randomBytes(32).toString('base64url');
    this.issued.set(accessToken, { scope: expected, expires: Date.now() + 3_599_000 });
    json(res, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken });
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
