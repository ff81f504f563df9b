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

  it('names nobody when the text does not', () => {
    expect(read('More than 90,000 people have been detained since March 2022.')).toBeNull();
    expect(read('Our own register, built from 150 interviews, points to more than 8,600.')).toBeNull();
    expect(read('Nuestro registro apunta a más de 8.600.')).toBeNull();
  });
});
