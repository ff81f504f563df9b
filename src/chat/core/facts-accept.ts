/**
 * `facts accept <metric> <value>`: an admin makes a reported figure the known one. The figure must
 * have been reported (it is the outlet's figure that becomes known, credited to the outlet and to
 * the admin who accepted it); the history keeps every report, the accepted one included.
 */
import type { Topic } from '../../config/schema.js';
import { outletName } from '../../store/fact-rules.js';
import type { FactReport, FactStore } from '../../store/types.js';
import { dayIn, shortReply } from './compose.js';
import { cleanText } from './escape.js';
import { formatFigure, knownFactOrigin, knownValueText, metricLabel } from './figures.js';
import type { CommandOptions } from './parse-command.js';
import type { Caller, CommandReply } from './request.js';

/** "Socorro Jurídico Humanitario, via Continental Wire", or "reported by Continental Wire". */
function reportedBy(report: FactReport): string {
  const outlet = cleanText(outletName(report), 80);
  const body = cleanText(report.attributedTo, 80);
  return body && body.toLowerCase() !== outlet.toLowerCase()
    ? `${body}, via ${outlet}`
    : `reported by ${outlet}`;
}

const PLATFORM_NAME: Record<Caller['platform'], string> = {
  slack: 'Slack',
  discord: 'Discord',
  console: 'the console',
};

/**
 * A figure as people type it: `473`, `91,000`, `91.000`, `91 000`, `90 mil`. Null when it is
 * anything else (a decimal, a range, words).
 */
export function parseTypedFigure(text: string): number | null {
  const t = text.trim().toLowerCase();
  const mil = /^(\d{1,3})\s*(?:mil|k|thousand)$/.exec(t);
  if (mil) return Number(mil[1]) * 1000;
  if (/^\d{1,3}(?:[,.\s\u00a0\u202f]\d{3})+$/.test(t)) return Number(t.replace(/\D/g, ''));
  return /^\d{1,12}$/.test(t) ? Number(t) : null;
}

/** Accepts a reported figure for the beat; answers what it did, or why it could not. */
export async function acceptFigure(
  facts: Pick<FactStore, 'known' | 'history' | 'accept'>,
  topic: Topic,
  options: CommandOptions,
  caller: Caller,
  nowMs: number,
): Promise<CommandReply> {
  const usage = `/${topic.command} facts accept <metric> <value>, for example /${topic.command} facts accept deaths_in_custody 473`;
  const ids = topic.brief.metrics.map((m) => m.id);
  const metricId = options.metric === undefined ? undefined : String(options.metric).toLowerCase();
  if (metricId === undefined || options.value === undefined) {
    return shortReply(
      topic,
      'known figures',
      [`facts accept needs a metric and a value: ${usage}.`],
      'private',
    );
  }
  if (!ids.includes(metricId)) {
    return shortReply(
      topic,
      'known figures',
      [`There is no metric "${metricId}" on this beat. Metrics: ${ids.join(', ')}.`],
      'private',
    );
  }
  const value = parseTypedFigure(String(options.value));
  if (value === null) {
    return shortReply(
      topic,
      'known figures',
      [`"${options.value}" is not a figure: give a whole number such as 473 or 91,000.`],
      'private',
    );
  }
  const label = metricLabel(topic, metricId);
  const known = (await facts.known(topic.id)).find((f) => f.metric === metricId);
  if (known?.value === value) {
    return shortReply(
      topic,
      'known figures',
      [`${label}: ${knownValueText(known)} is already the known figure.`],
      'private',
    );
  }
  const history = await facts.history(topic.id, metricId);
  const reported = [...history].reverse().find((r) => r.value === value);
  if (!reported) {
    const others = [...new Set([...history].reverse().map((r) => r.value))].slice(0, 8);
    return shortReply(
      topic,
      'known figures',
      [
        `No outlet has reported ${formatFigure(value, 'exact')} for ${label}, so there is nothing to accept.` +
          (others.length > 0
            ? ` Reported figures, latest first: ${others.map((v) => formatFigure(v, 'exact')).join(', ')}.`
            : ''),
      ],
      'private',
    );
  }
  const acceptedBy = `${PLATFORM_NAME[caller.platform]} user ${caller.userId}`;
  const day = dayIn(nowMs, 'UTC');
  const accepted: FactReport & { acceptedBy: string } = {
    metric: metricId,
    value,
    qualifier: reported.qualifier,
    source: reported.source,
    ...(reported.outlet ? { outlet: reported.outlet } : {}),
    ...(reported.attributedTo ? { attributedTo: reported.attributedTo } : {}),
    date: day,
    ...(reported.storyKey ? { storyKey: reported.storyKey } : {}),
    acceptedBy,
  };
  await facts.accept(topic.id, accepted);
  return shortReply(
    topic,
    'known figures',
    [
      `${label}: ${formatFigure(value, reported.qualifier)} (${reportedBy(reported)}, ${reported.date}) ` +
        `is now the known figure, accepted by ${acceptedBy} on ${day}.`,
      ...(known ? [`It replaces ${knownValueText(known)} (${knownFactOrigin(known)}, ${known.asOf}).`] : []),
    ],
    'channel',
  );
}
