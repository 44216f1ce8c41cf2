import { ConfidentialClientApplication } from '@azure/msal-node';
import { MsalAppCredentials, ServiceClientCredentialsFactory, type ServiceClientCredentials } from 'botframework-connector';

/**
 * The bot's credentials for its calls to the channel. With the public cloud's login URL, botbuilder's own factory
 * is used as it is. With ToChannelFromBotLoginUrl set (a sovereign or private cloud, or a test), MSAL is told that
 * this login host is the authority to trust: botbuilder's own MSAL client would first ask the public cloud's
 * instance discovery (login.microsoftonline.com) whether it may use it, which fails where that is not reachable.
 */
export class LoginUrlCredentialsFactory extends ServiceClientCredentialsFactory {
  private readonly client: ConfidentialClientApplication | undefined;

  constructor(
    private readonly inner: ServiceClientCredentialsFactory,
    private readonly appId: string | undefined,
    password: string | undefined,
    private readonly loginUrl: string | undefined,
  ) {
    super();
    this.client =
      appId && password && loginUrl
        ? new ConfidentialClientApplication({
            auth: { clientId: appId, clientSecret: password, authority: loginUrl, knownAuthorities: [new URL(loginUrl).host] },
          })
        : undefined;
  }

  isValidAppId(appId: string): Promise<boolean> {
    return this.inner.isValidAppId(appId);
  }

  isAuthenticationDisabled(): Promise<boolean> {
    return this.inner.isAuthenticationDisabled();
  }

  async createCredentials(
    appId: string,
    audience: string,
    loginEndpoint: string,
    validateAuthority: boolean,
  ): Promise<ServiceClientCredentials> {
    if (this.client && appId === this.appId && loginEndpoint?.toLowerCase() === this.loginUrl!.toLowerCase()) {
      return new MsalAppCredentials(this.client, appId, this.loginUrl!, audience);
    }
    return this.inner.createCredentials(appId, audience, loginEndpoint, validateAuthority);
  }
}
