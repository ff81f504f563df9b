/** Extractive summaries and "what changed" lines. */
export {
  SUMMARY_MAX_CHARS,
  SUMMARY_MAX_SENTENCES,
  type SummaryInput,
  summarise,
  trimAtWord,
} from './summarise.js';
export { whatChanged } from './what-changed.js';
