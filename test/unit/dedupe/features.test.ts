import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { beatTerms, createEntityFinder } from '../../../src/dedupe/entities.js';
import {
  extractFeatures,
  extractNumbers,
  FEATURE_BODY_WORDS,
  leadText,
} from '../../../src/dedupe/features.js';
import { extractProperNouns } from '../../../src/dedupe/names.js';
import { tokenize } from '../../../src/text/index.js';

const topic = loadConfig({ path: 'config/default.yaml', env: {} }).topics[0]!;
const entities = createEntityFinder(topic.brief);

describe('extractNumbers', () => {
  it.each([
    ['more than 90,000 people', ['90000']],
    ['más de 90.000 personas', ['90000']],
    ['90 000 detainees', ['90000']],
    ['unos 90 mil detenidos', ['90000']],
    ['1.5 million dollars', ['1500000']],
    ['6 millones de dólares', ['6000000']],
    ['a 12.5% rise', ['12.5%']],
    ['473 deaths and 238 men', ['238', '473']],
    ['the MS-13 gang and COVID-19', []],
  ])('%s', (text, expected) => {
    expect(extractNumbers(text)).toEqual(expected);
  });

  it('leaves out years, small counts and days of the month', () => {
    expect(extractNumbers('In March 2022, three men; on 15 March; el 15 de marzo; 7 people')).toEqual([]);
    expect(extractNumbers('15 judges')).toEqual(['15']);
  });
});

describe('extractProperNouns', () => {
  it('keeps capitalised words inside sentences and skips sentence starts and stop words', () => {
    const found = extractProperNouns(
      'The ruling by Judge Lorna Whitfield came Monday. Lawyers said so.',
      new Set(),
    );
    expect(found).toEqual(['lorna', 'whitfield']);
  });

  it('leaves out words that name institutions in general', () => {
    expect(
      extractProperNouns('A letter to the State Department and the Supreme Court from Ana Ruiz.', new Set()),
    ).toEqual(['ana', 'ruiz']);
  });

  it('leaves brief aliases to entity features', () => {
    expect(extractProperNouns('A statement from Bukele and Whitfield.', entities.aliasTokens)).toEqual([
      'whitfield',
    ]);
  });
});

describe('createEntityFinder', () => {
  it('maps aliases in both languages to one entity', () => {
    expect(entities.find(tokenize('la megacárcel de Tecoluca'))).toEqual(['mega prison', 'tecoluca']);
    expect(entities.find(tokenize('the mega-prison in Tecoluca'))).toEqual(['mega prison', 'tecoluca']);
    expect(entities.find(tokenize('Kilmar Ábrego García'))).toEqual(['kilmar abrego garcia']);
  });

  it('maps the brief’s acronyms and the initials of its names to their entities', () => {
    expect(entities.acronyms.get('SJH')).toBe('socorro juridico humanitario');
    expect(entities.acronyms.get('CECOT')).toBe('cecot');
    expect(entities.acronyms.get('AEA')).toBe('alien enemies act');
    // A phrase is not a name: its initials are no acronym.
    expect([...entities.acronyms.values()]).not.toContain('deported to el salvador');
  });

  it('finds entities inside longer phrases too', () => {
    expect(entities.find(tokenize('migrantes enviados al CECOT'))).toEqual([
      'cecot',
      'deported to el salvador',
    ]);
  });
});

describe('beatTerms', () => {
  it('names the entities every beat story mentions', () => {
    const beat = beatTerms(topic, entities);
    expect(beat.has('cecot')).toBe(true);
    expect(beat.has('nayib bukele')).toBe(true);
    expect(beat.has('kilmar abrego garcia')).toBe(false);
  });
});

describe('extractFeatures', () => {
  it('gives an English and a Spanish report of one event language-independent features in common', () => {
    const en = extractFeatures(
      {
        title: 'Rights group counts 473 deaths in Salvadoran prisons',
        body: 'Socorro Jurídico Humanitario said 473 people have died in custody, citing Ingrid Escobar.',
        lang: 'en',
        claims: [],
      },
      entities,
    );
    const es = extractFeatures(
      {
        title: 'Socorro Jurídico contabiliza 473 muertes en cárceles',
        body: 'La organización Socorro Jurídico Humanitario informó 473 muertes, según Ingrid Escobar.',
        lang: 'es',
        claims: [],
      },
      entities,
    );
    const shared = en.filter((f) => es.includes(f));
    expect(shared).toEqual(
      expect.arrayContaining(['e:socorro juridico humanitario', 'n:473', 'p:escobar', 'p:ingrid', 's:death']),
    );
    // The brief's names are entity features, not cognates as well.
    expect(shared.filter((f) => f === 'w:socor' || f === 'w:human')).toEqual([]);
    expect(en).toContain('l:en');
    expect(es).toContain('l:es');
  });

  it('adds claimed figures', () => {
    const f = extractFeatures(
      {
        title: 'x',
        body: '',
        lang: 'en',
        claims: [{ metric: 'deaths_in_custody', value: 473, qualifier: 'exact', text: '473 died' }],
      },
      entities,
    );
    expect(f).toContain('m:deaths_in_custody=473');
    expect(f).toContain('k:deaths_in_custody');
  });

  it('leaves out figures the beat already knows, as claims and as numbers', () => {
    const f = extractFeatures(
      {
        title: '454 deaths in custody',
        body: '',
        lang: 'en',
        claims: [{ metric: 'deaths_in_custody', value: 454, qualifier: 'exact', text: '454 deaths' }],
        known: new Set([454]),
      },
      entities,
    );
    expect(f.filter((x) => /^[mkn]:/.test(x))).toEqual([]);
  });

  it('reads acronyms and dates, and leaves the wire’s dateline out', () => {
    const f = extractFeatures(
      {
        title: 'Police arrest gang leaders',
        body: 'SAN SALVADOR (AIN) — The Policía Nacional Civil said on Sunday that the FGR had filed charges.',
        lang: 'en',
        claims: [],
        publishedMs: Date.parse('2026-01-06T15:00:00Z'),
      },
      entities,
    );
    expect(f).toEqual(expect.arrayContaining(['a:FGR', 'a:PNC', 'd:01-04']));
    expect(f.filter((x) => x === 'a:AIN' || x === 'a:SAN')).toEqual([]);
  });

  it('gives the same features with the lead and tokens handed over', () => {
    const title = 'Judge Boasberg orders a hearing on 238 Venezuelans sent to CECOT';
    const body = `${'Lawyers for the men asked the court to act, citing 1,200 pages of filings. '.repeat(40)}Tail words.`;
    const input = { title, body, lang: 'en' as const, claims: [] };
    const bodyLead = leadText(body, FEATURE_BODY_WORDS);
    expect(bodyLead.length).toBeLessThan(body.length);
    const tokens = { title: tokenize(title), body: tokenize(bodyLead) };
    expect(extractFeatures({ ...input, bodyLead, tokens }, entities)).toEqual(
      extractFeatures(input, entities),
    );
  });
});

describe('leadText', () => {
  it('cuts at a word boundary', () => {
    expect(leadText('one two three four', 2)).toBe('one two');
    expect(leadText('one two', 5)).toBe('one two');
    expect(leadText('  one,\ttwo\n\nthree. four', 3)).toBe('  one,\ttwo\n\nthree.');
    expect(leadText('one two', 2)).toBe('one two');
    expect(leadText('', 2)).toBe('');
    // Each call starts counting afresh, whatever the previous one left off.
    expect(leadText('a b c d e f', 3)).toBe('a b c');
    expect(leadText('x y', 1)).toBe('x');
  });
});
