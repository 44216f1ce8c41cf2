import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { Activity } from 'botbuilder';
import {
  ConnectorFactory,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import { LRUCache } from 'lru-cache';
import { fitConnectorClient } from './connector-call-signal';
import { postActivitiesDirectly } from './direct-activity-posts';

/** Service URLs are a handful of regional Teams endpoints; this bound only guards against a flood of forged ones. */
const MAX_CLIENTS = 64;

/** Hands out one ConnectorClient per bot, service URL and audience, instead of a new client and HTTP pipeline per turn. */
class ReusedConnectorClients extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly clients: LRUCache<string, Promise<ConnectorClient>>,
    private readonly botKey: string,
    private readonly kind: 'proactive' | 'turn',
  ) {
    super();
  }

  override create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const key = `${this.kind}|${this.botKey}|${serviceUrl}|${audience ?? ''}`;
    let client = this.clients.get(key);
    if (!client) {
      client = this.inner.create(serviceUrl, audience).then((created) => fitConnectorClient(postActivitiesDirectly(created), this.kind));
      client.catch(() => this.clients.delete(key)); // a failed creation is not kept
      this.clients.set(key, client);
    }
    return client;
  }
}

/** The bot a request was for, as botbuilder reads it: the audience of a channel's token, else the emulator's app id. */
function botOf(claimsIdentity: ClaimsIdentity): string {
  return claimsIdentity.getClaimValue('aud') ?? claimsIdentity.getClaimValue('appid') ?? '';
}

/**
 * ConfigurationBotFrameworkAuthentication whose connector factories reuse clients: the profile showed building a
 * ConnectorClient and its HTTP pipeline on every turn as the largest single cost of a turn. The client's credentials
 * cache their tokens, so reuse also saves token look-ups. The same holds for the user-token client CloudAdapter makes
 * for every turn (for OAuth prompts, which this bot does not use): a second pipeline per turn, 7 % of the CPU.
 */
export class ReusingBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly clients = new LRUCache<string, Promise<ConnectorClient>>({ max: MAX_CLIENTS });
  private readonly userTokenClients = new LRUCache<string, Promise<UserTokenClient>>({ max: MAX_CLIENTS });

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const key = botOf(claimsIdentity);
    let client = this.userTokenClients.get(key);
    if (!client) {
      client = super.createUserTokenClient(claimsIdentity);
      client.catch(() => this.userTokenClients.delete(key)); // a failed creation is not kept
      this.userTokenClients.set(key, client);
    }
    return client;
  }

  /** Incoming turns: CloudAdapter takes its connector factory from here. */
  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    return result.connectorFactory
      ? { ...result, connectorFactory: this.reusing(result.connectorFactory, result.claimsIdentity, 'turn') }
      : result;
  }

  /** Proactive messages (the outbox): CloudAdapter asks for a factory here. */
  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusing(super.createConnectorFactory(claimsIdentity), claimsIdentity, 'proactive');
  }

  private reusing(factory: ConnectorFactory, claimsIdentity: ClaimsIdentity, kind: 'proactive' | 'turn'): ConnectorFactory {
    return new ReusedConnectorClients(factory, this.clients, botOf(claimsIdentity), kind);
  }
}
