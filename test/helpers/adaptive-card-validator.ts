// The official Adaptive Cards object model, as Teams clients use it: parse a card and report every warning.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.min.js');

export function adaptiveCardProblems(card: unknown): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const event of parsed.validateProperties().validationEvents) problems.push(event.message);
  return problems;
}

/** Teams' chart elements (Chart.VerticalBar, Chart.Donut, …) found anywhere in a card. */
export function chartElements(card: unknown): Record<string, any>[] {
  const found: Record<string, any>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const element = node as Record<string, any>;
      if (typeof element.type === 'string' && element.type.startsWith('Chart.')) found.push(element);
      for (const [key, value] of Object.entries(element)) if (key !== 'fallback') walk(value);
    }
  };
  walk(card);
  return found;
}

/** The card as a client without charts shows it: every chart replaced by its fallback element (or dropped). */
export function withoutCharts<T>(card: T): T {
  const replace = (node: unknown): unknown => {
    if (Array.isArray(node))
      return node.flatMap((item) => {
        const replaced = replace(item);
        return replaced === undefined ? [] : [replaced];
      });
    if (!node || typeof node !== 'object') return node;
    const element = node as Record<string, unknown>;
    if (typeof element.type === 'string' && element.type.startsWith('Chart.')) {
      return typeof element.fallback === 'object' ? replace(element.fallback) : undefined;
    }
    return Object.fromEntries(Object.entries(element).map(([key, value]) => [key, replace(value)]));
  };
  return replace(card) as T;
}
