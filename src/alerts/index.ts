/** Alerts: the message sent the moment a relevant story (or a follow-up) appears. */
export { type AlertOptions, buildStoryAlert, whatChangedLines } from './build.js';
export { type AlertReason, buildAlertForStory } from './stored.js';
