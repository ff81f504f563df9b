/** The daily digest: what is new on the beat since a destination's last one, and when it goes out. */
export { buildDigest, type DigestOptions } from './build.js';
export { type DigestSources, digestFromStores } from './collect.js';
export { type DigestWindow, itemsInWindow, type RankedStory, rankStories } from './rank.js';
export {
  type DigestSchedule,
  type DigestSetting,
  dailyPattern,
  digestDeliveryKey,
  digestScheduleOf,
  digestSchedulerId,
  digestSettingKey,
} from './schedule.js';
export { sparkline, storiesPerDay } from './sparkline.js';
