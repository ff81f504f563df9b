import { describe, expect, it } from 'vitest';
import { createAttributionReader } from '../../../src/facts/attribution.js';
import { cecotTopic } from '../chat/story-items.js';

const read = createAttributionReader(cecotTopic().brief);

describe('createAttributionReader', () => {
  it.each([
    [
      'Según Socorro Jurídico Humanitario, 473 personas han muerto bajo custodia.',
      'Socorro Jurídico Humanitario',
    ],
    ['Suben a 473 las muertes, según el SJH.', 'Socorro Jurídico Humanitario'],
    ['The rights group Cristosal said 8,000 had been released.', 'Cristosal'],
    [
      "Socorro Juridico Humanitario's tally of 473 deaths is the most detailed record.",
      'Socorro Jurídico Humanitario',
    ],
    ['According to official figures, more than 90,000 people were detained.', 'official figures'],
    ['El Gobierno reconoce unas 8.000 personas liberadas, según cifras oficiales.', 'official figures'],
    ['The government says gangs killed 200,000 Salvadorans over three decades.', 'the government'],
    ['El mandatario atribuyó a las pandillas unas 200.000 muertes.', 'the government'],
    ['Gobierno de Bukele afirma que más de 10.000 personas han sido liberadas.', 'the government'],
    ['Nayib Bukele said more than 90,000 gang members had been arrested.', 'Nayib Bukele'],
    ['According to the Interior Ministry, 91,000 were held.', 'Interior Ministry'],
    [
      'La organización Centinela de Derechos Humanos calcula que más de 8.600 personas salieron.',
      'Centinela de Derechos Humanos',
    ],
    [
      'Security Minister Rodrigo Ayala told the chamber that upwards of 92,000 people had been arrested.',
      'Security Minister Rodrigo Ayala',
    ],
  ])('%s → %s', (sentence, body) => {
    expect(read(sentence)).toBe(body);
  });

  describe('a body named by what it is, resolved to the one body the text named before', () => {
    const title = 'Socorro Jurídico Humanitario: 473 muertes bajo custodia';
    it.each([
      [
        ['Socorro Jurídico Humanitario presented its report on Friday.'],
        'Since March 2022, 473 people have died in custody, the rights group said.',
        'Socorro Jurídico Humanitario',
      ],
      [
        [title],
        'En total, 473 personas han muerto bajo custodia, informó la organización.',
        'Socorro Jurídico Humanitario',
      ],
      [[title], 'El organismo contabiliza 473 muertes desde 2022.', 'Socorro Jurídico Humanitario'],
      [[title], 'Según la organización, 473 personas murieron.', 'Socorro Jurídico Humanitario'],
      [
        ['The rights group Cristosal released its annual report.'],
        'At least 8,000 people were freed, the group said.',
        'Cristosal',
      ],
      [
        ['La ONG Centinela de Derechos Humanos presentó su informe.'],
        'Más de 8.600 personas salieron, dijo la organización.',
        'Centinela de Derechos Humanos',
      ],
    ])('%s / %s → %s', (earlier, sentence, body) => {
      expect(read(sentence, earlier)).toBe(body);
    });

    it('names nobody when no body, or more than one, was named before', () => {
      const sentence = '473 people have died in custody, the rights group said.';
      expect(read(sentence)).toBeNull();
      expect(read(sentence, ['Relatives gathered outside the prison on Friday.'])).toBeNull();
      expect(
        read(sentence, ['Cristosal and Socorro Jurídico Humanitario both published reports this week.']),
      ).toBeNull();
      expect(
        read('En total, 473 personas han muerto, informó la organización.', ['Nayib Bukele habló.']),
      ).toBeNull();
    });

    it('reads the government named after the verb as the government', () => {
      expect(read('Son 91.000 los detenidos, dijo el ministerio.')).toBe('the government');
    });
  });

  it('names nobody when the text does not', () => {
    expect(read('More than 90,000 people have been detained since March 2022.')).toBeNull();
    expect(read('Our own register, built from 150 interviews, points to more than 8,600.')).toBeNull();
    expect(read('Nuestro registro apunta a más de 8.600.')).toBeNull();
  });
});
