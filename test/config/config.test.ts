import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { ROOT_DIR } from '../../src/paths';

const APP_ID = '11111111-2222-3333-4444-555555555555';

function problem(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('configuration was accepted');
}

describe('configuration', () => {
  it('runs on embedded defaults with nothing set, anonymously', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3978, STORAGE: 'sqlite', MicrosoftAppType: 'MultiTenant', anonymous: true });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('accepts a complete single-tenant registration', () => {
    const config = loadConfig({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 's3cret',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: APP_ID,
    });
    expect(config.anonymous).toBe(false);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT: must be a port number'],
    [{ MicrosoftAppId: 'my-bot' }, 'MicrosoftAppId: must be'],
    [{ MicrosoftAppId: APP_ID }, 'MicrosoftAppPassword: is required when MicrosoftAppId is set'],
    [{ MicrosoftAppType: 'SingleTenant' }, 'MicrosoftAppTenantId: is required when MicrosoftAppType is SingleTenant'],
    [{ MicrosoftAppType: 'Anything' }, 'MicrosoftAppType: must be MultiTenant, SingleTenant or UserAssignedMSI'],
    [{ STORAGE: 'postgres' }, 'STORAGE: must be sqlite (default), blob (Azure Blob Storage), cosmos (Azure Cosmos DB) or memory'],
    [{ STORAGE: 'blob' }, 'AZURE_STORAGE_CONNECTION_STRING: is required when STORAGE is blob'],
    [{ STORAGE: 'cosmos' }, 'COSMOS_DB_ENDPOINT: is required when STORAGE is cosmos'],
    [{ STORAGE: 'cosmos' }, 'COSMOS_DB_KEY: is required when STORAGE is cosmos'],
    [{ STORAGE: 'cosmos', COSMOS_DB_ENDPOINT: 'contoso' }, 'COSMOS_DB_ENDPOINT: must be the Cosmos DB account'],
    [{ STORAGE: 'cosmos', COSMOS_DB_DATABASE: 'a/b' }, 'COSMOS_DB_DATABASE: must be a Cosmos DB database id'],
    [{ OUTBOX_CONCURRENCY: '0' }, 'OUTBOX_CONCURRENCY'],
    [{ CONNECTOR_TIMEOUT_MS: '30000' }, 'OUTBOX_CLAIM_MS: must be at least 3 × CONNECTOR_TIMEOUT_MS (90000)'],
    [{ HELPDESK_CHANNEL_ID: 'general' }, 'HELPDESK_CHANNEL_ID: must be a Teams channel id'],
    [{ INSIGHTS: 'yes' }, 'INSIGHTS: must be on (default) or off'],
    [{ INSIGHTS_RETENTION_DAYS: '0' }, 'INSIGHTS_RETENTION_DAYS: Number must be greater than or equal to 1'],
    [{ INSIGHTS_RETENTION_DAYS: 'ninety' }, 'INSIGHTS_RETENTION_DAYS: must be a number of days'],
    [{ INSIGHTS_SALT: 'short' }, 'INSIGHTS_SALT: must be at least 16 characters'],
    [{ INSIGHTS_SPIKE_MIN_USERS: '1' }, 'INSIGHTS_SPIKE_MIN_USERS: Number must be greater than or equal to 2'],
    [{ INSIGHTS_SPIKE_FACTOR: 'lots' }, 'INSIGHTS_SPIKE_FACTOR: must be a number (times the usual rate)'],
    [{ INSIGHTS_SPIKE_COOLDOWN_HOURS: '0' }, 'INSIGHTS_SPIKE_COOLDOWN_HOURS: Number must be greater than or equal to 0.25'],
    [{ INSIGHTS_DIGEST: 'monday' }, 'INSIGHTS_DIGEST: must be off (default) or a weekday and time like monday-09:00'],
    [{ INSIGHTS_DIGEST: 'funday-09:00' }, 'INSIGHTS_DIGEST: must be off (default) or a weekday and time like monday-09:00'],
    [{ HELPDESK_TIMEZONE: 'Beijing' }, 'HELPDESK_TIMEZONE: must be an IANA time zone like Asia/Shanghai'],
    [{ STORAGE: 'cosmos', INSIGHTS: 'on' }, 'INSIGHTS: must be off with STORAGE=cosmos'],
  ])('names the variable and what it wants: %o', (env, message) => {
    expect(problem(env)).toContain(message);
  });

  it('has insights on by default, kept 90 days, no digest, in UTC; and reads what is set', () => {
    expect(loadConfig({})).toMatchObject({
      INSIGHTS: 'on',
      INSIGHTS_RETENTION_DAYS: 90,
      INSIGHTS_SQLITE_PATH: '.data/insights.sqlite',
      INSIGHTS_SPIKE_MIN_USERS: 10,
      INSIGHTS_SPIKE_FACTOR: 5,
      INSIGHTS_SPIKE_COOLDOWN_HOURS: 6,
      INSIGHTS_DIGEST: 'off',
      HELPDESK_TIMEZONE: 'UTC',
    });
    expect(
      loadConfig({
        INSIGHTS_DIGEST: 'Monday-09:00',
        HELPDESK_TIMEZONE: 'Asia/Shanghai',
        INSIGHTS_RETENTION_DAYS: '30',
        INSIGHTS_SPIKE_FACTOR: '2.5',
      }),
    ).toMatchObject({
      INSIGHTS_DIGEST: 'Monday-09:00',
      HELPDESK_TIMEZONE: 'Asia/Shanghai',
      INSIGHTS_RETENTION_DAYS: 30,
      INSIGHTS_SPIKE_FACTOR: 2.5,
    });
  });

  it('turns insights off by default on Cosmos DB, which has no event log', () => {
    const cosmos = {
      STORAGE: 'cosmos',
      COSMOS_DB_ENDPOINT: 'https://helpdesk.documents.azure.com:443/',
      COSMOS_DB_KEY: 'a2V5',
      COSMOS_DB_DATABASE: 'helpdesk',
      COSMOS_DB_CONTAINER: 'tickets',
    };
    expect(loadConfig(cosmos).INSIGHTS).toBe('off');
    expect(loadConfig({ ...cosmos, INSIGHTS: 'off' }).INSIGHTS).toBe('off');
  });

  it('stops the process with that message and exit code 1', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      cwd: ROOT_DIR,
      env: { ...process.env, PORT: 'eighty', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('CONFIG_INVALID: invalid configuration:');
    expect(run.stderr).toContain('PORT: must be a port number');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
