import type { AdaptiveCardJson } from '../cards/card-templates';
import type { Lang } from '../catalog/types';
import type { ChannelPosts } from '../tickets/channel-posts';
import type { HelpdeskChannel } from '../tickets/types';
import type { HelpdeskPoster } from './insights';

/** Insight cards go to the helpdesk channel through the outbox's queue of channel posts. */
export class OutboxPoster implements HelpdeskPoster {
  constructor(
    private readonly channels: { getChannel(): Promise<HelpdeskChannel | undefined> },
    private readonly posts: ChannelPosts,
    /** Wakes the outbox so the post goes out now, not at its next round. */
    private readonly kick: () => void,
  ) {}

  async channelLang(): Promise<Lang | undefined> {
    const channel = await this.channels.getChannel();
    return channel ? (channel.lang ?? 'en') : undefined;
  }

  async post(card: AdaptiveCardJson): Promise<void> {
    await this.posts.queue(card);
    this.kick();
  }
}
