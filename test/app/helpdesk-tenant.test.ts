import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { describe, expect, it } from 'vitest';
import { createHelpdeskApp } from '../../src/app/create-app';
import type { Origin, Reply } from '../../src/app/turn-types';
import { ChannelMoves } from '../../src/tickets/channel-moves';
import { TicketStore } from '../../src/tickets/ticket-store';
import { cardText } from '../helpers/connector-stand-in';
import { testData } from '../helpers/helpdesk-data';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const text = (reply: Reply) => (reply.kind === 'card' ? cardText(reply.card) : reply.text);

function channelOrigin(channel: string, tenantId: string): Origin {
  return {
    actor: { id: '29:someone', name: 'Someone', aadObjectId: '0c9a8b7d-2222-4e5f-8a9b-abcdefabcdef' },
    conversation: {
      serviceUrl: 'https://smba.trafficmanager.net/apac/',
      channelId: 'msteams',
      conversationId: `${channel};messageid=1`,
      tenantId,
    },
    teamsChannelId: channel,
  };
}

describe('the helpdesk channel and tenants (MicrosoftAppTenantId)', () => {
  it('refuses a channel of another tenant, whoever asks and even when none is set yet', async () => {
    const storage = new SqliteStorage(':memory:');
    const store = new TicketStore(storage);
    const posted: string[] = [];
    const app = createHelpdeskApp(testData(), {
      store,
      onQueued: () => {},
      authority: {
        admins: ['0c9a8b7d-2222-4e5f-8a9b-abcdefabcdef'],
        presetChannel: false,
        tenantId: TENANT,
        moves: new ChannelMoves(storage),
        postToChannel: async (channel) => posted.push(channel.channelId),
      },
    });
    const other = await app.deps.authority.setHelpdeskChannel(
      channelOrigin('19:theirs@thread.tacv2', '0badf00d-0000-4000-8000-000000000bad'),
      'en',
    );
    expect(text(other)).toContain('belongs to another organisation');
    expect(await store.getChannel()).toBeUndefined();
    const own = await app.deps.authority.setHelpdeskChannel(channelOrigin('19:ours@thread.tacv2', TENANT.toUpperCase()), 'en');
    expect(text(own)).toContain('now the helpdesk channel');
    expect((await store.getChannel())!.channelId).toBe('19:ours@thread.tacv2');
    const missing = await app.deps.authority.setHelpdeskChannel(
      {
        ...channelOrigin('19:x@thread.tacv2', TENANT),
        conversation: { ...channelOrigin('19:x@thread.tacv2', TENANT).conversation, tenantId: undefined },
      },
      'en',
    );
    expect(text(missing)).toContain('belongs to another organisation');
    expect(posted).toEqual([]);
  });
});
