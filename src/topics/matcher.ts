/**
 * Decides whether a story belongs to a beat, and says why. The rules come from the beat file
 * (`match`: strong terms, weighted terms with optional aliases, exclusions) and each term also
 * matches the aliases its entity has in the brief ("CECOT" → "Centro de Confinamiento del
 * Terrorismo"…). Design and measurements: docs/decisions/004-matching-and-claims.md.
 *
 * Decision, in order (first that applies wins):
 * 1. a strong term anywhere → relevant when the strong terms are mentioned more often than the
 *    exclusions, a mention in the title counting twice (a story about CECOT names it; a story
 *    about Ecuador's new prison, or Chile's plan, that cites CECOT as its model names its own
 *    country at least as often);
 * 2. an exclusion in the title → not relevant (the story is about the excluded subject);
 * 3. an exclusion in the body → not relevant, unless the weighted terms reach twice the threshold
 *    (a story squarely on the beat may mention another country in passing);
 * 4. otherwise relevant when the weighted terms add up to the threshold. A term counts once,
 *    with its weight multiplied by {@link TITLE_BOOST} when it appears in the title; a story that
 *    reports a figure on a tracked metric (see `createClaimReader`) gains {@link FIGURES_BONUS}.
 */
import type { Brief, Topic } from '../config/schema.js';
import { createClaimReader } from '../facts/claims.js';
import type { Claim } from '../facts/types.js';
import {
  compilePhrase,
  compilePhraseSet,
  findPhrases,
  foldText,
  type Phrase,
  type PhraseHit,
  prepareText,
  prepareTokens,
  tokenize,
} from '../text/index.js';

/** The text of a story to match. */
export interface MatchInput {
  title: string;
  summary?: string;
  content?: string;
  /**
   * The tokens of `title` and of `summary + "\n" + content` (what `tokenize` gives), when the
   * caller has them already; read instead of the text.
   */
  tokens?: { title: readonly string[]; body: readonly string[] };
  /**
   * The claims of {@link claimsTextOf} this input (what a claim reader gives), when the caller
   * has them already; used instead of reading them again.
   */
  claims?: readonly Claim[];
}

/** The text the matcher reads figures from: title, summary and content, one per line. */
export function claimsTextOf(input: MatchInput): string {
  return [input.title, input.summary, input.content].filter(Boolean).join('\n');
}

/** A decision and its explanation. */
export interface MatchResult {
  relevant: boolean;
  /** Sum of contributions; a strong term contributes the threshold. */
  score: number;
  /** Terms that matched with what they contributed, e.g. `Bukele(+1)`, `CECOT(strong)`. */
  matched: string[];
  /** Exclusion terms that matched, with where: e.g. `bitcoin(title)`, `Honduras(body)`. */
  excluded: string[];
}

export type Matcher = (text: MatchInput) => MatchResult;

/** How much more a weighted term counts when it appears in the title. */
export const TITLE_BOOST = 1.5;

/** What a mention in the title counts for when strong terms and exclusions are set against each other. */
export const TITLE_MENTIONS = 2;

/** What a story gains when it reports a figure on one of the beat's tracked metrics. */
export const FIGURES_BONUS = 0.5;

interface Term {
  label: string;
  weight: number;
  /** The numbers of its spellings in the matcher's list of phrases (see {@link compileTerms}). */
  ids: number[];
}

/** All spellings of an entity or phrase in the brief that `term` is one of (folded comparison). */
function aliasesOf(term: string, brief: Brief): string[] {
  const folded = foldText(term);
  const groups = [
    ...brief.entities.people,
    ...brief.entities.places,
    ...brief.entities.organisations,
    ...brief.entities.phrases,
  ];
  const out: string[] = [];
  for (const entity of groups) {
    const spellings = [entity.name, ...entity.aliases];
    if (spellings.some((s) => foldText(s) === folded)) out.push(...spellings);
  }
  return out;
}

/**
 * Compiles the terms of one list. Each spelling is credited to one term only, so one mention is
 * never counted twice: a spelling that is a configured term of its own stays with that term, and
 * an alias two configured terms share (their entity's other spellings) goes to the term listed
 * first. `claimed` carries the spellings already given out across lists.
 *
 * The spellings of every list go into one list of phrases, `phrases`, so that a story is read
 * once for all of them (see {@link findPhrases}); each term keeps the numbers of its own.
 */
function compileTerms(
  entries: Array<{ term: string; weight: number; aliases?: string[] }>,
  brief: Brief,
  configured: ReadonlySet<string>,
  claimed: Set<string>,
  phrases: Phrase[],
): Term[] {
  const terms: Term[] = [];
  for (const { term, weight, aliases = [] } of entries) {
    const own = wordsOf(term);
    // "Haití" after "Haiti": the same words are one term.
    if (claimed.has(own)) continue;
    const spellings = new Set([own]);
    claimed.add(own);
    for (const alias of [...aliases, ...aliasesOf(term, brief)]) {
      const words = wordsOf(alias);
      if (configured.has(words) || claimed.has(words)) continue;
      spellings.add(words);
      claimed.add(words);
    }
    const variants = [...spellings].map(compilePhrase).filter((p): p is Phrase => p !== null);
    terms.push({ label: term, weight, ids: variants.map((v) => phrases.push(v) - 1) });
  }
  return terms;
}

/** A spelling as its words: "mega-prison", "Mega prison" and "mega prison" are the same. */
function wordsOf(s: string): string {
  return tokenize(s).join(' ');
}

/** Hits of every spelling of every term in one text, by spelling number (see {@link compileTerms}). */
type Hits = ReadonlyArray<readonly PhraseHit[]>;

/** A term that occurs in a story: whether in the title, and how many mentions in the body. */
interface Found {
  term: Term;
  inTitle: boolean;
  inBody: number;
}

/** The terms of a list that occur in a story, in list order. */
function found(terms: readonly Term[], title: Hits, body: Hits): Found[] {
  const out: Found[] = [];
  for (const term of terms) {
    const inTitle = term.ids.some((id) => title[id]!.length > 0);
    const inBody = countIn(body, term.ids);
    if (inTitle || inBody > 0) out.push({ term, inTitle, inBody });
  }
  return out;
}

/** Mentions of a term: word positions where any of its spellings starts. */
function countIn(hits: Hits, ids: readonly number[]): number {
  // One spelling finds each position at most once; only several can find the same one.
  let count = 0;
  let spellings = 0;
  for (const id of ids) {
    const n = hits[id]!.length;
    if (n > 0) {
      count += n;
      spellings++;
    }
  }
  if (spellings <= 1) return count;
  return new Set(ids.flatMap((id) => hits[id]!.map((hit) => hit.start))).size;
}

/** How often a story names a list's terms, a title mention counting {@link TITLE_MENTIONS} times. */
function mentions(found: readonly Found[]): number {
  return found.reduce((n, f) => n + (f.inTitle ? TITLE_MENTIONS : 0) + f.inBody, 0);
}

function formatWeight(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** Builds the matcher of one beat from its match rules and its brief's entities. */
export function createMatcher(topic: Topic): Matcher {
  const rules = topic.match;
  const configured = new Set(
    [...rules.strong, ...rules.weighted.map((w) => w.term), ...rules.exclude].map(wordsOf),
  );
  const claimed = new Set<string>();
  const phrases: Phrase[] = [];
  const strong = compileTerms(
    rules.strong.map((term) => ({ term, weight: rules.threshold })),
    topic.brief,
    configured,
    claimed,
    phrases,
  );
  const weighted = compileTerms(rules.weighted, topic.brief, configured, claimed, phrases);
  const exclude = compileTerms(
    rules.exclude.map((term) => ({ term, weight: 0 })),
    topic.brief,
    configured,
    claimed,
    phrases,
  );
  const set = compilePhraseSet(phrases);
  const readClaims = createClaimReader(topic.brief);

  return (input) => {
    const given = input.tokens;
    const title = findPhrases(given ? prepareTokens(given.title) : prepareText(input.title ?? ''), set);
    const body = findPhrases(
      given ? prepareTokens(given.body) : prepareText(`${input.summary ?? ''}\n${input.content ?? ''}`),
      set,
    );
    const matched: string[] = [];
    const excluded: string[] = [];
    let score = 0;

    const strongFound = found(strong, title, body);
    for (const { term, inTitle } of strongFound) {
      score += term.weight;
      matched.push(`${term.label}(strong${inTitle ? ', title' : ''})`);
    }
    for (const { term, inTitle } of found(weighted, title, body)) {
      const contribution = term.weight * (inTitle ? TITLE_BOOST : 1);
      score += contribution;
      matched.push(
        `${term.label}(${contribution >= 0 ? '+' : ''}${formatWeight(contribution)}${inTitle ? ', title' : ''})`,
      );
    }
    // A story that reports the beat's own tracked figures is more likely on the beat.
    const claims = input.claims ?? readClaims(claimsTextOf(input));
    const metrics = [...new Set(claims.map((c) => c.metric))];
    if (metrics.length > 0) {
      score += FIGURES_BONUS;
      matched.push(`figures: ${metrics.join(', ')}(+${FIGURES_BONUS})`);
    }
    const excludedFound = found(exclude, title, body);
    const excludedInTitle = excludedFound.some((f) => f.inTitle);
    for (const { term, inTitle, inBody } of excludedFound) {
      excluded.push(`${term.label}(${inTitle ? 'title' : inBody > 1 ? `body ×${inBody}` : 'body'})`);
    }

    const strongMentions = mentions(strongFound);
    const excludedMentions = mentions(excludedFound);
    let relevant: boolean;
    if (strongMentions > 0) relevant = strongMentions > excludedMentions;
    else if (excludedInTitle) relevant = false;
    else if (excluded.length > 0) relevant = score >= 2 * rules.threshold;
    else relevant = score >= rules.threshold;

    return { relevant, score: Math.round(score * 100) / 100, matched, excluded };
  };
}
