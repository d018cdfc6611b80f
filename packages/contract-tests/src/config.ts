// Values the schema cannot know, and the small config file that sets them.
import { readFileSync } from 'node:fs';
import { isObject } from './spec/document.js';

/**
 * By property (or parameter) name, the values to send instead of generated ones. The defaults are the
 * demo values of @nox-energy/mock: a redirect URL its demo accounts allow.
 */
export const DEFAULT_VALUES: Readonly<Record<string, readonly unknown[]>> = {
  redirect_url: ['https://your-app.com/callback'],
  // The deprecated v1 names it `redirect_uri`.
  redirect_uri: ['https://your-app.com/callback'],
};

/** The config file: JSON, every field optional. API keys never go here (use options or environment). */
export interface ContractConfig {
  values?: Record<string, unknown[]>;
  /** By operationId, values over `values` for that operation only (e.g. a PV device's id for the PV operations). */
  operationValues?: Record<string, Record<string, unknown[]>>;
  operations?: string[];
  numRuns?: number;
  maxRps?: number;
  seed?: number;
  /** operationIds allowed to write on a non-local host (as `--allow-writes`). */
  allowWrites?: string[];
  /** Writes allowed against the spec's sandbox host (as `--sandbox-writes`). */
  sandboxWrites?: boolean;
  /** Check deprecated operations too (as `--include-deprecated`). */
  includeDeprecated?: boolean;
}

function isValueLists(v: unknown): boolean {
  return isObject(v) && Object.values(v).every((list) => Array.isArray(list) && list.length > 0);
}

const FIELDS: Record<keyof ContractConfig, (value: unknown) => boolean> = {
  values: (v) => isValueLists(v),
  operationValues: (v) => isObject(v) && Object.values(v).every(isValueLists),
  operations: (v) => Array.isArray(v) && v.every((item) => typeof item === 'string'),
  numRuns: (v) => Number.isInteger(v) && (v as number) > 0,
  maxRps: (v) => typeof v === 'number' && v > 0,
  seed: (v) => Number.isInteger(v),
  allowWrites: (v) => Array.isArray(v) && v.every((item) => typeof item === 'string'),
  sandboxWrites: (v) => typeof v === 'boolean',
  includeDeprecated: (v) => typeof v === 'boolean',
};

const FIELD_RULES: Record<keyof ContractConfig, string> = {
  values: 'an object mapping a property name to a non-empty array of values',
  operationValues: 'an object mapping an operationId to such a values object',
  operations: 'an array of operationIds',
  numRuns: 'a positive integer',
  maxRps: 'a positive number',
  seed: 'an integer',
  allowWrites: 'an array of operationIds',
  sandboxWrites: 'true or false',
  includeDeprecated: 'true or false',
};

export function loadConfigFile(file: string): ContractConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the config file ${file}: ${(error as Error).message}`);
  }
  return parseConfig(parsed, file);
}

export function parseConfig(value: unknown, source = 'config'): ContractConfig {
  if (!isObject(value)) {
    throw new Error(`${source} must be a JSON object`);
  }
  for (const [key, field] of Object.entries(value)) {
    if (/key|secret|token/i.test(key)) {
      throw new Error(`${source}: "${key}" is not allowed; pass API keys with options or environment variables`);
    }
    const valid = FIELDS[key as keyof ContractConfig];
    if (!valid) {
      throw new Error(`${source}: unknown field "${key}" (known: ${Object.keys(FIELDS).join(', ')})`);
    }
    if (!valid(field)) {
      throw new Error(`${source}: "${key}" must be ${FIELD_RULES[key as keyof ContractConfig]}`);
    }
  }
  return value as ContractConfig;
}
