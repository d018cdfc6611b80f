// The spec's machine-readable extensions (see the spec's README): the vocabulary between the spec and its tools.
export const HINT = {
  /** On a security scheme: which account role (`supplier`, `manufacturer`, ...) the scheme's key belongs to. */
  role: 'x-nox-role',
  /** On a server: which API it serves (`authenticator`, `authenticator-v1`, `package`). */
  api: 'x-nox-api',
  /** On a server: which environment it serves (`production`, `sandbox`). */
  environment: 'x-nox-environment',
  /** On an operation: how its list is paged (items and next-token pointers, token and limit parameters). */
  pagination: 'x-nox-pagination',
  /** On an operation: documented only on NOX's legacy reference pages. */
  legacy: 'x-nox-legacy',
  /** On any element: why it is inferred rather than documented (one sentence). */
  inferred: 'x-nox-inferred',
  /** At the root: how NOX signs the webhooks it sends. */
  webhookSignature: 'x-nox-webhook-signature',
  /** On a response property: the request body field it echoes (its default applied, `null` when absent). */
  echo: 'x-nox-echo',
  /** On a response property: `{ property, seconds }`, the value of `property` plus `seconds`. */
  secondsAfter: 'x-nox-seconds-after',
  /** On a response property: the value it has on creation. */
  onCreate: 'x-nox-on-create',
  /** On a URL property: `{ queryParam: property }`, the query parameters the URL carries. */
  query: 'x-nox-query',
} as const;

/** The `x-nox-*` extensions of a node, by name (for the hints a tool reads that the reader does not type). */
export function noxExtensions(node: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(node).filter(([key]) => key.startsWith('x-nox-')));
}

/** The `x-nox-inferred` sentence of a node, or undefined; anything but a non-empty string is an error. */
export function inferredOf(node: Record<string, unknown>, where: string): string | undefined {
  const value = node[HINT.inferred];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`${where}: ${HINT.inferred} must be a sentence saying why it is inferred`);
  }
  return value;
}
