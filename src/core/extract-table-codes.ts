/**
 * Reads the error-code column of a pasted table: a sign-in log CSV/TSV export or a Markdown table.
 * Every value in that column is a code (labelled by its header), and the table's other cells are never codes.
 */
export interface TableHit {
  readonly hits: { index: number; code: number }[];
  /** Character ranges covered by detected tables, so other passes skip their cells. */
  readonly ranges: [number, number][];
}

const CODE_COLUMN =
  /^(?:sign-?in\s*error\s*code|error\s*code|errorcode|status\.?\s*error\s*code|result\s*type|resulttype|登录错误代码|错误代码)$/i;
export const DELIMITERS = [',', '\t', ';', '|'] as const;
/** A header cell is a column name, not a query or a sentence. */
const HEADER_CELL = /^[\p{L}\p{N} ._\-/()]{0,48}$/u;
/** Two columns are a key/value listing ("Sign-in error code<TAB>500121"), which the labelled pass reads. */
const MIN_HEADER_CELLS = 3;
const MAX_CODE_DIGITS = 8;

/** Splits one delimited line, honouring double-quoted cells ("a, b"). */
export function splitCells(line: string, delimiter: string): { value: string; offset: number }[] {
  const cells: { value: string; offset: number }[] = [];
  let value = '';
  let offset = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '"') {
      if (quoted && line[i + 1] === '"') {
        value += '"';
        i++;
      } else quoted = !quoted;
    } else if (ch === delimiter && !quoted) {
      cells.push({ value: value.trim(), offset });
      value = '';
      offset = i + 1;
    } else value += ch;
  }
  cells.push({ value: value.trim(), offset });
  return cells;
}

function findHeader(line: string): { delimiter: string; column: number; width: number } | undefined {
  for (const delimiter of DELIMITERS) {
    if (!line.includes(delimiter)) continue;
    const cells = splitCells(line, delimiter);
    if (cells.length < MIN_HEADER_CELLS || !cells.every((cell) => HEADER_CELL.test(cell.value))) continue;
    const column = cells.findIndex((cell) => CODE_COLUMN.test(cell.value));
    if (column >= 0) return { delimiter, column, width: cells.length };
  }
  return undefined;
}

export function findCodeColumnValues(text: string): TableHit {
  const result: TableHit = { hits: [], ranges: [] };
  if (!/[,\t;|]/.test(text)) return result;
  const lines = text.split('\n');
  let lineStart = 0;
  let table: { delimiter: string; column: number; width: number; start: number } | undefined;
  for (const rawLine of lines) {
    const line = rawLine.replace(/\r$/, '');
    const lineEnd = lineStart + rawLine.length + 1;
    const cells = table && line.trim() ? splitCells(line, table.delimiter) : [];
    if (table && cells.length >= Math.max(2, table.width - 1) && !/^[\s|:-]+$/.test(line)) {
      const cell = cells[table.column];
      const value = cell?.value.replace(/^["']|["']$/g, '') ?? '';
      if (cell && new RegExp(`^\\d{1,${MAX_CODE_DIGITS}}$`).test(value) && Number(value) !== 0) {
        result.hits.push({ index: lineStart + cell.offset, code: Number(value) });
      }
    } else if (!(table && /^[\s|:-]+$/.test(line) && line.trim())) {
      if (table) result.ranges.push([table.start, lineStart]);
      const header = findHeader(line);
      table = header ? { ...header, start: lineStart } : undefined;
    }
    lineStart = lineEnd;
  }
  if (table) result.ranges.push([table.start, text.length]);
  return result;
}
