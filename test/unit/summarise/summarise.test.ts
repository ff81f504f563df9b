import { describe, expect, it } from 'vitest';
import type { FactChange } from '../../../src/facts/types.js';
import { SUMMARY_MAX_CHARS, summarise, trimAtWord } from '../../../src/summarise/index.js';

const EN =
  'El Salvador moved another group of detainees to the Tecoluca prison on Monday. The transfer was filmed ' +
  'and posted by the presidency. A rights group said 473 people have now died in custody since the emergency ' +
  'began. Lawyers for the families asked for an inquiry.';
const ES =
  'El Salvador trasladó otro grupo de reos a la cárcel de Tecoluca el lunes. La presidencia difundió un ' +
  'video del traslado. Una organización afirmó que 473 personas han muerto bajo custodia desde el inicio ' +
  'del régimen. Los abogados de las familias pidieron una investigación.';

function change(status: FactChange['status'], text: string): FactChange {
  return {
    metric: 'deaths_in_custody',
    status,
    known: { value: 454, qualifier: 'exact', source: 'Socorro Jurídico Humanitario', date: '2025-12-23' },
    reported: { value: 473, qualifier: 'exact', source: 'Outlet', date: '2026-03-12', text },
  };
}

describe('summarise', () => {
  it('takes the lead sentences, at most two, within the limit', () => {
    const s = summarise({ title: 'Transfer to Tecoluca', body: EN });
    expect(s).toBe(
      'El Salvador moved another group of detainees to the Tecoluca prison on Monday. The transfer was filmed and posted by the presidency.',
    );
    expect(s.length).toBeLessThanOrEqual(SUMMARY_MAX_CHARS);
  });

  it('prefers the sentence with a figure that differs from the known one, keeping story order', () => {
    const s = summarise({
      title: 'Transfer to Tecoluca',
      body: EN,
      factChanges: [change('differs', '473 people have now died in custody')],
    });
    expect(s).toBe(
      'El Salvador moved another group of detainees to the Tecoluca prison on Monday. A rights group said 473 people have now died in custody since the emergency began.',
    );
  });

  it('does not promote a sentence that only confirms a known figure', () => {
    const s = summarise({
      title: 't',
      body: EN,
      factChanges: [change('confirms', '473 people have now died')],
    });
    expect(s.startsWith('El Salvador moved')).toBe(true);
    expect(s).not.toContain('473');
  });

  it('stays in the story language', () => {
    const s = summarise({
      title: 'Traslado a Tecoluca',
      body: ES,
      factChanges: [change('new', '473 personas han muerto bajo custodia')],
    });
    expect(s).toContain('473 personas han muerto');
    expect(s).toContain('El Salvador trasladó');
  });

  it('trims one overlong sentence at a word boundary with an ellipsis', () => {
    const long = `${'The state of emergency has been extended again by the legislative assembly '.repeat(6)}today.`;
    const s = summarise({ title: 't', body: long });
    expect(s.length).toBeLessThanOrEqual(SUMMARY_MAX_CHARS);
    expect(s.endsWith('…')).toBe(true);
    const words = long.split(' ');
    const lastWord = s.slice(0, -1).split(' ').at(-1)!;
    expect(words).toContain(lastWord);
  });

  it('skips boilerplate and a sentence that only repeats the title, and falls back to the title', () => {
    const body =
      'Bukele answers critics. The post Bukele answers critics appeared first on Example News. Read more at example.com.';
    expect(summarise({ title: 'Bukele answers critics', body })).toBe('Bukele answers critics');
    expect(summarise({ title: '  A   title  ', body: '' })).toBe('A title');
  });

  it('skips the title in other case and punctuation, and keeps a sentence that only starts like it', () => {
    const body = 'BUKELE: answers critics! Bukele answers critics of the prison at length.';
    expect(summarise({ title: 'Bukele answers critics', body })).toBe(
      'Bukele answers critics of the prison at length.',
    );
  });

  it('never gives more than two sentences', () => {
    const body = 'One short sentence here. Two short sentence here. Three short sentence here.';
    expect(summarise({ title: 't', body })).toBe('One short sentence here. Two short sentence here.');
  });
});

describe('trimAtWord', () => {
  it('leaves short text alone and never exceeds the limit', () => {
    expect(trimAtWord('short', 10)).toBe('short');
    const t = trimAtWord('alpha beta gamma delta', 12);
    expect(t).toBe('alpha beta…');
    expect(t.length).toBeLessThanOrEqual(12);
  });

  it('cuts a single giant word when there is no boundary', () => {
    expect(trimAtWord('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
