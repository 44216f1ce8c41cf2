import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../../src/catalog/types';
import { DATA_DIR } from '../../src/paths';
import { testCatalog } from '../helpers/helpdesk-data';

/** data/glossary.md decides the words; this test reads its two tables rather than keep a second list. */
const glossary = readFileSync(join(DATA_DIR, 'glossary.md'), 'utf8');
const tableRows = (heading: string): string[][] =>
  glossary
    .slice(glossary.indexOf(heading))
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| English') && !line.startsWith('| Role'))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );

/** The "Not" column: variants the bot must not write, except those whose note says when they are right. */
const BANNED = tableRows('| English').flatMap(([, , not]) =>
  (not ?? '')
    .split(',')
    .filter((variant) => !/\(unless/.test(variant))
    .map((variant) => variant.replace(/\(.*?\)/g, '').trim())
    .filter(Boolean),
);
/** Role labels as the glossary writes them: `Admin: …` / `管理员：…`. */
const ROLES = tableRows('## Steps addressed by role').map(([, en, zh]) => ({
  en: en!.replace(/`|…/g, '').trim(),
  zh: zh!.replace(/`|…/g, '').trim(),
}));
const PLACEHOLDER = /\{[A-Za-z]+\}|X…Y|X\.\.\.Y|应用程序 X|\{租户\}/;
const MENU_PATH = /\b(Identity|Protection) >|(?<!外部)标识 >|保护 >/;
/** Tools only admins and developers use: an unlabelled step that sends the reader there is meant for someone else. */
const ADMIN_TOOLS = {
  en: /Enterprise apps?\b|Enterprise applications|App registrations?|[Ss]ign-in logs|admin center|Event Viewer|Group Policy|jwt\.ms|\bMSAL\b|Get-Mg|Audit logs|\bthe user\b(?! name)/,
  zh: /企业应用程序|应用注册|登录日志|管理中心|事件查看器|组策略|jwt\.ms|MSAL|Get-Mg|审核日志|让用户|请用户/,
};
const text = (entry: CatalogEntry) => [
  entry.title.zh,
  entry.meaning.zh,
  ...entry.steps.zh,
  entry.title.en,
  entry.meaning.en,
  ...entry.steps.en,
];

describe('catalog language', () => {
  const catalog = testCatalog();

  it('reads the glossary: banned variants and five role labels', () => {
    expect(BANNED).toEqual(expect.arrayContaining(['账户', '账号', '身份提供者', '吊销', '无提示', '代表流', '登陆', '单点登录']));
    expect(BANNED).not.toContain('Azure 门户'); // right when the Azure portal is meant
    expect(ROLES.map((role) => role.en)).toEqual(['Admin:', 'Developer:', 'App owner:', 'Helpdesk:', 'IdP team:']);
    expect(ROLES.map((role) => role.zh)).toEqual(['管理员：', '开发人员：', '应用所有者：', '服务台：', 'IdP 团队：']);
  });

  it('writes Microsoft\u2019s zh-CN terms in titles, meanings and steps (keywords may keep what users type)', () => {
    const found = catalog.entries.flatMap((entry) =>
      BANNED.filter((variant) => [entry.title.zh, entry.meaning.zh, ...entry.steps.zh].some((t) => t.includes(variant))).map(
        (variant) => `${entry.code}: ${variant}`,
      ),
    );
    expect(found).toEqual([]);
  });

  it('shows no raw placeholders', () => {
    expect(catalog.entries.filter((entry) => text(entry).some((t) => PLACEHOLDER.test(t))).map((entry) => entry.code)).toEqual([]);
  });

  it('uses no 2023-24 admin-center menu paths ("Identity > …", "Protection > …")', () => {
    expect(catalog.entries.filter((entry) => text(entry).some((t) => MENU_PATH.test(t))).map((entry) => entry.code)).toEqual([]);
  });

  it('labels a step the same way in both languages, with the glossary\u2019s labels only', () => {
    const problems: string[] = [];
    for (const entry of catalog.entries) {
      entry.steps.en.forEach((en, i) => {
        const zh = entry.steps.zh[i]!;
        const roleEn = ROLES.findIndex((role) => en.startsWith(`${role.en} `));
        const roleZh = ROLES.findIndex((role) => zh.startsWith(role.zh));
        if (roleEn !== roleZh)
          problems.push(`${entry.code} step ${i + 1}: en ${ROLES[roleEn]?.en ?? 'unlabelled'}, zh ${ROLES[roleZh]?.zh ?? 'unlabelled'}`);
        if (roleEn < 0 && /^(Admin|Developer|App owner|Helpdesk|IdP|IT|Provider|SAML app)\b[^:.]{0,30}:/.test(en)) {
          problems.push(`${entry.code} step ${i + 1}: label not in the glossary: ${en.slice(0, 40)}`);
        }
        if (roleZh < 0 && /^(管理员|开发人员|应用所有者|服务台|IdP|提供程序)[^：。]{0,12}：/.test(zh)) {
          problems.push(`${entry.code} step ${i + 1}: label not in the glossary: ${zh.slice(0, 20)}`);
        }
      });
    }
    expect(problems).toEqual([]);
  });

  it('labels every step that sends the reader into admin or developer tools', () => {
    const unlabelled: string[] = [];
    for (const entry of catalog.entries) {
      for (const lang of ['en', 'zh'] as const) {
        entry.steps[lang].forEach((step, i) => {
          const labelled = ROLES.some((role) => step.startsWith(lang === 'en' ? `${role.en} ` : role.zh));
          const tool = step.match(ADMIN_TOOLS[lang]);
          if (!labelled && tool) unlabelled.push(`${entry.code} ${lang} step ${i + 1} (${tool[0]}): ${step.slice(0, 60)}`);
        });
      }
    }
    expect(unlabelled).toEqual([]);
  });

  it('gives every meaning a Chinese text about as full as the English, describing rather than instructing', () => {
    const thin = catalog.entries.filter((entry) => entry.meaning.zh.length < 0.2 * entry.meaning.en.length).map((entry) => entry.code);
    expect(thin).toEqual([]);
    const instructing = catalog.entries
      .filter((entry) => /请联系|请让用户|需要开具支持票证|请租户管理员/.test(entry.meaning.zh))
      .map((e) => e.code);
    expect(instructing).toEqual([]);
  });

  it('catches what it is meant to catch', () => {
    const sample = 'Admin/developer: decode the token in jwt.ms';
    expect(BANNED.some((variant) => '请联系身份提供者'.includes(variant))).toBe(true);
    expect(PLACEHOLDER.test('在目录“{tenantName}”中')).toBe(true);
    expect(MENU_PATH.test('“标识 > 应用程序 > 企业应用程序”')).toBe(true);
    expect(MENU_PATH.test('Entra ID > 外部标识 > 跨租户访问设置')).toBe(false);
    expect(ADMIN_TOOLS.en.test(sample) && !ROLES.some((role) => sample.startsWith(`${role.en} `))).toBe(true);
  });
});
