import { z } from 'zod/v4';
import { fileHeader, words, type DeepReadonly } from './common';

const bilingualWords = z.strictObject({ en: words, zh: words });

export const lexiconFileSchema = z
  .strictObject({
    $schema: fileHeader.$schema,
    variants: z
      .record(z.string(), z.string().min(1))
      .describe('Chinese substrings replaced before analysis: Traditional → Simplified characters, common homophone slips (密马 → 密码).'),
    typos: z
      .record(z.string().regex(/^[a-z0-9'-]+$/), z.string().min(1))
      .describe('English words replaced before analysis (pasword → password).'),
    stopwords: bilingualWords,
    plainWords: z
      .array(z.string().regex(/^[a-z]+$/))
      .default([])
      .describe(
        'Everyday English words one edit away from a catalog word (order/older, think/thing, guess/guest): never typo-corrected, ' +
          'since they are words in their own right, not slips.',
      ),
    concepts: z
      .record(z.string().regex(/^[a-z][a-z0-9_]*$/), bilingualWords)
      .describe('Concept id → the phrases, in each language, that express it.'),
    contextConcepts: z
      .array(z.string())
      .describe(
        'Concepts that set the scene (a device, an app, Outlook) but do not by themselves say what went wrong: ' +
          'a message needs at least one other concept or a rare catalog word to match anything.',
      ),
    cueConcepts: z
      .array(z.string())
      .describe(
        'Context concepts that say the message is about signing in (sign in, account): one of them with another context concept is enough to match.',
      ),
    ignore: words.describe('Phrases that look like a symptom but are not one (caps lock, 锁屏): removed before analysis.'),
    errorPageConcepts: z
      .array(z.string())
      .describe(
        'Concepts that mark the wording of a sign-in error page ("we couldn\'t sign you in", "Troubleshooting details"): ' +
          'a message with one and no code gets the card that shows how to find the code.',
      ),
    microsoftConcepts: z
      .array(z.string())
      .describe(
        'Concepts that tie a message to Microsoft sign-in (Outlook, Teams, Entra, MFA, SSO, a tenant): ' +
          "they keep a message about another system's sign-in on topic.",
      ),
    otherSystemConcepts: z
      .array(z.string())
      .describe(
        "Other systems' sign-ins (printers, databases, VPN clients, SSH): " +
          'a message about one matches nothing unless it also has a microsoftConcepts concept.',
      ),
    disclaimerConcepts: z
      .array(z.string())
      .default([])
      .describe(
        'Concepts that disown what follows or precedes ("跟 Teams 登录没关系", "nothing to do with Outlook"): ' +
          'a message about another system that carries one is not tied to Microsoft sign-in by the Microsoft words it names.',
      ),
    howToConcepts: z
      .array(z.string())
      .default([])
      .describe(
        'Concepts that ask for a procedure ("how do I", "怎么在", "什么时候能"): a message with one matches nothing unless it ' +
          'also carries a troubleConcepts concept, since a question about how to do something is not a failure.',
      ),
    allClearConcepts: z
      .array(z.string())
      .default([])
      .describe(
        'Concepts that say nothing is wrong ("just asking", "nothing is broken", "只是问问"): a message with one matches nothing, ' +
          'whatever trouble words it quotes, since the writer says there is no failure to explain.',
      ),
    worksNowConcepts: z
      .array(z.string())
      .default([])
      .describe(
        'Concepts that say things work for now ("旧手机还能用", "没出问题", "so I don\'t get locked out"): a how-to question ' +
          'that carries one matches nothing, though it names the failure it wants to avoid ("不想到时候登不上").',
      ),
    troubleConcepts: z
      .array(z.string())
      .default([])
      .describe(
        'Concepts that say something went wrong (failed, error, locked, 登不上, 报错): they keep a question that reports a failure ' +
          '("how do I fix this error") matched.',
      ),
    offTopicConcepts: z
      .array(z.string())
      .describe(
        'Concepts of other helpdesk topics (wifi, printers, expenses): ' +
          'a message about one of them matches nothing unless it also speaks of signing in.',
      ),
  })
  .meta({
    title: 'Sign-in Helpdesk symptom-matching lexicon',
    description:
      'How people write: script variants and typos mapped to one form, words too common to tell codes apart, ' +
      'and concepts (words in both languages that mean the same thing).',
  });

/** The symptom-matching lexicon in data/synonyms.json. */
export type Lexicon = DeepReadonly<Omit<z.infer<typeof lexiconFileSchema>, '$schema'>>;
