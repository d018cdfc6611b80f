// The session store's sweep, on its own: sessions leave in the order they expire, the count stays right across
// the queue's compaction, and a full store names the oldest session's expiry.
import { afterEach, describe, expect, it } from 'vitest';
import { type LinkSession, SessionStore } from '../src/sessions.js';

const TTL_MS = 600_000;

function sessionAt(token: string, createdAtMs: number): LinkSession {
  return { token, expiresAtMs: createdAtMs + TTL_MS, completedAtMs: null } as unknown as LinkSession;
}

describe('SessionStore', () => {
  let store: SessionStore | undefined;
  afterEach(() => store?.close());

  it('sweeps expired sessions in creation order through many compactions of its queue', () => {
    let now = 0;
    store = new SessionStore(5_000, () => now);
    let created = 0;
    // One session a second for 20,000 s: 600 of them live at any time, 19,400 swept.
    for (; created < 20_000; created++, now += 1_000) {
      expect(store.add(sessionAt(`s${created}`, now))).toEqual({ added: true });
      expect(store.size).toBe(Math.min(created + 1, TTL_MS / 1_000));
    }
    expect(store.lookup('s19399').state).toBe('unknown');
    // Expired as the clock moved on after the last create, held until the next sweep.
    expect(store.lookup('s19400').state).toBe('expired');
    expect(store.lookup('s19401').state).toBe('open');
    now += TTL_MS;
    store.sweep();
    expect(store.size).toBe(0);
  });

  it('refuses a session when full, with the seconds until the oldest expires, after the queue was compacted', () => {
    let now = 0;
    store = new SessionStore(3, () => now);
    for (let i = 0; i < 3_000; i++, now += TTL_MS) {
      store.add(sessionAt(`old${i}`, now));
    }
    now += TTL_MS;
    for (let i = 0; i < 3; i++, now += 10_000) {
      expect(store.add(sessionAt(`s${i}`, now))).toEqual({ added: true });
    }
    // The oldest live session was created 30 s ago.
    expect(store.add(sessionAt('refused', now))).toEqual({ added: false, retryAfterSeconds: 570 });
    expect(store.size).toBe(3);
    expect(store.lookup('refused').state).toBe('unknown');
  });
});
