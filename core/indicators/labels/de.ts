// Indicator words in German: units, groups of residents, titles.
import type { IndicatorWords } from './words.ts';

export const de: IndicatorWords = {
  units: {
    share: 'Anteil der Einwohner (0-1)',
    persons: 'Personen',
    perKm2: 'Einwohner je km²',
    ratio: 'Verhältnis zum nationalen Anteil (1 = gleich)',
    index: 'Index (0-1)',
  },
  residents: 'Einwohner',
  density: 'Bevölkerungsdichte',
  shareOf: (group) => `Anteil ${group}`,
  groups: {
    birth: {
      all: 'im Ausland geboren',
      eu: 'in einem anderen EU-Land geboren',
      non_eu: 'außerhalb der EU geboren',
      eur: 'geboren in Europa außerhalb der EU',
      afr: 'geboren in Afrika',
      asi: 'geboren in Asien',
      ame: 'geboren in Amerika',
      oce: 'geboren in Ozeanien',
    },
    citizenship: {
      all: 'Ausländer',
      eu: 'Bürger eines anderen EU-Landes',
      non_eu: 'Nicht-EU-Bürger',
      eur: 'Staatsangehörige aus Europa außerhalb der EU',
      afr: 'Staatsangehörige aus Afrika',
      asi: 'Staatsangehörige aus Asien',
      ame: 'Staatsangehörige aus Amerika',
      oce: 'Staatsangehörige aus Ozeanien',
    },
  },
  locationQuotient: 'Standortquotient',
  diversity: 'Vielfalt (Entropie)',
  basis: { birth: 'Geburtsland', citizenship: 'Staatsangehörigkeit' },
  areaIndex: { dissimilarity: 'Segregationsindex (Dissimilarität)', isolation: 'Isolationsindex', theil: 'Theils H (Mehrgruppen-Segregation)' },
};
