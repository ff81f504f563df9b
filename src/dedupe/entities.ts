/**
 * The brief's entities in a story: every alias, in either language, maps to one entity, and so
 * does every acronym that stands for one — the brief's own (`SJH`) and the initials of its
 * multi-word names ("Alien Enemies Act" → `AEA`), which outlets use without the brief listing them.
 */
import type { Brief, Topic } from '../config/schema.js';
import { tokenize } from '../text/index.js';
import { initialsOf } from './names.js';

/** Finds the brief's entities in token streams; longest alias wins. */
export interface EntityFinder {
  find(tokens: readonly string[]): string[];
  /** Folded tokens of every alias, so name extraction can leave them to entity features. */
  aliasTokens: ReadonlySet<string>;
  /**
   * Acronyms (in capitals) that stand for an entity, mapped to it: the aliases written in
   * capitals and the initials of multi-word aliases. They are only read where a text writes them
   * in capitals, so "LEE" (Ley de Enemigos Extranjeros) is not the Spanish verb "lee".
   */
  acronyms: ReadonlyMap<string, string>;
}

/** Builds an {@link EntityFinder} for a brief. */
export function createEntityFinder(brief: Brief): EntityFinder {
  const byFirst = new Map<string, { tokens: string[]; key: string }[]>();
  const aliasTokens = new Set<string>();
  const acronyms = new Map<string, string>();
  const groups = brief.entities;
  for (const entity of [...groups.people, ...groups.places, ...groups.organisations, ...groups.phrases]) {
    const key = tokenize(entity.name).join(' ');
    for (const alias of new Set([entity.name, ...entity.aliases])) {
      const tokens = tokenize(alias);
      if (tokens.length === 0) continue;
      for (const t of tokens) aliasTokens.add(t);
      const list = byFirst.get(tokens[0]!) ?? [];
      list.push({ tokens, key });
      list.sort((a, b) => b.tokens.length - a.tokens.length);
      byFirst.set(tokens[0]!, list);
      const written = /^[\p{Lu}\d-]{3,}$/u.test(alias) ? tokens.join('').toUpperCase() : null;
      // Initials only of names written as names: "deported to El Salvador" is no body.
      const named =
        tokens.length >= 3 && alias.split(/\s+/).every((w) => /^(?:\p{Lu}|de|del|la|of|the|for)/u.test(w));
      for (const letters of [written, named ? initialsOf(alias) : null]) {
        if (letters && letters.length >= 3 && !acronyms.has(letters)) acronyms.set(letters, key);
      }
    }
  }
  return {
    aliasTokens,
    acronyms,
    find(tokens) {
      const found = new Set<string>();
      for (let i = 0; i < tokens.length; i++) {
        const options = byFirst.get(tokens[i]!);
        if (!options) continue;
        for (const option of options) {
          if (option.tokens.every((t, j) => tokens[i + j] === t)) {
            // No skip past the match: "deportados al CECOT" also names CECOT.
            found.add(option.key);
            break;
          }
        }
      }
      return [...found].sort();
    },
  };
}

/**
 * Entities that define the beat itself: those named by the topic's strong match terms or by its
 * lightly weighted ones. Nearly every beat story mentions them, so they say little about which
 * event it reports.
 */
export function beatTerms(topic: Topic, entities: EntityFinder): Set<string> {
  const out = new Set<string>();
  // Heavily weighted terms (a named group, a named detainee) are specific enough to keep.
  const generic = topic.match.weighted.filter((w) => w.weight <= 1).map((w) => w.term);
  for (const term of [...topic.match.strong, ...generic]) {
    for (const key of entities.find(tokenize(term))) out.add(key);
  }
  return out;
}
