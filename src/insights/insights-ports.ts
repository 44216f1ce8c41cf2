import type { AdaptiveCardJson } from '../cards/card-templates';
import type { Lang } from '../catalog/types';

/** How insights reach the helpdesk channel: through the outbox, so a throttled or restarting bot loses nothing. */
export interface HelpdeskPoster {
  /** The helpdesk channel's language, or undefined while no channel is set. */
  channelLang(): Promise<Lang | undefined>;
  /** Queues a card for the helpdesk channel. */
  post(card: AdaptiveCardJson): Promise<void>;
}

export interface InsightsLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}
