/**
 * Builds the Teams app package from manifest/ and data/commands.json, offline:
 *   1. fill `${{NAME}}` placeholders in manifest/manifest.json and manifest/zh-cn.json from the environment,
 *   2. generate bots[0].commandLists (English) and their zh-cn strings from the command table,
 *   3. validate both files against the JSON schemas bundled in @microsoft/app-manifest (no network),
 *   4. zip manifest.json, zh-cn.json and the two icons at the archive root.
 * scripts/package-app.ts is the CLI around this module; test/manifest imports it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AppManifestUtils, type AppManifest, type TeamsManifestV1D30 } from '@microsoft/app-manifest';
import { zipSync, type Zippable } from 'fflate';
import type { JSONSchemaType } from 'ajv';
import { PNG } from 'pngjs';
import type { Command, Scope } from '../src/core/commands';
import { HelpdeskError } from '../src/errors';
import { loadDefaultHelpdeskData } from '../src/loading/load-helpdesk-data';
import { ROOT_DIR } from '../src/paths';

export type TeamsManifest = TeamsManifestV1D30.TeamsManifestV1D30;
export type Localization = Record<string, unknown>;
export type Env = Readonly<Record<string, string | undefined>>;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export const MANIFEST_DIR = join(ROOT_DIR, 'manifest');
export const MANIFEST_TEMPLATE = join(MANIFEST_DIR, 'manifest.json');
export const DEFAULT_OUT_FILE = join(ROOT_DIR, 'build', 'appPackage.zip');

/** Teams' own limits for bot command lists (stricter than the schema's 12 commands and 128-character titles). */
export const COMMAND_LIMITS = { perList: 10, title: 32, description: 128 } as const;

// ---------------------------------------------------------------------------------------------------------------
// Placeholders

const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const checkGuid = (value: string) => (GUID.test(value) ? undefined : 'must be a GUID such as 00000000-0000-0000-0000-000000000000');
const checkHttps = (value: string) => (/^https:\/\/[^\s/]+\.[^\s/]+(\/\S*)?$/i.test(value) ? undefined : 'must be an https:// URL');

interface PlaceholderSpec {
  /** What the variable is, for the "has no value" message. */
  readonly about: string;
  /** Used when the variable is unset or empty: another variable's value, or a fixed value. */
  readonly fallback?: { readonly variable: string } | { readonly value: string };
  /** With no value, an array item or property that is only this placeholder is left out instead of failing. */
  readonly optional?: boolean;
  readonly check?: (value: string) => string | undefined;
}

const PACKAGE_VERSION = (JSON.parse(readFileSync(join(ROOT_DIR, 'package.json'), 'utf8')) as { version: string }).version;
const DEFAULT_SITE = 'https://example.com/sign-in-helpdesk';

/** Every placeholder the templates may use. A placeholder not listed here must simply be set. */
export const PLACEHOLDERS: Readonly<Record<string, PlaceholderSpec>> = {
  BOT_ID: {
    about: "the bot's Microsoft App ID, a GUID (Azure Bot resource > Configuration; the same value as MicrosoftAppId)",
    check: checkGuid,
  },
  TEAMS_APP_ID: { about: 'the Teams app id, a GUID', fallback: { variable: 'BOT_ID' }, check: checkGuid },
  BOT_DOMAIN: {
    about: "the bot's host name, for validDomains",
    optional: true,
    check: (value) =>
      /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(:\d{1,5})?$/i.test(value)
        ? undefined
        : 'must be a host name such as helpdesk.contoso.com, without https:// or a path',
  },
  APP_VERSION: {
    about: 'the app package version',
    fallback: { value: PACKAGE_VERSION },
    check: (value) => (/^\d+\.\d+\.\d+$/.test(value) ? undefined : 'must be MAJOR.MINOR.PATCH, such as 1.2.0'),
  },
  APP_DEVELOPER_NAME: {
    about: 'who publishes the app (at most 32 characters)',
    fallback: { value: 'IT Helpdesk' },
    check: (value) => (value.length <= 32 ? undefined : 'must be at most 32 characters'),
  },
  APP_WEBSITE_URL: { about: "the app's support page", fallback: { value: DEFAULT_SITE }, check: checkHttps },
  APP_PRIVACY_URL: { about: "the app's privacy statement", fallback: { value: `${DEFAULT_SITE}/privacy` }, check: checkHttps },
  APP_TERMS_URL: { about: "the app's terms of use", fallback: { value: `${DEFAULT_SITE}/terms` }, check: checkHttps },
};

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const ONLY_PLACEHOLDER = /^\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;

/** A value and the variable it came from (another one when falling back), or the variable that has none. */
type Resolved = { readonly value: string; readonly from: string } | { readonly missing: string };

function resolveVariable(name: string, env: Env, seen: readonly string[] = []): Resolved {
  const value = env[name]?.trim();
  if (value) return { value, from: name };
  const fallback = PLACEHOLDERS[name]?.fallback;
  if (!fallback || seen.includes(name)) return { missing: name };
  return 'value' in fallback ? { value: fallback.value, from: name } : resolveVariable(fallback.variable, env, [...seen, name]);
}

/**
 * The template with every `${{NAME}}` replaced from `env`, falling back as PLACEHOLDERS says.
 * Throws PACKAGE_INVALID naming every variable that has no value or a bad one, all at once.
 */
export function fillPlaceholders<T>(template: T, env: Env, source = 'template'): T {
  const missing = new Set<string>();
  const bad = new Map<string, string>();

  const substitute = (text: string): string =>
    text.replace(PLACEHOLDER, (whole, name: string) => {
      const resolved = resolveVariable(name, env);
      if ('missing' in resolved) {
        missing.add(resolved.missing);
        return whole;
      }
      const problem = PLACEHOLDERS[name]?.check?.(resolved.value) ?? PLACEHOLDERS[resolved.from]?.check?.(resolved.value);
      if (problem) bad.set(resolved.from, `${resolved.from}=${JSON.stringify(resolved.value)} ${problem}`);
      return resolved.value;
    });

  /** An optional placeholder standing alone with no value: the item or property holding it is left out. */
  const leftOut = (value: Json): boolean => {
    const name = typeof value === 'string' ? ONLY_PLACEHOLDER.exec(value)?.[1] : undefined;
    return name !== undefined && PLACEHOLDERS[name]?.optional === true && 'missing' in resolveVariable(name, env);
  };

  const walk = (value: Json): Json => {
    if (typeof value === 'string') return substitute(value);
    if (Array.isArray(value)) return value.filter((item) => !leftOut(item)).map(walk);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).flatMap(([key, item]) => (leftOut(item) ? [] : [[key, walk(item)]])));
    }
    return value;
  };

  const filled = walk(template as Json) as T;
  if (missing.size > 0 || bad.size > 0) {
    const lines = [
      ...[...missing].map((name) => `  ${name} is not set${PLACEHOLDERS[name] ? `: ${PLACEHOLDERS[name].about}` : ''}`),
      ...[...bad.values()].map((line) => `  ${line}`),
    ];
    throw new HelpdeskError(
      'PACKAGE_INVALID',
      `cannot fill the placeholders of ${source}:\n${lines.join('\n')}\n` +
        'Set them in the environment or in .env, e.g. BOT_ID=<the bot app id> npm run package',
    );
  }
  return filled;
}

/** KEY=value lines; blank lines and # comments skipped; optional `export `, quotes and unquoted ` # comment` stripped. */
export function parseDotEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match || line.trimStart().startsWith('#')) continue;
    const [, key, raw] = match as unknown as [string, string, string];
    const quoted = /^(["'])(.*)\1$/.exec(raw);
    env[key] = quoted ? quoted[2]! : raw.replace(/\s+#.*$/, '');
  }
  return env;
}

/** The environment with `.env` under it: a non-empty environment variable wins over the file. */
export function mergeEnv(fileEnv: Env, processEnv: Env): Record<string, string | undefined> {
  const merged: Record<string, string | undefined> = { ...fileEnv };
  for (const [key, value] of Object.entries(processEnv)) if (value?.trim() || merged[key] === undefined) merged[key] = value;
  return merged;
}

// ---------------------------------------------------------------------------------------------------------------
// Command lists

export interface GeneratedCommands {
  readonly commandLists: TeamsManifestV1D30.CommandList[];
  /** `bots[0].commandLists[i].commands[j].title|description` → Chinese, for zh-cn.json. */
  readonly zhStrings: Record<string, string>;
}

/**
 * One command list per bot scope that has commands, in the bot's scope order, straight from the command table:
 * title and description in English in the manifest, in Chinese in zh-cn.json.
 */
export function buildCommandLists(commands: readonly Command[], botScopes: readonly string[]): GeneratedCommands {
  const problems: string[] = [];
  for (const command of commands) {
    for (const scope of command.scopes)
      if (!botScopes.includes(scope)) problems.push(`command "${command.id}" has scope ${scope}, which the bot does not declare`);
    for (const lang of ['en', 'zh'] as const) {
      if (command.title[lang].length > COMMAND_LIMITS.title)
        problems.push(`command "${command.id}": title.${lang} is over ${COMMAND_LIMITS.title} characters`);
      if (command.description[lang].length > COMMAND_LIMITS.description)
        problems.push(`command "${command.id}": description.${lang} is over ${COMMAND_LIMITS.description} characters`);
    }
  }
  const commandLists: TeamsManifestV1D30.CommandList[] = [];
  const zhStrings: Record<string, string> = {};
  for (const scope of botScopes) {
    const inScope = commands.filter((command) => command.scopes.includes(scope as Scope));
    if (inScope.length === 0) continue;
    if (inScope.length > COMMAND_LIMITS.perList)
      problems.push(`scope ${scope} has ${inScope.length} commands; Teams lists at most ${COMMAND_LIMITS.perList}`);
    const titles = inScope.map((command) => command.title.en.toLowerCase());
    if (new Set(titles).size !== titles.length) problems.push(`scope ${scope} has two commands with the same English title`);
    const list = commandLists.length;
    inScope.forEach((command, i) => {
      zhStrings[`bots[0].commandLists[${list}].commands[${i}].title`] = command.title.zh;
      zhStrings[`bots[0].commandLists[${list}].commands[${i}].description`] = command.description.zh;
    });
    commandLists.push({
      scopes: [scope as TeamsManifestV1D30.CommandListScope],
      commands: inScope.map((command) => ({ title: command.title.en, description: command.description.en })),
    });
  }
  if (problems.length > 0)
    throw new HelpdeskError('PACKAGE_INVALID', `data/commands.json does not fit the Teams manifest:\n  ${problems.join('\n  ')}`);
  return { commandLists, zhStrings };
}

// ---------------------------------------------------------------------------------------------------------------
// Offline schema validation

const appManifestDir = dirname(createRequire(join(ROOT_DIR, 'package.json')).resolve('@microsoft/app-manifest/package.json'));

/** A schema file bundled in @microsoft/app-manifest, e.g. ('1.30', 'MicrosoftTeams.schema.json'). */
export function bundledTeamsSchemaPath(manifestVersion: string, file: string): string {
  return join(appManifestDir, 'build', 'json-schemas', 'teams', `v${manifestVersion}`, file);
}

export function schemaUrl(manifestVersion: string, file: string): string {
  return `https://developer.microsoft.com/json-schemas/teams/v${manifestVersion}/${file}`;
}

function readBundledSchema(manifestVersion: string, file: string): JSONSchemaType<AppManifest> {
  const path = bundledTeamsSchemaPath(manifestVersion, file);
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    throw new HelpdeskError(
      'PACKAGE_INVALID',
      `@microsoft/app-manifest bundles no ${file} for manifest version ${manifestVersion} (looked for ${path})`,
    );
  }
  // The same clean-up AppManifestUtils.fetchSchema does: some schemas hold \a and \v, which JSON does not allow.
  return repairPatterns(JSON.parse(raw.replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b'))) as JSONSchemaType<AppManifest>;
}

/** `]` outside a character class, escaped: the same pattern without the u flag, and valid with it. */
export function escapeLoneBrackets(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '\\') {
      out += char + (pattern[++i] ?? '');
      continue;
    }
    if (char === '[') inClass = true;
    else if (char === ']' && inClass) inClass = false;
    else if (char === ']') {
      out += '\\]';
      continue;
    }
    out += char;
  }
  return out;
}

/**
 * Ajv compiles patterns with the u flag, where a lone `]` is an error. The bundled localization schemas have two
 * (activities.activityTypes[…\\b]: MicrosoftDocs/msteams-docs#8858), so compiling them throws; escape those.
 */
function repairPatterns(node: unknown): unknown {
  const repair = (pattern: string) => {
    try {
      new RegExp(pattern, 'u');
      return pattern;
    } catch {
      return escapeLoneBrackets(pattern);
    }
  };
  if (Array.isArray(node)) return node.map(repairPatterns);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => {
      if (key === 'pattern' && typeof value === 'string') return [key, repair(value)];
      if (key === 'patternProperties' && value && typeof value === 'object') {
        return [
          key,
          Object.fromEntries(
            Object.entries(value as Record<string, unknown>).map(([pattern, sub]) => [repair(pattern), repairPatterns(sub)]),
          ),
        ];
      }
      return [key, repairPatterns(value)];
    }),
  );
}

/** Schema errors for a Teams manifest, against the bundled schema of its manifestVersion: [] when valid. */
export async function validateManifest(manifest: { manifestVersion: string }): Promise<string[]> {
  const schema = readBundledSchema(manifest.manifestVersion, 'MicrosoftTeams.schema.json');
  return AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest, schema);
}

/** Schema errors for a localization file, against the bundled localization schema of `manifestVersion`. */
export async function validateLocalization(localization: Localization, manifestVersion: string): Promise<string[]> {
  const schema = readBundledSchema(manifestVersion, 'MicrosoftTeams.Localization.schema.json');
  return AppManifestUtils.validateAgainstSchema(localization as unknown as AppManifest, schema);
}

/** Localization keys such as `composeExtensions[0].commands[0].title` that name no string in the manifest. */
export function danglingLocalizationKeys(localization: Localization, manifest: object): string[] {
  return Object.keys(localization)
    .filter((key) => key.includes('[') || (key.includes('.') && !/^(name|description)\.(short|full)$/.test(key)))
    .filter((key) => {
      let node: unknown = manifest;
      for (const part of key.match(/[^.[\]]+/g) ?? [])
        node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
      return typeof node !== 'string';
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Icons

/** What is wrong with the icons by Teams' rules: color 192×192, outline 32×32 and only white on transparency. */
export function iconProblems(color: Buffer, outline: Buffer): string[] {
  const problems: string[] = [];
  const colorPng = PNG.sync.read(color);
  if (colorPng.width !== 192 || colorPng.height !== 192)
    problems.push(`color icon is ${colorPng.width}×${colorPng.height}, must be 192×192`);
  const outlinePng = PNG.sync.read(outline);
  if (outlinePng.width !== 32 || outlinePng.height !== 32)
    problems.push(`outline icon is ${outlinePng.width}×${outlinePng.height}, must be 32×32`);
  const d = outlinePng.data;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i + 3] !== 0 && (d[i] !== 255 || d[i + 1] !== 255 || d[i + 2] !== 255)) {
      problems.push('outline icon has a pixel that is neither white nor fully transparent');
      break;
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// The package

export interface AppPackage {
  readonly manifest: TeamsManifest;
  /** Localization file name (as manifest.localizationInfo names it) → its content. */
  readonly localizations: Readonly<Record<string, Localization>>;
  /** The files of the zip, in order. */
  readonly files: readonly ZipEntry[];
}

function readJson(path: string): Record<string, Json> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, Json>;
  } catch (err) {
    throw new HelpdeskError('PACKAGE_INVALID', `${path} is not readable JSON: ${(err as Error).message}`);
  }
}

const toJsonFile = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');

/** Fills, generates and validates everything; throws PACKAGE_INVALID with every problem found. */
export async function generateAppPackage(
  env: Env,
  manifestDir = MANIFEST_DIR,
  commands: readonly Command[] = loadDefaultHelpdeskData().commands,
): Promise<AppPackage> {
  const template = readJson(join(manifestDir, 'manifest.json'));
  const manifestVersion = typeof template.manifestVersion === 'string' ? template.manifestVersion : '';
  const bots = template.bots as Array<Record<string, Json>> | undefined;
  const bot = bots?.[0];
  if (!bot) throw new HelpdeskError('PACKAGE_INVALID', 'manifest/manifest.json declares no bot');
  if (bot.commandLists !== undefined)
    throw new HelpdeskError(
      'PACKAGE_INVALID',
      'manifest/manifest.json must not hold commandLists: they are generated from data/commands.json',
    );
  if (template.$schema !== schemaUrl(manifestVersion, 'MicrosoftTeams.schema.json')) {
    throw new HelpdeskError(
      'PACKAGE_INVALID',
      `manifest/manifest.json: $schema must be ${schemaUrl(manifestVersion, 'MicrosoftTeams.schema.json')} for manifestVersion ${manifestVersion}`,
    );
  }

  const { commandLists, zhStrings } = buildCommandLists(commands, (bot.scopes as string[] | undefined) ?? []);
  const generated = { ...template, bots: [{ ...bot, commandLists: commandLists as unknown as Json }, ...(bots?.slice(1) ?? [])] };
  const manifest = fillPlaceholders(generated, env, 'manifest/manifest.json') as unknown as TeamsManifest;

  const problems: string[] = (await validateManifest(manifest)).map((error) => `manifest.json${error}`);
  const localizations: Record<string, Localization> = {};
  for (const { languageTag, file } of manifest.localizationInfo?.additionalLanguages ?? []) {
    const localizationTemplate = readJson(join(manifestDir, file));
    const strings = languageTag.toLowerCase().startsWith('zh') ? zhStrings : {};
    const localization = fillPlaceholders({ ...localizationTemplate, ...strings }, env, `manifest/${file}`);
    localizations[file] = localization;
    problems.push(...(await validateLocalization(localization, manifestVersion)).map((error) => `${file}${error}`));
    problems.push(...danglingLocalizationKeys(localization, manifest).map((key) => `${file}: "${key}" names nothing in manifest.json`));
  }

  const color = readFileSync(join(manifestDir, manifest.icons.color));
  const outline = readFileSync(join(manifestDir, manifest.icons.outline));
  problems.push(...iconProblems(color, outline));
  if (problems.length > 0) throw new HelpdeskError('PACKAGE_INVALID', `the app package is not valid:\n  ${problems.join('\n  ')}`);

  const files: ZipEntry[] = [
    { name: 'manifest.json', data: toJsonFile(manifest) },
    ...Object.entries(localizations).map(([name, localization]) => ({ name, data: toJsonFile(localization) })),
    { name: manifest.icons.color, data: color },
    { name: manifest.icons.outline, data: outline },
  ];
  return { manifest, localizations, files };
}

/** One file of the package, by its path in the zip. */
export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
}

/** A fixed time in the zip's headers keeps the package byte-for-byte reproducible (fflate writes local time fields). */
const ZIP_TIME = new Date(2024, 0, 1);

/** The zip bytes of a generated package (fflate): JSON deflated, PNGs (compressed already) stored. */
export function zipAppPackage(appPackage: AppPackage): Buffer {
  const files: Zippable = {};
  for (const { name, data } of appPackage.files) files[name] = [data, { level: name.endsWith('.png') ? 0 : 9 }];
  return Buffer.from(zipSync(files, { mtime: ZIP_TIME }));
}
