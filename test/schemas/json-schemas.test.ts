import Ajv from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_DIR } from '../../src/paths';
import { catalogFileSchema } from '../../src/schemas/catalog-schema';
import { generatedSchemaFiles, SCHEMA_FILES } from '../../scripts/json-schemas';

const readJson = (file: string) => JSON.parse(readFileSync(join(DATA_DIR, file), 'utf8')) as Record<string, unknown>;
// overrides.example.json included: the bot never reads it, but an organisation copies it and edits against its schema.
const dataFiles = readdirSync(DATA_DIR).filter((file) => file.endsWith('.json') && !file.endsWith('.schema.json'));

/** data/*.schema.json are generated from the zod schemas the bot validates with; these tests keep the two one. */
describe('the JSON Schemas in data/', () => {
  it.each(Object.entries(generatedSchemaFiles()))(
    '%s is what `npm run schemas` writes (run it after changing src/schemas)',
    (file, text) => {
      expect(readFileSync(join(DATA_DIR, file), 'utf8')).toBe(text);
    },
  );

  it.each(dataFiles)('%s names its schema, so editors validate it while typing', (file) => {
    const schema = readJson(file).$schema;
    expect(typeof schema === 'string' && schema.startsWith('./') && schema.slice(2) in SCHEMA_FILES).toBe(true);
  });

  it.each(dataFiles)('%s passes its JSON Schema as an editor would check it', (file) => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    const validate = ajv.compile(readJson(String(readJson(file).$schema).slice(2)));
    expect(validate(readJson(file)) ? [] : validate.errors).toEqual([]);
  });

  it('rejects in the editor what the bot rejects: an unknown party, a missing field, a stray field', () => {
    const validate = new Ajv({ allErrors: true, strict: true }).compile(readJson('catalog.schema.json'));
    const catalog = readJson('catalog.json') as { entries: Record<string, unknown>[] };
    const broken = [
      { ...catalog.entries[0], party: 'the_intern' },
      { ...catalog.entries[1], steps: undefined },
      { ...catalog.entries[2], severity: 'high' },
      { ...catalog.entries[3], source: [] },
      { ...catalog.entries[4], retired: false },
    ];
    for (const entry of broken) {
      const json = JSON.parse(JSON.stringify({ entries: [entry] })) as unknown;
      expect([validate(json), catalogFileSchema.safeParse(json).success]).toEqual([false, false]);
    }
    const extended = {
      ...catalog.entries[0],
      source: ['seed', 'reference'],
      retired: true,
      aliasOf: 50053,
      changed: { zh: '变了', en: 'Changed' },
    };
    expect([validate({ entries: [extended] }), catalogFileSchema.safeParse({ entries: [extended] }).success]).toEqual([true, true]);
  });
});
