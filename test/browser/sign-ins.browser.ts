import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { ROOT_DIR } from '../../src/paths';
import { BotProcess } from '../helpers/bot-process';
import { signIn } from '../helpers/graph-stand-in';
import { SignInStandIns } from '../helpers/sign-in-stand-ins';
import { AgentsPlayground } from './agents-playground';

const CHROMIUM = '/usr/bin/chromium';
const IMAGES = join(ROOT_DIR, 'docs', 'images');
const TIME_ZONE = 'Asia/Shanghai';
/** The Playground's signed-in user, with a real GUID for an object id (its built-in user's is one digit too long). */
const USER = { id: 'user-id-0', name: 'Alex Wilber', upn: 'alexw@contoso.com', aadObjectId: '5d3f6a2e-8b1c-4e7f-9a0d-2c4b6e8f1a3d' };
const HOUR = 3_600_000;

/** The Playground's mock-up of the tenant (`.m365agentsplayground.yml`, which wants at least five other users). */
const PLAYGROUND_CONFIG = `version: "0.1.1"
tenantId: 72f988bf-86f1-41af-91ab-2d7cd011db47
bot:
  id: 00000000-0000-0000-0000-00000000000011
  name: Test Bot
currentUser:
  id: ${USER.id}
  name: ${USER.name}
  userPrincipleName: ${USER.upn}
  aadObjectId: ${USER.aadObjectId}
  givenName: Alex
  surname: Wilber
  email: ${USER.upn}
users:
  - id: user-id-1
    name: Megan Bowen
    userPrincipleName: megan@contoso.com
    aadObjectId: 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c01
    givenName: Megan
    surname: Bowen
    email: megan@contoso.com
  - id: user-id-2
    name: Adele Vance
    userPrincipleName: adele@contoso.com
    aadObjectId: 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c02
    givenName: Adele
    surname: Vance
    email: adele@contoso.com
  - id: user-id-3
    name: Isaiah Langer
    userPrincipleName: isaiah@contoso.com
    aadObjectId: 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c03
    givenName: Isaiah
    surname: Langer
    email: isaiah@contoso.com
  - id: user-id-4
    name: Patti Fernandez
    userPrincipleName: patti@contoso.com
    aadObjectId: 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c04
    givenName: Patti
    surname: Fernandez
    email: patti@contoso.com
  - id: user-id-5
    name: Lynne Robbins
    userPrincipleName: lynne@contoso.com
    aadObjectId: 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c05
    givenName: Lynne
    surname: Robbins
    email: lynne@contoso.com
personalChat:
  id: personal-chat-id
groupChat:
  id: group-chat-id
  name: Group Chat
team:
  id: team-id
  name: My Team
  aadGroupId: 00000000-0000-0000-0000-000000000031
  channels:
    - id: channel-announcements-id
      name: Announcements
`;

/**
 * "Why can't I sign in?" answered from the sign-in logs, as a person sees it in the Agents Playground: the bot runs in
 * its own process (trusting the stand-ins' test certificate), reads the Graph stand-in's sign-ins for the Playground's
 * user, and the card is photographed for the README.
 */
describe('sign-in logs in the Agents Playground, in Chromium', () => {
  let standIns: SignInStandIns;
  let bot: BotProcess;
  const playground = new AgentsPlayground();
  let context: BrowserContext;
  let page: Page;
  const work = mkdtempSync(join(tmpdir(), 'helpdesk-sign-ins-browser-'));
  const configPath = join(work, '.m365agentsplayground.yml');

  beforeAll(async () => {
    standIns = await SignInStandIns.start();
    const now = Date.now();
    const at = (msAgo: number) => new Date(now - msAgo).toISOString().replace(/\.\d{3}Z$/, 'Z');
    standIns.graph.rows = [
      signIn({
        userId: USER.aadObjectId,
        userPrincipalName: USER.upn,
        createdDateTime: at(0.5 * HOUR),
        appDisplayName: 'Salesforce',
        conditionalAccessStatus: 'failure',
        deviceDetail: { ...signIn().deviceDetail, operatingSystem: 'iOS 17', browser: 'Mobile Safari 17.5' },
        status: { errorCode: 53003, failureReason: 'Access has been blocked by Conditional Access policies.' },
      }),
      ...[2, 2.1, 2.2].map((hours) =>
        signIn({
          userId: USER.aadObjectId,
          userPrincipalName: USER.upn,
          createdDateTime: at(hours * HOUR),
          appDisplayName: 'Microsoft Outlook',
          status: { errorCode: 50126, failureReason: 'Invalid username or password.' },
        }),
      ),
    ];
    bot = await BotProcess.start(standIns.env({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' }));
    writeFileSync(configPath, PLAYGROUND_CONFIG);
    process.env.M365_AGENTS_PLAYGROUND_CONFIG_PATH = configPath; // the Playground child inherits it
    await playground.start(`${bot.url}/api/messages`, TIME_ZONE);
    context = await chromium.launchPersistentContext(join(work, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
      viewport: { width: 1400, height: 2000 },
      locale: 'en-US',
      timezoneId: TIME_ZONE,
    });
    await context.route('**/*', (route) => {
      const { hostname } = new URL(route.request().url());
      return hostname === '127.0.0.1' || hostname === 'localhost' ? route.continue() : route.abort('internetdisconnected');
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
    await page.goto(playground.url);
    mkdirSync(IMAGES, { recursive: true });
  });

  afterAll(async () => {
    delete process.env.M365_AGENTS_PLAYGROUND_CONFIG_PATH;
    await context?.close();
    await playground.stop();
    await bot?.stop();
    await standIns?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("answers a codeless 'I can't sign in' with the person's own failed sign-ins, explained", async () => {
    onTestFailed(async () => {
      const path = join(tmpdir(), `sign-ins-playground-failure-${Date.now()}.png`);
      await page.screenshot({ path, fullPage: true });
      console.error(`screenshot of the failure: ${path}\nAgents Playground output:\n${playground.log}\nbot stderr:\n${bot.stderr}`);
    });
    await page.getByText('Personal Chat', { exact: true }).first().click();
    const box = page.locator('[data-lexical-editor="true"]').last();
    await box.click();
    await page.keyboard.type("I can't sign in to Salesforce since this morning");
    await page.keyboard.press('Enter');

    const card = page.locator('.ac-adaptiveCard').filter({ hasText: 'Your failed sign-ins in the last 24 hours' }).last();
    await card.waitFor();
    await card.getByText('AADSTS53003 · Blocked by Conditional Access').waitFor();
    await expect(card.getByText('Salesforce', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(
      card
        .getByText(/\d{4}-\d\d-\d\d \d\d:\d\d GMT\+8/)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    await expect(card.getByText(/3 times, last at/).isVisible()).resolves.toBe(true);
    await expect(card.getByRole('button', { name: /Escalate AADSTS53003/ }).isVisible()).resolves.toBe(true);
    await card.locator('xpath=../..').screenshot({ path: join(IMAGES, 'sign-ins-card.png'), animations: 'disabled' });

    // The Graph request was about this user, and every connection of the bot stayed on loopback.
    expect(standIns.graph.signInCalls().at(-1)!.query.$filter).toContain(`userId eq '${USER.aadObjectId}'`);
    expect(bot.egress()).toEqual([]);
  });
});
