// The spec's machine-readable hints (see the spec's README): the names of the `x-nox-*` extensions the mock reads.
// They are the vocabulary between the spec and its tools, not API data.
export const HINT = {
  /** On a security scheme: which account role (`supplier`, `manufacturer`, ...) the scheme's key belongs to. */
  role: 'x-nox-role',
  /** On a server: which API it serves (the key of `baseUrls`). */
  api: 'x-nox-api',
  /** On a response property: the request body field it echoes (its default applied, `null` when absent). */
  echo: 'x-nox-echo',
  /** On a response property: `{ property, seconds }`, the value of `property` plus `seconds`. */
  secondsAfter: 'x-nox-seconds-after',
  /** On a response property: the value it has on creation. */
  onCreate: 'x-nox-on-create',
  /** On a URL property: `{ queryParam: property }`, the query parameters the URL carries. */
  query: 'x-nox-query',
} as const;
