// Indicator words in French: units, groups of residents, titles.
import type { IndicatorWords } from './words.ts';

export const fr: IndicatorWords = {
  units: {
    share: 'part des résidents (0-1)',
    persons: 'personnes',
    perKm2: 'habitants par km²',
    ratio: 'rapport à la part nationale (1 = égal)',
    index: 'indice (0-1)',
  },
  residents: 'Résidents',
  density: 'Densité de population',
  shareOf: (group) => `Part des ${group}`,
  groups: {
    birth: {
      all: "nés à l'étranger",
      eu: 'nés dans un autre pays de l’UE',
      non_eu: 'nés hors de l’UE',
      eur: 'nés en Europe hors UE',
      afr: 'nés en Afrique',
      asi: 'nés en Asie',
      ame: 'nés dans les Amériques',
      oce: 'nés en Océanie',
    },
    citizenship: {
      all: 'étrangers',
      eu: 'citoyens d’un autre pays de l’UE',
      non_eu: 'citoyens hors UE',
      eur: "ressortissants d'Europe hors UE",
      afr: "ressortissants d'Afrique",
      asi: "ressortissants d'Asie",
      ame: 'ressortissants des Amériques',
      oce: "ressortissants d'Océanie",
    },
  },
  locationQuotient: 'Quotient de localisation',
  diversity: 'Diversité (entropie)',
  basis: { birth: 'pays de naissance', citizenship: 'nationalité' },
  areaIndex: { dissimilarity: 'Indice de dissimilarité', isolation: "Indice d'isolement", theil: 'H de Theil (ségrégation multigroupe)' },
};
