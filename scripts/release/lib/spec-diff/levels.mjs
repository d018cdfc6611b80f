// Levels of a spec change and how the direction of data decides them.
//
// Values the client SENDS (request bodies, parameters, what it answers to a callback): the server must go
// on accepting everything it accepted, so NARROWING is breaking and widening is a feature.
// Values the client RECEIVES (responses, callback payloads): the client must go on understanding
// everything it may get, so WIDENING is breaking and narrowing is a feature.
// A schema that is not reached from any operation has no known direction ("both"): either way breaks.

/** @typedef {'breaking' | 'feature' | 'fix'} Level */
/** @typedef {'request' | 'response' | 'both'} Direction */
/** @typedef {'narrowed' | 'widened' | 'changed'} Change */

/** @type {readonly Level[]} */
export const LEVELS = ['breaking', 'feature', 'fix'];

/** @type {Record<Level, 'major' | 'minor' | 'patch'>} */
export const BUMP_FOR_LEVEL = { breaking: 'major', feature: 'minor', fix: 'patch' };

/**
 * The level of a change to the set of values a schema allows.
 * @param {Direction} direction
 * @param {Change} change
 * @returns {Level}
 */
export function levelFor(direction, change) {
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
 * @param {Direction} direction
 * @returns {Direction}
 */
export function flip(direction) {
  if (direction === 'both') {
    return 'both';
  }
  return direction === 'request' ? 'response' : 'request';
}
