/** Errors with stable codes, so logs and tests can tell them apart without parsing messages. */
export type ErrorCode =
  'CONFIG_INVALID' | 'CATALOG_INVALID' | 'OVERRIDES_INVALID' | 'DATA_INVALID' | 'CARD_TEMPLATE_INVALID' | 'PACKAGE_INVALID';

export class HelpdeskError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'HelpdeskError';
  }
}
