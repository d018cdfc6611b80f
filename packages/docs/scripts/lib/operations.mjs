// Walks a bundled OpenAPI document: its operations and its local `$ref`s.

export const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * @typedef {{ path: string, method: string, operationId: string, operation: any, pathItem: any }} Operation
 */

/**
 * Every operation under `paths` (callbacks are not operations a client calls, so they are left out).
 * @param {any} spec
 * @returns {Operation[]}
 */
export function operationsOf(spec) {
  /** @type {Operation[]} */
  const operations = [];
  for (const [path, pathItem] of Object.entries(spec.paths ?? {})) {
    for (const method of httpMethods) {
      const operation = pathItem[method];
      if (operation) {
        if (typeof operation.operationId !== 'string') {
          throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
        }
        operations.push({ path, method, operationId: operation.operationId, operation, pathItem });
      }
    }
  }
  return operations;
}

/**
 * Every operation under `webhooks` (OpenAPI 3.1): requests NOX sends to you. `path` is the webhook's key,
 * its event type.
 * @param {any} spec
 * @returns {Operation[]}
 */
export function webhookOperationsOf(spec) {
  /** @type {Operation[]} */
  const operations = [];
  for (const [name, pathItem] of Object.entries(spec.webhooks ?? {})) {
    for (const method of httpMethods) {
      const operation = pathItem[method];
      if (operation) {
        if (typeof operation.operationId !== 'string') {
          throw new Error(`webhook ${name} (${method.toUpperCase()}) has no operationId`);
        }
        operations.push({ path: name, method, operationId: operation.operationId, operation, pathItem });
      }
    }
  }
  return operations;
}

/**
 * Follows local `$ref`s (`#/components/...`) until it reaches a node that is not a reference.
 * @param {any} spec
 * @param {any} node
 * @returns {any}
 */
export function deref(spec, node) {
  let current = node;
  const seen = new Set();
  while (current && typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (!ref.startsWith('#/') || seen.has(ref)) {
      throw new Error(`cannot follow $ref ${ref}`);
    }
    seen.add(ref);
    current = ref
      .slice(2)
      .split('/')
      .map((/** @type {string} */ key) => key.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce((/** @type {any} */ obj, /** @type {string} */ key) => obj?.[key], spec);
    if (current === undefined) {
      throw new Error(`$ref ${ref} points nowhere`);
    }
  }
  return current;
}
