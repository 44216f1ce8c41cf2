import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { HelpdeskError, type ErrorCode } from '../errors';

const ajv = new Ajv({ allErrors: true, strict: true });

export function readJsonFile(path: string, code: ErrorCode): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new HelpdeskError(code, `${path} is not readable JSON: ${(err as Error).message}`);
  }
}

export function compileSchema<T>(schemaPath: string, code: ErrorCode): ValidateFunction<T> {
  return ajv.compile<T>(readJsonFile(schemaPath, code) as object);
}

/** "entries/3/party" → ["entries", "3", "party"]. */
export function pointerParts(error: ErrorObject): string[] {
  return error.instancePath.split('/').slice(1);
}

export function describeAjvError(error: ErrorObject): string {
  const field = error.instancePath ? `${error.instancePath}: ` : '';
  if (error.keyword === 'required') return `${field}missing required field "${String(error.params.missingProperty)}"`;
  if (error.keyword === 'additionalProperties') return `${field}unknown field "${String(error.params.additionalProperty)}"`;
  if (error.keyword === 'enum') return `${field}must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
  return `${field}${error.message ?? error.keyword}`;
}
