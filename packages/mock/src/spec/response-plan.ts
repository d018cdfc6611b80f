// How the mock fills each property of an operation's success response, read from the response schema once at
// start. The spec's hints (`x-nox-*`) decide most fields; for the few without a hint the rules below are small
// and fixed, and each is explained where it is chosen.
import { HINT } from './hints.js';
import type { OpenApiDocument } from './load.js';
import { deref, isNode, type Node } from './schemas.js';

/** Everything a response can be built from, for one request. */
export interface BuildContext {
  /** The validated request body. */
  body: Record<string, unknown>;
  /** The default of each request property that has one, for the body's branch of the request schema. */
  defaults: ReadonlyMap<string, unknown>;
  /** The account the API key resolved to. */
  account: { name: string; responseFields: Readonly<Record<string, string>> };
  nowSeconds: number;
  /** A new session token (only called for operations that create a link session). */
  newToken: () => string;
  /** The absolute URL of the mock's Authenticator UI page. */
  uiUrl: string;
  /** The stable NOX user id of an account's user. */
  noxUserId: (accountName: string, userId: string) => string;
}

type Rule =
  | { kind: 'echo'; requestField: string }
  | { kind: 'constant'; value: unknown }
  | { kind: 'token' }
  | { kind: 'now' }
  | { kind: 'owner' }
  | { kind: 'fromAccount'; required: boolean }
  | { kind: 'secondsAfter'; base: string; seconds: number }
  | { kind: 'url'; query: Array<[param: string, field: string]> };

interface FieldPlan {
  field: string;
  rule: Rule;
}

export interface ResponsePlan {
  /** The response fields in schema order, each with its rule. */
  fields: FieldPlan[];
  /** The field holding the session token, when the operation creates a link session. */
  tokenField: string | undefined;
  /** The field holding the expiry time (seconds), when the operation creates a link session. */
  expiryField: string | undefined;
  /** The field the link URL carries as its `language` parameter. */
  languageField: string | undefined;
  /** The field that is null on creation and holds the completion time (seconds) once the user connected. */
  completionField: string | undefined;
  /** The field holding the account's name, if the response has one. */
  ownerField: string | undefined;
  /** The field holding the account's own id for the end user. */
  userField: string | undefined;
  build(context: BuildContext): Record<string, unknown>;
}

/** The query parameters of the UI URL that the mock's UI reads: the session token and the page language. */
export const TOKEN_QUERY_PARAM = 'token';
export const LANGUAGE_QUERY_PARAM = 'language';

// Rules are applied in phases, so that a rule can read fields of an earlier phase.
const PHASE: Record<Rule['kind'], number> = {
  echo: 0,
  constant: 0,
  token: 0,
  now: 0,
  owner: 0,
  fromAccount: 1,
  secondsAfter: 1,
  url: 2,
};

function stringRecord(value: unknown, where: string): Record<string, string> {
  if (!isNode(value) || !Object.values(value).every((item) => typeof item === 'string')) {
    throw new Error(`${where} must be an object of strings`);
  }
  return value as Record<string, string>;
}

export function planResponse(doc: OpenApiDocument, responseSchema: Node, role: string, where: string): ResponsePlan {
  const properties = isNode(responseSchema.properties) ? responseSchema.properties : {};
  const required = new Set(Array.isArray(responseSchema.required) ? (responseSchema.required as string[]) : []);
  const hinted = new Map<string, Rule>();

  // First pass: the hinted fields, and what the hints say about the unhinted ones.
  let tokenField: string | undefined;
  let languageField: string | undefined;
  let completionField: string | undefined;
  const createdFields = new Set<string>();
  for (const [field, node] of Object.entries(properties)) {
    if (!isNode(node)) {
      continue;
    }
    if (typeof node[HINT.echo] === 'string') {
      hinted.set(field, { kind: 'echo', requestField: node[HINT.echo] as string });
    } else if (HINT.onCreate in node) {
      hinted.set(field, { kind: 'constant', value: node[HINT.onCreate] });
      // A time that is null on creation is set when the session completes (the user connected).
      const type = deref(doc, node).type;
      if (node[HINT.onCreate] === null && (type === 'integer' || (Array.isArray(type) && type.includes('integer')))) {
        completionField = field;
      }
    } else if (isNode(node[HINT.secondsAfter])) {
      const { property, seconds } = node[HINT.secondsAfter] as Node;
      if (typeof property !== 'string' || typeof seconds !== 'number') {
        throw new Error(`${where}.${field}: ${HINT.secondsAfter} needs { property, seconds }`);
      }
      hinted.set(field, { kind: 'secondsAfter', base: property, seconds });
      // The property a time is counted from, when it has no hint of its own, is the moment of creation.
      createdFields.add(property);
    } else if (isNode(node[HINT.query])) {
      const query = Object.entries(stringRecord(node[HINT.query], `${where}.${field}.${HINT.query}`));
      hinted.set(field, { kind: 'url', query });
      // The field a URL carries as its `token` parameter is the session token the mock's UI looks up.
      tokenField = query.find(([param]) => param === TOKEN_QUERY_PARAM)?.[1];
      languageField = query.find(([param]) => param === LANGUAGE_QUERY_PARAM)?.[1];
    }
  }

  const fields: FieldPlan[] = [];
  for (const [field, node] of Object.entries(properties)) {
    let rule = hinted.get(field);
    if (!rule) {
      const type = isNode(node) ? deref(doc, node).type : undefined;
      if (field === tokenField) {
        rule = { kind: 'token' };
      } else if (createdFields.has(field)) {
        rule = { kind: 'now' };
      } else if (field === role && type === 'string') {
        // The field named after the role (`supplier`, `manufacturer`) names the account the key belongs to.
        rule = { kind: 'owner' };
      } else if (type === 'string') {
        // Another string the key resolves to (e.g. a manufacturer's display brand) comes from the account's
        // `responseFields`; a required one the account does not set is the NOX user id NOX resolves for the user.
        rule = { kind: 'fromAccount', required: required.has(field) };
      } else if (required.has(field)) {
        throw new Error(`${where}: no rule derives the required field "${field}"; give it an x-nox-* hint`);
      } else {
        continue;
      }
    }
    fields.push({ field, rule });
  }

  const ownerField = fields.find((plan) => plan.rule.kind === 'owner')?.field;
  // The account's own id for the user is the echoed field named `<role>_user_id` (`supplier_user_id`, ...).
  const userPlan = fields.find((plan) => plan.field === `${role}_user_id` && plan.rule.kind === 'echo');
  const userField = userPlan?.field;
  if (!userField && fields.some((plan) => plan.rule.kind === 'fromAccount' && plan.rule.required)) {
    throw new Error(`${where}: a NOX user id is needed but the response echoes no "${role}_user_id"`);
  }
  const expiryField = tokenField ? fields.find((plan) => plan.rule.kind === 'secondsAfter')?.field : undefined;
  if (tokenField && !expiryField) {
    throw new Error(`${where}: a link session needs an expiry field (${HINT.secondsAfter})`);
  }

  // The plan per request: one setter per field, in phase order, writing into an array by schema position (plain
  // array slots instead of object keys that change from field to field: cheaper on the create path).
  const position = new Map(fields.map((plan, index) => [plan.field, index]));
  const setters = [...fields]
    .sort((a, b) => PHASE[a.rule.kind] - PHASE[b.rule.kind])
    .map(({ field, rule }) => ({
      index: position.get(field) as number,
      compute: computeOf(rule, field, position, userField === undefined ? undefined : position.get(userField)),
    }));
  const names = fields.map((plan) => plan.field);

  return {
    fields,
    tokenField,
    expiryField,
    languageField,
    completionField,
    ownerField,
    userField,
    build(context) {
      const values: unknown[] = new Array(names.length).fill(undefined);
      for (const { index, compute } of setters) {
        values[index] = compute(values, context);
      }
      // Schema order, for responses that read like the spec's examples; a field without a value is left out.
      const response: Record<string, unknown> = {};
      for (let index = 0; index < names.length; index++) {
        const value = values[index];
        if (value !== undefined) {
          response[names[index] as string] = value;
        }
      }
      return response;
    },
  };
}

/** A field's value from the request context and the values of earlier phases (by schema position). */
type Compute = (values: readonly unknown[], context: BuildContext) => unknown;

function computeOf(
  rule: Rule,
  field: string,
  position: ReadonlyMap<string, number>,
  userIndex: number | undefined,
): Compute {
  switch (rule.kind) {
    case 'echo': {
      const { requestField } = rule;
      return (_values, context) => {
        const sent = context.body[requestField];
        if (sent !== undefined) {
          return sent;
        }
        const fallback = context.defaults.get(requestField);
        return fallback === undefined ? null : fallback;
      };
    }
    case 'constant': {
      const { value } = rule;
      return () => value;
    }
    case 'token':
      return (_values, context) => context.newToken();
    case 'now':
      return (_values, context) => context.nowSeconds;
    case 'owner':
      return (_values, context) => context.account.name;
    case 'fromAccount': {
      const nameUser = rule.required && userIndex !== undefined;
      return (values, context) => {
        const configured = context.account.responseFields[field];
        if (configured !== undefined) {
          return configured;
        }
        return nameUser ? context.noxUserId(context.account.name, String(values[userIndex])) : undefined;
      };
    }
    case 'secondsAfter': {
      const baseIndex = position.get(rule.base);
      const { seconds } = rule;
      return (values) => {
        const base = baseIndex === undefined ? undefined : values[baseIndex];
        return typeof base === 'number' ? base + seconds : undefined;
      };
    }
    case 'url': {
      // The UI URL has no query of its own; a string join is several times cheaper than URL + searchParams.
      const query = rule.query.map(([param, source]) => ({
        prefix: `${encodeURIComponent(param)}=`,
        source: position.get(source),
      }));
      return (values, context) => {
        let url = context.uiUrl;
        let separator = '?';
        for (const { prefix, source } of query) {
          const value = source === undefined ? undefined : values[source];
          if (value !== undefined && value !== null) {
            url += `${separator}${prefix}${encodeURIComponent(String(value))}`;
            separator = '&';
          }
        }
        return url;
      };
    }
  }
}
