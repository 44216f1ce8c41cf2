import { z } from 'zod/v4';
import { fileHeader, type DeepReadonly } from './common';

const familySchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  codes: z
    .array(z.number().int().min(1))
    .min(2)
    .refine((codes) => new Set(codes).size === codes.length, 'must not repeat a code')
    .meta({ uniqueItems: true }),
});

export const familiesFileSchema = z.strictObject({ $schema: fileHeader.$schema, families: z.array(familySchema) }).meta({
  title: 'Sign-in Helpdesk code families',
  description:
    'Groups of codes that people describe in the same words (the MFA prompts, the sessions ended by a password change). ' +
    'When the best matches for a description fall in one family and score close, the bot asks which one the person sees ' +
    'instead of asserting one.',
});

/** Codes people describe in the same words, from data/families.json. */
export type CodeFamily = DeepReadonly<z.infer<typeof familySchema>>;
