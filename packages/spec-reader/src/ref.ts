// Local `$ref`s (`#/components/...`) and JSON Pointers (RFC 6901), shared by every reader of the spec.
import { isObject, type JsonObject } from './json.js';

const MAX_HOPS = 32;

/** The reference tokens of a JSON Pointer (`/a/b~1c` -> `['a', 'b/c']`); `''` is the whole document. */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '') {
    return [];
  }
  if (!pointer.startsWith('/')) {
    throw new Error(`"${pointer}" is not a JSON Pointer (it must be empty or start with "/")`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** The value a JSON Pointer names in `value` (e.g. `/meta/next_token` in a response body); undefined if none. */
export function evaluatePointer(value: unknown, pointer: string): unknown {
  let current = value;
  for (const token of pointerTokens(pointer)) {
    if (Array.isArray(current) && /^(0|[1-9]\d*)$/.test(token)) {
      current = current[Number(token)];
    } else if (isObject(current) && Object.hasOwn(current, token)) {
      current = current[token];
    } else {
      return undefined;
    }
  }
  return current;
}

/** The value a local `$ref` (`#/components/schemas/X`) names in the document. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) {
    throw new Error(`Only local $refs are supported (bundle the spec first): ${ref}`);
  }
  const fragment = ref.slice(1);
  if (fragment !== '' && !fragment.startsWith('/')) {
    throw new Error(`$ref ${ref} is not a JSON Pointer fragment`);
  }
  let current: unknown = doc;
  for (const raw of fragment === '' ? [] : fragment.slice(1).split('/')) {
    let token: string;
    try {
      token = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    } catch {
      throw new Error(`$ref ${ref} is not a valid URI fragment`);
    }
    current = isObject(current) || Array.isArray(current) ? (current as Record<string, unknown>)[token] : undefined;
    if (current === undefined) {
      throw new Error(`$ref ${ref} points at nothing in the spec`);
    }
  }
  return current;
}

/** Follows `$ref`s to the node they name (siblings of a `$ref` are dropped); other values come back as they are. */
export function resolveRef(doc: unknown, value: unknown): unknown {
  let current = value;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
    if (hops >= MAX_HOPS) {
      throw new Error(`$ref cycle at ${current.$ref}`);
    }
    current = resolvePointer(doc, current.$ref);
  }
  return current;
}

/**
 * Follows `$ref`s until an object without one. Sibling keywords of a `$ref` (OpenAPI 3.1 allows them, e.g. a
 * `description` or an `x-nox-*` hint next to the reference) are kept and win over the target's. A value that
 * is not an object (e.g. a boolean schema) comes back as it is.
 */
export function deref<T = JsonObject>(doc: unknown, value: unknown): T {
  let current = value;
  let siblings: JsonObject = {};
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
    if (hops >= MAX_HOPS) {
      throw new Error(`$ref cycle at ${current.$ref}`);
    }
    const { $ref, ...rest } = current;
    siblings = { ...rest, ...siblings };
    current = resolvePointer(doc, $ref as string);
  }
  return (isObject(current) ? { ...current, ...siblings } : current) as T;
}

/** `deref` for structural nodes (path items, parameters, responses...): anything but an object reads as `{}`. */
export function derefObject(doc: unknown, value: unknown): JsonObject {
  const node = deref<unknown>(doc, value);
  return isObject(node) ? node : {};
}
