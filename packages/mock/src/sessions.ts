// The open link sessions, in memory. Sessions leave the store when they expire (swept on every create and every
// few seconds; a lookup checks the expiry itself), and the store never holds more than `maxLive`: a full store
// refuses new sessions.
import type { Account } from './accounts.js';
import type { Operation, RequestBranch } from './spec/operations.js';

export interface LinkSession {
  token: string;
  operation: Operation;
  branch: RequestBranch;
  account: Account;
  /** The create response, as sent. */
  response: Record<string, unknown>;
  /** The redirect URL from the request. */
  redirectUrl: string;
  expiresAtMs: number;
  completedAtMs: number | null;
}

export type Lookup =
  | { state: 'open'; session: LinkSession }
  | { state: 'expired' | 'used'; session: LinkSession }
  | { state: 'unknown' };

export type AddResult = { added: true } | { added: false; retryAfterSeconds: number };

const SWEEP_INTERVAL_MS = 5_000;

export class SessionStore {
  readonly #sessions = new Map<string, LinkSession>();
  // The sessions in the order they were created, which is the order they expire in; the sweep starts at `#head`.
  // (Sweeping from the front of the Map itself would walk over the slots of every session deleted before: V8
  // frees them only when the Map grows, so each sweep cost grew with the number of sessions created.)
  #order: LinkSession[] = [];
  #head = 0;
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly maxLive: number,
    private readonly now: () => number,
  ) {
    this.#timer = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.#timer.unref();
  }

  get size(): number {
    return this.#sessions.size;
  }

  add(session: LinkSession): AddResult {
    // Cheap: the sweep stops at the first session still open, usually the first one it looks at.
    this.sweep();
    if (this.#sessions.size >= this.maxLive) {
      // The oldest session frees the first place; the Map keeps insertion order.
      const oldest = this.#order[this.#head] as LinkSession;
      return { added: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest.expiresAtMs - this.now()) / 1000)) };
    }
    this.#sessions.set(session.token, session);
    this.#order.push(session);
    return { added: true };
  }

  lookup(token: string): Lookup {
    const session = this.#sessions.get(token);
    if (!session) {
      return { state: 'unknown' };
    }
    if (session.completedAtMs !== null) {
      return { state: 'used', session };
    }
    if (this.now() >= session.expiresAtMs) {
      return { state: 'expired', session };
    }
    return { state: 'open', session };
  }

  /** Drops expired sessions. Sessions expire in the order they were created, so the sweep stops at the first live one. */
  sweep(): void {
    const now = this.now();
    const order = this.#order;
    let head = this.#head;
    while (head < order.length && (order[head] as LinkSession).expiresAtMs <= now) {
      this.#sessions.delete((order[head] as LinkSession).token);
      head++;
    }
    // The swept front is dropped once it is the larger part, so the queue stays within twice the live sessions.
    if (head > 1024 && head * 2 > order.length) {
      this.#order = order.slice(head);
      head = 0;
    }
    this.#head = head;
  }

  close(): void {
    clearInterval(this.#timer);
    this.#sessions.clear();
    this.#order = [];
    this.#head = 0;
  }
}
