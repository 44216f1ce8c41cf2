import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { FIXTURES } from './fixtures';

/** One request as it goes on the wire, and what kind of hostility it carries (for the figures). */
export interface HostileRequest {
  readonly kind: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

const FIXTURE_NAMES = ['personal-message', 'channel-mention', 'group-message', 'bot-installed-personal', 'bot-installed-team'];
const fixtures = FIXTURE_NAMES.map((name) => JSON.parse(readFileSync(join(FIXTURES, 'activities', `${name}.json`), 'utf8')));

/** Every field the bot or botbuilder reads, and some it should not care about. */
const PATHS = [
  'type',
  'id',
  'name',
  'text',
  'textFormat',
  'locale',
  'localTimezone',
  'replyToId',
  'timestamp',
  'localTimestamp',
  'deliveryMode',
  'channelId',
  'serviceUrl',
  'from',
  'from.id',
  'from.name',
  'from.aadObjectId',
  'recipient',
  'recipient.id',
  'conversation',
  'conversation.id',
  'conversation.conversationType',
  'conversation.tenantId',
  'channelData',
  'channelData.channel',
  'channelData.channel.id',
  'channelData.team',
  'channelData.team.name',
  'channelData.tenant',
  'channelData.eventType',
  'entities',
  'entities.0',
  'entities.0.type',
  'entities.0.mentioned',
  'entities.0.text',
  'attachments',
  'membersAdded',
  'membersAdded.0',
  'membersAdded.0.id',
  'membersRemoved',
  'reactionsAdded',
  'value',
  'value.action',
  'value.action.type',
  'value.action.verb',
  'value.action.data',
  'value.action.data.q',
  'value.action.data.ticket',
  'value.action.data.request',
  'value.commandId',
  'value.parameters',
  'value.parameters.0',
  'value.parameters.0.value',
  'value.queryOptions',
  'value.code',
  'relatesTo',
  '__proto__',
  'constructor',
];

const TYPES = [
  'message',
  'invoke',
  'conversationUpdate',
  'messageReaction',
  'installationUpdate',
  'event',
  'typing',
  'endOfConversation',
  'messageUpdate',
  'messageDelete',
  'trace',
  'handoff',
  'command',
  '',
];
const INVOKE_NAMES = [
  'adaptiveCard/action',
  'composeExtension/query',
  'composeExtension/selectItem',
  'task/fetch',
  'signin/verifyState',
  'fileConsent/invoke',
  'actionableMessage/executeAction',
  'composeExtension/queryLink',
  'composeExtension/submitAction',
  'config/fetch',
  'tab/fetch',
  'healthCheck',
  'search',
  'application/search',
  '',
];
const VERBS = [
  'escalate',
  'ticket.assign',
  'ticket.resolve',
  'ticket.reopen',
  'helpdesk.approveMove',
  'helpdesk.declineMove',
  'show',
  '',
  '__proto__',
];

/** Text people (and attackers) send: codes, Chinese, markup, mentions, control characters, lone surrogates, sizes. */
const hostileText = fc.oneof(
  fc.constantFrom(
    'AADSTS50126',
    '我的账号被锁了',
    'set helpdesk channel',
    '设为服务台频道',
    'tickets',
    'help',
    '<at>Sign-in Helpdesk</at> AADSTS50053',
    '<script>alert(1)</script>',
    '[click](https://evil.example) **bold** ${root}',
    '\u0000\u0001\u202e\ud800\udfff\ud800',
    'Correlation ID: aaaa0000-bb11-2222-33cc-444444dddddd Timestamp: 2016-01-09 02:02:12Z',
    '',
    '   ',
  ),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom('AADSTS50126 '.repeat(2000), '锁'.repeat(5000), `${'a'.repeat(30_000)}!`, '9'.repeat(20_000)),
);

/** Any JSON value, with a bias to the wrong types for a field: numbers, arrays, objects, null, huge strings. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.constantFrom(null, 0, -1, 1e308, true, [], {}, [[[]]], { id: 42 }, ['29:bot'], '29:bot') },
  { weight: 1, arbitrary: fc.constantFrom(...TYPES, ...INVOKE_NAMES, ...VERBS) },
);

function setPath(target: Record<string, any>, path: string, value: unknown, remove: boolean): void {
  const parts = path.split('.');
  let node: any = target;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = /^\d+$/.test(part) ? [] : {};
    node = node[part];
  }
  const last = parts.at(-1)!;
  if (remove) delete node[last];
  else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
}

/** A Teams activity or invoke, as captured, then mutated: fields removed or replaced with anything. */
function activities(serviceUrl: string): fc.Arbitrary<Record<string, unknown>> {
  const invoke = fc.record({
    name: fc.constantFrom(...INVOKE_NAMES),
    verb: fc.constantFrom(...VERBS),
    data: fc.oneof(
      fc.constant({ q: 'AADSTS50126', lang: 'en' }),
      fc.record({ ticket: fc.constantFrom('HD-000001', 'HD-1', '<x>') }),
      anyValue,
    ),
    query: hostileText,
  });
  const base = fc.tuple(fc.nat(FIXTURE_NAMES.length - 1), fc.option(invoke, { freq: 3 }), hostileText).map(([index, asInvoke, text]) => {
    const activity: Record<string, any> = structuredClone(fixtures[index]);
    activity.serviceUrl = serviceUrl;
    activity.id = `fuzz-${Math.random().toString(36).slice(2)}`;
    if (activity.type === 'message') activity.text = activity.text?.startsWith('<at>') ? `<at>Sign-in Helpdesk</at> ${text}` : text;
    if (asInvoke) {
      activity.type = 'invoke';
      activity.name = asInvoke.name;
      activity.value =
        asInvoke.name === 'composeExtension/query'
          ? { commandId: 'lookupError', parameters: [{ name: 'query', value: asInvoke.query }] }
          : { action: { type: 'Action.Execute', verb: asInvoke.verb, data: asInvoke.data }, trigger: 'manual' };
    }
    return activity;
  });
  const mutation = fc.record({ path: fc.constantFrom(...PATHS), value: anyValue, remove: fc.boolean() });
  return fc.tuple(base, fc.array(mutation, { maxLength: 4 })).map(([activity, mutations]) => {
    for (const { path, value, remove } of mutations) setPath(activity, path, value, remove);
    return activity;
  });
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
/** Built once: gzip of 20 MB of spaces, about 20 KB on the wire. */
const GZIP_BOMB = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));

/** Bodies and headers no activity parser should choke on: encodings, types, sizes, broken JSON, deep nesting. */
const transport: fc.Arbitrary<HostileRequest> = fc.oneof(
  fc.constantFrom<HostileRequest>(
    { kind: 'gzip junk', headers: { ...JSON_HEADERS, 'content-encoding': 'gzip' }, body: Buffer.from('this is not gzip') },
    { kind: 'gzip bomb', headers: { ...JSON_HEADERS, 'content-encoding': 'gzip' }, body: GZIP_BOMB },
    { kind: 'deflate', headers: { ...JSON_HEADERS, 'content-encoding': 'deflate' }, body: Buffer.from('x') },
    { kind: 'brotli', headers: { ...JSON_HEADERS, 'content-encoding': 'br' }, body: Buffer.from('x') },
    {
      kind: 'multipart',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: Buffer.from('--x\r\nContent-Disposition: form-data; name="f"; filename="a"\r\n\r\nAAAA\r\n--x--\r\n'),
    },
    { kind: 'form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from('type=message&text=hi') },
    { kind: 'no content type', headers: {}, body: Buffer.from('{}') },
    { kind: 'oversized', headers: JSON_HEADERS, body: Buffer.alloc(600 * 1024, 0x20) },
    { kind: 'deep nesting', headers: JSON_HEADERS, body: Buffer.from(nested(100_000)) },
    { kind: 'nesting just over the limit', headers: JSON_HEADERS, body: Buffer.from(nested(65)) },
    { kind: 'BOM', headers: JSON_HEADERS, body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"type":"message"}')]) },
    {
      kind: 'prototype keys',
      headers: JSON_HEADERS,
      body: Buffer.from('{"__proto__":{"type":"message","isAdmin":true},"constructor":{"prototype":{}}}'),
    },
    { kind: 'empty', headers: JSON_HEADERS, body: Buffer.alloc(0) },
  ),
  fc.uint8Array({ maxLength: 2000 }).map((bytes) => ({ kind: 'random bytes', headers: JSON_HEADERS, body: Buffer.from(bytes) })),
  fc.jsonValue().map((value) => ({ kind: 'random JSON', headers: JSON_HEADERS, body: Buffer.from(JSON.stringify(value) ?? 'null') })),
  fc
    .string({ maxLength: 500 })
    .map((text) => ({ kind: 'broken JSON', headers: JSON_HEADERS, body: Buffer.from(`{"type":"message","text":"${text}`) })),
  fc.constantFrom('text/plain', 'application/json; charset=utf-16', 'application/jsonx', 'APPLICATION/JSON').map((type) => ({
    kind: 'content type',
    headers: { 'content-type': type },
    body: Buffer.from('{"type":"message"}'),
  })),
);

/** The request mix: mostly mutated activities (they reach the turn logic), a quarter hostile transport. */
export function hostileRequests(serviceUrl: string): fc.Arbitrary<HostileRequest> {
  return fc.oneof(
    {
      weight: 3,
      arbitrary: activities(serviceUrl).map((activity) => ({
        kind: 'mutated activity',
        headers: JSON_HEADERS,
        body: Buffer.from(JSON.stringify(activity)),
      })),
    },
    { weight: 1, arbitrary: transport },
  );
}
