// Indicators evaluated on the cells of a grid level: the context a cell needs (its area, its country's
// share for location quotients).
import { displayCountry } from '../grid/countries.ts';
import type { GridLevel } from '../grid/grid-level.ts';
import type { Indicator } from './catalogue.ts';
import { indicatorReader } from './readers.ts';
import { cellConfidentialRanges, type DisclosureRanges } from '../grid/suppressed-values.ts';
import { type CountryTotals, nationalShare } from '../lau/lau-facts.ts';

export function cellIndicatorReader(
  indicator: Indicator,
  level: GridLevel,
  countryCodes: string[],
  countries: Map<string, CountryTotals>,
  disclosure?: DisclosureRanges,
): (i: number) => number | undefined {
  const national = countryCodes.map((code) => nationalShare(countries.get(displayCountry(code)), indicator.numerator, indicator.denominator));
  const areaKm2 = (level.res / 1000) ** 2;
  return indicatorReader(indicator, level, {
    areaKm2: () => areaKm2,
    countryShare: (i) => national[level.country[i]],
    suppressedRange: cellConfidentialRanges(disclosure, countryCodes, level.country),
  });
}
