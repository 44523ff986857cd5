// Indicator words in Dutch: units, groups of residents, titles.
import type { IndicatorWords } from './words.ts';

export const nl: IndicatorWords = {
  units: {
    share: 'aandeel van de inwoners (0-1)',
    persons: 'personen',
    perKm2: 'inwoners per km²',
    ratio: 'verhouding tot het nationale aandeel (1 = gelijk)',
    index: 'index (0-1)',
  },
  residents: 'Inwoners',
  density: 'Bevolkingsdichtheid',
  shareOf: (group) => `Aandeel ${group}`,
  groups: {
    birth: {
      all: 'geboren in het buitenland',
      eu: 'geboren in een ander EU-land',
      non_eu: 'geboren buiten de EU',
      eur: 'geboren in Europa buiten de EU',
      afr: 'geboren in Afrika',
      asi: 'geboren in Azië',
      ame: 'geboren in Amerika',
      oce: 'geboren in Oceanië',
    },
    citizenship: {
      all: 'buitenlandse staatsburgers',
      eu: 'burgers van een ander EU-land',
      non_eu: 'niet-EU-burgers',
      eur: 'burgers uit Europa buiten de EU',
      afr: 'burgers uit Afrika',
      asi: 'burgers uit Azië',
      ame: 'burgers uit Amerika',
      oce: 'burgers uit Oceanië',
    },
  },
  locationQuotient: 'Locatiequotiënt',
  diversity: 'Diversiteit (entropie)',
  basis: { birth: 'geboorteland', citizenship: 'nationaliteit' },
  areaIndex: { dissimilarity: 'Segregatie-index (dissimilariteit)', isolation: 'Isolatie-index', theil: 'Theils H (meergroepssegregatie)' },
};
