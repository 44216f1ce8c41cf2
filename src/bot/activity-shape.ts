import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

/**
 * Every activity field the bot or botbuilder reads, with the type it must have when present. Teams always sends
 * these shapes; anything else is a broken or hostile client, answered with a clean 400 before a turn starts,
 * instead of a TypeError halfway through one (an apology to the user, or a 500). Unknown fields pass untouched.
 *
 * JSON Schema compiled by ajv, not zod: this runs on every request, and ajv's compiled check only reads the body
 * where zod builds a copy of it. Under load the zod check cost ~100 µs a request in the server (docs/BENCHMARKS.md,
 * "The activity check and sending replies").
 */
const MAX_TEXT = 1024;
const id = { type: 'string', minLength: 1, maxLength: MAX_TEXT } as const;
/**
 * Optional scalars may also be null: some senders serialise absent fields that way, and the bot reads them with
 * `?.`/`??`. Arrays may not (botbuilder loops over them).
 */
const optionalText = { type: ['string', 'null'], maxLength: MAX_TEXT } as const;
const objectOrNull = (properties: Record<string, object>) => ({ type: ['object', 'null'], properties }) as const;
const account = { type: 'object', required: ['id'], properties: { id, name: optionalText, aadObjectId: optionalText, role: optionalText } };

/** Teams' @mention entity: botbuilder strips `text` from the message when `mentioned.id` is the bot. */
const entity = {
  type: 'object',
  required: ['type'],
  properties: { type: { type: 'string' } },
  if: { properties: { type: { const: 'mention' } } },
  then: {
    required: ['text', 'mentioned'],
    properties: { text: { type: 'string' }, mentioned: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } },
  },
};

/** The messages of the patterns (ajv would quote the pattern itself), by the field they check. */
const PATTERN_MESSAGES: Record<string, string> = {
  '/serviceUrl': 'must be an http(s) URL',
  // botbuilder sends the conversation id in an HTTP header (x-ms-conversation-id): printable ASCII only.
  '/conversation/id': 'must be printable ASCII without spaces',
};

const activity = {
  type: 'object',
  required: ['type', 'channelId', 'serviceUrl', 'conversation', 'from', 'recipient'],
  properties: {
    type: { type: 'string', minLength: 1, maxLength: 64 },
    id: optionalText,
    name: optionalText,
    channelId: { type: 'string', minLength: 1, maxLength: 64 },
    serviceUrl: { type: 'string', maxLength: 2048, pattern: '^[hH][tT][tT][pP][sS]?://[^\\s/]+' },
    conversation: {
      type: 'object',
      required: ['id'],
      properties: {
        id: { ...id, pattern: '^[\\x21-\\x7e]+$' },
        conversationType: optionalText,
        tenantId: optionalText,
        isGroup: { type: 'boolean' },
        name: { type: 'string' },
      },
    },
    from: account,
    recipient: account,
    text: { type: ['string', 'null'] },
    textFormat: optionalText,
    locale: optionalText,
    localTimezone: optionalText,
    replyToId: optionalText,
    timestamp: optionalText,
    localTimestamp: optionalText,
    deliveryMode: optionalText,
    entities: { type: 'array', maxItems: 256, items: entity },
    attachments: { type: 'array', maxItems: 64, items: { type: 'object', properties: { contentType: optionalText } } },
    membersAdded: { type: 'array', maxItems: 1024, items: account },
    membersRemoved: { type: 'array', maxItems: 1024, items: account },
    channelData: objectOrNull({
      eventType: optionalText,
      channel: objectOrNull({ id: optionalText, name: optionalText }),
      team: objectOrNull({ id: optionalText, name: optionalText }),
      tenant: objectOrNull({ id: optionalText }),
    }),
  },
};

/** The invokes the bot answers, each with the value it reads. Others get 501, as botbuilder answers them. */
const INVOKES: Record<string, object> = {
  'adaptiveCard/action': {
    type: 'object',
    required: ['action'],
    properties: {
      action: {
        type: 'object',
        required: ['verb'],
        properties: { type: optionalText, verb: { type: 'string', maxLength: 128 }, id: optionalText },
      },
    },
  },
  'composeExtension/query': {
    type: 'object',
    properties: {
      commandId: optionalText,
      parameters: { type: 'array', maxItems: 32, items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
      queryOptions: { type: 'object', properties: { skip: { type: 'number' }, count: { type: 'number' } } },
    },
  },
  // The picked item is validated by the handler itself: anything else gets the "nothing found" answer.
  'composeExtension/selectItem': {},
};

/**
 * Compiled once, when the module loads. Union types ('string' or null) are this schema's point, so allowed. The
 * schemas are constants checked against the meta-schema by their test, so start-up skips compiling the meta-schema.
 */
export const ACTIVITY_SCHEMAS = { activity, invokes: INVOKES } as const;
const ajv = new Ajv({ allowUnionTypes: true, validateSchema: false, meta: false });
const checkActivity = ajv.compile(activity);
const checkInvokeValue = new Map<string, ValidateFunction>(Object.entries(INVOKES).map(([name, schema]) => [name, ajv.compile(schema)]));

export interface ActivityProblem {
  readonly status: 400 | 501;
  readonly message: string;
}

/** Why this body cannot be run as a turn, or undefined when it can. The message names the field, not its value. */
export function activityProblem(body: unknown): ActivityProblem | undefined {
  if (!checkActivity(body)) return { status: 400, message: describe(checkActivity.errors) };
  const checked = body as { type: string; name?: string | null; value?: unknown };
  if (checked.type !== 'invoke') return undefined;
  const checkValue = checkInvokeValue.get(checked.name ?? '');
  if (!checkValue) return { status: 501, message: 'this invoke is not implemented' };
  return checkValue(checked.value) ? undefined : { status: 400, message: describe(checkValue.errors, 'value') };
}

/** `conversation.id: must …` from ajv's first error (its path is a JSON pointer; a missing field is a parameter). */
function describe(errors: ErrorObject[] | null | undefined, prefix?: string): string {
  const error = errors?.[0];
  if (!error) return `${prefix ?? 'body'}: is not valid`;
  const pointer = error.keyword === 'required' ? `${error.instancePath}/${String(error.params.missingProperty)}` : error.instancePath;
  const path = [prefix, ...pointer.split('/').slice(1).map(unescapePointer)].filter((part) => part !== undefined).join('.');
  const message = (error.keyword === 'pattern' && !prefix && PATTERN_MESSAGES[error.instancePath]) || error.message || 'is not valid';
  return `${path || 'body'}: ${message}`;
}

function unescapePointer(part: string): string {
  return part.replace(/~1/g, '/').replace(/~0/g, '~');
}
