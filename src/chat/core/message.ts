/**
 * Platform-neutral messages. Builders (alerts, digest, command answers) produce these with plain,
 * unescaped text; each platform's renderer escapes and fits them to its own limits.
 */

export interface MessageLink {
  /** Plain text shown for the link (e.g. the outlet's name). */
  label: string;
  url: string;
}

export interface MessageSection {
  heading?: string;
  /** Plain-text lines; renderers escape them. */
  lines: string[];
  links?: MessageLink[];
}

export interface Message {
  kind: 'alert' | 'digest' | 'reply';
  topic: string;
  /** Plain-text title. */
  title: string;
  sections: MessageSection[];
  /** Plain-text fallback of the whole message (Slack's `text`, notifications, logs). */
  text: string;
}
