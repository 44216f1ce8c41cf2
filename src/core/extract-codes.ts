import { normalizeForExtraction } from './normalize-text';
import { findCodeColumnValues, type TableHit } from './extract-table-codes';

export interface ExtractedCodes {
  /** Every code found, in order of first appearance, without repeats. */
  readonly found: readonly number[];
  readonly known: readonly number[];
  readonly unknown: readonly number[];
}

interface Hit {
  readonly index: number;
  readonly code: number;
}

/** `a|b|c` from alternatives written apart by white space, so long word lists wrap like prose. */
function alternatives(words: string): string {
  return words.trim().split(/\s+/).join('|');
}

/** A non-capturing group of alternatives: `(?:a|b|c)`. */
function oneOf(words: string): string {
  return `(?:${alternatives(words)})`;
}

// `AADSTS50126`, `aadsts 50055`, `AADSTS-50057`, `报错AADSTS700016了`: the prefix makes any number a code.
export const PREFIXED = /AADSTS[\s_:-]{0,3}(\d{4,8})(?!\d)/gi;

// A label that says "the next number is a sign-in error code", as people, JSON, URLs, KQL and error pages write it.
const LABEL = String.raw`(?<![A-Za-z])${oneOf(String.raw`
  sign-?in\s+error\s+code error[\s_-]?codes? err[\s_-]?code errorcodes? error err code result[\s_]?type status[\s_]?code
  错误代码 错误码 错误编号 错误号 错误 报错 代码 返回码 出错 报`)}`;
// White space is bounded ({0,8}) everywhere: nested unbounded runs made "error" + 20,000 spaces take minutes (cubic).
const LABELLED = new RegExp(
  String.raw`${LABEL}["']?\s{0,8}(?:(?:[:=#：]|==|!=|in|is|of)(?![a-z])\s{0,8})?[[(]?\s{0,3}["']?(\d{5,7})(?!\d)`,
  'gi',
);
// Codes that are not sign-in error codes: `verification code 123456`, `zip code 50001`.
const OTHER_KIND_OF_CODE = new RegExp(
  `${oneOf(String.raw`
    verification verify one[\s-]?time otp sms pin auth(?:entication)? security zip postal post area country promo discount
    coupon invite qr source 验证 动态 短信 邮政 区号 邀请 优惠 源`)}\\s*$`,
  'i',
);
const OTHER_KIND_OF_CODE_BEFORE = new RegExp(`${OTHER_KIND_OF_CODE.source.slice(0, -1)}\\s*(?:code|码)\\s*[:：#]?\\s*$`, 'i');
// After a labelled code, more may follow in a list: `error_codes: [50126, 50053]`, `in ("50053","50055")`, `50126、50053 和 50055`.
const LIST_NEXT = /["']?\s{0,8}(?:,|，|、|\/|\||;|\band\b|\bor\b|和|或|及|与|&)\s{0,8}["']?(\d{5,7})(?!\d)/iy;

// A bare number standing alone: not part of a GUID, IP, port, version, URL path, ticket or amount.
const BARE = /(?<![\w.:/#@$¥€£=+%-])(\d{5,7})(?![\w%]|[.,:/-]\d)/g;
// Words just before a number that say it is something else.
const NOT_A_CODE_BEFORE = new RegExp(
  String.raw`(?:\b${oneOf(String.raw`
    port pid uid take top limit head tail ticket case order employee emp staff asset tag kb inc req ext extension phone tel
    mobile room invoice no\.? number num zip build version ver amount price cost total budget salary about approx\.? over
    than around cent(?:re|er) dept department badge line length size bytes`)}|${alternatives(`
    工号 订单 单号 工单 编号 资产 电话 手机 分机 房间 发票 端口 版本 金额 价格 预算 共 合计 约 大约 超过 第 部门 成本中心 工卡`)})` +
    String.raw`\.?(?:\s+(?:is|was|of))?\s*[:：#=]?\s*$`,
  'i',
);
// Units just after a number that say it is a quantity, not a code ("Request Id" after it is the next field's label).
const UNIT_AFTER = new RegExp(
  String.raw`^[ \t]*${oneOf(String.raw`
    元 块 円 万 千 rmb cny usd eur dollars? users? people persons? employees? members? staff 人 个 名 位 次 rows? 行 条 records?
    items? entries licen[cs]es? seats? accounts? devices? mailbox(?:es)? 台 张 份 套 times events? requests? sign-?ins logins ms
    milliseconds? 秒 seconds? secs? mins? minutes? 分钟 小时 hours? hrs? 天 days? weeks? months? years? 年 月 kb mb gb tb bytes?
    美元 欧元 块钱`)}(?![A-Za-z])(?![ \t]*[-_]?ids?\b)`,
  'i',
);
// A bare known code counts only in a message about a failure, or in a message that is little more than the code.
const FAILURE_CONTEXT = new RegExp(
  alternatives(String.raw`
    error fail aadsts code sign[\s-]?in log[\s-]?[io]n logon denied blocked locked getting got again message popup prompt
    失败 报 错 登录 登陆 登入 登不 进不去 提示 拒绝 弹 锁 码`),
  'i',
);
const SHORT_MESSAGE_WORDS = 4;

function isStandaloneMessage(text: string, hitIndex: number, hitLength: number): boolean {
  const rest = (text.slice(0, hitIndex) + ' ' + text.slice(hitIndex + hitLength)).trim();
  return rest.split(/\s+/).filter(Boolean).length <= SHORT_MESSAGE_WORDS && !/\d{3,}/.test(rest);
}

function looksLikeQuantityOrId(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 24), start);
  return NOT_A_CODE_BEFORE.test(before) || OTHER_KIND_OF_CODE_BEFORE.test(before) || UNIT_AFTER.test(text.slice(end, end + 16));
}

function inRanges(index: number, ranges: TableHit['ranges']): boolean {
  return ranges.some(([from, to]) => index >= from && index < to);
}

/**
 * Finds every Entra sign-in error code in a message, in order of first appearance.
 * `isKnown` tells catalog codes apart: unknown codes are reported only when labelled as codes.
 */
export function extractCodes(rawText: string, isKnown: (code: number) => boolean): ExtractedCodes {
  return findCodes(normalizeForExtraction(rawText), isKnown);
}

/** `extractCodes` on text already passed through `normalizeForExtraction`. */
export function findCodes(text: string, isKnown: (code: number) => boolean): ExtractedCodes {
  const hits: Hit[] = [];

  for (const match of text.matchAll(PREFIXED)) hits.push({ index: match.index, code: Number(match[1]) });

  const table = findCodeColumnValues(text);
  hits.push(...table.hits);
  const tableRanges = table.ranges;

  for (const match of text.matchAll(LABELLED)) {
    if (inRanges(match.index, tableRanges)) continue;
    if (OTHER_KIND_OF_CODE.test(text.slice(Math.max(0, match.index - 16), match.index))) continue;
    const numberEnd = match.index + match[0].length;
    const numberStart = numberEnd - match[1]!.length;
    if (!looksLikeQuantityOrId(text, numberStart, numberEnd)) hits.push({ index: numberStart, code: Number(match[1]) });
    LIST_NEXT.lastIndex = numberEnd;
    for (let next = LIST_NEXT.exec(text); next; next = LIST_NEXT.exec(text)) {
      hits.push({ index: LIST_NEXT.lastIndex - next[1]!.length, code: Number(next[1]) });
    }
  }

  const failureContext = FAILURE_CONTEXT.test(text);
  // Taking a number out removes at most one word, so a longer text is never "little more than the code": checking
  // that once keeps a text of thousands of bare numbers linear.
  const short = text.split(/\s+/, SHORT_MESSAGE_WORDS + 3).filter(Boolean).length <= SHORT_MESSAGE_WORDS + 1;
  for (const match of text.matchAll(BARE)) {
    const code = Number(match[1]);
    if (!isKnown(code) || inRanges(match.index, tableRanges)) continue;
    const end = match.index + match[0].length;
    if (looksLikeQuantityOrId(text, match.index, end)) continue;
    if (failureContext || (short && isStandaloneMessage(text, match.index, match[0].length))) hits.push({ index: match.index, code });
  }

  hits.sort((a, b) => a.index - b.index);
  const found: number[] = [];
  const seen = new Set<number>();
  for (const { code } of hits) {
    if (code === 0 || seen.has(code)) continue;
    seen.add(code);
    found.push(code);
  }
  return {
    found,
    known: found.filter((code) => isKnown(code)),
    unknown: found.filter((code) => !isKnown(code)),
  };
}
