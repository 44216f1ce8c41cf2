import { z } from 'zod/v4';
import { PARTIES } from './catalog-schema';
import { fileHeader, type DeepReadonly } from './common';

/** A hint: what a spike may mean and where to look, in both languages. */
const hint = z.strictObject({ en: z.string().min(10).max(400), zh: z.string().min(5).max(300) });

export const spikeHintsFileSchema = z
  .strictObject({
    ...fileHeader,
    codes: z
      .record(z.string().regex(/^[1-9][0-9]{3,7}$/), hint)
      .describe('Per code (a catalog code, as a string): what many people hitting it at once may mean.'),
    parties: z
      .strictObject(Object.fromEntries(PARTIES.map((party) => [party, hint])) as Record<(typeof PARTIES)[number], typeof hint>)
      .describe('For codes without their own hint: by who must act.'),
  })
  .meta({
    title: 'Sign-in Helpdesk spike hints',
    description: 'What a sudden rise of one sign-in error across many people may mean, shown on the spike alert card.',
  });

export type SpikeHintsData = DeepReadonly<z.infer<typeof spikeHintsFileSchema>>;
