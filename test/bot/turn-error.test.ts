import { TurnContext, TestAdapter } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { testApp } from '../helpers/helpdesk-data';
import { createTurnErrorHandler } from '../../src/bot/turn-error';
import type { Logger } from '../../src/logger';
import { cardText } from '../helpers/connector-stand-in';

describe('turn errors', () => {
  it('logs the error under a short reference and tells the user only that reference, in their language', async () => {
    const logged: { obj: any; msg: string }[] = [];
    const log = { error: (obj: object, msg: string) => logged.push({ obj, msg }) } as unknown as Logger;
    const adapter = new TestAdapter();
    const context = new TurnContext(adapter, {
      type: 'message',
      text: 'AADSTS50126',
      locale: 'zh-CN',
      channelId: 'test',
      conversation: { id: 'c', isGroup: false, conversationType: 'personal', name: '' },
      from: { id: 'u', name: 'u' },
      recipient: { id: 'b', name: 'b' },
      serviceUrl: 'https://example.test/',
    });
    await createTurnErrorHandler(testApp(), log)(context, new Error('database on fire\n    at secretFunction (/srv/app.js:1:1)'));

    const [sent] = adapter.activeQueue;
    const text = cardText(sent!.attachments![0]!.content);
    const ref = /参考号 ([0-9a-f]{8})/.exec(text)?.[1];
    expect(ref).toBeDefined();
    expect(text).not.toContain('database on fire');
    expect(text).not.toContain('secretFunction');
    expect(logged).toHaveLength(1);
    expect(logged[0]!.obj.ref).toBe(ref);
    expect(logged[0]!.obj.err.message).toContain('database on fire');
    expect(JSON.stringify(logged[0]!.obj)).not.toContain('AADSTS50126');
  });
});
