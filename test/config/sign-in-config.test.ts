import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { ROOT_DIR } from '../../src/paths';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

function problem(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('configuration was accepted');
}

describe('sign-in logs configuration', () => {
  it('is off by default: no Graph settings at all', () => {
    expect(loadConfig({}).graph).toBeUndefined();
    expect(loadConfig({ GRAPH_CLIENT_SECRET: 'x' }).graph).toBeUndefined();
  });

  it("defaults the Graph app to the bot's own registration, and the endpoints to Microsoft's public cloud", () => {
    const config = loadConfig({
      SIGNIN_LOGS: 'graph',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 's3cret',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT,
    });
    expect(config.graph).toEqual({
      tenantId: TENANT,
      clientId: APP_ID,
      clientSecret: 's3cret',
      endpoint: 'https://graph.microsoft.com',
      authorityHost: 'https://login.microsoftonline.com',
      lookbackHours: 24,
      timeoutMs: 2000,
    });
    expect(Object.isFrozen(config.graph)).toBe(true);
  });

  it('takes its own app, a national cloud (21Vianet) and a lookback window', () => {
    const config = loadConfig({
      SIGNIN_LOGS: 'graph',
      GRAPH_TENANT_ID: 'contoso.partner.onmschina.cn',
      GRAPH_CLIENT_ID: APP_ID,
      GRAPH_CLIENT_SECRET: 'other',
      GRAPH_ENDPOINT: 'https://microsoftgraph.chinacloudapi.cn/',
      GRAPH_AUTHORITY_HOST: 'https://login.chinacloudapi.cn',
      SIGNIN_LOOKBACK_HOURS: '72',
    });
    expect(config.graph).toMatchObject({
      tenantId: 'contoso.partner.onmschina.cn',
      endpoint: 'https://microsoftgraph.chinacloudapi.cn',
      authorityHost: 'https://login.chinacloudapi.cn',
      lookbackHours: 72,
    });
    expect(config.anonymous).toBe(true); // works without the bot's own registration, e.g. in the Agents Playground
  });

  it.each([
    [{ SIGNIN_LOGS: 'yes' }, 'SIGNIN_LOGS: must be off (default) or graph'],
    [{ SIGNIN_LOGS: 'graph' }, 'GRAPH_TENANT_ID: is required when SIGNIN_LOGS is graph (or set MicrosoftAppTenantId)'],
    [{ SIGNIN_LOGS: 'graph' }, 'GRAPH_CLIENT_ID: is required when SIGNIN_LOGS is graph (or set MicrosoftAppId)'],
    [{ SIGNIN_LOGS: 'graph' }, 'GRAPH_CLIENT_SECRET: is required when SIGNIN_LOGS is graph (or set MicrosoftAppPassword)'],
    [{ GRAPH_CLIENT_ID: 'my-app' }, 'GRAPH_CLIENT_ID: must be an app (client) id, a GUID'],
    [{ GRAPH_TENANT_ID: 'contoso' }, 'GRAPH_TENANT_ID: must be a tenant id (GUID) or domain'],
    [
      { GRAPH_ENDPOINT: 'http://graph.microsoft.com' },
      'GRAPH_ENDPOINT: must be the Microsoft Graph endpoint of your cloud (https, no path)',
    ],
    [
      { GRAPH_ENDPOINT: 'https://graph.microsoft.com/v1.0' },
      'GRAPH_ENDPOINT: must be the Microsoft Graph endpoint of your cloud (https, no path)',
    ],
    [{ GRAPH_AUTHORITY_HOST: 'login.chinacloudapi.cn' }, 'GRAPH_AUTHORITY_HOST: must be the Microsoft Entra sign-in host of your cloud'],
    [{ SIGNIN_LOOKBACK_HOURS: '0' }, 'SIGNIN_LOOKBACK_HOURS'],
    [{ SIGNIN_LOOKBACK_HOURS: '1000' }, 'SIGNIN_LOOKBACK_HOURS: must be at most 720 (30 days)'],
    [{ GRAPH_TIMEOUT_MS: '60000' }, 'GRAPH_TIMEOUT_MS'],
  ])('names the variable and what it wants: %o', (env, message) => {
    expect(problem(env)).toContain(message);
  });

  it('never puts the secret in an error', () => {
    expect(problem({ SIGNIN_LOGS: 'graph', GRAPH_CLIENT_SECRET: 'hunter2', GRAPH_CLIENT_ID: 'x' })).not.toContain('hunter2');
  });

  it('.env.example documents every sign-in logs variable', () => {
    const example = readFileSync(join(ROOT_DIR, '.env.example'), 'utf8');
    for (const name of [
      'SIGNIN_LOGS',
      'GRAPH_TENANT_ID',
      'GRAPH_CLIENT_ID',
      'GRAPH_CLIENT_SECRET',
      'GRAPH_ENDPOINT',
      'GRAPH_AUTHORITY_HOST',
      'SIGNIN_LOOKBACK_HOURS',
      'GRAPH_TIMEOUT_MS',
    ]) {
      expect(example).toMatch(new RegExp(`^${name}=`, 'm'));
    }
  });
});
