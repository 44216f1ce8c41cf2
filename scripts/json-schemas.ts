import { z } from 'zod/v4';
import { catalogFileSchema } from '../src/schemas/catalog-schema';
import { commandsFileSchema } from '../src/schemas/commands-schema';
import { familiesFileSchema } from '../src/schemas/families-schema';
import { overridesSchema } from '../src/catalog/overrides';
import { lexiconFileSchema } from '../src/schemas/lexicon-schema';
import { popularCodesFileSchema } from '../src/schemas/popular-codes-schema';
import { spikeHintsFileSchema } from '../src/schemas/spike-hints-schema';
import { stringsFileSchema } from '../src/schemas/strings-schema';

/** The JSON Schema file written into data/ for each zod schema: editors validate data/*.json with them while typing. */
export const SCHEMA_FILES = {
  'catalog.schema.json': catalogFileSchema,
  'synonyms.schema.json': lexiconFileSchema,
  'strings.schema.json': stringsFileSchema,
  'commands.schema.json': commandsFileSchema,
  'popular-codes.schema.json': popularCodesFileSchema,
  'families.schema.json': familiesFileSchema,
  'spike-hints.schema.json': spikeHintsFileSchema,
  'overrides.schema.json': overridesSchema,
} as const;

const NOTICE = 'Generated from src/schemas by `npm run schemas`: edit the zod schema there, not this file.';

/** Each schema file's text, exactly as `npm run schemas` writes it (draft-07, which every editor knows). */
export function generatedSchemaFiles(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(SCHEMA_FILES).map(([file, schema]) => {
      const { $schema, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', unrepresentable: 'throw' });
      return [file, `${JSON.stringify({ $schema, $comment: NOTICE, ...rest }, null, 2)}\n`];
    }),
  );
}
