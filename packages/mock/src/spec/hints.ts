// The spec's machine-readable hints (see the spec's README): the names of the `x-nox-*` extensions the mock reads.
// They are the vocabulary between the spec and its tools, not API data; the spec reader holds the one list.
export { HINT } from '@nox-energy/spec-reader';
