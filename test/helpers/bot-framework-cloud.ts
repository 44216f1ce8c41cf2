import { createHmac, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import selfsigned from 'selfsigned';

/** What the bot asked the cloud, in order. */
export interface CloudRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization?: string;
  readonly body: string;
}

export interface TokenOptions {
  /** Header fields replacing or adding to `{ alg: 'RS256', kid: 'teams-key', typ: 'JWT' }`. */
  readonly header?: Record<string, unknown>;
  /** Claims replacing or adding to a valid channel token's. */
  readonly claims?: Record<string, unknown>;
  /** Signs with this key instead of the one published under the header's kid. */
  readonly signWith?: KeyObject;
  /** 'none' leaves the signature empty; 'HS256-public-key' signs with HMAC keyed by the published public key (the classic confusion). */
  readonly forge?: 'none' | 'HS256-public-key';
}

const b64url = (value: object | Buffer) => (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');

/**
 * The Bot Framework's side of channel authentication, played over HTTPS on loopback with a self-signed
 * certificate: the OpenID configuration and JWKS the bot checks channel tokens against (one key endorsed for
 * msteams, one only for webchat, as Microsoft's document lists endorsements), the login endpoint the bot gets
 * its own token from (MSAL client credentials), and the Teams connector it answers through. It issues channel
 * tokens the way the Bot Framework Service does (RS256, `serviceurl` claim) and forged ones on request.
 */
export class BotFrameworkCloud {
  readonly requests: CloudRequest[] = [];
  readonly issuer = 'https://api.botframework.test';
  readonly appId: string;
  readonly appPassword = `secret-${randomUUID()}`;
  /** The token the login endpoint hands the bot for its outgoing calls. */
  readonly outgoingToken = `outgoing-${randomUUID()}`;
  readonly teamsKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  readonly webchatKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  /** A key nobody published: a token signed with it carries a bad signature. */
  readonly strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  caFile = '';
  url = '';
  private server: Server | undefined;

  constructor(appId: string) {
    this.appId = appId;
  }

  /** Starts the HTTPS server and writes its certificate to `dir/ca.pem`, for NODE_EXTRA_CA_CERTS. */
  async start(dir: string): Promise<this> {
    const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [
        { name: 'basicConstraints', cA: true },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 7, ip: '127.0.0.1' },
            { type: 2, value: 'localhost' },
          ],
        },
      ],
    });
    this.caFile = join(dir, 'ca.pem');
    writeFileSync(this.caFile, pems.cert);
    this.server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The environment that points the bot at this cloud: botbuilder's own variables, as a set. */
  botEnv(): Record<string, string> {
    return {
      MicrosoftAppId: this.appId,
      MicrosoftAppPassword: this.appPassword,
      ToBotFromChannelOpenIdMetadataUrl: `${this.url}/v1/.well-known/openidconfiguration`,
      ToBotFromChannelTokenIssuer: this.issuer,
      ToChannelFromBotLoginUrl: `${this.url}/botframework.com`,
      ToChannelFromBotOAuthScope: this.issuer,
      NODE_EXTRA_CA_CERTS: this.caFile,
    };
  }

  /** The connector's base URL, as Teams puts it in `serviceUrl`. */
  get serviceUrl(): string {
    return `${this.url}/connector/`;
  }

  /** Connector calls (the bot answering), as opposed to key and login traffic. */
  connectorCalls(): CloudRequest[] {
    return this.requests.filter((request) => request.path.startsWith('/connector/'));
  }

  /** A channel token as the Bot Framework Service signs it for this bot and service URL, or a forged variant. */
  token(options: TokenOptions = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', kid: 'teams-key', typ: 'JWT', ...options.header };
    const claims = {
      iss: this.issuer,
      aud: this.appId,
      serviceurl: this.serviceUrl,
      nbf: now - 60,
      iat: now - 60,
      exp: now + 3600,
      ...options.claims,
    };
    const signed = `${b64url(header)}.${b64url(claims)}`;
    if (options.forge === 'none') return `${signed}.`;
    if (options.forge === 'HS256-public-key') {
      const secret = this.teamsKey.publicKey.export({ type: 'spki', format: 'pem' });
      return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
    }
    const key = options.signWith ?? (header.kid === 'webchat-key' ? this.webchatKey.privateKey : this.teamsKey.privateKey);
    return `${signed}.${b64url(sign('sha256', Buffer.from(signed), key))}`;
  }

  private jwk(key: KeyObject, kid: string, endorsements: string[]) {
    return { ...key.export({ format: 'jwk' }), kid, use: 'sig', endorsements };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '').split('?')[0]!;
    this.requests.push({ method: req.method ?? 'GET', path, authorization: req.headers.authorization, body });
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    const login = `${this.url}/botframework.com`;
    switch (`${req.method} ${path}`) {
      case 'GET /v1/.well-known/openidconfiguration':
        return json(200, {
          issuer: this.issuer,
          authorization_endpoint: `${this.url}/v1/authorize`,
          jwks_uri: `${this.url}/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['private_key_jwt'],
        });
      case 'GET /v1/.well-known/keys':
        return json(200, {
          keys: [
            this.jwk(this.teamsKey.publicKey, 'teams-key', ['msteams']),
            this.jwk(this.webchatKey.publicKey, 'webchat-key', ['webchat']),
          ],
        });
      case 'GET /botframework.com/v2.0/.well-known/openid-configuration':
        return json(200, {
          issuer: `${login}/v2.0`,
          authorization_endpoint: `${login}/oauth2/v2.0/authorize`,
          token_endpoint: `${login}/oauth2/v2.0/token`,
          end_session_endpoint: `${login}/oauth2/v2.0/logout`,
          jwks_uri: `${login}/discovery/v2.0/keys`,
          response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        });
      case 'POST /botframework.com/oauth2/v2.0/token': {
        const form = new URLSearchParams(body);
        if (form.get('client_id') !== this.appId || form.get('client_secret') !== this.appPassword) {
          return json(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
        }
        return json(200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: this.outgoingToken });
      }
    }
    if (path.startsWith('/connector/v3/conversations')) {
      if (req.headers.authorization !== `Bearer ${this.outgoingToken}`)
        return json(401, { message: 'Authorization has been denied for this request.' });
      return json(200, { id: `activity-${this.requests.length}` });
    }
    json(404, { error: 'not found' });
  }
}
