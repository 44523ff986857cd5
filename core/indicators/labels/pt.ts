// Indicator words in Portuguese: units, groups of residents, titles.
import type { IndicatorWords } from './words.ts';

export const pt: IndicatorWords = {
  units: {
    share: 'proporção dos residentes (0-1)',
    persons: 'pessoas',
    perKm2: 'habitantes por km²',
    ratio: 'razão face à proporção nacional (1 = igual)',
    index: 'índice (0-1)',
  },
  residents: 'Residentes',
  density: 'Densidade populacional',
  shareOf: (group) => `Proporção de ${group}`,
  groups: {
    birth: {
      all: 'nascidos no estrangeiro',
      eu: 'nascidos noutro país da UE',
      non_eu: 'nascidos fora da UE',
      eur: 'nascidos na Europa fora da UE',
      afr: 'nascidos em África',
      asi: 'nascidos na Ásia',
      ame: 'nascidos nas Américas',
      oce: 'nascidos na Oceânia',
    },
    citizenship: {
      all: 'cidadãos estrangeiros',
      eu: 'cidadãos de outro país da UE',
      non_eu: 'cidadãos de fora da UE',
      eur: 'cidadãos da Europa fora da UE',
      afr: 'cidadãos de África',
      asi: 'cidadãos da Ásia',
      ame: 'cidadãos das Américas',
      oce: 'cidadãos da Oceânia',
    },
  },
  locationQuotient: 'Quociente de localização',
  diversity: 'Diversidade (entropia)',
  basis: { birth: 'país de nascimento', citizenship: 'cidadania' },
  areaIndex: { dissimilarity: 'Índice de dissimilaridade', isolation: 'Índice de isolamento', theil: 'H de Theil (segregação multigrupo)' },
};
