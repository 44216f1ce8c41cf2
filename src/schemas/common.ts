import { z } from 'zod/v4';

/**
 * The shapes of the files in data/ are defined once, here, as zod schemas: the loader validates with them, the types
 * are inferred from them, and `npm run schemas` writes data/*.schema.json from them for editors (test/schemas checks
 * the checked-in files match). zod/v4 is zod 4's API, shipped inside zod 3.25 and kept by zod 4.
 */
export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export type Localized<T = string> = Readonly<Record<Lang, T>>;

/** Inferred types are mutable; what the loader hands out is not meant to be changed. */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export const text = z.string().min(1, 'must not be empty').regex(/\S/, 'must not be blank');
export const localizedText = z.strictObject({ zh: text, en: text });
export const localizedList = z.strictObject({ zh: z.array(text).min(1), en: z.array(text).min(1) });
export const words = z.array(z.string().min(1));

/** The `$schema` (and `$comment`) a data file may carry for editors. */
export const fileHeader = { $schema: z.string().optional(), $comment: z.string().optional() };
