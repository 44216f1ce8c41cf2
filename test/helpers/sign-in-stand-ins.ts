import { EntraStandIn, type AppRegistration } from './entra-stand-in';
import { GraphStandIn } from './graph-stand-in';
import { createTestCertificate, type TestCertificate } from './tls-certificate';

export const GRAPH_APP: AppRegistration = {
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  clientId: '3f4a5b6c-7d8e-4f90-a1b2-c3d4e5f60718',
  clientSecret: 'stand-in-secret~not-a-real-one',
};

/** Microsoft Entra's token service and Microsoft Graph, both over TLS on loopback with a certificate made for this run. */
export class SignInStandIns {
  private constructor(
    readonly certificate: TestCertificate,
    readonly entra: EntraStandIn,
    readonly graph: GraphStandIn,
  ) {}

  static async start(app: AppRegistration = GRAPH_APP): Promise<SignInStandIns> {
    const certificate = await createTestCertificate();
    // Assigned once, after Entra's stand-in that reads it lazily is started.
    // eslint-disable-next-line prefer-const
    let graph: GraphStandIn | undefined;
    const entra = await new EntraStandIn(certificate, app, () => graph!.url).start();
    graph = await new GraphStandIn(certificate, (token, scope) => entra.isValidToken(token, scope)).start();
    return new SignInStandIns(certificate, entra, graph);
  }

  /** The bot's environment for sign-in logs through these stand-ins, trusting their certificate. */
  env(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      NODE_EXTRA_CA_CERTS: this.certificate.caFile,
      SIGNIN_LOGS: 'graph',
      GRAPH_TENANT_ID: this.entra.app.tenantId,
      GRAPH_CLIENT_ID: this.entra.app.clientId,
      GRAPH_CLIENT_SECRET: this.entra.app.clientSecret,
      GRAPH_ENDPOINT: this.graph.url,
      GRAPH_AUTHORITY_HOST: this.entra.url,
      ...overrides,
    };
  }

  async stop(): Promise<void> {
    await Promise.all([this.entra.stop(), this.graph.stop()]);
    this.certificate.dispose();
  }
}
