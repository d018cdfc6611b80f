// What a handler of one operation gets from the edge and gives back. The edge has already checked the key, the
// query and the body against the spec; a handler adds the world's rules and builds the response, typed from
// `@nox-energy/types` so a wrong field does not compile (and the edge still validates what it sends).
import type { components, OperationId, operations, SuccessResponse } from '@nox-energy/types';
import type { Account } from '../accounts.js';
import type { LinkService } from '../world/link.js';
import type { World } from '../world/store.js';

export type ValidationIssue = components['schemas']['ValidationErrorItem'];

type QueryOf<Op extends OperationId> = operations[Op]['parameters'] extends { query?: infer Query }
  ? NonNullable<Query>
  : Record<string, never>;
type BodyOf<Op extends OperationId> = operations[Op]['requestBody'] extends
  | { content: { 'application/json': infer Body } }
  | undefined
  ? Body
  : undefined;
type PathOf<Op extends OperationId> = operations[Op]['parameters'] extends { path?: infer Path }
  ? NonNullable<Path>
  : Record<string, never>;

export interface Call<Op extends OperationId> {
  account: Account;
  world: World;
  link: LinkService;
  /** The query parameters, coerced to their schema's type, with the spec's defaults filled in. */
  query: QueryOf<Op>;
  body: BodyOf<Op>;
  path: PathOf<Op>;
  /** On a paginated operation: the cursor (undefined on the first page) and the page size. */
  page: { after: number | undefined; limit: number };
  nowMs: number;
}

export type Outcome<Op extends OperationId> =
  /** The success response; on a paginated operation `next` is the next page's cursor (null on the last page). */
  | { ok: SuccessResponse<Op>; next?: number | null }
  /** A request that breaks one of the world's rules: the spec's validation error (422) naming the field. */
  | { invalid: ValidationIssue[] }
  /** A cap of the world is reached: 429 with Retry-After. */
  | { limited: string }
  /** Another refusal the operation documents (the Authenticator's 400 for a redirect URL, its 429 for sessions). */
  | { refused: { status: number; message: string; headers?: Record<string, string | number> } };

export type Handler<Op extends OperationId> = (call: Call<Op>) => Outcome<Op>;

/** A handler per operationId: the mapped type ties each handler to its operation's types. */
export type HandlerTable = { [Op in OperationId]?: Handler<Op> };

/** A rule of the world broken by a body or query field. */
export function invalid(
  loc: Array<string | number>,
  msg: string,
  type = 'value_error',
): { invalid: ValidationIssue[] } {
  return { invalid: [{ loc, msg, type }] };
}
