import { z } from 'zod/v4';
import { fileHeader } from './common';

export const popularCodesFileSchema = z
  .strictObject({
    ...fileHeader,
    codes: z.array(z.number().int().min(1)).describe('Catalog codes, the most common first.'),
  })
  .meta({
    title: 'Sign-in Helpdesk popular codes',
    description:
      'The codes helpdesks see most: listed when the compose-box search is empty, and used to order entries that match a description equally well.',
  });
