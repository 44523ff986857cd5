// Indicator words in Italian: units, groups of residents, titles.
import type { IndicatorWords } from './words.ts';

export const it: IndicatorWords = {
  units: {
    share: 'quota dei residenti (0-1)',
    persons: 'persone',
    perKm2: 'abitanti per km²',
    ratio: 'rapporto con la quota nazionale (1 = uguale)',
    index: 'indice (0-1)',
  },
  residents: 'Residenti',
  density: 'Densità di popolazione',
  shareOf: (group) => `Quota ${group}`,
  groups: {
    birth: {
      all: "nati all'estero",
      eu: 'nati in un altro paese UE',
      non_eu: "nati fuori dall'UE",
      eur: 'nati in Europa extra-UE',
      afr: 'nati in Africa',
      asi: 'nati in Asia',
      ame: 'nati nelle Americhe',
      oce: 'nati in Oceania',
    },
    citizenship: {
      all: 'cittadini stranieri',
      eu: 'cittadini di un altro paese UE',
      non_eu: 'cittadini extra-UE',
      eur: 'cittadini dell’Europa extra-UE',
      afr: 'cittadini dell’Africa',
      asi: 'cittadini dell’Asia',
      ame: 'cittadini delle Americhe',
      oce: 'cittadini dell’Oceania',
    },
  },
  locationQuotient: 'Quoziente di localizzazione',
  diversity: 'Diversità (entropia)',
  basis: { birth: 'paese di nascita', citizenship: 'cittadinanza' },
  areaIndex: { dissimilarity: 'Indice di dissimilarità', isolation: 'Indice di isolamento', theil: 'H di Theil (segregazione multigruppo)' },
};
