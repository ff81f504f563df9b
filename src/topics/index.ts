/** Beat matching: does a story belong to the beat, and why. */
export { claimsTextOf, createMatcher, type Matcher, type MatchInput, type MatchResult } from './matcher.js';
