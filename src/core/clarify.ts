import type { CodeFamily } from '../schemas/families-schema';
import type { SymptomMatch, SymptomReading } from './symptom-matcher';

/**
 * When the bot should ask rather than answer:
 * - `choose`: the best matches are near-twins (one family, close scores) or simply too close to call, so the card
 *   offers them as choices ("Which one do you see?") instead of asserting the first;
 * - `find_code`: the message is a pasted error page without its code, says only that signing in fails, or carries only
 *   an app's own status code or a screenshot, so the card shows how to find the code on the page (and any matches as possibilities).
 */
export type Clarification =
  | { readonly kind: 'choose'; readonly codes: readonly number[] }
  | { readonly kind: 'find_code'; readonly reason: 'error_page' | 'vague'; readonly codes: readonly number[] }
  | { readonly kind: 'find_code'; readonly reason: 'app_code'; readonly appCode: string; readonly codes: readonly number[] }
  | { readonly kind: 'find_code'; readonly reason: 'screenshot'; readonly codes: readonly number[] };

/** A near-twin of the best match is offered when it scores at least this share of the best. */
export const FAMILY_RATIO = 0.75;
/** Any two matches this close are offered as a choice, family or not. */
export const CLOSE_RATIO = 0.95;
/** At most this many choices: more is a list to read, not a question. */
export const MAX_CHOICES = 3;

export class Clarifier {
  private readonly families = new Map<number, Set<string>>();

  constructor(families: readonly CodeFamily[]) {
    for (const family of families) {
      for (const code of family.codes) {
        const ids = this.families.get(code) ?? new Set<string>();
        ids.add(family.id);
        this.families.set(code, ids);
      }
    }
  }

  /** What to ask, or undefined to answer with the best match (or "no match"). `carriesIds`: the message has a Trace/Correlation ID. */
  decide(reading: SymptomReading, carriesIds: boolean): Clarification | undefined {
    const { matches } = reading;
    if (reading.errorPage || carriesIds) {
      return { kind: 'find_code', reason: 'error_page', codes: matches.slice(0, MAX_CHOICES).map((m) => m.code) };
    }
    // "Outlook 登不上": it says where, not what went wrong; any match is a guess, offered beside the way to the code.
    if (!reading.namesProblem || !matches.length) {
      return reading.aboutSignIn
        ? { kind: 'find_code', reason: 'vague', codes: matches.slice(0, MAX_CHOICES).map((m) => m.code) }
        : undefined;
    }
    const choices = this.choices(matches);
    return choices.length >= 2 ? { kind: 'choose', codes: choices } : undefined;
  }

  /**
   * The best match and those close enough to it to be worth asking about. Its near-twins come first: when the card has
   * room for only a few, "Which one do you see?" should list the family the message belongs to, then any other close call.
   */
  private choices(matches: readonly SymptomMatch[]): number[] {
    const [best, ...rest] = matches;
    const twins = rest.filter((m) => m.score / best!.score >= FAMILY_RATIO && this.related(best!.code, m.code));
    const close = rest.filter((m) => m.score / best!.score >= CLOSE_RATIO && !twins.includes(m));
    return [best!, ...twins, ...close].slice(0, MAX_CHOICES).map((m) => m.code);
  }

  private related(a: number, b: number): boolean {
    const ofA = this.families.get(a);
    if (!ofA) return false;
    for (const id of this.families.get(b) ?? []) if (ofA.has(id)) return true;
    return false;
  }
}

/** What a message carries besides its words that says the sign-in's own code is still to be found. */
export type CodeCue = { readonly appCode: string } | { readonly screenshot: true };

/**
 * A message with an app's status code (`0xCAA20004`) or a screenshot, and no AADSTS code: unless its description
 * names one problem clearly enough to answer, or asks which of a few, the card asks for the sign-in's own code (naming
 * the app's, or saying the picture cannot be read).
 */
export function askForSignInCode(
  clarification: Clarification | undefined,
  reading: SymptomReading,
  cue: CodeCue,
): Clarification | undefined {
  // Office's 0xCAA codes come from its sign-in window; a bare HRESULT counts only in a message about signing in.
  if (clarification?.kind === 'choose' || ('appCode' in cue && !/^0xCAA/.test(cue.appCode) && !reading.aboutSignIn)) return clarification;
  if (!clarification && reading.namesProblem && reading.matches.length) return undefined;
  const codes = reading.matches.slice(0, MAX_CHOICES).map((m) => m.code);
  return 'appCode' in cue
    ? { kind: 'find_code', reason: 'app_code', appCode: cue.appCode, codes }
    : { kind: 'find_code', reason: 'screenshot', codes };
}
