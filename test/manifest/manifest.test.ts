import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import { unzipSync } from 'fflate';
import type { JSONSchemaType } from 'ajv';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundledTeamsSchemaPath,
  buildCommandLists,
  danglingLocalizationKeys,
  escapeLoneBrackets,
  fillPlaceholders,
  generateAppPackage,
  mergeEnv,
  parseDotEnv,
  validateLocalization,
  validateManifest,
  zipAppPackage,
  type AppPackage,
} from '../../scripts/app-package';
import { drawColorIcon, drawOutlineIcon } from '../../scripts/draw-icons';
import { CommandTable, type Command } from '../../src/core/commands';
import { ROOT_DIR } from '../../src/paths';

const BOT_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const MANIFEST_DIR = join(ROOT_DIR, 'manifest');
const commandTable = JSON.parse(readFileSync(join(ROOT_DIR, 'data', 'commands.json'), 'utf8')) as { commands: Command[] };

/** The files of a zip, read with fflate: names as the archive has them, contents inflated. */
function readZip(zip: Buffer): Map<string, Buffer> {
  return new Map(Object.entries(unzipSync(new Uint8Array(zip))).map(([name, data]) => [name, Buffer.from(data)]));
}

function outlineProblems(png: PNG): number {
  let bad = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b, a] = png.data.subarray(i, i + 4);
    if (a !== 0 && (r !== 255 || g !== 255 || b !== 255)) bad++;
  }
  return bad;
}

let appPackage: AppPackage;
let zipped: Map<string, Buffer>;

beforeAll(async () => {
  appPackage = await generateAppPackage({ BOT_ID });
  zipped = readZip(zipAppPackage(appPackage));
});

describe('Teams app manifest', () => {
  it('uses a manifest version of 1.19 or later whose schemas the package bundles, and names that schema', () => {
    const { manifest } = appPackage;
    const [major, minor] = manifest.manifestVersion.split('.').map(Number);
    expect(major === 1 && minor! >= 19).toBe(true);
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
    expect(existsSync(bundledTeamsSchemaPath(manifest.manifestVersion, 'MicrosoftTeams.schema.json'))).toBe(true);
  });

  it('validates offline against the bundled schema, read straight from node_modules', async () => {
    const schemaPath = bundledTeamsSchemaPath(appPackage.manifest.manifestVersion, 'MicrosoftTeams.schema.json');
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as JSONSchemaType<AppManifest>;
    expect(await AppManifestUtils.validateAgainstSchema(appPackage.manifest as unknown as AppManifest, schema)).toEqual([]);
    expect(await validateManifest(appPackage.manifest)).toEqual([]);
  });

  it('the validator is not a no-op: a bad bot id and an overlong command title are reported', async () => {
    const broken = structuredClone(appPackage.manifest);
    broken.bots![0]!.botId = 'not-a-guid';
    broken.composeExtensions![0]!.commands![0]!.title = 'x'.repeat(33);
    const errors = await validateManifest(broken);
    expect(errors.some((error) => error.startsWith('/bots/0/botId'))).toBe(true);
    expect(errors.some((error) => error.startsWith('/composeExtensions/0/commands/0/title'))).toBe(true);
  });

  it('uses BOT_ID for the bot, the compose extension and, without TEAMS_APP_ID, the app id', () => {
    const { manifest } = appPackage;
    expect(manifest.id).toBe(BOT_ID);
    expect(manifest.bots?.[0]?.botId).toBe(BOT_ID);
    expect(manifest.composeExtensions?.[0]?.botId).toBe(BOT_ID);
    expect(JSON.stringify(manifest)).not.toContain('${{');
  });

  it('declares the bot in every scope, without files, and the lookupError search command', () => {
    const bot = appPackage.manifest.bots![0]!;
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(bot.supportsFiles).toBe(false);
    expect(appPackage.manifest.composeExtensions?.[0]?.commands).toEqual([
      expect.objectContaining({
        id: 'lookupError',
        type: 'query',
        title: 'Look up a sign-in error',
        description: 'Find what an Entra sign-in error code or symptom means and who must fix it',
        initialRun: true,
        parameters: [
          expect.objectContaining({ name: 'query', title: 'Code or symptom', description: "e.g. AADSTS50053 or 'account locked'" }),
        ],
      }),
    ]);
  });

  it("has one command list per scope, equal to data/commands.json's commands for that scope", () => {
    const template = JSON.parse(readFileSync(join(MANIFEST_DIR, 'manifest.json'), 'utf8'));
    expect(template.bots[0].commandLists).toBeUndefined();
    const lists = appPackage.manifest.bots![0]!.commandLists!;
    for (const scope of ['personal', 'team', 'groupChat'] as const) {
      const expected = commandTable.commands.filter((command) => command.scopes.includes(scope));
      const list = lists.find((candidate) => candidate.scopes.includes(scope));
      if (expected.length === 0) {
        expect(list).toBeUndefined();
        continue;
      }
      expect(list?.scopes).toEqual([scope]);
      expect(list?.commands).toEqual(expected.map((command) => ({ title: command.title.en, description: command.description.en })));
      const index = lists.indexOf(list!);
      const zh = appPackage.localizations['zh-cn.json']!;
      expected.forEach((command, i) => {
        expect(zh[`bots[0].commandLists[${index}].commands[${i}].title`]).toBe(command.title.zh);
        expect(zh[`bots[0].commandLists[${index}].commands[${i}].description`]).toBe(command.description.zh);
      });
    }
  });

  it('routes every menu title, English and Chinese, to its command: Teams sends the title as the message', () => {
    const table = new CommandTable(commandTable.commands);
    for (const command of commandTable.commands) {
      expect(table.find(command.title.en)?.id).toBe(command.id);
      expect(table.find(command.title.zh)?.id).toBe(command.id);
    }
  });

  it('keeps the Teams command limits: 10 commands a list, titles up to 32, descriptions up to 128', () => {
    const make = (id: number, title = `command ${id}`): Command =>
      ({
        id: 'help',
        names: [title],
        scopes: ['personal'],
        title: { en: title, zh: title },
        description: { en: 'd', zh: 'd' },
      }) as unknown as Command;
    expect(() =>
      buildCommandLists(
        Array.from({ length: 11 }, (_, i) => make(i)),
        ['personal'],
      ),
    ).toThrow(/at most 10/);
    expect(() => buildCommandLists([make(1, 'x'.repeat(33))], ['personal'])).toThrow(/title\.en is over 32/);
    expect(() => buildCommandLists([make(1)], ['team'])).toThrow(/does not declare/);
  });

  it('has an English default and a zh-cn localization that validates against the bundled localization schema', async () => {
    const { manifest } = appPackage;
    expect(manifest.localizationInfo).toEqual({
      defaultLanguageTag: 'en-us',
      additionalLanguages: [{ languageTag: 'zh-cn', file: 'zh-cn.json' }],
    });
    const zh = appPackage.localizations['zh-cn.json']!;
    expect(existsSync(bundledTeamsSchemaPath(manifest.manifestVersion, 'MicrosoftTeams.Localization.schema.json'))).toBe(true);
    expect(await validateLocalization(zh, manifest.manifestVersion)).toEqual([]);
    expect(await validateLocalization({ ...zh, 'name.short': 'x'.repeat(31) }, manifest.manifestVersion)).not.toEqual([]);
    expect(danglingLocalizationKeys(zh, manifest)).toEqual([]);
    expect(danglingLocalizationKeys({ 'composeExtensions[0].commands[1].title': '?' }, manifest)).toHaveLength(1);
    expect(zh['composeExtensions[0].commands[0].title']).toBe('查询登录错误');
  });
});

describe('app package zip', () => {
  it('holds manifest.json, zh-cn.json, color.png and outline.png at its root, the JSON parseable', () => {
    expect([...zipped.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png', 'zh-cn.json']);
    expect(JSON.parse(zipped.get('manifest.json')!.toString('utf8'))).toEqual(appPackage.manifest);
    expect(JSON.parse(zipped.get('zh-cn.json')!.toString('utf8'))).toEqual(appPackage.localizations['zh-cn.json']);
    expect(zipped.get('color.png')!.equals(readFileSync(join(MANIFEST_DIR, 'color.png')))).toBe(true);
    expect(zipped.get('outline.png')!.equals(readFileSync(join(MANIFEST_DIR, 'outline.png')))).toBe(true);
  });

  it('is the same bytes every time, with the JSON deflated', () => {
    const zip = zipAppPackage(appPackage);
    expect(zip.equals(zipAppPackage(appPackage))).toBe(true);
    const raw = appPackage.files.reduce((sum, file) => sum + file.data.length, 0);
    const pngs = appPackage.files.filter((file) => file.name.endsWith('.png')).reduce((sum, file) => sum + file.data.length, 0);
    expect(zip.length).toBeLessThan(raw - (raw - pngs) / 2);
  });
});

describe('icons', () => {
  const color = PNG.sync.read(readFileSync(join(MANIFEST_DIR, 'color.png')));
  const outline = PNG.sync.read(readFileSync(join(MANIFEST_DIR, 'outline.png')));

  it('color.png is 192×192 and opaque', () => {
    expect([color.width, color.height]).toEqual([192, 192]);
    for (let i = 3; i < color.data.length; i += 4) expect(color.data[i]).toBe(255);
  });

  it('outline.png is 32×32, every pixel white or fully transparent, with both present', () => {
    expect([outline.width, outline.height]).toEqual([32, 32]);
    expect(outlineProblems(outline)).toBe(0);
    const alphas = Array.from({ length: 32 * 32 }, (_, i) => outline.data[i * 4 + 3]);
    expect(alphas).toContain(0);
    expect(alphas).toContain(255);
  });

  it('are what scripts/draw-icons.ts draws (regenerate with `npx tsx scripts/draw-icons.ts`)', () => {
    expect(drawColorIcon().data.equals(color.data)).toBe(true);
    expect(drawOutlineIcon().data.equals(outline.data)).toBe(true);
  });
});

describe('placeholders and environment', () => {
  it('fails naming BOT_ID when it has no value, and only BOT_ID though TEAMS_APP_ID falls back to it', async () => {
    const message = await generateAppPackage({ BOT_ID: '  ' }).then(
      () => 'resolved',
      (err: Error) => err.message,
    );
    expect(message).toMatch(/^PACKAGE_INVALID: [\s\S]*BOT_ID is not set/);
    expect(message).not.toMatch(/TEAMS_APP_ID/);
  });

  it('names every bad value at once, under the variable that was set', () => {
    const template = { id: '${{TEAMS_APP_ID}}', bot: '${{BOT_ID}}', site: '${{APP_WEBSITE_URL}}', domains: ['${{BOT_DOMAIN}}'] };
    let message = '';
    try {
      fillPlaceholders(template, { BOT_ID: 'nope', APP_WEBSITE_URL: 'http://insecure.example', BOT_DOMAIN: 'https://x.example/' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/BOT_ID="nope" must be a GUID/);
    expect(message).toMatch(/APP_WEBSITE_URL="http:\/\/insecure.example" must be an https:\/\/ URL/);
    expect(message).toMatch(/BOT_DOMAIN=.* must be a host name/);
    expect(message).not.toMatch(/TEAMS_APP_ID/);
  });

  it('TEAMS_APP_ID overrides the app id; BOT_DOMAIN fills validDomains and is left out when unset', () => {
    const template = { id: '${{TEAMS_APP_ID}}', validDomains: ['${{BOT_DOMAIN}}'], note: 'v${{ APP_VERSION }}' };
    const other = '11111111-2222-3333-4444-555555555555';
    expect(fillPlaceholders(template, { BOT_ID, TEAMS_APP_ID: other, BOT_DOMAIN: 'helpdesk.contoso.com', APP_VERSION: '2.0.1' })).toEqual({
      id: other,
      validDomains: ['helpdesk.contoso.com'],
      note: 'v2.0.1',
    });
    expect(fillPlaceholders(template, { BOT_ID }).validDomains).toEqual([]);
  });

  it('reads .env simply; a non-empty environment variable wins over the file', () => {
    const fileEnv = parseDotEnv(
      '# comment\nBOT_ID=from-file\nexport BOT_DOMAIN="bot.example.com"\nAPP_VERSION=1.2.3 # note\nEMPTY=\nbroken line\n',
    );
    expect(fileEnv).toEqual({ BOT_ID: 'from-file', BOT_DOMAIN: 'bot.example.com', APP_VERSION: '1.2.3', EMPTY: '' });
    expect(mergeEnv(fileEnv, { BOT_ID: 'from-env', BOT_DOMAIN: '' })).toMatchObject({ BOT_ID: 'from-env', BOT_DOMAIN: 'bot.example.com' });
  });

  it('repairs schema patterns that only compile without the u flag, keeping their meaning', () => {
    const pattern = '^a\\[\\b([0-9])\\b]\\.x$';
    const repaired = escapeLoneBrackets(pattern);
    expect(() => new RegExp(repaired, 'u')).not.toThrow();
    for (const text of ['a[3].x', 'a[x].x', 'a[3]x']) expect(new RegExp(repaired, 'u').test(text)).toBe(new RegExp(pattern).test(text));
    expect(escapeLoneBrackets('[]a]\\]')).toBe('[]a\\]\\]');
  });
});

describe('npm run package', () => {
  const dir = mkdtempSync(join(tmpdir(), 'app-package-'));
  const envFile = join(dir, 'empty.env');
  writeFileSync(envFile, '# no values\n');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (env: Record<string, string>, out: string) => {
    const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !['BOT_ID', 'TEAMS_APP_ID', 'BOT_DOMAIN'].includes(key)));
    return spawnSync('npm', ['run', '--silent', 'package', '--', '--env-file', envFile, '--out', out], {
      cwd: ROOT_DIR,
      env: { ...base, ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
  };

  it('without BOT_ID exits 1 with a message naming it and no stack trace, and writes nothing', () => {
    const out = join(dir, 'missing.zip');
    const result = run({}, out);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/BOT_ID is not set/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(out)).toBe(false);
  });

  it('with BOT_ID writes a zip of the four files', () => {
    const out = join(dir, 'appPackage.zip');
    const result = run({ BOT_ID }, out);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const files = readZip(readFileSync(out));
    expect([...files.keys()]).toEqual(['manifest.json', 'zh-cn.json', 'color.png', 'outline.png']);
    expect(JSON.parse(files.get('manifest.json')!.toString('utf8')).bots[0].botId).toBe(BOT_ID);
    expect(readdirSync(dir)).toContain('appPackage.zip');
  });
});
