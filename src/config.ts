import { isIP } from 'node:net';
import { z } from 'zod';
import { resolve } from 'node:path';
import { HelpdeskError } from './errors';
import { isTimeZone, parseWeeklySlot } from './insights/digest-schedule';
import { DATA_DIR } from './paths';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const emptyAsUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
/** A tenant as Entra names it in an authority URL: its id (GUID) or one of its domains. */
const TENANT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+)$/i;
const httpsOrigin = (what: string, example: string) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .url(`must be ${what}, e.g. ${example}`)
      .refine((value) => /^https:\/\/[^/?#]+\/?$/i.test(value), `must be ${what} (https, no path), e.g. ${example}`)
      .transform((value) => value.replace(/\/$/, ''))
      .default(example),
  );
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const httpsUrl = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .url('must be an https:// URL')
    .refine((url) => url.startsWith('https://'), 'must be an https:// URL')
    .optional(),
);

/** The variables botbuilder reads to replace the public cloud's token endpoints: once one is set it uses only these. */
export const CHANNEL_AUTH_ENDPOINTS = [
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromChannelTokenIssuer',
  'ToChannelFromBotLoginUrl',
  'ToChannelFromBotOAuthScope',
] as const;

/** HELPDESK_ADMINS: Entra object ids and user principal names, compared lower-case. */
const adminList = z.preprocess(
  (value) => (typeof value === 'string' ? value : ''),
  z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .superRefine((items, ctx) => {
      for (const item of items) {
        if (!GUID.test(item) && !/^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/.test(item)) {
          ctx.addIssue({ code: 'custom', message: `"${item}" must be an Entra object id (GUID) or a user principal name (name@domain)` });
        }
      }
    })
    .transform((items) => items.map((item) => item.toLowerCase())),
);

/** Every variable the bot reads, with what it wants; `.env.example` documents the same list. */
const schema = z
  .object({
    MicrosoftAppId: z.preprocess(
      emptyAsUndefined,
      z.string().regex(GUID, "must be the bot's Microsoft Entra app (client) id, a GUID").optional(),
    ),
    MicrosoftAppPassword: optionalString,
    MicrosoftAppType: z.preprocess(
      emptyAsUndefined,
      z
        .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], { message: 'must be MultiTenant, SingleTenant or UserAssignedMSI' })
        .default('MultiTenant'),
    ),
    MicrosoftAppTenantId: z.preprocess(emptyAsUndefined, z.string().regex(GUID, 'must be a tenant id (GUID)').optional()),
    ToBotFromChannelOpenIdMetadataUrl: httpsUrl,
    ToBotFromChannelTokenIssuer: z.preprocess(emptyAsUndefined, z.string().url('must be a URL (the issuer of channel tokens)').optional()),
    ToChannelFromBotLoginUrl: httpsUrl,
    ToChannelFromBotOAuthScope: z.preprocess(emptyAsUndefined, z.string().url('must be a URL (the audience of outgoing calls)').optional()),
    HOST: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .refine((host) => isIP(host) !== 0 || HOST_NAME.test(host), 'must be an IP address or host name to listen on, e.g. 0.0.0.0')
        .optional(),
    ),
    HELPDESK_ADMINS: adminList,
    PORT: z.preprocess(emptyAsUndefined, z.coerce.number({ message: 'must be a port number' }).int().min(0).max(65535).default(3978)),
    STORAGE: z.preprocess(
      emptyAsUndefined,
      z
        .enum(['sqlite', 'memory', 'blob', 'cosmos'], {
          message: 'must be sqlite (default), blob (Azure Blob Storage), cosmos (Azure Cosmos DB) or memory (tests only)',
        })
        .default('sqlite'),
    ),
    SQLITE_PATH: z.preprocess(emptyAsUndefined, z.string().default('.data/helpdesk.sqlite')),
    AZURE_STORAGE_CONNECTION_STRING: optionalString,
    AZURE_STORAGE_CONTAINER: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/, 'must be a blob container name (3-63 lower-case letters, digits, hyphens)')
        .optional(),
    ),
    COSMOS_DB_ENDPOINT: z.preprocess(
      emptyAsUndefined,
      z.string().url("must be the Cosmos DB account's endpoint, e.g. https://<account>.documents.azure.com:443/").optional(),
    ),
    COSMOS_DB_KEY: optionalString,
    COSMOS_DB_DATABASE: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[^/\\?#]{1,255}$/, 'must be a Cosmos DB database id (1-255 characters, none of / \\ ? #)')
        .optional(),
    ),
    COSMOS_DB_CONTAINER: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[^/\\?#]{1,255}$/, 'must be a Cosmos DB container id (1-255 characters, none of / \\ ? #)')
        .optional(),
    ),
    HELPDESK_CHANNEL_ID: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^19:[^\s]+@thread\.(tacv2|skype)$/, 'must be a Teams channel id like 19:abc...@thread.tacv2')
        .optional(),
    ),
    HELPDESK_SERVICE_URL: z.preprocess(
      emptyAsUndefined,
      z.string().url('must be the Teams service URL of the helpdesk team, e.g. https://smba.trafficmanager.net/emea/').optional(),
    ),
    HELPDESK_LANG: z.preprocess(emptyAsUndefined, z.enum(['en', 'zh'], { message: 'must be en or zh' }).default('en')),
    OUTBOX_POLL_MS: z.preprocess(
      emptyAsUndefined,
      z.coerce.number({ message: 'must be milliseconds' }).int().min(10).max(600_000).default(5000),
    ),
    OUTBOX_RETRY_BASE_MS: z.preprocess(
      emptyAsUndefined,
      z.coerce.number({ message: 'must be milliseconds' }).int().min(1).max(600_000).default(1000),
    ),
    OUTBOX_CONCURRENCY: z.preprocess(
      emptyAsUndefined,
      z.coerce.number({ message: 'must be a whole number' }).int().min(1).max(100).default(8),
    ),
    CONNECTOR_TIMEOUT_MS: z.preprocess(
      emptyAsUndefined,
      z.coerce.number({ message: 'must be milliseconds' }).int().min(100).max(120_000).default(15_000),
    ),
    OUTBOX_CLAIM_MS: z.preprocess(
      emptyAsUndefined,
      z.coerce.number({ message: 'must be milliseconds' }).int().min(1000).max(3_600_000).default(60_000),
    ),
    TYPING_DELAY_MS: z.preprocess(
      emptyAsUndefined,
      z.coerce.number({ message: 'must be milliseconds' }).int().min(0).max(10_000).default(250),
    ),
    // Default: on, except with STORAGE=cosmos, which has no event log (see loadConfig).
    INSIGHTS: z.preprocess(emptyAsUndefined, z.enum(['on', 'off'], { message: 'must be on (default) or off' }).optional()),
    INSIGHTS_RETENTION_DAYS: z.preprocess(
      emptyAsUndefined,
      z.coerce.number({ message: 'must be a number of days' }).int('must be a whole number of days').min(1).max(3650).default(90),
    ),
    INSIGHTS_SALT: z.preprocess(emptyAsUndefined, z.string().min(16, 'must be at least 16 characters (a random secret)').optional()),
    INSIGHTS_SQLITE_PATH: z.preprocess(emptyAsUndefined, z.string().default('.data/insights.sqlite')),
    INSIGHTS_SPIKE_MIN_USERS: z.preprocess(
      emptyAsUndefined,
      z.coerce.number({ message: 'must be a number of people' }).int('must be a whole number of people').min(2).max(100_000).default(10),
    ),
    INSIGHTS_SPIKE_FACTOR: z.preprocess(
      emptyAsUndefined,
      z.coerce.number({ message: 'must be a number (times the usual rate)' }).min(1).max(1000).default(5),
    ),
    INSIGHTS_SPIKE_COOLDOWN_HOURS: z.preprocess(
      emptyAsUndefined,
      z.coerce.number({ message: 'must be a number of hours' }).min(0.25).max(168).default(6),
    ),
    INSIGHTS_DIGEST: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .refine((value) => value === 'off' || parseWeeklySlot(value) !== undefined, {
          message: 'must be off (default) or a weekday and time like monday-09:00',
        })
        .default('off'),
    ),
    HELPDESK_TIMEZONE: z.preprocess(
      emptyAsUndefined,
      z.string().refine(isTimeZone, { message: 'must be an IANA time zone like Asia/Shanghai, Europe/Berlin or UTC' }).default('UTC'),
    ),
    DATA_DIR: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .default(DATA_DIR)
        .transform((dir) => resolve(dir)),
    ),
    CATALOG_OVERRIDES: optionalString,
    LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),

    // Sign-in logs through Microsoft Graph (off unless SIGNIN_LOGS=graph). GRAPH_* credentials default to the bot's own.
    SIGNIN_LOGS: z.preprocess(emptyAsUndefined, z.enum(['off', 'graph'], { message: 'must be off (default) or graph' }).default('off')),
    GRAPH_TENANT_ID: z.preprocess(emptyAsUndefined, z.string().regex(TENANT, 'must be a tenant id (GUID) or domain').optional()),
    GRAPH_CLIENT_ID: z.preprocess(emptyAsUndefined, z.string().regex(GUID, 'must be an app (client) id, a GUID').optional()),
    GRAPH_CLIENT_SECRET: optionalString,
    GRAPH_ENDPOINT: httpsOrigin('the Microsoft Graph endpoint of your cloud', 'https://graph.microsoft.com'),
    GRAPH_AUTHORITY_HOST: httpsOrigin('the Microsoft Entra sign-in host of your cloud', 'https://login.microsoftonline.com'),
    SIGNIN_LOOKBACK_HOURS: z.preprocess(
      emptyAsUndefined,
      z.coerce.number({ message: 'must be a number of hours' }).int().min(1).max(720, 'must be at most 720 (30 days)').default(24),
    ),
    GRAPH_TIMEOUT_MS: z.preprocess(
      emptyAsUndefined,
      z.coerce.number({ message: 'must be milliseconds' }).int().min(100).max(10_000).default(2000),
    ),
  })
  .superRefine((config, ctx) => {
    if (config.STORAGE === 'cosmos' && config.INSIGHTS === 'on') {
      ctx.addIssue({
        code: 'custom',
        path: ['INSIGHTS'],
        message: 'must be off with STORAGE=cosmos: insight events are kept on SQLite or Azure Blob only',
      });
    }
    // Anonymous mode only when no part of a bot identity is set: a misspelled or forgotten app id must not open the bot.
    const identityParts = (['MicrosoftAppPassword', 'MicrosoftAppTenantId', ...CHANNEL_AUTH_ENDPOINTS] as const).filter(
      (name) => config[name],
    );
    if (!config.MicrosoftAppId && identityParts.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppId'],
        message: `is required when ${identityParts.join(' or ')} is set: without it the bot would accept unauthenticated requests`,
      });
    }
    const endpointsSet = CHANNEL_AUTH_ENDPOINTS.filter((name) => config[name]);
    if (endpointsSet.length) {
      for (const name of CHANNEL_AUTH_ENDPOINTS.filter((name) => !config[name])) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `is required when ${endpointsSet[0]} is set: botbuilder then uses only the endpoints given, as a set`,
        });
      }
    }
    if (config.MicrosoftAppId && config.MicrosoftAppType !== 'UserAssignedMSI' && !config.MicrosoftAppPassword) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppPassword'],
        message: "is required when MicrosoftAppId is set (the app registration's client secret)",
      });
    }
    if (config.MicrosoftAppType !== 'MultiTenant' && !config.MicrosoftAppTenantId) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppTenantId'],
        message: `is required when MicrosoftAppType is ${config.MicrosoftAppType}`,
      });
    }
    if (config.STORAGE === 'blob' && !config.AZURE_STORAGE_CONNECTION_STRING) {
      ctx.addIssue({ code: 'custom', path: ['AZURE_STORAGE_CONNECTION_STRING'], message: 'is required when STORAGE is blob' });
    }
    if (config.STORAGE === 'blob' && !config.AZURE_STORAGE_CONTAINER) {
      ctx.addIssue({ code: 'custom', path: ['AZURE_STORAGE_CONTAINER'], message: 'is required when STORAGE is blob' });
    }
    if (config.STORAGE === 'cosmos') {
      for (const name of ['COSMOS_DB_ENDPOINT', 'COSMOS_DB_KEY', 'COSMOS_DB_DATABASE', 'COSMOS_DB_CONTAINER'] as const) {
        if (!config[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required when STORAGE is cosmos' });
      }
    }
    if (config.OUTBOX_CLAIM_MS < 3 * config.CONNECTOR_TIMEOUT_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['OUTBOX_CLAIM_MS'],
        message: `must be at least 3 × CONNECTOR_TIMEOUT_MS (${3 * config.CONNECTOR_TIMEOUT_MS}): a claim must outlast the calls made under it`,
      });
    }
    if (config.SIGNIN_LOGS === 'graph') {
      const fallbacks = {
        GRAPH_TENANT_ID: [config.GRAPH_TENANT_ID ?? config.MicrosoftAppTenantId, 'MicrosoftAppTenantId'],
        GRAPH_CLIENT_ID: [config.GRAPH_CLIENT_ID ?? config.MicrosoftAppId, 'MicrosoftAppId'],
        GRAPH_CLIENT_SECRET: [config.GRAPH_CLIENT_SECRET ?? config.MicrosoftAppPassword, 'MicrosoftAppPassword'],
      } as const;
      for (const [name, [value, fallback]] of Object.entries(fallbacks)) {
        if (!value) ctx.addIssue({ code: 'custom', path: [name], message: `is required when SIGNIN_LOGS is graph (or set ${fallback})` });
      }
    }
    if (config.HELPDESK_CHANNEL_ID && !config.HELPDESK_SERVICE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['HELPDESK_SERVICE_URL'],
        message: 'is required when HELPDESK_CHANNEL_ID is set (the bot needs it to post there)',
      });
    }
  });

/** Microsoft Graph access for the sign-in logs, with the GRAPH_* defaults applied; absent when SIGNIN_LOGS is off. */
export interface GraphSettings {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly endpoint: string;
  readonly authorityHost: string;
  readonly lookbackHours: number;
  readonly timeoutMs: number;
}

function graphSettings(config: z.infer<typeof schema>): GraphSettings | undefined {
  if (config.SIGNIN_LOGS !== 'graph') return undefined;
  return {
    tenantId: (config.GRAPH_TENANT_ID ?? config.MicrosoftAppTenantId)!,
    clientId: (config.GRAPH_CLIENT_ID ?? config.MicrosoftAppId)!,
    clientSecret: (config.GRAPH_CLIENT_SECRET ?? config.MicrosoftAppPassword)!,
    endpoint: config.GRAPH_ENDPOINT,
    authorityHost: config.GRAPH_AUTHORITY_HOST,
    lookbackHours: config.SIGNIN_LOOKBACK_HOURS,
    timeoutMs: config.GRAPH_TIMEOUT_MS,
  };
}

export type Config = Readonly<Omit<z.infer<typeof schema>, 'INSIGHTS'>> & {
  /** on unless set off, or STORAGE=cosmos (no event log there). */
  readonly INSIGHTS: 'on' | 'off';
  readonly anonymous: boolean;
  /** Where to listen: HOST, else loopback when anonymous (the Playground and tunnels connect locally), else every interface. */
  readonly host: string;
  /** Microsoft Graph settings for the sign-in logs; absent when SIGNIN_LOGS is off. */
  readonly graph?: GraphSettings;
};

/** `MicrosoftAppID=…` is a common slip: say which name was found when the right one is missing. */
function misspelledNames(env: NodeJS.ProcessEnv, issues: z.ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    const name = String(issue.path[0] ?? '');
    const found = Object.keys(env).filter((key) => key !== name && key.toLowerCase() === name.toLowerCase());
    return found.length ? [`  - ${name}: found ${found.join(', ')} instead (names are case-sensitive)`] : [];
  });
}

/** Reads the environment once; a bad or missing value throws one error that names every variable at fault. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`);
    lines.push(...misspelledNames(env, parsed.error.issues));
    throw new HelpdeskError('CONFIG_INVALID', `invalid configuration:\n${lines.join('\n')}`);
  }
  const anonymous = !parsed.data.MicrosoftAppId;
  const graph = graphSettings(parsed.data);
  return Object.freeze({
    ...parsed.data,
    INSIGHTS: parsed.data.INSIGHTS ?? (parsed.data.STORAGE === 'cosmos' ? 'off' : 'on'),
    anonymous,
    host: parsed.data.HOST ?? (anonymous ? '127.0.0.1' : '0.0.0.0'),
    ...(graph && { graph: Object.freeze(graph) }),
  });
}
