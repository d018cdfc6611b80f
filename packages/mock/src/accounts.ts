import * as crypto from 'node:crypto';
import type { MockAccount } from './config.js';
import { sha256 } from './hash.js';
import { createRateLimiter, type RateLimit, type TakeRequest } from './rate-limit.js';
import { isAllowedRedirect, parseRedirectRule, type RedirectRule } from './redirect-rules.js';

export interface Account {
  role: string;
  name: string;
  responseFields: Readonly<Record<string, string>>;
  redirectRules: readonly RedirectRule[];
  /** Whether the account may send users back to this URL (answers are cached: clients reuse a few URLs). */
  allowsRedirect(url: string): boolean;
  /** The account's request rate, when the config limits it, and how to take a request from it. */
  rateLimit?: RateLimit & { take: TakeRequest };
}

const REDIRECT_CACHE_SIZE = 1024;

function redirectChecker(rules: readonly RedirectRule[]): (url: string) => boolean {
  const cache = new Map<string, boolean>();
  return (url) => {
    let allowed = cache.get(url);
    if (allowed === undefined) {
      allowed = isAllowedRedirect(rules, url);
      if (cache.size >= REDIRECT_CACHE_SIZE) {
        cache.clear();
      }
      cache.set(url, allowed);
    }
    return allowed;
  };
}

interface Entry {
  digest: Buffer;
  account: Account;
}

/**
 * Finds the account of an API key. Keys are compared as SHA-256 digests with `timingSafeEqual`, against every
 * account, so neither the time taken nor the key's length tells how close a guess was. A key found once is then
 * found by a Map lookup (a client sends the same key on every request): that only tells a key is valid, which the
 * answer tells anyway, and the Map holds at most the accounts' own keys. Keys are never logged.
 */
export function createKeyring(accounts: readonly MockAccount[]) {
  const entries: Entry[] = accounts.map((account) => {
    const redirectRules = account.allowedRedirectUrls.map(parseRedirectRule);
    return {
      digest: sha256(account.apiKey),
      account: {
        role: account.role,
        name: account.name,
        responseFields: { ...account.responseFields },
        redirectRules,
        allowsRedirect: redirectChecker(redirectRules),
        ...(account.rateLimit
          ? { rateLimit: { ...account.rateLimit, take: createRateLimiter(account.rateLimit) } }
          : {}),
      },
    };
  });
  const compare = (key: string): Account | undefined => {
    const candidate = sha256(key);
    let match: Account | undefined;
    for (const entry of entries) {
      if (crypto.timingSafeEqual(entry.digest, candidate)) {
        match = entry.account;
      }
    }
    return match;
  };
  const found = new Map<string, Account>();
  return {
    find(key: string): Account | undefined {
      let account = found.get(key);
      if (account === undefined) {
        account = compare(key);
        if (account !== undefined) {
          found.set(key, account);
        }
      }
      return account;
    },
  };
}

export type Keyring = ReturnType<typeof createKeyring>;
