/**
 * The labels file of a development set (`labels.yaml`): its schema, and the consistency rules a
 * labeller can get wrong (a duplicate pointing at a later copy, a cluster on an irrelevant item,
 * fact changes that do not follow the known facts). Pure: the caller reads the file.
 */
import { z } from 'zod';
import { type KnownFact, qualifierSchema } from '../config/schema.js';
import type { DevsetItem, DevsetLabels, ItemLabel, ScoredFactChange } from './types.js';

/** Thrown when a labels file does not have the expected shape. */
export class LabelsError extends Error {
  readonly code = 'QUALITY_LABELS_INVALID';
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(`${message}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'LabelsError';
  }
}

const claimSchema = z.object({
  metric: z.string().min(1),
  value: z.number().nonnegative(),
  qualifier: qualifierSchema,
});

const factChangeSchema = z.object({
  metric: z.string().min(1),
  status: z.enum(['confirms', 'differs', 'new']),
});

const itemSchema = z.object({
  relevant: z.boolean(),
  duplicateOf: z.string().min(1).nullable(),
  cluster: z.string().min(1).optional(),
  claims: z.array(claimSchema).default([]),
  factChanges: z.array(factChangeSchema).default([]),
  note: z.string().optional(),
});

const fileSchema = z.object({
  version: z.literal(1),
  topic: z.string().min(1),
  items: z.record(z.string().min(1), itemSchema),
});

/** Validates the parsed YAML of a labels file. Throws {@link LabelsError} listing every problem. */
export function parseLabels(raw: unknown): DevsetLabels {
  const result = fileSchema.safeParse(raw);
  if (!result.success) {
    throw new LabelsError(
      'labels file is not valid',
      result.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`),
    );
  }
  const items = new Map<string, ItemLabel>();
  for (const [id, l] of Object.entries(result.data.items)) {
    items.set(id, {
      relevant: l.relevant,
      duplicateOf: l.duplicateOf,
      cluster: l.cluster ?? null,
      claims: l.claims,
      factChanges: l.factChanges,
      note: l.note ?? null,
    });
  }
  return { topic: result.data.topic, items };
}

/**
 * The status a claim should get against the known facts: `new` when the beat holds no value
 * for the metric, `confirms` when the number is the known number (whatever the qualifiers:
 * "some 8,000" confirms "about 8,000"), `differs` otherwise.
 */
export function expectedStatus(metric: string, value: number, known: readonly KnownFact[]): ScoredFactChange {
  const fact = known.find((f) => f.metric === metric);
  if (!fact || fact.value === null) return { metric, status: 'new' };
  return { metric, status: fact.value === value ? 'confirms' : 'differs' };
}

/**
 * Checks the labels against the items read from the feeds and against the labelling rules.
 * Returns one line per problem; an empty list means the set is consistent.
 */
export function checkLabels(
  labels: DevsetLabels,
  items: readonly DevsetItem[],
  context: { metrics: readonly string[]; knownFacts: readonly KnownFact[] },
): string[] {
  const problems: string[] = [];
  const order = new Map(items.map((it, i) => [it.id, i]));
  for (const it of items) if (!labels.items.has(it.id)) problems.push(`${it.id}: item has no label`);
  for (const [id, l] of labels.items) {
    if (!order.has(id)) {
      problems.push(`${id}: labelled but not found in any feed`);
      continue;
    }
    if (l.relevant && !l.cluster) problems.push(`${id}: relevant item without a cluster`);
    if (!l.relevant && l.cluster) problems.push(`${id}: irrelevant item with a cluster`);
    if (!l.relevant && (l.claims.length > 0 || l.factChanges.length > 0))
      problems.push(`${id}: irrelevant item with claims or fact changes`);
    if (l.duplicateOf !== null) {
      const first = labels.items.get(l.duplicateOf);
      if (!first) problems.push(`${id}: duplicateOf ${l.duplicateOf} is not a labelled item`);
      else {
        if (first.duplicateOf !== null)
          problems.push(
            `${id}: duplicateOf ${l.duplicateOf}, which is itself a copy (point at the first copy)`,
          );
        if ((order.get(l.duplicateOf) ?? Infinity) >= (order.get(id) ?? -1))
          problems.push(`${id}: duplicateOf ${l.duplicateOf}, which is not published earlier`);
        if (first.relevant !== l.relevant) problems.push(`${id}: relevance differs from its first copy`);
        if (first.cluster !== l.cluster) problems.push(`${id}: cluster differs from its first copy`);
      }
    }
    if (l.factChanges.length !== l.claims.length)
      problems.push(`${id}: ${l.claims.length} claims but ${l.factChanges.length} fact changes`);
    l.claims.forEach((c, i) => {
      if (!context.metrics.includes(c.metric)) problems.push(`${id}: claim on unknown metric ${c.metric}`);
      const want = expectedStatus(c.metric, c.value, context.knownFacts);
      const got = l.factChanges[i];
      if (got && (got.metric !== want.metric || got.status !== want.status))
        problems.push(
          `${id}: fact change ${i + 1} is ${got.metric}/${got.status}, expected ${want.metric}/${want.status}`,
        );
    });
  }
  return problems;
}
