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
  ])('names the variable and what it wants: %o', (env, message) => {
    expect(problem(env)).toContain(message);
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
