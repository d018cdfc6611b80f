// Levels of a spec change and how the direction of data decides them.
//
// Values the client SENDS (request bodies, parameters, what it answers to a callback): the server must go
// on accepting everything it accepted, so NARROWING is breaking and widening is a feature.
// Values the client RECEIVES (responses, callback payloads): the client must go on understanding
// everything it may get, so WIDENING is breaking and narrowing is a feature.
// A schema that is not reached from any operation has no known direction ("both"): either way breaks.

export type Level = 'breaking' | 'feature' | 'fix';
export type Direction = 'request' | 'response' | 'both';
export type Change = 'narrowed' | 'widened' | 'changed';

export const LEVELS: readonly Level[] = ['breaking', 'feature', 'fix'];

export const BUMP_FOR_LEVEL: Record<Level, 'major' | 'minor' | 'patch'> = {
  breaking: 'major',
  feature: 'minor',
  fix: 'patch',
};

/**
 * The level of a change to the set of values a schema allows.
 */
export function levelFor(direction: Direction, change: Change): Level {
  if (change === 'changed' || direction === 'both') {
    return 'breaking';
  }
  if (direction === 'request') {
    return change === 'narrowed' ? 'breaking' : 'feature';
  }
  return change === 'widened' ? 'breaking' : 'feature';
}

/**
 * The data direction seen from the other side: a callback request is received by the client.
 */
export function flip(direction: Direction): Direction {
  if (direction === 'both') {
    return 'both';
  }
  return direction === 'request' ? 'response' : 'request';
}
