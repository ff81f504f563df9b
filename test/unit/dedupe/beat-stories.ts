/**
 * A small, hand-written stream of CECOT-beat stories (our own words) for dedupe and clustering
 * tests: two events on the same day reported in English and Spanish, wire copies, a tracking-link
 * variant, a follow-up days later, and off-beat stories.
 */
import type { SourcedItem } from '../../../src/analysis.js';

function story(
  id: string,
  published: string,
  title: string,
  summary: string,
  opts: { link?: string; outlet?: string; language?: string } = {},
): SourcedItem {
  const outlet = opts.outlet ?? 'Example Outlet';
  return {
    item: {
      id,
      title,
      link: opts.link ?? `https://${outlet.toLowerCase().replace(/\W+/g, '')}.example/${id}`,
      published,
      updated: null,
      author: null,
      summary,
      content: '',
      language: opts.language ?? null,
    },
    source: { feedUrl: `https://${outlet.toLowerCase().replace(/\W+/g, '')}.example/feed`, name: outlet },
  };
}

const WIRE =
  'A federal judge in Washington ordered the Trump administration on Thursday to arrange the return of 137 ' +
  'Venezuelan men who were flown to the CECOT prison in El Salvador under the Alien Enemies Act. Judge Lorna ' +
  'Whitfield wrote that the men had been denied any chance to contest the accusation that they belonged to ' +
  'Tren de Aragua. The Justice Department said it would appeal the ruling.';

/** Event "ruling": a US judge orders the return of 137 Venezuelans held in CECOT. */
export const ruling = {
  wire: story(
    'ruling-wire',
    '2026-03-12T14:00:00Z',
    'Judge orders return of Venezuelans sent to Salvadoran prison',
    WIRE,
    {
      outlet: 'Wire Service',
      link: 'https://wire.example/2026/03/12/judge-orders-return',
    },
  ),
  wireCopy: story(
    'ruling-copy',
    '2026-03-12T15:10:00Z',
    'US court tells Trump to bring back 137 men from CECOT',
    WIRE,
    {
      outlet: 'Daily Courier',
    },
  ),
  trackingVariant: story(
    'ruling-tracking',
    '2026-03-12T16:00:00Z',
    'Judge orders return of Venezuelans sent to Salvadoran prison',
    'A federal judge ordered the return of Venezuelan men flown to CECOT.',
    {
      outlet: 'Aggregator',
      link: 'https://www.wire.example/2026/03/12/judge-orders-return/?utm_source=rss&utm_medium=feed',
    },
  ),
  ownReport: story(
    'ruling-own',
    '2026-03-12T18:30:00Z',
    'Whitfield ruling: deported Venezuelans must be given a hearing',
    'The order by Judge Lorna Whitfield covers 137 migrants removed in March under a wartime law. Their ' +
      'lawyers argued that tattoos and clothing had been treated as proof of gang membership. Officials in ' +
      'San Salvador did not comment on whether CECOT would release them.',
    { outlet: 'Capital Report' },
  ),
  spanish: story(
    'ruling-es',
    '2026-03-12T20:00:00Z',
    'Jueza ordena el regreso de 137 venezolanos enviados al CECOT',
    'La jueza federal Lorna Whitfield ordenó al gobierno de Trump gestionar el retorno de 137 venezolanos ' +
      'trasladados a la megacárcel salvadoreña bajo la Ley de Enemigos Extranjeros. Según el fallo, los ' +
      'migrantes no pudieron impugnar la acusación de pertenecer al Tren de Aragua.',
    { outlet: 'Diario Ejemplo', language: 'es' },
  ),
  followUp: story(
    'ruling-appeal',
    '2026-03-18T10:00:00Z',
    'Appeals court keeps order on 137 Venezuelans in place',
    'An appeals panel declined on Wednesday to pause Judge Lorna Whitfield’s order requiring the government to ' +
      'facilitate the return of 137 Venezuelan men held in CECOT, sending the dispute toward the Supreme Court.',
    { outlet: 'Capital Report' },
  ),
};

/** Event "deaths": a rights group reports 473 deaths in custody, same day as the ruling. */
export const deaths = {
  english: story(
    'deaths-en',
    '2026-03-12T13:00:00Z',
    'Rights group counts 473 deaths in Salvadoran prisons under the emergency',
    'Socorro Jurídico Humanitario said on Thursday that 473 people have died in state custody since the state ' +
      'of emergency began, up from its previous count. The group said many of the dead showed signs of beatings ' +
      'and that relatives were told little about the causes of death.',
    { outlet: 'Capital Report' },
  ),
  spanish: story(
    'deaths-es',
    '2026-03-12T17:45:00Z',
    'Socorro Jurídico contabiliza 473 muertes en cárceles durante el régimen de excepción',
    'La organización Socorro Jurídico Humanitario informó que 473 personas han muerto bajo custodia del ' +
      'Estado desde que inició el régimen de excepción. Según la ONG, numerosos fallecidos presentaban golpes y ' +
      'las familias recibieron poca información sobre las causas.',
    { outlet: 'Diario Ejemplo', language: 'es' },
  ),
};

/**
 * Reactions to the deaths report two days later that do not name the beat: the prison service's
 * answer (on the beat, as a follow-up), and a neighbour's prison plan (off it).
 */
export const reactions = {
  reply: story(
    'deaths-reply',
    '2026-03-14T15:00:00Z',
    'Prison service disputes rights group’s count of 473 deaths',
    'The prison directorate said on Saturday that the figure of 473 deaths published on Thursday was ' +
      'exaggerated and that most of those who died had chronic illnesses before their arrest. Director Osiris ' +
      'Luna Meza said autopsy reports were available to families who asked for them.',
    { outlet: 'Capital Report' },
  ),
  neighbour: story(
    'honduras-prison',
    '2026-03-14T16:00:00Z',
    'Honduras plans a mega-prison on the model of its neighbour',
    'The Honduran government said on Saturday it would build a prison for 20,000 inmates, citing the 473 ' +
      'deaths counted on Thursday in its neighbour’s jails as a warning it would heed.',
    { outlet: 'Capital Report' },
  ),
};

/** Off-beat stories that share words with the beat. */
export const offBeat = {
  bitcoin: story(
    'bitcoin',
    '2026-03-12T12:00:00Z',
    'El Salvador adds more bitcoin to its reserves',
    'President Nayib Bukele announced that El Salvador bought another 21 bitcoin this week, continuing daily ' +
      'purchases despite an agreement with the International Monetary Fund.',
    { outlet: 'Markets Daily' },
  ),
};

/** The whole stream, in publication order. */
export const STREAM: SourcedItem[] = [
  offBeat.bitcoin,
  deaths.english,
  ruling.wire,
  ruling.wireCopy,
  ruling.trackingVariant,
  deaths.spanish,
  ruling.ownReport,
  ruling.spanish,
  ruling.followUp,
];
