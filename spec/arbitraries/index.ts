export { FLOAT64_EPSILON, FLOAT32_EPSILON, isClose, expectArraysClose } from './tolerance.ts';
export { assertSameSeedSameOutput, assertInputUnchanged, snapshot } from './assertions.ts';
