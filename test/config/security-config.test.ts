import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const ENDPOINTS = {
  ToBotFromChannelOpenIdMetadataUrl: 'https://login.example.test/v1/.well-known/openidconfiguration',
  ToBotFromChannelTokenIssuer: 'https://api.example.test',
  ToChannelFromBotLoginUrl: 'https://login.example.test/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.example.test',
};

function problem(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('configuration was accepted');
}

describe('configuration: no silent anonymous mode', () => {
  it.each([
    [{ MicrosoftAppPassword: 's3cret' }],
    [{ MicrosoftAppTenantId: TENANT }],
    [{ MicrosoftAppPassword: 's3cret', MicrosoftAppTenantId: TENANT, MicrosoftAppType: 'SingleTenant' }],
    [{ ...ENDPOINTS }],
  ])('a partial bot identity stops start-up, naming MicrosoftAppId: %o', (env) => {
    expect(problem(env)).toMatch(/MicrosoftAppId: is required when .* is set/);
  });

  it('points out a misspelled MicrosoftAppId', () => {
    const message = problem({ MicrosoftAppID: APP_ID, MicrosoftAppPassword: 's3cret' });
    expect(message).toContain('MicrosoftAppId: is required');
    expect(message).toContain('MicrosoftAppID');
  });

  it('runs anonymously only with none of the three set, and then listens on loopback', () => {
    const config = loadConfig({});
    expect(config.anonymous).toBe(true);
    expect(config.host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('listens on every interface with an app id, unless HOST says otherwise', () => {
    const identity = { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 's3cret' };
    expect(loadConfig(identity).host).toBe('0.0.0.0');
    expect(loadConfig({ ...identity, HOST: '::1' }).host).toBe('::1');
    expect(problem({ HOST: 'not a host!' })).toContain('HOST: must be');
  });
});

describe('configuration: channel token endpoints', () => {
  const identity = { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 's3cret' };

  it('accepts the four together', () => {
    expect(loadConfig({ ...identity, ...ENDPOINTS })).toMatchObject(ENDPOINTS);
  });

  it('wants them as a set: botbuilder uses only the given values once one is set', () => {
    const message = problem({ ...identity, ToBotFromChannelOpenIdMetadataUrl: ENDPOINTS.ToBotFromChannelOpenIdMetadataUrl });
    expect(message).toContain('ToBotFromChannelTokenIssuer: is required when ToBotFromChannelOpenIdMetadataUrl is set');
    expect(message).toContain('ToChannelFromBotLoginUrl: is required');
    expect(message).toContain('ToChannelFromBotOAuthScope: is required');
  });

  it('wants https for the key document and the login', () => {
    const message = problem({ ...identity, ...ENDPOINTS, ToBotFromChannelOpenIdMetadataUrl: 'http://login.example.test/openid' });
    expect(message).toContain('ToBotFromChannelOpenIdMetadataUrl: must be an https:// URL');
  });
});

describe('configuration: helpdesk admins', () => {
  it('reads object ids and user principal names, comma-separated', () => {
    const config = loadConfig({ HELPDESK_ADMINS: ` ${APP_ID.toUpperCase()}, Zhang.Min@Contoso.com ,` });
    expect(config.HELPDESK_ADMINS).toEqual([APP_ID, 'zhang.min@contoso.com']);
    expect(loadConfig({}).HELPDESK_ADMINS).toEqual([]);
  });

  it('names an entry that is neither', () => {
    expect(problem({ HELPDESK_ADMINS: `${APP_ID}, Zhang Min` })).toContain(
      'HELPDESK_ADMINS: "Zhang Min" must be an Entra object id (GUID) or a user principal name (name@domain)',
    );
  });
});
