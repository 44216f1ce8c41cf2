import { join } from 'node:path';
import { HelpdeskError } from '../errors';
import { DATA_DIR } from '../paths';
import type { Lang } from './types';
import { compileSchema, describeAjvError, readJsonFile } from './validate-json';

/** The symptom-matching lexicon in data/synonyms.json. */
export interface Lexicon {
  readonly variants: Readonly<Record<string, string>>;
  readonly typos: Readonly<Record<string, string>>;
  readonly stopwords: Readonly<Record<Lang, readonly string[]>>;
  /** Phrases removed before analysis because they only look like a symptom (caps lock). */
  readonly ignore: readonly string[];
  readonly concepts: Readonly<Record<string, Readonly<Record<Lang, readonly string[]>>>>;
  /** Concepts that set the scene but do not say what went wrong. */
  readonly contextConcepts: readonly string[];
  /** Context concepts that say the message is about signing in at all. */
  readonly cueConcepts: readonly string[];
  /** Other helpdesk topics (wifi, printers): a message about one matches nothing unless it also speaks of signing in. */
  readonly offTopicConcepts: readonly string[];
  /** The wording of sign-in error pages ("we couldn't sign you in"): such a message is best answered by asking for its code. */
  readonly errorPageConcepts: readonly string[];
  /** Other systems' sign-ins (printers, databases, VPN clients): a message about one matches nothing unless it ties it to Microsoft's. */
  readonly otherSystemConcepts: readonly string[];
  /** Concepts that tie a message to Microsoft sign-in (Outlook, Entra, MFA): they keep it on topic beside an off-topic word. */
  readonly microsoftConcepts: readonly string[];
}

export const LEXICON_PATH = join(DATA_DIR, 'synonyms.json');

export function loadLexicon(path = LEXICON_PATH): Lexicon {
  const validate = compileSchema<Lexicon>(join(DATA_DIR, 'synonyms.schema.json'), 'DATA_INVALID');
  const json = readJsonFile(path, 'DATA_INVALID');
  if (!validate(json)) {
    const problems = (validate.errors ?? []).map(describeAjvError);
    throw new HelpdeskError('DATA_INVALID', `${path}: ${problems.join('; ')}`);
  }
  const undefinedContext = [
    ...json.contextConcepts,
    ...json.cueConcepts,
    ...json.offTopicConcepts,
    ...json.errorPageConcepts,
    ...json.microsoftConcepts,
    ...json.otherSystemConcepts,
  ].filter((concept) => !(concept in json.concepts));
  if (undefinedContext.length) {
    throw new HelpdeskError(
      'DATA_INVALID',
      `${path}: contextConcepts, cueConcepts, offTopicConcepts, errorPageConcepts, microsoftConcepts or otherSystemConcepts name concepts that are not defined: ${undefinedContext.join(', ')}`,
    );
  }
  return json;
}
