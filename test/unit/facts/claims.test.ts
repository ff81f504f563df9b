import { describe, expect, it } from 'vitest';
import { extractClaims } from '../../../src/facts/index.js';
import { cecotTopic } from '../topics/cecot-topic.js';

const brief = cecotTopic().brief;

/** Claims as compact tuples: metric, value, qualifier. */
function claims(text: string, b = brief): Array<[string, number, string]> {
  return extractClaims(text, b).map((c) => [c.metric, c.value, c.qualifier]);
}

describe('extractClaims: qualifiers', () => {
  it.each([
    ['More than 90,000 people have been detained.', 'more_than'],
    ['Over 90,000 people have been arrested.', 'more_than'],
    ['Más de 90.000 personas han sido detenidas.', 'more_than'],
    ['At least 90,000 people were detained.', 'at_least'],
    ['Al menos 90.000 personas fueron capturadas.', 'at_least'],
    ['Por lo menos 90.000 detenidos.', 'at_least'],
    ['Some 90,000 people were arrested.', 'about'],
    ['About 90,000 people were arrested.', 'about'],
    ['Nearly 90,000 people were arrested.', 'fewer_than'],
    ['Casi 90.000 personas han sido capturadas.', 'fewer_than'],
    ['Almost 90,000 people were arrested.', 'fewer_than'],
    ['Unas 90.000 personas fueron detenidas.', 'about'],
    ['Alrededor de 90.000 detenidos.', 'about'],
    ['Cerca de 90.000 detenidos.', 'about'],
    ['Fewer than 90,000 people were detained.', 'fewer_than'],
    ['Menos de 90.000 detenidos.', 'fewer_than'],
    ['Up to 90,000 people were detained.', 'up_to'],
    ['Hasta 90.000 personas detenidas.', 'up_to'],
    ['La cifra de detenidos subió hasta 90.000.', 'exact'],
    ['Los detenidos rondan los 90.000.', 'about'],
    ['Una cifra cercana a 90.000 detenidos.', 'about'],
    ['Arrests are nearing 90,000.', 'about'],
    ['90,000 or more people were detained.', 'at_least'],
    ['90,000 people were detained.', 'exact'],
    ['More than 90,000 may have been detained.', 'more_than'],
    ['Arrests climbed past 90,000.', 'more_than'],
    ['Arrests rose above 90,000.', 'more_than'],
    ['Arriba de 90 mil personas han sido capturadas.', 'more_than'],
    ['At most 90,000 people were detained.', 'up_to'],
    ['Un máximo de 90.000 detenidos.', 'up_to'],
    ['Un mínimo de 90.000 detenidos.', 'at_least'],
  ])('%s → %s', (text, qualifier) => {
    expect(claims(text)).toEqual([['detentions', 90000, qualifier]]);
  });
});

describe('extractClaims: number formats', () => {
  it.each([
    ['85,900 people have been detained.', 85900],
    ['85.900 personas han sido detenidas.', 85900],
    ['Suman 85\u2009900 detenidos.', 85900],
    ['Ya son 90 mil los detenidos.', 90000],
    ['Some 1.5 million people were detained.', 1500000],
    ['Unos 1,5 millones de detenidos.', 1500000],
    ['Two hundred people were released.', 200],
    ['Doscientos detenidos fueron liberados.', 200],
  ])('%s → %d', (text, value) => {
    // Without known facts, so that no figure is set aside as implausible.
    expect(claims(text, { ...brief, facts: [] }).map((c) => c[1])).toEqual([value]);
  });
});

describe('extractClaims: the seed report', () => {
  it.each([
    [
      'According to rights group Socorro Juridico Humanitario, 454 Salvadorans have died in prisons since the crackdown began.',
      [['deaths_in_custody', 454, 'exact']],
    ],
    [
      'More than 90,000 people have been detained, and some 8,000 have been released after being found not guilty.',
      [
        ['detentions', 90000, 'more_than'],
        ['released', 8000, 'about'],
      ],
    ],
    [
      'The government says gang violence is responsible for 200,000 deaths over the past three decades.',
      [['gang_violence_deaths', 200000, 'exact']],
    ],
    [
      'It blames the gangs for 200,000 killings across three decades.',
      [['gang_violence_deaths', 200000, 'exact']],
    ],
    ['The Trump administration sent hundreds of Venezuelan migrants there.', []],
  ])('%s', (text, expected) => {
    expect(claims(text)).toEqual(expected);
  });
});

describe('extractClaims: two figures in one sentence go to the right metrics', () => {
  it.each([
    [
      'The US sent 238 Venezuelans to CECOT and 50 more to Guantánamo.',
      [['venezuelans_sent_to_cecot', 238, 'exact']],
    ],
    [
      'More than 90,000 people have been detained and some 8,000 released.',
      [
        ['detentions', 90000, 'more_than'],
        ['released', 8000, 'about'],
      ],
    ],
    [
      'Some 8,000 were freed while more than 90,000 remain detained.',
      [
        ['released', 8000, 'about'],
        ['detentions', 90000, 'more_than'],
      ],
    ],
    [
      'Más de 90.000 personas han sido detenidas y unas 8.000 liberadas.',
      [
        ['detentions', 90000, 'more_than'],
        ['released', 8000, 'about'],
      ],
    ],
    [
      'De los 90.000 capturados, 8.000 han sido puestos en libertad.',
      [
        ['detentions', 90000, 'exact'],
        ['released', 8000, 'exact'],
      ],
    ],
    [
      'El régimen suma 85.900 detenidos y al menos 430 fallecidos en cárceles.',
      [
        ['detentions', 85900, 'exact'],
        ['deaths_in_custody', 430, 'at_least'],
      ],
    ],
    [
      'The US sent 238 Venezuelans and 23 Salvadorans to CECOT.',
      [['venezuelans_sent_to_cecot', 238, 'exact']],
    ],
  ])('%s', (text, expected) => {
    expect(claims(text)).toEqual(expected);
  });
});

describe('extractClaims: Spanish', () => {
  it.each([
    [
      'Más de 90.000 capturas, 8.000 liberados y 454 fallecidos en prisión.',
      [
        ['detentions', 90000, 'more_than'],
        ['released', 8000, 'exact'],
        ['deaths_in_custody', 454, 'exact'],
      ],
    ],
    ['El Gobierno ha dejado en libertad a unos 7.000 detenidos.', [['released', 7000, 'about']]],
    [
      'Socorro Jurídico Humanitario contabiliza 473 muertes en las cárceles.',
      [['deaths_in_custody', 473, 'exact']],
    ],
    ['Murieron 473 personas bajo custodia del Estado.', [['deaths_in_custody', 473, 'exact']]],
    ['Unos 470 reos han fallecido en los penales durante el régimen.', [['deaths_in_custody', 470, 'about']]],
    ['EE. UU. envió a más de 200 venezolanos al CECOT.', [['venezuelans_sent_to_cecot', 200, 'more_than']]],
    ['Las pandillas causaron 200.000 muertes en tres décadas.', [['gang_violence_deaths', 200000, 'exact']]],
    [
      'Culpa a las pandillas de 200.000 asesinatos en tres décadas.',
      [['gang_violence_deaths', 200000, 'exact']],
    ],
  ])('%s', (text, expected) => {
    expect(claims(text)).toEqual(expected);
  });
});

describe('extractClaims: numbers that are not claims on a metric', () => {
  it.each([
    ['year', 'In 2022, the government detained thousands.'],
    ['date', 'On 23 December, officials released new figures on detentions.'],
    ['date, Spanish', 'El 27 de marzo de 2022 comenzaron las detenciones.'],
    ['date, English', 'On 15 May, officials announced more detentions.'],
    ['sentence length', 'A court sentenced the detained gang leader to 1,335 years in prison.'],
    ['sentence length, Spanish', 'Recibieron condenas de 1.335 años de prisión los detenidos.'],
    ['age', 'The detained man, aged 45, died in custody.'],
    ['age, Spanish', 'El detenido, de 45 años, murió en la cárcel.'],
    ['duration', 'He was detained for 90 days before being released.'],
    ['duration, hours', 'Detainees were held for 48 hours.'],
    ['money', 'The US paid $6 million for the detained migrants.'],
    ['money, Spanish', 'EE. UU. pagó 6 millones de dólares por los migrantes enviados al CECOT.'],
    ['percentage', 'Some 80% of those detained were released.'],
    ['percentage, Spanish', 'El 40 por ciento de los detenidos fue liberado.'],
    ['vote count', 'Lawmakers extended the state of emergency with 57 votes; thousands remain detained.'],
    ['capacity', 'CECOT can hold 40,000 detainees.'],
    ['compound modifier', 'A 40,000-inmate prison for those detained.'],
    ['complaints', 'Rights groups filed 6,000 complaints on behalf of the detained.'],
    ['capacity, Spanish', 'La megacárcel tiene capacidad para 40.000 reos detenidos.'],
    ['inmates the prison houses', 'The prison houses some 15,000 detained gang members.'],
    ['people interviewed', 'Cristosal interviewed 200 people released from prison.'],
    ['people interviewed, Spanish', 'Entrevistaron a 50 detenidos liberados.'],
    ['Americans freed in a swap', 'Venezuela freed 10 Americans in a prisoner swap.'],
    ['Americans freed, Spanish', 'Venezuela liberó a 10 estadounidenses en un canje.'],
    ['time of day', 'The detained men arrived at 10:30.'],
    ['identifier', 'Barrio 18 members were detained.'],
    ['ordinal, Spanish', 'Es la 47.ª prórroga y hay detenidos nuevos.'],
    ['prison population', 'The prison population of about 110,000 includes those detained.'],
    ['prison population, Spanish', 'La población penitenciaria ronda los 110.000 presos.'],
    [
      'deaths in ICE custody',
      'At least 30 people have died in ICE custody this year, and 400 in immigration detention since 2020.',
    ],
    ['arrests elsewhere', 'Ecuador has arrested more than 20,000 people under its own emergency.'],
    [
      'Venezuelans sent elsewhere',
      'The US flew 180 Venezuelans to Caracas, months after others were sent to El Salvador.',
    ],
    ['rate', 'The incarceration rate is 1,086 detainees per 100,000 residents.'],
    ['rate, Spanish', 'Hubo 1.086 detenidos por cada 100.000 habitantes.'],
    ['count of things', 'Detainees were moved between 14 prisons.'],
    ['earlier value', 'The death toll in prisons is now higher, up from 454.'],
    ['vague quantity', 'Hundreds of Venezuelans were sent to CECOT.'],
    ['Salvadoran inmates moved to CECOT', 'The government sent 2,000 gang leaders to CECOT.'],
    ['Salvadoran inmates moved, Spanish', 'Trasladaron a 300 reos al CECOT.'],
  ])('%s', (_name, text) => {
    expect(claims(text)).toEqual([]);
  });
});

describe('extractClaims: claim text and duplicates', () => {
  it('keeps the clause as written', () => {
    const [claim] = extractClaims(
      'Since 2022, more than 90,000 people have been detained; the rest is noise.',
      brief,
    );
    expect(claim?.text).toBe('Since 2022, more than 90,000 people have been detained');
  });

  it('reports a repeated figure once', () => {
    expect(claims('473 deaths in prisons\nSJH counts 473 deaths in prisons.')).toEqual([
      ['deaths_in_custody', 473, 'exact'],
    ]);
  });

  it('copes with empty and figure-free text', () => {
    expect(claims('')).toEqual([]);
    expect(claims('Nothing to see here.')).toEqual([]);
  });
});

describe('extractClaims: passing a mark', () => {
  it.each([
    ['Arrests top 90,000 under emergency rule.', 'more_than'],
    ['Detentions have passed 90,000.', 'more_than'],
    ['El Salvador supera los 90.000 detenidos.', 'more_than'],
    ['Las capturas rebasan las 90.000.', 'more_than'],
  ])('%s → %s', (text, qualifier) => {
    expect(claims(text)).toEqual([['detentions', 90000, qualifier]]);
  });

  it('merges a headline figure with the qualified figure of the body', () => {
    expect(claims('90,000 detained in El Salvador\nMore than 90,000 people have been detained.')).toEqual([
      ['detentions', 90000, 'more_than'],
    ]);
  });
});

describe('extractClaims: parts of a total are not the total', () => {
  it.each([
    ['In 2022 alone, 60,000 people were arrested.', []],
    ['Solo en el operativo de enero fueron capturadas 12.000 personas.', []],
    ['A raid netted 10,000 detainees who were later freed.', []],
    ['The group said this week that 473 people have died in prisons.', [['deaths_in_custody', 473, 'exact']]],
  ])('%s', (text, expected) => {
    expect(claims(text)).toEqual(expected);
  });
});

describe('extractClaims: figures far from the known total are about something else', () => {
  it.each([
    ['one raid', 'Police arrested 150 people in a raid.', []],
    ['one week', 'Three hundred detainees were released this week.', []],
    ['ten times the known total', 'The minister said 1.5 million people were detained.', []],
    ['within range', 'Police have arrested 85,000 people.', [['detentions', 85000, 'exact']]],
    ['no known value', 'The US sent 20 Venezuelans to CECOT.', [['venezuelans_sent_to_cecot', 20, 'exact']]],
  ])('%s', (_name, text, expected) => {
    expect(claims(text)).toEqual(expected);
  });
});

describe('extractClaims: earlier values, differences and ages', () => {
  it.each([
    [
      'up from the earlier count',
      'SJH says 473 people have died in prisons, up from the 454 deaths it recorded.',
      [['deaths_in_custody', 473, 'exact']],
    ],
    [
      'a difference',
      'SJH contabiliza 473 muertes en las cárceles, 19 más que en diciembre.',
      [['deaths_in_custody', 473, 'exact']],
    ],
    ['another n', 'Another 19 detainees died in prisons this month.', []],
    [
      'last week',
      'It counted 475 deaths in custody, after a figure of 473 last week.',
      [['deaths_in_custody', 475, 'exact']],
    ],
    ['age appositive', 'Kilmar Abrego Garcia, 30, who was sent to CECOT, was freed.', []],
  ])('%s', (_name, text, expected) => {
    expect(claims(text)).toEqual(expected);
  });
});

describe('extractClaims: a figure restating the measure of its sentence', () => {
  it.each([
    [
      'The government acknowledges some 8,000 people released; our register points to more than 8,600.',
      [
        ['released', 8000, 'about'],
        ['released', 8600, 'more_than'],
      ],
    ],
    [
      'Más de 8.600 personas detenidas han recuperado la libertad, frente a los cerca de 8.000 que reconoce el Gobierno.',
      [
        ['released', 8600, 'more_than'],
        ['released', 8000, 'about'],
      ],
    ],
    // Not when the sizes differ: 37 is not a count of detentions.
    [
      'More than 90,000 people have been detained; 37 groups signed the letter.',
      [['detentions', 90000, 'more_than']],
    ],
  ])('%s', (text, expected) => {
    expect(claims(text)).toEqual(expected);
  });
});

describe('extractClaims: a detainee word loses to the word saying what happened to them', () => {
  it.each([
    ['Más de 90.000 detenidos.', [['detentions', 90000, 'more_than']]],
    ['Unos 8.000 detenidos han recuperado la libertad por falta de pruebas.', [['released', 8000, 'about']]],
    ['Some 8,000 detainees have been released.', [['released', 8000, 'about']]],
    ['At least 454 detainees have died in prisons.', [['deaths_in_custody', 454, 'at_least']]],
  ])('%s', (text, expected) => {
    expect(claims(text)).toEqual(expected);
  });
});

describe('extractClaims: hostile input', () => {
  it('reads a huge run of digits without a sentence break and returns', () => {
    const text = `${'12,345 detained and 9 released, '.repeat(20_000)}`;
    expect(Array.isArray(extractClaims(text, brief))).toBe(true);
  });

  it('ignores control characters and odd spacing', () => {
    expect(claims('More\u0000 than\t90,000\u00a0people   have been\ndetained.')).toEqual([]);
    expect(claims('More than\t90,000\u00a0people   have been detained.')).toEqual([
      ['detentions', 90000, 'more_than'],
    ]);
  });
});

describe('extractClaims: more ways outlets phrase the figures', () => {
  it.each([
    [
      'Authorities say 91,200 people have been detained since the emergency began.',
      'detentions',
      91200,
      'exact',
    ],
    ['The crackdown has put over 90,000 people in jail.', 'detentions', 90000, 'more_than'],
    ['Las autoridades contabilizan más de 91.000 capturas desde 2022.', 'detentions', 91000, 'more_than'],
    ['El régimen acumula ya 88.500 detenidos, según la Policía.', 'detentions', 88500, 'exact'],
    ['Suman 90 mil las personas detenidas.', 'detentions', 90000, 'exact'],
    ['Los detenidos superan los 90.000.', 'detentions', 90000, 'more_than'],
    ['The number of arrests has surpassed 90,000.', 'detentions', 90000, 'more_than'],
    [
      'About 8,000 of those detained have since been released for lack of evidence.',
      'released',
      8000,
      'about',
    ],
    ['Some 8,000 people have walked free after being found innocent.', 'released', 8000, 'about'],
    ['El ministro dijo que 8.000 personas han obtenido su libertad.', 'released', 8000, 'exact'],
    ['Son 478 las personas que han muerto bajo custodia del Estado.', 'deaths_in_custody', 478, 'exact'],
    ['La cifra de muertos en las cárceles asciende a 473.', 'deaths_in_custody', 473, 'exact'],
    [
      'Socorro Jurídico documentó 473 fallecimientos de personas privadas de libertad.',
      'deaths_in_custody',
      473,
      'exact',
    ],
    ['The toll of prisoners who died in custody stands at 473.', 'deaths_in_custody', 473, 'exact'],
    [
      'Según el Gobierno, las maras causaron unas 200.000 muertes en 30 años.',
      'gang_violence_deaths',
      200000,
      'about',
    ],
    [
      'Un total de 252 venezolanos estuvieron recluidos en el CECOT.',
      'venezuelans_sent_to_cecot',
      252,
      'exact',
    ],
    ['In March, 238 Venezuelan migrants were flown to CECOT.', 'venezuelans_sent_to_cecot', 238, 'exact'],
    [
      'The 238 alleged Tren de Aragua gang members sent to CECOT sued.',
      'venezuelans_sent_to_cecot',
      238,
      'exact',
    ],
    [
      'Hearings for the 238 Venezuelan men removed to a Salvadoran mega-prison.',
      'venezuelans_sent_to_cecot',
      238,
      'exact',
    ],
    [
      'More than 90,000 people accused of belonging to gangs or collaborating with them have been arrested.',
      'detentions',
      90000,
      'more_than',
    ],
    ['La ONG registra 473 víctimas mortales en los penales.', 'deaths_in_custody', 473, 'exact'],
    [
      'Los 238 hombres enviados al CECOT fueron devueltos a Venezuela en julio.',
      'venezuelans_sent_to_cecot',
      238,
      'exact',
    ],
  ])('%s', (text, metric, value, qualifier) => {
    expect(claims(text)).toEqual([[metric, value, qualifier]]);
  });
});

describe('reading the same text twice', () => {
  it('gives equal claims that the caller may change without touching the next answer', () => {
    const text = 'More than 90,000 people have been detained since the state of emergency began.';
    const first = extractClaims(text, brief);
    expect(first).toHaveLength(1);
    const second = extractClaims(text, brief);
    expect(second).toEqual(first);
    second[0]!.value = 1;
    expect(extractClaims(text, brief)).toEqual(first);
  });
});

describe('extractClaims: counts in relative clauses and definite noun phrases', () => {
  it.each([
    [
      'Commissioners asked about deaths in state custody, which the legal aid group puts at no fewer than 480 since March 2022.',
      [['deaths_in_custody', 480, 'at_least']],
    ],
    [
      'Las muertes bajo custodia, que la organización cifra en 483 desde marzo de 2022, siguen sin explicación.',
      [['deaths_in_custody', 483, 'exact']],
    ],
    // The words that say what a definite figure counts may be in the sentence before, or in the title.
    [
      'Rights panel asks about deaths in Salvadoran prisons\nThe commission asked for the autopsy reports behind the 480 deaths that lawyers described.',
      [['deaths_in_custody', 480, 'exact']],
    ],
    [
      'Protesters gathered outside the CECOT hearing. Among them were relatives of the 252 Venezuelans the US sent there.',
      [['venezuelans_sent_to_cecot', 252, 'exact']],
    ],
    [
      'Las familias recordaron los meses en el CECOT. Más de 250 venezolanos estuvieron recluidos allí.',
      [['venezuelans_sent_to_cecot', 250, 'more_than']],
    ],
  ])('%s', (text, expected) => {
    expect(claims(text)).toEqual(expected);
  });

  it('does not reach back for a figure that does not refer back', () => {
    expect(
      claims('Rights panel asks about deaths in Salvadoran prisons\nA weekend of violence left 87 dead.'),
    ).toEqual([]);
  });

  it('does not take a comma that opens no relative clause for one', () => {
    expect(
      claims('Deaths in custody rose sharply, officials said, and 480 families asked for answers.'),
    ).toEqual([]);
  });
});

describe('extractClaims: earlier values and other totals', () => {
  it.each([
    [
      'He said 92,400 people had been arrested, compared with the 92,100 his minister reported ten days earlier.',
      [['detentions', 92400, 'exact']],
    ],
    [
      'Socorro Jurídico eleva a 483 las personas fallecidas bajo custodia, frente a las 478 que contaba a mediados de febrero.',
      [['deaths_in_custody', 483, 'exact']],
    ],
    [
      'El ministro dijo que 92.100 personas han sido capturadas, frente a las 91.500 que informó en febrero.',
      [['detentions', 92100, 'exact']],
    ],
  ])('%s', (text, expected) => {
    expect(claims(text)).toEqual(expected);
  });

  it('keeps a figure set against a current one', () => {
    expect(
      claims(
        'Our register counts more than 8,600 people released, compared with the 8,000 the government acknowledges.',
      ),
    ).toEqual([
      ['released', 8600, 'more_than'],
      ['released', 8000, 'exact'],
    ]);
  });

  it('takes a count of people held for the prison population when the story gives detentions another figure', () => {
    expect(
      claims(
        'The 92,400 detentions count everyone arrested since 2022. Some 110,000 people are behind bars in all.',
      ),
    ).toEqual([['detentions', 92400, 'exact']]);
    expect(claims('Hay 92.400 capturas. En todo el sistema hay unos 110.000 privados de libertad.')).toEqual([
      ['detentions', 92400, 'exact'],
    ]);
    // Without another figure for detentions, people held are the detentions the story reports.
    expect(claims('Some 91,000 people are behind bars under the state of emergency.')).toEqual([
      ['detentions', 91000, 'about'],
    ]);
  });
});

describe('extractClaims: whose figure it is', () => {
  it('resolves "the rights group" to the body the story named before, in English and Spanish', () => {
    const en = extractClaims(
      'Prison deaths climb in El Salvador\nSocorro Jurídico Humanitario presented its report on Friday. ' +
        'Since March 2022, 473 people have died in custody, the rights group said.',
      brief,
    );
    expect(en.map((c) => [c.metric, c.value, c.attributedTo])).toEqual([
      ['deaths_in_custody', 473, 'Socorro Jurídico Humanitario'],
    ]);
    const es = extractClaims(
      'Socorro Jurídico Humanitario presenta su informe\nEn total, 473 personas han muerto bajo custodia, ' +
        'informó la organización.',
      brief,
    );
    expect(es.map((c) => c.attributedTo)).toEqual(['Socorro Jurídico Humanitario']);
  });
});
