/**
 * `npm run package [-- --env-file <path>] [-- --out <path>]`: writes build/appPackage.zip for Teams.
 * Values come from the environment, then from .env (a set environment variable wins). See scripts/app-package.ts.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { HelpdeskError } from '../src/errors';
import { ROOT_DIR } from '../src/paths';
import { DEFAULT_OUT_FILE, generateAppPackage, mergeEnv, parseDotEnv, zipAppPackage } from './app-package';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'env-file': { type: 'string' }, out: { type: 'string' } } });
  const envFile = values['env-file'] ? resolve(values['env-file']) : join(ROOT_DIR, '.env');
  if (values['env-file'] && !existsSync(envFile)) throw new HelpdeskError('PACKAGE_INVALID', `--env-file ${envFile} does not exist`);
  const fileEnv = existsSync(envFile) ? parseDotEnv(readFileSync(envFile, 'utf8')) : {};

  const appPackage = await generateAppPackage(mergeEnv(fileEnv, process.env));
  const out = values.out ? resolve(values.out) : DEFAULT_OUT_FILE;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zipAppPackage(appPackage));

  const { manifest } = appPackage;
  const commands = manifest.bots?.[0]?.commandLists?.map(
    (list) => `${list.scopes.join('/')}: ${list.commands.map((c) => c.title).join(', ')}`,
  );
  const shown = relative(process.cwd(), out);
  console.log(
    `wrote ${shown.startsWith('..') ? out : shown}: Teams manifest ${manifest.manifestVersion}, ` +
      `app ${manifest.id}, bot ${manifest.bots?.[0]?.botId}, version ${manifest.version}`,
  );
  console.log(`  files: ${appPackage.files.map((file) => file.name).join(', ')}`);
  for (const line of commands ?? []) console.log(`  commands ${line}`);
}

main().catch((err: unknown) => {
  // Expected failures (a missing variable, an invalid manifest) get their message only; anything else is a bug.
  console.error(
    err instanceof HelpdeskError || (err instanceof Error && 'code' in err && err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
      ? err.message
      : err,
  );
  process.exitCode = 1;
});
