import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningProcess } from './bots';
import type { CountingConnector } from './counting-connector';

/**
 * The bot's answer cards for every body of the mix, sent once each, in order, written to `<dir>/cards.json` for the
 * card echo. The connector keeps these bodies only while capturing, never during a load run.
 */
export async function captureCards(
  bot: RunningProcess,
  connector: CountingConnector,
  bodies: readonly string[],
  dir: string,
): Promise<string> {
  const captured = connector.startCapture('bot', bodies.length);
  try {
    for (const body of bodies) {
      const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`the bot answered ${res.status} to ${body.slice(0, 200)}…\n${bot.child.output()}`);
    }
  } finally {
    connector.stopCapture();
  }
  const cards = captured
    .map((body) => (JSON.parse(body) as { attachments?: { content?: unknown }[] }).attachments?.[0]?.content)
    .filter(Boolean);
  if (cards.length !== bodies.length) throw new Error(`expected ${bodies.length} answer cards, got ${cards.length}`);
  const file = join(dir, 'cards.json');
  writeFileSync(file, JSON.stringify(cards));
  return file;
}
