import { NoxApiError, NoxValidationError, type NoxValidationIssue } from './errors.js';
import { requestIdHeader, validationErrorStatuses } from './generated/spec.js';
import { parseRetryAfter } from './transport.js';

interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

// The success branch of a result: the one whose `data` is required (the error branch's is `data?: never`).
type Success<Result> = Result extends unknown
  ? // biome-ignore lint/complexity/noBannedTypes: `{}` tests whether the key is optional
    {} extends Pick<Result, Extract<'data', keyof Result>>
    ? never
    : Result
  : never;
/** The data of a successful result; `undefined` for a response without a body (the PATCH settings' `204`). */
export type DataOf<Result extends FetchResult> = [Success<Result>['data']] extends [never]
  ? undefined
  : Success<Result>['data'];
/** The error body of a failed result. */
export type ErrorOf<Result extends FetchResult> = Exclude<Result, { error?: never }>['error'];

function describe(body: unknown): string {
  // The Authenticator's `{ error }`, the Package API's `{ detail }` (401, 403, 429).
  const text = (body as { error?: unknown } | null)?.error ?? (body as { detail?: unknown } | null)?.detail;
  if (typeof text === 'string') {
    return text;
  }
  return typeof body === 'string' && body.length > 0 ? body.slice(0, 200) : 'no details';
}

/**
 * For callers who prefer exceptions: the result's data, or a thrown `NoxApiError` carrying the status,
 * the parsed error body and the request id; a `NoxValidationError` (a `NoxApiError` with `issues`) for the
 * Package API's validation errors. A `204` (the PATCH settings) gives `undefined`.
 *
 * ```ts
 * const session = await orThrow(nox.POST('/supplier/link-sessions', { body }));
 * ```
 */
export async function orThrow<Result extends FetchResult>(result: Promise<Result> | Result): Promise<DataOf<Result>> {
  const { data, error, response } = await result;
  if (response.ok && error === undefined) {
    return data as DataOf<Result>;
  }
  const where = response.url ? ` from ${response.url.split('?')[0]}` : '';
  const options = {
    status: response.status,
    body: error as ErrorOf<Result>,
    requestId: response.headers.get(requestIdHeader) ?? undefined,
    retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')),
  };
  // The Package API's validation error, read field by field: `detail` is a list of { loc, msg, type }.
  const detail = (error as { detail?: NoxValidationIssue[] } | undefined)?.detail;
  if ((validationErrorStatuses as readonly number[]).includes(response.status) && Array.isArray(detail)) {
    const list = detail.map((issue) => `${[issue?.loc].flat().join('.')}: ${issue?.msg}`).join('; ');
    throw new NoxValidationError(`NOX answered ${response.status}${where}: ${list}`, options, detail);
  }
  throw new NoxApiError<ErrorOf<Result>>(`NOX answered ${response.status}${where}: ${describe(error)}`, options);
}
