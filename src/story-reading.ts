/**
 * What the analysis reads from one item on its own, before comparing it with earlier stories:
 * its language, the beat matcher's decision, its figures, its near-duplicate sketch and canonical
 * URL, and (on request) its clustering features. Pure, and shared by the analyser and the script
 * that fits the clustering model, so the model is fitted on the features the analyser reads.
 */
import type { Topic } from './config/schema.js';
import { canonicalUrl } from './dedupe/canonical-url.js';
import { createEntityFinder, type EntityFinder } from './dedupe/entities.js';
import { extractFeatures, FEATURE_BODY_WORDS, leadText } from './dedupe/features.js';
import { type Sketch, sketchTokens } from './dedupe/fingerprint.js';
import { createClaimReader } from './facts/index.js';
import type { Claim } from './facts/types.js';
import type { FeedItem } from './feeds/types.js';
import { detectLanguage, detectLanguageOfTokens, tokenize } from './text/index.js';
import { claimsTextOf, createMatcher, type MatchResult } from './topics/index.js';

/** One item read on its own. */
export interface StoryReading {
  title: string;
  /** The title's folded word tokens. */
  titleTokens: readonly string[];
  /** The longer of summary and content. */
  body: string;
  language: 'en' | 'es' | null;
  /** Epoch ms; 0 when the item has no usable date. */
  publishedMs: number;
  match: MatchResult;
  /** The figures of title and body (read once, on first use). */
  claims(): Claim[];
  sketch: Sketch;
  canonicalUrl: string | null;
  /** The clustering features, leaving out figures the beat already knows (`known`). */
  features(known: ReadonlySet<number>): string[];
}

/** Reads items for one beat. */
export type StoryReader = (item: FeedItem) => StoryReading;

/** Body tokens read for the near-duplicate sketch: the lead identifies an article. */
const SKETCH_BODY_TOKENS = 200;

/** Characters read to guess a story's language: the opening says it as well as the whole. */
const LANGUAGE_SAMPLE_CHARS = 2000;

/**
 * The language of a story whose text is `title + "\n" + body`; `tokens` are the tokens of that
 * text when it is no longer than the sample (the same tokens the sample would give).
 */
function languageOf(text: string, tokens: readonly string[] | null, tag: string | null): 'en' | 'es' | null {
  const detected = tokens
    ? detectLanguageOfTokens(tokens)
    : detectLanguage(text.slice(0, LANGUAGE_SAMPLE_CHARS));
  if (detected) return detected;
  const primary = tag?.toLowerCase().split(/[-_]/)[0];
  return primary === 'en' || primary === 'es' ? primary : null;
}

/** Epoch ms of a feed date, or 0 when there is none or it cannot be read. */
export function publishedMsOf(published: string | null): number {
  const ms = published ? Date.parse(published) : Number.NaN;
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/** Creates the reader of one beat, and the brief's entity finder it uses. */
export function createStoryReader(topic: Topic): { read: StoryReader; entities: EntityFinder } {
  const matcher = createMatcher(topic);
  const readClaims = createClaimReader(topic.brief);
  const entities = createEntityFinder(topic.brief);

  const read = (it: FeedItem): StoryReading => {
    const title = it.title ?? '';
    const summaryText = it.summary ?? '';
    const content = it.content ?? '';
    const body = content.length > summaryText.length ? content : summaryText;
    // Each text is folded and tokenized once, for the matcher, the language, the sketch and the
    // features. The matcher reads summary and content together, summary first: the body's tokens
    // and the other text's (a line break between two texts separates their tokens as the end of
    // a text does).
    const titleTokens = tokenize(title);
    const bodyTokens = tokenize(body);
    const other = body === content ? summaryText : content;
    const matchBody =
      summaryText === '' || content === ''
        ? bodyTokens
        : body === content
          ? [...tokenize(other), ...bodyTokens]
          : [...bodyTokens, ...tokenize(other)];
    const text = `${title}\n${body}`;
    const language = languageOf(
      text,
      text.length <= LANGUAGE_SAMPLE_CHARS ? [...titleTokens, ...bodyTokens] : null,
      it.language,
    );
    // The matcher's figures come from title, summary and content; the story's from title and
    // body. Usually one text (an item has a summary or content, not both): read once, then.
    const matchInput = { title, summary: summaryText, content };
    const matchText = claimsTextOf(matchInput);
    const matchClaims = readClaims(matchText);
    const match = matcher({
      ...matchInput,
      tokens: { title: titleTokens, body: matchBody },
      claims: matchClaims,
    });
    let storyClaims: Claim[] | null = matchText === text ? matchClaims : null;
    const claims = (): Claim[] => (storyClaims ??= readClaims(text));

    // Tokenised once, shared by the sketch and the clustering features; most bodies are their
    // own lead, whose tokens are at hand.
    const bodyLead = leadText(body, FEATURE_BODY_WORDS);
    const tokens = { title: titleTokens, body: bodyLead === body ? bodyTokens : tokenize(bodyLead) };
    const publishedMs = publishedMsOf(it.published);
    return {
      title,
      titleTokens,
      body,
      language,
      publishedMs,
      match,
      claims,
      sketch: sketchTokens([tokens.title, tokens.body.slice(0, SKETCH_BODY_TOKENS)]),
      canonicalUrl: canonicalUrl(it.link),
      features: (known) =>
        extractFeatures(
          { title, body, bodyLead, lang: language, claims: claims(), tokens, publishedMs, known },
          entities,
        ),
    };
  };
  return { read, entities };
}
