import { Template } from 'adaptivecards-templating';
import { HelpdeskError } from '../errors';

/** Teams accepts Adaptive Cards up to schema 1.5. */
export const MAX_CARD_VERSION = 1.5;
/** Teams rejects messages over ~28 KB; keep the card itself safely below. */
export const MAX_CARD_BYTES = 26_000;

export type AdaptiveCardJson = { type: 'AdaptiveCard'; version: string; [key: string]: unknown };

/**
 * The Adaptive Card templates in cards/, each compiled once: reusing a Template instance is ~20x faster
 * than building one per message. Data goes in through `expand`, never into the template text.
 */
export class CardTemplates {
  private constructor(private readonly templates: ReadonlyMap<string, Template>) {}

  /** Checks and compiles the templates the loader read from cards/, by name. */
  static compile(sources: Readonly<Record<string, unknown>>): CardTemplates {
    const templates = new Map<string, Template>();
    for (const [name, source] of Object.entries(sources)) {
      const json = (typeof source === 'object' && source !== null ? source : {}) as Partial<AdaptiveCardJson>;
      if (json.type !== 'AdaptiveCard' || !(Number(json.version) <= MAX_CARD_VERSION)) {
        throw new HelpdeskError('CARD_TEMPLATE_INVALID', `${name}.json: must be an AdaptiveCard of version ${MAX_CARD_VERSION} or lower`);
      }
      templates.set(name, new Template(json));
    }
    return new CardTemplates(templates);
  }

  get names(): string[] {
    return [...this.templates.keys()];
  }

  render(name: string, data: object): AdaptiveCardJson {
    const template = this.templates.get(name);
    if (!template) throw new HelpdeskError('CARD_TEMPLATE_INVALID', `no card template named "${name}"`);
    const card = template.expand({ $root: data }) as AdaptiveCardJson;
    const bytes = Buffer.byteLength(JSON.stringify(card));
    if (bytes > MAX_CARD_BYTES) throw new HelpdeskError('CARD_TEMPLATE_INVALID', `${name} card is ${bytes} bytes, over ${MAX_CARD_BYTES}`);
    return card;
  }
}
