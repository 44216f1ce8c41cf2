import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { loadConfig } from '../../src/config';
import { ROOT_DIR } from '../../src/paths';
import { startBot, type RunningBot } from '../../src/start';
import { AgentsPlayground } from './agents-playground';

const CHROMIUM = '/usr/bin/chromium';
const IMAGES = join(ROOT_DIR, 'docs', 'images');
/** The Playground's Teams client reports this zone to the bot, so the cards' times are in it. */
const TIME_ZONE = 'Asia/Shanghai';

/**
 * The whole helpdesk walk in a real browser, in the Microsoft 365 Agents Playground (a Teams client the project did not
 * write): a code in 1:1, Chinese, `set helpdesk channel`, escalation, the ticket in the channel, Assign to me, Resolve
 * with a note, and the requester's notice. It asserts what a person sees and keeps the README's screenshots current.
 */
describe('the helpdesk in the Agents Playground, in Chromium', () => {
  let bot: RunningBot;
  const playground = new AgentsPlayground();
  let context: BrowserContext;
  let page: Page;
  const profile = mkdtempSync(join(tmpdir(), 'helpdesk-chromium-'));
  const offline: string[] = [];

  beforeAll(async () => {
    bot = await startBot(
      loadConfig({
        PORT: '0',
        STORAGE: 'memory',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
        OUTBOX_POLL_MS: '200',
        OUTBOX_RETRY_BASE_MS: '200',
      }),
    );
    await playground.start(`${bot.url}/api/messages`, TIME_ZONE);
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      // Tall enough that the longest card fits whole in the conversation pane for its screenshot.
      viewport: { width: 1400, height: 2000 },
      locale: 'en-US',
      timezoneId: TIME_ZONE,
    });
    // Loopback only: the Playground's CDN fonts and animation are refused at once rather than waited for.
    await context.route('**/*', (route) => {
      const { hostname } = new URL(route.request().url());
      if (hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
      offline.push(hostname);
      return route.abort('internetdisconnected');
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
    await page.goto(playground.url);
    mkdirSync(IMAGES, { recursive: true });
  });

  afterAll(async () => {
    await context?.close();
    await playground.stop();
    await bot?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  const open = async (conversation: 'Personal Chat' | 'General') => {
    await page.getByText(conversation, { exact: true }).first().click();
  };
  /** The newest card that shows this text. */
  const cardWith = (text: string | RegExp): Locator => page.locator('.ac-adaptiveCard').filter({ hasText: text }).last();
  /** Types into a card's input the way a person does: the card reads keystrokes, not a value set from outside. */
  const typeInto = async (input: Locator, text: string) => {
    await input.click();
    await page.keyboard.type(text);
  };
  const personalSays = async (text: string) => {
    const box = page.locator('[data-lexical-editor="true"]').last();
    await box.click();
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
  };
  /** A new post in the open channel that @mentions the bot. */
  const mentionBot = async (text: string) => {
    await page.locator('[data-lexical-editor="true"]').first().click();
    await page.keyboard.type('@');
    await page.getByRole('menuitem', { name: /Test Bot/ }).click();
    await page.keyboard.type(` ${text}`);
    await page.getByRole('button', { name: 'Post' }).click();
  };
  /** The card with the frame the client draws around it, as a person sees it in the conversation. */
  const shoot = (card: Locator, name: string) =>
    card.locator('xpath=../..').screenshot({ path: join(IMAGES, name), animations: 'disabled' });
  /** What a person would call an error: the bot's apology or the Playground's own "could not reach the app". */
  const errorsOnScreen = () => page.getByText(/Sorry, something went wrong|Unable to reach app|抱歉，我这边出了点问题/).count();

  it('answers, escalates, and the helpdesk works the ticket to the end, with no error anywhere', async () => {
    onTestFailed(async () => {
      const path = join(tmpdir(), `helpdesk-playground-failure-${Date.now()}.png`);
      await page.screenshot({ path, fullPage: true });
      console.error(`screenshot of the failure: ${path}\nAgents Playground output:\n${playground.log}`);
    });
    await open('Personal Chat');
    await cardWith("Hi, I'm Sign-in Helpdesk").waitFor();

    // 1. A code in 1:1 chat, with the IDs a sign-in error page shows.
    await personalSays('AADSTS50053 Correlation ID: aaaa0000-bb11-2222-33cc-444444dddddd');
    const answer = cardWith('AADSTS50053 · Account locked');
    await answer.getByText('Who must act: You can fix this').waitFor();
    await expect(answer.getByText('aaaa0000-bb11-2222-33cc-444444dddddd').isVisible()).resolves.toBe(true);
    await shoot(answer, 'answer-card-en.png');

    // 1b. "Not solved": the card thanks them for saying so and points at the escalation comment right below.
    await answer.getByRole('button', { name: 'Not solved' }).click();
    const notSolved = cardWith('Sorry this did not solve it.');
    await notSolved.waitFor();
    await notSolved.getByPlaceholder('Anything else we should know? (optional)').waitFor();

    // 2. The same in Chinese: a code, then a symptom described in words.
    await personalSays('登录时提示 AADSTS50126，怎么办');
    const answerZh = cardWith('AADSTS50126 · ');
    await answerZh.getByText('这个登录错误的含义').waitFor();
    await answerZh.getByText('谁需要处理').first().waitFor();
    await shoot(answerZh, 'answer-card-zh.png');
    // The MFA prompts are near-twins a description cannot tell apart: the bot asks which one the person sees.
    await personalSays('MFA 一直失败');
    const symptom = cardWith('你看到的是哪一个？');
    await symptom
      .getByRole('button', { name: /^我看到的是 AADSTS/ })
      .first()
      .waitFor();
    await expect(symptom.getByRole('button', { name: /^我看到的是 AADSTS/ }).count()).resolves.toBeGreaterThanOrEqual(2);
    await shoot(symptom, 'symptom-card-zh.png');

    // 3. The helpdesk channel, set by @mentioning the bot in General.
    await open('General');
    // Opening the channel adds the bot there, and it greets the channel with a post of its own. A person sees that
    // first; mentioning the bot before it arrives races two new posts in the Playground's channel view, and under load
    // (a CI run) the reply to the mention once never showed.
    await cardWith("Hi, I'm Sign-in Helpdesk").waitFor();
    await mentionBot('set helpdesk channel');
    await page.getByText('This channel is now the helpdesk channel').waitFor();

    // 4. Escalation from 1:1, with a comment; the card says where the ticket stands instead of offering the button.
    await open('Personal Chat');
    const escalating = cardWith('AADSTS50053 · Account locked');
    await typeInto(escalating.getByPlaceholder('Anything else we should know? (optional)'), 'Locked since this morning.');
    await escalating.getByRole('button', { name: 'Escalate to the helpdesk' }).click();
    const escalated = cardWith('Escalated as HD-000001');
    await escalated.waitFor();
    await expect(escalated.getByRole('button', { name: 'Escalate to the helpdesk' }).count()).resolves.toBe(0);

    // 5. The ticket in the helpdesk channel, worded for the helpdesk.
    await open('General');
    const ticket = cardWith('HD-000001 · Open');
    await ticket.waitFor();
    await ticket.getByText('The requester can fix this themselves').waitFor();
    await ticket.getByText('Locked since this morning.').waitFor();
    await expect(ticket.getByText(/Asked by .+ · \d{4}-\d\d-\d\d \d\d:\d\d GMT\+8/).isVisible()).resolves.toBe(true);
    await shoot(ticket, 'ticket-card.png');

    // 6. Assign to me: the card shows the new state at once; the update of the posted card follows through the outbox.
    await ticket.getByRole('button', { name: 'Assign to me' }).click();
    const assigned = cardWith('HD-000001 · Assigned');
    await assigned.waitFor();
    await assigned.getByText(/Assigned to: /).waitFor();

    // 7. Resolve with a note the requester will read.
    await assigned.getByRole('button', { name: 'Resolve' }).click();
    await typeInto(
      assigned.getByLabel('What fixed it? (the requester sees this)'),
      'Unlocked the account; wait 15 minutes before signing in.',
    );
    await assigned.getByRole('button', { name: 'Resolve ticket' }).click();
    const resolved = cardWith('HD-000001 · Resolved');
    await resolved.waitFor();
    await resolved.getByRole('button', { name: 'Reopen' }).waitFor();
    await expect(resolved.getByRole('button', { name: /Assign to me|Take over/ }).count()).resolves.toBe(0);
    await shoot(resolved, 'ticket-card-resolved.png');

    // 8. The requester is told, and their answer card shows the outcome.
    await open('Personal Chat');
    const notice = cardWith('Helpdesk ticket HD-000001');
    await notice.getByText(/was resolved by .+ Unlocked the account; wait 15 minutes before signing in\./).waitFor();
    await cardWith(/HD-000001: resolved by/).waitFor();

    // 9. The helpdesk's statistics in the channel: this walk's three questions, the vote and the ticket.
    await open('General');
    await mentionBot('stats');
    const stats = cardWith('Helpdesk insights');
    await stats.waitFor();
    await stats.getByText('Last 7 days', { exact: true }).waitFor();
    await expect(stats.getByText('33% (1 of 3)').count()).resolves.toBe(2); // escalated, in both windows
    await expect(stats.getByText('0% (0 of 1)').count()).resolves.toBe(2); // helpful: the one vote was "Not solved"
    await stats.getByText('AADSTS50053 · Account locked').first().waitFor();
    await stats.getByText('Answered with a choice', { exact: true }).waitFor(); // "MFA 一直失败" was asked back
    // The bar chart where the client draws charts, its one-line text otherwise.
    const drawn = (await stats.locator('svg, canvas').count()) > 0;
    if (!drawn)
      await stats
        .getByText(/AADSTS50053: 1 · /)
        .first()
        .waitFor();
    await shoot(stats, 'stats-card.png');

    for (const conversation of ['Personal Chat', 'General'] as const) {
      await open(conversation);
      expect(await errorsOnScreen(), `an error shows in ${conversation}`).toBe(0);
    }
    expect(new Set(offline)).not.toContain('127.0.0.1');
  });
});
