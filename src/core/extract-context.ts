import { DELIMITERS, splitCells } from './extract-table-codes';
import { normalizeForExtraction } from './normalize-text';

/** The identifiers a helpdesk or Microsoft support needs to find a failed sign-in in the logs. */
export interface SignInContext {
  readonly traceId?: string;
  readonly correlationId?: string;
  readonly timestamp?: string;
}

const GUID = String.raw`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`;
// Bounded white space: two unbounded runs around an optional colon backtrack quadratically on a run of spaces.
const SEPARATOR = String.raw`["']?\s{0,8}[:=]?\s{0,8}["']?`;
const TRACE_ID = new RegExp(String.raw`(?:trace|request|跟踪|请求)[\s_-]?id${SEPARATOR}(${GUID})`, 'i');
const CORRELATION_ID = new RegExp(String.raw`(?:correlation|关联|相关性|相关)[\s_-]?id${SEPARATOR}(${GUID})`, 'i');
const ISO_TIME = String.raw`\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?Z|[+-]\d{2}:?\d{2})?`;
/** The admin center shows dates in the browser's locale: "11/30/2026, 8:12:01 AM", "2026/11/30 08:12:01". */
const LOCALE_TIME = String.raw`\d{1,4}[/.]\d{1,2}[/.]\d{1,4},?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AP]M)?`;
const TIME = `(?:${ISO_TIME}|${LOCALE_TIME})`;
const TIME_LABEL = String.raw`timestamp|时间戳|createdDateTime|TimeGenerated|\bdate(?:\s{0,3}\(utc\))?|日期(?:\s{0,3}\(utc\))?`;
const TIMESTAMP = new RegExp(String.raw`(?:${TIME_LABEL})${SEPARATOR}(${TIME})`, 'i');

/** Columns of a sign-in log export (CSV, TSV, Markdown) that hold the context, and what their values look like. */
const COLUMNS: readonly { field: keyof SignInContext; header: RegExp; value: RegExp }[] = [
  { field: 'traceId', header: /^(?:request|trace|请求|跟踪)\s*id$/i, value: new RegExp(`^${GUID}$`, 'i') },
  { field: 'correlationId', header: /^(?:correlation|关联|相关性)\s*id$/i, value: new RegExp(`^${GUID}$`, 'i') },
  { field: 'timestamp', header: new RegExp(`^(?:${TIME_LABEL})$`, 'i'), value: new RegExp(`^${TIME}$`, 'i') },
];
const TABLE_HINT = /correlation|request|trace|date|timestamp|关联|相关性|请求|跟踪|日期|时间戳/i;
const MARKDOWN_RULE = /^[\s|:-]+$/;

export function extractContext(rawText: string): SignInContext {
  return findContext(normalizeForExtraction(rawText));
}

/** `extractContext` on text already passed through `normalizeForExtraction`: labelled values first, then a table's. */
export function findContext(text: string): SignInContext {
  const traceId = TRACE_ID.exec(text)?.[1];
  const correlationId = CORRELATION_ID.exec(text)?.[1];
  const timestamp = TIMESTAMP.exec(text)?.[1];
  const labelled: SignInContext = {
    ...(traceId && { traceId }),
    ...(correlationId && { correlationId }),
    ...(timestamp && { timestamp }),
  };
  return traceId && correlationId && timestamp ? labelled : { ...tableContext(text), ...labelled };
}

/** The context columns of the one row under a table's header: a pasted export puts labels and values apart. */
function tableContext(text: string): SignInContext {
  if (!/[,\t;|]/.test(text) || !TABLE_HINT.test(text)) return {};
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  for (let i = 0; i < lines.length - 1; i++) {
    const line = lines[i]!;
    if (!TABLE_HINT.test(line)) continue;
    for (const delimiter of DELIMITERS) {
      if (!line.includes(delimiter)) continue;
      const header = cellValues(line, delimiter);
      if (header.length < 3) continue;
      const columns = COLUMNS.map((column) => ({ ...column, index: header.findIndex((name) => column.header.test(name)) })).filter(
        (column) => column.index >= 0,
      );
      if (!columns.length) continue;
      const rows = tableRows(lines, i + 1);
      // Several rows are several sign-ins: which one the person means is theirs to say.
      if (rows.length !== 1) continue;
      const cells = cellValues(rows[0]!, delimiter);
      const found: Partial<Record<keyof SignInContext, string>> = {};
      for (const { field, value, index } of columns) {
        const cell = cells[index];
        if (cell && value.test(cell)) found[field] = cell;
      }
      if (Object.keys(found).length) return found;
    }
  }
  return {};
}

function cellValues(line: string, delimiter: string): string[] {
  return splitCells(line, delimiter).map((cell) => cell.value.replace(/^["']|["']$/g, '').trim());
}

/** The first two lines of a table's body (up to a blank line, Markdown's rule under the header skipped): one is a single sign-in. */
function tableRows(lines: readonly string[], start: number): string[] {
  const rows: string[] = [];
  for (let i = start; i < lines.length && rows.length < 2 && lines[i]!.trim(); i++) {
    if (!MARKDOWN_RULE.test(lines[i]!)) rows.push(lines[i]!);
  }
  return rows;
}
