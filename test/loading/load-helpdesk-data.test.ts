import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { HelpdeskError } from '../../src/errors';
import { DATA_FILE_NAMES, loadHelpdeskData } from '../../src/loading/load-helpdesk-data';
import { DATA_DIR } from '../../src/paths';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of data/ in a temporary folder, with one file changed by `edit`. */
function dataDirWith(file: string, edit: (json: any) => unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'helpdesk-data-'));
  dirs.push(dir);
  cpSync(DATA_DIR, dir, { recursive: true });
  const path = join(dir, file);
  const json = JSON.parse(readFileSync(path, 'utf8'));
  const edited = edit(json);
  writeFileSync(path, typeof edited === 'string' ? edited : JSON.stringify(edited ?? json));
  return dir;
}

function failure(dataDir: string): HelpdeskError {
  try {
    loadHelpdeskData({ dataDir });
  } catch (error) {
    expect(error).toBeInstanceOf(HelpdeskError);
    return error as HelpdeskError;
  }
  throw new Error('the data was accepted');
}

describe('loadHelpdeskData', () => {
  it('reads every data file and card template of the project', () => {
    const data = loadHelpdeskData({ dataDir: DATA_DIR });
    expect(data.catalog.length).toBeGreaterThan(100);
    expect(data.commands.map((command) => command.id)).toContain('help');
    expect(data.popularCodes.length).toBeGreaterThan(0);
    expect(Object.keys(data.lexicon.concepts).length).toBeGreaterThan(10);
    expect(data.strings.en['party.user']).toBeTruthy();
    expect(Object.keys(data.cardTemplates)).toEqual(expect.arrayContaining(['answer', 'help', 'notice', 'ticket', 'welcome']));
    expect(Object.keys(DATA_FILE_NAMES)).toHaveLength(7);
    expect(data.families.length).toBeGreaterThan(0);
    expect(data.spikeHints.codes['50053']?.en).toContain('password spray');
  });

  it('reads the folder it is given: DATA_DIR from the configuration', () => {
    const dir = dataDirWith('strings.json', (json) => void (json.en['party.user'] = 'Over to you'));
    expect(loadConfig({ DATA_DIR: dir }).DATA_DIR).toBe(dir);
    expect(loadHelpdeskData({ dataDir: loadConfig({ DATA_DIR: dir }).DATA_DIR }).strings.en['party.user']).toBe('Over to you');
  });

  it("defaults DATA_DIR to the project's data/ and resolves a relative one from the working folder", () => {
    expect(loadConfig({}).DATA_DIR).toBe(DATA_DIR);
    expect(loadConfig({ DATA_DIR: 'some/where' }).DATA_DIR).toBe(resolve('some/where'));
  });

  it.each([
    ['synonyms.json', (json: any) => void delete json.typos, 'DATA_INVALID', /synonyms\.json: missing required field "typos"/],
    ['synonyms.json', (json: any) => void json.cueConcepts.push('nope'), 'DATA_INVALID', /name concepts that are not defined: nope/],
    [
      'strings.json',
      (json: any) => void delete json.zh['party.user'],
      'DATA_INVALID',
      /strings\.json: missing translations: zh\.party\.user/,
    ],
    ['commands.json', (json: any) => void (json.commands[0].id = 'reboot'), 'DATA_INVALID', /\/commands\/0\/id: must be one of help/],
    ['popular-codes.json', (json: any) => void json.codes.push(99999999), 'DATA_INVALID', /codes not in the catalog: 99999999/],
    [
      'spike-hints.json',
      (json: any) => void (json.codes['99999999'] = json.codes['50053']),
      'DATA_INVALID',
      /spike-hints\.json: codes not in the catalog: 99999999/,
    ],
    ['spike-hints.json', (json: any) => void delete json.parties.app_owner, 'DATA_INVALID', /spike-hints\.json: .*app_owner/],
    [
      'catalog.json',
      (json: any) => void (json.entries[0].aliasOf = 99999999),
      'CATALOG_INVALID',
      /entry 0 \(code \d+\): aliasOf: must name another/,
    ],
    [
      'catalog.json',
      (json: any) => void (json.entries[1].category = 'misc'),
      'CATALOG_INVALID',
      /entry 1 \(code \d+\): \/category: must be one of/,
    ],
    ['catalog.json', () => '{ "entries": [', 'CATALOG_INVALID', /catalog\.json is not readable JSON/],
  ])('stops on a broken %s, naming the file and the field', (file, edit, code, message) => {
    const dir = dataDirWith(file, edit);
    const error = failure(dir);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(dir);
  });
});
