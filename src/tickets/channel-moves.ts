import { randomUUID } from 'node:crypto';
import type { HelpdeskChannel, KeyValueStore, Person } from './types';

/** A request to move the helpdesk channel, waiting for the current helpdesk channel to approve it. */
export interface ChannelMoveRequest {
  readonly id: string;
  /** The channel asked for, as it would be stored once approved. */
  readonly target: Omit<HelpdeskChannel, 'setAt'>;
  /** The helpdesk channel asked to approve: the request lapses if the channel changes meanwhile. */
  readonly fromChannelId: string;
  readonly requestedBy: Person;
  readonly requestedAt: string;
  readonly teamName?: string;
}

const key = (id: string) => `helpdesk/channel-move/${id}`;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Open move requests, one document each; ids are random, so a request cannot be guessed from its card. */
export class ChannelMoves {
  constructor(private readonly store: KeyValueStore) {}

  async open(request: Omit<ChannelMoveRequest, 'id'>): Promise<ChannelMoveRequest> {
    const stored = { ...request, id: randomUUID() };
    await this.store.write({ [key(stored.id)]: { ...stored, eTag: '*' } });
    return stored;
  }

  async get(id: unknown): Promise<ChannelMoveRequest | undefined> {
    if (typeof id !== 'string' || !ID.test(id)) return undefined;
    const { eTag: _eTag, ...request } = ((await this.store.read([key(id)]))[key(id)] ?? {}) as ChannelMoveRequest & { eTag?: string };
    return request.id === id ? request : undefined;
  }

  async close(id: string): Promise<void> {
    await this.store.delete([key(id)]);
  }
}
