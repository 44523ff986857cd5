// Indicator words in English: units, groups of residents, titles.
import type { IndicatorWords } from './words.ts';

export const en: IndicatorWords = {
  units: {
    share: 'share of residents (0-1)',
    persons: 'persons',
    perKm2: 'residents per km²',
    ratio: 'ratio to the national share (1 = same)',
    index: 'index (0-1)',
  },
  residents: 'Residents',
  density: 'Population density',
  shareOf: (group) => `Share ${group}`,
  groups: {
    birth: {
      all: 'born abroad',
      eu: 'born in another EU country',
      non_eu: 'born outside the EU',
      eur: 'born in non-EU Europe',
      afr: 'born in Africa',
      asi: 'born in Asia',
      ame: 'born in the Americas',
      oce: 'born in Oceania',
    },
    citizenship: {
      all: 'foreign citizens',
      eu: 'citizens of another EU country',
      non_eu: 'non-EU citizens',
      eur: 'citizens of a non-EU European country',
      afr: 'citizens of an African country',
      asi: 'citizens of an Asian country',
      ame: 'citizens of a country in the Americas',
      oce: 'citizens of a country in Oceania',
    },
  },
  locationQuotient: 'Location quotient',
  diversity: 'Diversity (entropy)',
  basis: { birth: 'country of birth', citizenship: 'citizenship' },
  areaIndex: { dissimilarity: 'Dissimilarity index', isolation: 'Isolation index', theil: "Theil's H (multigroup segregation)" },
};
