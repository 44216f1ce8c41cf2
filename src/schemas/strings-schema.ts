import { z } from 'zod/v4';
import { fileHeader, type DeepReadonly } from './common';

const table = z.record(z.string().regex(/^[a-z][a-zA-Z_.]*$/), z.string().min(1));

export const stringsFileSchema = z.strictObject({ $schema: fileHeader.$schema, en: table, zh: table }).meta({
  title: 'Sign-in Helpdesk interface strings',
  description: 'Every sentence the bot says outside the catalog, in each language. {name} marks a value filled in at run time.',
});

export type StringTables = DeepReadonly<Omit<z.infer<typeof stringsFileSchema>, '$schema'>>;
