import { NoxApiError } from './errors.js';
import { requestIdHeader } from './generated/spec.js';
import { parseRetryAfter } from './transport.js';

interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The data of a successful result. */
export type DataOf<Result extends FetchResult> = Exclude<Result, { data?: never }>['data'];
/** The error body of a failed result. */
export type ErrorOf<Result extends FetchResult> = Exclude<Result, { error?: never }>['error'];

function describe(body: unknown): string {
  if (body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string') {
    return (body as { error: string }).error;
  }
  return typeof body === 'string' && body.length > 0 ? body.slice(0, 200) : 'no details';
}

/**
 * For callers who prefer exceptions: the result's data, or a thrown `NoxApiError` carrying the status,
 * the parsed error body and the request id.
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
  throw new NoxApiError<ErrorOf<Result>>(`NOX answered ${response.status}${where}: ${describe(error)}`, {
    status: response.status,
    body: error as ErrorOf<Result>,
    requestId: response.headers.get(requestIdHeader) ?? undefined,
    retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')),
  });
}
