// Indicator words in Spanish: units, groups of residents, titles.
import type { IndicatorWords } from './words.ts';

export const es: IndicatorWords = {
  units: {
    share: 'proporción de residentes (0-1)',
    persons: 'personas',
    perKm2: 'habitantes por km²',
    ratio: 'razón respecto a la proporción nacional (1 = igual)',
    index: 'índice (0-1)',
  },
  residents: 'Residentes',
  density: 'Densidad de población',
  shareOf: (group) => `Proporción de ${group}`,
  groups: {
    birth: {
      all: 'nacidos en el extranjero',
      eu: 'nacidos en otro país de la UE',
      non_eu: 'nacidos fuera de la UE',
      eur: 'nacidos en Europa fuera de la UE',
      afr: 'nacidos en África',
      asi: 'nacidos en Asia',
      ame: 'nacidos en América',
      oce: 'nacidos en Oceanía',
    },
    citizenship: {
      all: 'extranjeros',
      eu: 'ciudadanos de otro país de la UE',
      non_eu: 'ciudadanos de fuera de la UE',
      eur: 'ciudadanos de Europa fuera de la UE',
      afr: 'ciudadanos de África',
      asi: 'ciudadanos de Asia',
      ame: 'ciudadanos de América',
      oce: 'ciudadanos de Oceanía',
    },
  },
  locationQuotient: 'Cociente de localización',
  diversity: 'Diversidad (entropía)',
  basis: { birth: 'país de nacimiento', citizenship: 'nacionalidad' },
  areaIndex: { dissimilarity: 'Índice de disimilitud', isolation: 'Índice de aislamiento', theil: 'H de Theil (segregación multigrupo)' },
};
