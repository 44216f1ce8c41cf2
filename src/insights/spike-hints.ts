import type { Lang, Party } from '../catalog/types';
import type { SpikeHintsData } from '../schemas/spike-hints-schema';

/** What a spike of a code may mean (data/spike-hints.json, validated by the loader): the code's own hint, or its party's. */
export class SpikeHints {
  constructor(private readonly hints: SpikeHintsData) {}

  hint(code: number, party: Party | undefined, lang: Lang): string {
    return (this.hints.codes[String(code)] ?? this.hints.parties[party ?? 'none'])[lang];
  }
}
