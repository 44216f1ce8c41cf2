import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, readJsonl, VALIDATION_FIXTURES, type PasteCase, type SymptomCase } from '../../test/helpers/fixtures';

export type MessageKind = 'code' | 'paste' | 'symptom-zh' | 'symptom-en' | 'no-match';

/** The share of each kind in the load: what a helpdesk chat sees, roughly. */
export const MIX: Readonly<Record<MessageKind, number>> = {
  code: 0.25,
  paste: 0.25,
  'symptom-zh': 0.2,
  'symptom-en': 0.2,
  'no-match': 0.1,
};

export interface BenchMessage {
  readonly kind: MessageKind;
  readonly text: string;
  readonly locale: string;
}

/** Deterministic, so every run sends the same bodies in the same order. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The texts of each kind, from the development and validation fixtures. */
export function messagePools(): Record<MessageKind, BenchMessage[]> {
  const symptoms = [
    ...readJsonl<SymptomCase>(join(FIXTURES, 'symptoms.jsonl')),
    ...readJsonl<SymptomCase>(join(VALIDATION_FIXTURES, 'validation-symptoms.jsonl')),
  ];
  const pastes = [
    ...readJsonl<PasteCase>(join(FIXTURES, 'pastes.jsonl')),
    ...readJsonl<PasteCase>(join(VALIDATION_FIXTURES, 'validation-pastes.jsonl')),
  ];
  const locale = (lang: string) => (lang === 'zh' ? 'zh-CN' : 'en-US');
  const codes = [...new Set(symptoms.flatMap((s) => s.expected))].sort((a, b) => a - b);
  const codeForms = [
    (c: number) => `AADSTS${c}`,
    (c: number) => `error ${c}`,
    (c: number) => `${c}`,
    (c: number) => `登录报错 AADSTS${c} 怎么办`,
  ];
  return {
    code: [
      ...codes.map((code, i) => ({
        kind: 'code' as const,
        text: codeForms[i % codeForms.length]!(code),
        locale: i % 4 === 3 ? 'zh-CN' : 'en-US',
      })),
      // A code that is not in the catalog gets its own answer.
      { kind: 'code', text: 'AADSTS9999999', locale: 'en-US' },
    ],
    paste: pastes.map((p) => ({ kind: 'paste', text: p.text, locale: /\p{Script=Han}/u.test(p.text) ? 'zh-CN' : 'en-US' })),
    'symptom-zh': symptoms
      .filter((s) => s.expected.length && s.lang === 'zh')
      .map((s) => ({ kind: 'symptom-zh', text: s.text, locale: locale(s.lang) })),
    'symptom-en': symptoms
      .filter((s) => s.expected.length && s.lang === 'en')
      .map((s) => ({ kind: 'symptom-en', text: s.text, locale: locale(s.lang) })),
    'no-match': symptoms.filter((s) => !s.expected.length).map((s) => ({ kind: 'no-match', text: s.text, locale: locale(s.lang) })),
  };
}

/** `count` messages drawn from the pools in the proportions of MIX, in a fixed pseudo-random order. */
export function messageMix(count: number, seed = 20261128): BenchMessage[] {
  const pools = messagePools();
  const random = mulberry32(seed);
  const kinds = Object.keys(MIX) as MessageKind[];
  const out: BenchMessage[] = [];
  const used = Object.fromEntries(kinds.map((k) => [k, 0])) as Record<MessageKind, number>;
  for (let i = 0; i < count; i++) {
    // Largest deficit first keeps the proportions exact for any count; ties broken at random.
    const kind = kinds.reduce((best, k) => {
      const deficit = MIX[k] * (i + 1) - used[k];
      const bestDeficit = MIX[best] * (i + 1) - used[best];
      return deficit > bestDeficit + 1e-9 || (Math.abs(deficit - bestDeficit) <= 1e-9 && random() < 0.5) ? k : best;
    }, kinds[0]!);
    used[kind]++;
    const pool = pools[kind];
    out.push(pool[Math.floor(random() * pool.length)]!);
  }
  return out;
}

/**
 * Teams personal-chat message activities (test/fixtures/activities/personal-message.json) carrying the mix,
 * each with its own activity id, spread over `users` one-to-one conversations, serviceUrl at the stand-in.
 */
export function activityBodies(serviceUrl: string, count = 200, users = 16): { kind: MessageKind; body: string }[] {
  const base = JSON.parse(readFileSync(join(FIXTURES, 'activities', 'personal-message.json'), 'utf8')) as {
    from: object;
    conversation: object;
  };
  return messageMix(count).map((message, i) => {
    const user = i % users;
    const activity = {
      ...base,
      id: `bench-${i}`,
      serviceUrl,
      text: message.text,
      locale: message.locale,
      from: { ...base.from, id: `29:bench-user-${user}`, aadObjectId: `00000000-0000-4000-8000-${String(user).padStart(12, '0')}` },
      conversation: { ...base.conversation, id: `a:bench-conversation-${user}` },
    };
    return { kind: message.kind, body: JSON.stringify(activity) };
  });
}
