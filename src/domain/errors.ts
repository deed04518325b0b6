/** Typed domain errors. Each transport maps them to its own form (HTTP status, CLI exit code). */

export type ErrorCode =
  | 'validation_failed'
  | 'not_found'
  | 'unauthorized'
  | 'forbidden'
  | 'conflict'
  | 'invalid_transition'
  | 'rate_limited';

export type FieldErrors = Record<string, string>;

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id: string) =>
  new DomainError('not_found', `${what} ${JSON.stringify(id)} was not found`);

export const invalid = (fields: FieldErrors, message?: string) =>
  new DomainError(
    'validation_failed',
    message ??
      Object.entries(fields)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; '),
    fields,
  );

export const conflict = (message: string, fields: FieldErrors = {}) =>
  new DomainError('conflict', message, fields);

export const forbidden = (message: string, fields: FieldErrors = {}) =>
  new DomainError('forbidden', message, fields);

export const badTransition = (message: string, field = 'status') =>
  new DomainError('invalid_transition', message, { [field]: message });

export const HTTP_STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_transition: 409,
  not_found: 404,
  unauthorized: 401,
  forbidden: 403,
  conflict: 409,
  rate_limited: 429,
};

export const EXIT_CODE: Record<ErrorCode, number> = {
  validation_failed: 2,
  invalid_transition: 2,
  not_found: 3,
  unauthorized: 4,
  forbidden: 4,
  conflict: 5,
  rate_limited: 6,
};
