// Country figures for the 2011 census year that the synthetic set is calibrated to. Sources are the
// keys of ../shared/data/FACTS-2011.md (copied into the generated README); "estimate" marks a figure
// derived here where no published split was found.
import type { CountryCode } from '../core/grid/countries.ts';

/** Non-EU origin continents, in column order. */
export const CONTINENTS = ['EUR', 'AFR', 'ASI', 'AME', 'OCE'] as const;
export type Continent = (typeof CONTINENTS)[number];

export interface CountryFacts {
  name: string;
  /** residents at the 2011 census */
  population: number;
  /** born in another EU state / outside the EU, persons (2011, or 2010 rates applied to the 2011 population) */
  bornAbroad: { eu: number; nonEu: number };
  /** citizens of another EU state / of a non-EU state */
  foreignCitizens: { eu: number; nonEu: number };
  /** share of foreign citizens who were born in the country (children of migrants without its citizenship); estimate */
  nativeBornForeignShare: number;
  /** split of the non-EU born by continent of birth (estimate from the main origin countries) */
  nonEuOrigins: Record<Continent, number>;
  /** number of LAU2 units around 2011 and what they are called */
  lauCount: number;
  lauKind: string;
  sources: string;
}

const rate = (part: number, of: number, population: number) => Math.round((part / of) * population);

export const FACTS: Record<CountryCode, CountryFacts> = {
  FR: {
    name: 'France (metropolitan)',
    population: 63_070_344,
    // [S1] 1 Jan 2010 rates (2,118k EU, 5,078k non-EU of 64,716k) applied to the metropolitan population
    bornAbroad: { eu: rate(2118e3, 64716e3, 63_070_344), nonEu: rate(5078e3, 64716e3, 63_070_344) },
    foreignCitizens: { eu: 1_500_000, nonEu: 2_300_000 }, // ~3.8 M [S2]; EU/non-EU split estimate
    nativeBornForeignShare: 0.12,
    nonEuOrigins: { EUR: 0.12, AFR: 0.62, ASI: 0.17, AME: 0.08, OCE: 0.01 },
    lauCount: 36_683,
    lauKind: 'communes',
    sources: '[a] INSEE legal population 1 Jan 2011; [S1] Eurostat SiF 34/2011; [S2] Eurostat 2011 release; [x] LAU list 2010',
  },
  DE: {
    name: 'Germany',
    population: 80_219_695,
    bornAbroad: { eu: rate(3396e3, 81802e3, 80_219_695), nonEu: rate(6415e3, 81802e3, 80_219_695) },
    foreignCitizens: { eu: 2_340_000, nonEu: 3_830_000 }, // 6.17 M Zensus [d][e]; split estimate
    nativeBornForeignShare: 0.2,
    nonEuOrigins: { EUR: 0.55, AFR: 0.09, ASI: 0.27, AME: 0.07, OCE: 0.02 },
    lauCount: 11_300,
    lauKind: 'Gemeinden',
    sources: '[d] Zensus 9 May 2011; [S1]; [e] Zensus foreigners; [x] 12,379 Gemeinden in 2010, ~11,300 after mergers',
  },
  IE: {
    name: 'Ireland',
    population: 4_588_252,
    // 766,770 born outside Ireland [f]; EU (incl. UK, then EU) / non-EU split estimate
    bornAbroad: { eu: 500_000, nonEu: 266_770 },
    foreignCitizens: { eu: 292_400, nonEu: 251_957 }, // 544,357 non-Irish [g]; EU 292,400 [i]
    nativeBornForeignShare: 0.05,
    nonEuOrigins: { EUR: 0.12, AFR: 0.2, ASI: 0.35, AME: 0.25, OCE: 0.08 },
    lauCount: 3_441,
    lauKind: 'electoral districts',
    sources: '[f] census 10 Apr 2011; [g][h] CSO profile 6; [i] EU citizens; [x]',
  },
  IT: {
    name: 'Italy',
    population: 59_433_744,
    bornAbroad: { eu: rate(1592e3, 60340e3, 59_433_744), nonEu: rate(3205e3, 60340e3, 59_433_744) },
    foreignCitizens: { eu: 1_200_000, nonEu: 2_829_145 }, // 4,029,145 census [j]; split estimate
    nativeBornForeignShare: 0.13,
    nonEuOrigins: { EUR: 0.42, AFR: 0.27, ASI: 0.18, AME: 0.12, OCE: 0.01 },
    lauCount: 8_092,
    lauKind: 'comuni',
    sources: '[j] census 9 Oct 2011; [S1]; [y] 8,092 comuni',
  },
  NL: {
    name: 'Netherlands',
    population: 16_655_799,
    bornAbroad: { eu: rate(428e3, 16575e3, 16_655_799), nonEu: rate(1404e3, 16575e3, 16_655_799) },
    foreignCitizens: { eu: 336_600, nonEu: 336_600 }, // 673,200, "evenly split" [k]
    nativeBornForeignShare: 0.1,
    nonEuOrigins: { EUR: 0.3, AFR: 0.25, ASI: 0.16, AME: 0.27, OCE: 0.02 },
    lauCount: 418,
    lauKind: 'gemeenten',
    sources: 'CBS 1 Jan 2011; [S1]; [k] 11.2% foreign-born; 418 gemeenten in 2011',
  },
  PT: {
    name: 'Portugal',
    population: 10_562_178,
    bornAbroad: { eu: rate(191e3, 10637e3, 10_562_178), nonEu: rate(602e3, 10637e3, 10_562_178) },
    foreignCitizens: { eu: 100_000, nonEu: 294_000 }, // ~394k, estimate
    nativeBornForeignShare: 0.05,
    nonEuOrigins: { EUR: 0.06, AFR: 0.55, ASI: 0.05, AME: 0.33, OCE: 0.01 },
    lauCount: 4_260,
    lauKind: 'freguesias',
    sources: '[l] census 21 Mar 2011; [S1]; [m]; [x]',
  },
  ES: {
    name: 'Spain',
    population: 46_815_916,
    bornAbroad: { eu: rate(2328e3, 45989e3, 46_815_916), nonEu: rate(4094e3, 45989e3, 46_815_916) },
    // census 5.2 M [n], split as the padrón's 2,395,358 EU / 3,356,129 non-EU [o]
    foreignCitizens: { eu: 2_166_000, nonEu: 3_034_000 },
    nativeBornForeignShare: 0.06,
    nonEuOrigins: { EUR: 0.08, AFR: 0.28, ASI: 0.13, AME: 0.5, OCE: 0.01 },
    lauCount: 8_111,
    lauKind: 'municipios',
    sources: '[n] census 2011; [o] padrón 1 Jan 2011; [S1]; [x]',
  },
  UK: {
    name: 'United Kingdom',
    population: 63_182_175,
    // 7,993,480 born abroad at the 2011 censuses [r], split as [S1] (2,245k EU of 7,012k)
    bornAbroad: { eu: Math.round((7_993_480 * 2245) / 7012), nonEu: Math.round((7_993_480 * 4767) / 7012) },
    foreignCitizens: { eu: 2_000_000, nonEu: 2_500_000 }, // 4.5 M [S2]; split estimate
    nativeBornForeignShare: 0.08,
    nonEuOrigins: { EUR: 0.07, AFR: 0.25, ASI: 0.5, AME: 0.12, OCE: 0.06 },
    lauCount: 9_500,
    lauKind: 'wards',
    sources: '[q] censuses 2011 (E, W, S, NI); [r] born abroad; [s] ONS; [S1]; ward count estimate',
  },
};

/** UK nations' 2011 census populations [q]: the synthetic UK base is scaled to each. */
export const UK_NATIONS: Record<string, number> = { ENG: 53_012_456, WLS: 3_063_456, SCT: 5_295_400, NIR: 1_810_863 };
