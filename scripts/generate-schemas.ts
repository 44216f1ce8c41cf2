/** `npm run schemas`: writes data/*.schema.json from the zod schemas in src/schemas (test/schemas checks they match). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR } from '../src/paths';
import { generatedSchemaFiles } from './json-schemas';

for (const [file, text] of Object.entries(generatedSchemaFiles())) {
  writeFileSync(join(DATA_DIR, file), text);
  console.log(`wrote data/${file}`);
}
