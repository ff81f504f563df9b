import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../src/text/index.js';
import { createMatcher } from '../../../src/topics/index.js';
import { cecotTopic } from './cecot-topic.js';

const match = createMatcher(cecotTopic());

describe('cecot matcher: on the beat', () => {
  it.each([
    ['Inside CECOT, El Salvador’s mega-prison', ''],
    ['Cecot: what we know about the prison', ''],
    ['Lawyers describe the Terrorism Confinement Centre', ''],
    ['Familias esperan noticias del Centro de Confinamiento del Terrorismo', ''],
    ['El Salvador extiende el régimen de excepción', 'La Asamblea aprobó la prórroga número 40.'],
    ['Bukele’s crackdown: thousands held in Salvadoran prisons', ''],
    ['Abrego Garcia returns to court', 'The judge set a new hearing.'],
    ['Ábrego García vuelve a los tribunales', ''],
    [
      'Salvadoran lawmakers extend emergency powers again',
      'The measure lets police arrest without a warrant.',
    ],
    ['Ex-detainee describes abuse in Salvadoran mega-prison', ''],
    ['Inside the Salvadoran prisons where thousands wait for trial', ''],
    ['Denuncian hacinamiento en las cárceles salvadoreñas', ''],
    ['Venezuelan men flown to El Salvador ask to go home', ''],
    ['Socorro Jurídico pide investigar nuevas muertes', ''],
    ['Juicio masivo contra 500 pandilleros en El Salvador', ''],
    ['Families wait outside Mariona for news of detained relatives', ''],
    [
      'Habeas corpus petitions pile up in El Salvador',
      'Relatives of people held under the state of exception filed them.',
    ],
    [
      'Mueren dos reos más en penales salvadoreños',
      'Suman 480 las muertes bajo custodia desde que inició el régimen.',
    ],
    ['Familiares de detenidos del régimen marchan en San Salvador', ''],
    [
      'Judge Boasberg orders new hearings on deportation flights',
      'The men were flown out under a wartime law.',
    ],
    ['Las megacárceles de Bukele', ''],
    ['Socorro Jurídico Humanitario documenta nuevas muertes', ''],
    ['Venezuelans deported to El Salvador sue the government', ''],
    ['Migrantes deportados a El Salvador denuncian torturas', ''],
    ['Court rules on Alien Enemies Act', 'The men were flown to El Salvador and held in a prison there.'],
  ])('%s', (title, summary) => {
    const result = match({ title, summary });
    expect(result.relevant, JSON.stringify(result)).toBe(true);
  });
});

describe('cecot matcher: hard negatives', () => {
  it.each([
    [
      'bitcoin law',
      'El Salvador reforms its bitcoin law',
      'Bukele’s government agreed the change with the IMF.',
    ],
    ['bitcoin, Spanish', 'Bukele compra más bitcoin', 'El Salvador sumó monedas a su reserva.'],
    [
      'Honduras prisons',
      'Honduras builds a mega-prison for gang members',
      'The design copies Bukele’s model.',
    ],
    [
      'Ecuador prisons',
      'Ecuador declares a state of emergency in its prisons',
      'Gangs control several wings.',
    ],
    [
      'another country’s leader',
      'Noboa extends the state of exception in seven provinces',
      'Prisons are under military control.',
    ],
    [
      'Nicaragua political prisoners',
      'Nicaragua frees political prisoners',
      'Ortega’s government sent them abroad.',
    ],
    [
      'other US site',
      'Detainees at an Everglades camp describe heat',
      'The Florida site holds migrants from El Salvador and elsewhere.',
    ],
    [
      'a demonym of another country',
      'Honduran lawmakers extend emergency decree',
      'It is modelled on El Salvador’s.',
    ],
    ['Guatemala prisons', 'Guatemala retoma el control de sus cárceles', 'Las pandillas dominaban el penal.'],
    ['Guantánamo', 'Migrants moved to Guantánamo', 'The prison camp holds dozens of Venezuelans.'],
    [
      'Alligator Alcatraz',
      'Judge orders “Alligator Alcatraz” to wind down',
      'The Florida detention site held migrants.',
    ],
    ['deportations to Costa Rica', 'US deports migrants to Costa Rica', 'The group included Venezuelans.'],
    ['deportations to Panama', 'Deportados a Panamá quedan en un campamento', 'Entre ellos hay venezolanos.'],
    ['deportations to South Sudan', 'Eight men deported to South Sudan', 'A judge had blocked the transfer.'],
    ['deportations to Mexico', 'Trump sends deportees to Mexico', 'Officials in Mexico City received them.'],
    ['la Selecta', 'La Selecta de El Salvador vence a Surinam', 'El equipo nacional jugó en San Salvador.'],
    ['football', 'El Salvador football team qualifies', 'Fans cheered in the capital.'],
    ['surfing', 'Surfing in El Salvador: Bukele bets on Surf City', 'Tourism grew last year.'],
    ['tourism', 'El turismo crece en El Salvador', 'Bukele celebró las cifras.'],
    ['nothing on the beat', 'Stock markets rally', 'Shares rose in New York.'],
    [
      'natural disaster',
      'Storm prompts state of emergency in El Salvador',
      'The hurricane flooded the coast.',
    ],
    [
      'natural disaster, Spanish',
      'El Salvador decreta estado de emergencia por el huracán',
      'Las lluvias siguen.',
    ],
    ['Bukele politics', 'Bukele wins another term in El Salvador', 'Turnout was high.'],
    [
      're-election',
      'Bukele’s re-election and the new map of power',
      'El Salvador’s congress backed the reform.',
    ],
    ['IMF', 'El Salvador reaches IMF deal', 'Bukele’s government agreed to new targets.'],
    ['technology law', 'Bukele courts artificial intelligence firms', 'El Salvador offers tax breaks.'],
    ['one weak word', 'New prison opens in Texas', ''],
  ])('%s', (_name, title, summary) => {
    const result = match({ title, summary });
    expect(result.relevant, JSON.stringify(result)).toBe(false);
  });

  it('keeps a CECOT story that mentions an excluded subject in passing', () => {
    const result = match({
      title: 'Deportees describe abuse at CECOT',
      summary: 'Some were later sent on to Mexico.',
    });
    expect(result.relevant).toBe(true);
    expect(result.excluded).toEqual(['Mexico(body)']);
  });

  it('keeps a story whose body names CECOT as where the people it is about are held', () => {
    const result = match({
      title: 'Appeals court keeps order on 137 Venezuelans in place',
      summary: 'The panel declined to pause the order on the 137 Venezuelan men held in CECOT.',
    });
    expect(result.relevant).toBe(true);
  });

  it('drops a story whose body is about an excluded subject and cites CECOT once', () => {
    const result = match({
      title: 'New maximum-security prison opens',
      summary: 'Ecuador moved gang leaders to the site, modelled on CECOT. Ecuador plans two more.',
    });
    expect(result.relevant).toBe(false);
    expect(result.excluded).toEqual(['Ecuador(body ×2)']);
  });

  it('drops a story about an excluded subject that mentions CECOT in passing', () => {
    const result = match({
      title: 'Honduras opens a new mega-prison',
      content: 'Officials say it rivals CECOT.',
    });
    expect(result.relevant).toBe(false);
    expect(result.excluded).toEqual(['Honduras(title)']);
  });

  it('drops a neighbour whose title names CECOT as its model, as often as its own country', () => {
    expect(match({ title: 'Chile evalúa construir una cárcel inspirada en el CECOT' }).relevant).toBe(false);
    expect(
      match({
        title: 'Guatemala traslada cabecillas a un penal que llaman «el CECOT chapín»',
        summary: 'El sistema penitenciario de Guatemala estrenó la cárcel, su «CECOT chapín».',
      }).relevant,
    ).toBe(false);
  });

  it('keeps a CECOT story whose title names it and whose body names neighbours once each', () => {
    const result = match({
      title: '2025 in review: how CECOT became a brand',
      summary: 'Governments from Honduras to Costa Rica announced prisons inspired by CECOT.',
    });
    expect(result.relevant).toBe(true);
  });
});

describe('cecot matcher: explanations', () => {
  it.each([
    [{ title: 'CECOT' }, { relevant: true, score: 2, matched: ['CECOT(strong, title)'], excluded: [] }],
    [
      { title: 'News', summary: 'Bukele spoke about El Salvador.' },
      { relevant: false, score: 1.25, matched: ['Bukele(+0.75)', 'El Salvador(+0.5)'], excluded: [] },
    ],
    // Bukele and El Salvador alone never reach the threshold, even in a title.
    [
      { title: 'Bukele in El Salvador' },
      {
        relevant: false,
        score: 1.88,
        matched: ['Bukele(+1.13, title)', 'El Salvador(+0.75, title)'],
        excluded: [],
      },
    ],
    [
      { title: 'Bukele and bitcoin', summary: 'El Salvador, régimen de excepción' },
      {
        relevant: false,
        score: 3.13,
        matched: ['Bukele(+1.13, title)', 'El Salvador(+0.5)', 'régimen de excepción(+1.5)'],
        excluded: ['bitcoin(title)'],
      },
    ],
    // An alias counts for its term: "Salvadoran" for El Salvador, "megacárceles" for megacárcel.
    [
      { title: 'x', content: 'Salvadoran megacárceles' },
      { relevant: true, score: 2, matched: ['El Salvador(+0.5)', 'megacárcel(+1.5)'], excluded: [] },
    ],
  ])('%j', (input, expected) => {
    const result = match(input);
    expect(result).toEqual(expected);
  });

  it('credits a story that reports a tracked figure', () => {
    const result = match({
      title: 'Freed under the state of emergency',
      summary: 'Some 8,000 people were released after being cleared.',
    });
    expect(result).toEqual({
      relevant: true,
      score: 2,
      matched: ['state of emergency(+1.5, title)', 'figures: released(+0.5)'],
      excluded: [],
    });
  });

  it('uses the aliases a weighted term lists in the beat file', () => {
    expect(match({ title: 'Hacinamiento en el penal de Izalco' }).matched).toEqual([
      'Salvadoran prisons(+2.25, title)',
    ]);
  });

  it('lists a term configured twice with the same words once', () => {
    expect(match({ title: 'Gang violence grips Haiti' }).excluded).toEqual(['Haiti(title)']);
  });

  it('counts a mention once, for the term it belongs to', () => {
    // "régimen de excepción" is an alias of "state of emergency" but also a term of its own.
    expect(match({ title: 'x', summary: 'el régimen de excepción' }).matched).toEqual([
      'régimen de excepción(+1.5)',
    ]);
  });

  it.each(['CECOT', 'cecot', 'Cecot', 'CÉCOT'])('is case- and accent-insensitive: %s', (title) => {
    expect(match({ title }).relevant).toBe(true);
  });

  it('matches whole words only', () => {
    expect(match({ title: 'Cecotte wins award', summary: 'Bukeleism is a word' }).matched).toEqual([]);
  });

  it('copes with empty input', () => {
    expect(match({ title: '' })).toEqual({ relevant: false, score: 0, matched: [], excluded: [] });
  });
});

describe('cecot matcher: hostile input', () => {
  it('handles a very long body', () => {
    const content = 'Bukele prison gangs 12,345 detained. '.repeat(5_000);
    expect(match({ title: 'x', content }).relevant).toBe(true);
  });

  it('handles markup-like and control characters as plain text', () => {
    expect(match({ title: '<script>CECOT</script>\u0000' }).relevant).toBe(true);
  });
});

describe('tokens given by the caller', () => {
  it('decide as the text they were made from does', () => {
    const story = {
      title: 'Tribunal frena traslados al CECOT',
      summary:
        'El juez ordenó suspender los traslados de migrantes al Centro de Confinamiento del Terrorismo.',
      content: 'Bukele respondió en redes sociales; Honduras no fue mencionada.',
    };
    const tokens = { title: tokenize(story.title), body: tokenize(`${story.summary}\n${story.content}`) };
    expect(match({ ...story, tokens })).toEqual(match(story));
  });
});
