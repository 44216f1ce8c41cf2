import { describe, expect, it } from 'vitest';
import { testApp } from '../helpers/helpdesk-data';
import { cardText } from '../helpers/connector-stand-in';

const app = testApp();
const origin = {
  actor: { id: '29:user' },
  conversation: { serviceUrl: 'https://example.test/', channelId: 'msteams', conversationId: 'a:1' },
  locale: 'en-US',
};

describe('routing tables', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', '', 'ticket.delete'])(
    'answers the unknown card verb %j with the "not valid" card',
    async (verb) => {
      const card = await app.onCardAction({ ...origin, verb, data: { ticket: 'HD-000001' } });
      expect(cardText(card)).toContain('not valid');
    },
  );

  it('routes every command of data/commands.json', async () => {
    for (const command of app.deps.commands.commands) {
      const [reply] = await app.onMessage({ ...origin, text: command.names[0]!, scope: 'team', teamsChannelId: '19:x@thread.tacv2' });
      expect(reply?.kind).toBe('card');
    }
  });

  it('answers a command that needs a conversation as a question when the message has none', async () => {
    const [reply] = await app.onMessage({ text: 'tickets', scope: 'team' });
    expect(reply?.kind === 'card' && cardText(reply.card)).toContain("I couldn't match that");
  });
});
