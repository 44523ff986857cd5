// The indicators a map can colour by, with formula, unit, palette and labels in the seven D4I languages,
// and how to evaluate each over a table of units (the cells of a level, or the LAUs). Formulas follow
// D4I-SCHEMA.md: every indicator is a ratio of sums, never an average of shares.
import { BASIS_TOP_GROUPS, type ColumnSpec } from '../grid/columns.ts';

export const LANGUAGES = ['en', 'fr', 'de', 'it', 'nl', 'pt', 'es'] as const;
export type Lang = (typeof LANGUAGES)[number];
export type Labels = Record<Lang, string>;

/** Cells of a level and the LAU table both look like this. */
export interface CountTable {
  count: number;
  values: Record<string, ArrayLike<number>>;
  unknown: Record<string, ArrayLike<number>>;
}

export type IndicatorKind = 'share' | 'count' | 'density' | 'location_quotient' | 'diversity' | 'dissimilarity' | 'isolation' | 'theil';
export type IndicatorBasis = 'birth' | 'citizenship' | 'total';
export type Scope = 'cell' | 'lau';

export interface Indicator {
  id: string;
  kind: IndicatorKind;
  basis: IndicatorBasis;
  /** all (every foreign group together), eu, non_eu, a continent (eur afr ame asi oce), or total */
  group: string;
  /** columns summed above the line and, for shares, the known categories below it */
  numerator: string[];
  denominator: string[];
  formula: string;
  unit: Labels;
  /** d3-scale-chromatic scheme for the default style and widget */
  palette: string;
  /** the range a legend should span before data-driven breaks */
  domain: [number, number];
  /** where it can be evaluated: area indices describe a LAU from its cells */
  scopes: Scope[];
  labels: Labels;
}

const CONTINENTS: Record<string, Labels> = {
  eur: {
    en: 'non-EU Europe',
    fr: "l'Europe hors UE",
    de: 'Europa außerhalb der EU',
    it: "l'Europa extra-UE",
    nl: 'Europa buiten de EU',
    pt: 'Europa fora da UE',
    es: 'Europa fuera de la UE',
  },
  afr: { en: 'Africa', fr: "l'Afrique", de: 'Afrika', it: "l'Africa", nl: 'Afrika', pt: 'África', es: 'África' },
  ame: { en: 'the Americas', fr: 'les Amériques', de: 'Amerika', it: 'le Americhe', nl: 'Amerika', pt: 'as Américas', es: 'América' },
  asi: { en: 'Asia', fr: "l'Asie", de: 'Asien', it: "l'Asia", nl: 'Azië', pt: 'Ásia', es: 'Asia' },
  oce: { en: 'Oceania', fr: "l'Océanie", de: 'Ozeanien', it: "l'Oceania", nl: 'Oceanië', pt: 'Oceânia', es: 'Oceanía' },
};

const SHARE_UNIT: Labels = {
  en: 'share of residents (0-1)',
  fr: 'part des résidents (0-1)',
  de: 'Anteil der Einwohner (0-1)',
  it: 'quota dei residenti (0-1)',
  nl: 'aandeel van de inwoners (0-1)',
  pt: 'proporção dos residentes (0-1)',
  es: 'proporción de residentes (0-1)',
};
const PERSONS: Labels = { en: 'persons', fr: 'personnes', de: 'Personen', it: 'persone', nl: 'personen', pt: 'pessoas', es: 'personas' };
const PER_KM2: Labels = {
  en: 'residents per km²',
  fr: 'habitants par km²',
  de: 'Einwohner je km²',
  it: 'abitanti per km²',
  nl: 'inwoners per km²',
  pt: 'habitantes por km²',
  es: 'habitantes por km²',
};
const RATIO: Labels = {
  en: 'ratio to the national share (1 = same)',
  fr: 'rapport à la part nationale (1 = égal)',
  de: 'Verhältnis zum nationalen Anteil (1 = gleich)',
  it: 'rapporto con la quota nazionale (1 = uguale)',
  nl: 'verhouding tot het nationale aandeel (1 = gelijk)',
  pt: 'razão face à proporção nacional (1 = igual)',
  es: 'razón respecto a la proporción nacional (1 = igual)',
};
const INDEX: Labels = {
  en: 'index (0-1)',
  fr: 'indice (0-1)',
  de: 'Index (0-1)',
  it: 'indice (0-1)',
  nl: 'index (0-1)',
  pt: 'índice (0-1)',
  es: 'índice (0-1)',
};

type Phrase = (lang: Lang) => string;
const BIRTH: Record<string, Phrase> = {
  all: (l) =>
    ({
      en: 'born abroad',
      fr: "nés à l'étranger",
      de: 'im Ausland geboren',
      it: "nati all'estero",
      nl: 'geboren in het buitenland',
      pt: 'nascidos no estrangeiro',
      es: 'nacidos en el extranjero',
    })[l],
  eu: (l) =>
    ({
      en: 'born in another EU country',
      fr: 'nés dans un autre pays de l’UE',
      de: 'in einem anderen EU-Land geboren',
      it: 'nati in un altro paese UE',
      nl: 'geboren in een ander EU-land',
      pt: 'nascidos noutro país da UE',
      es: 'nacidos en otro país de la UE',
    })[l],
  non_eu: (l) =>
    ({
      en: 'born outside the EU',
      fr: 'nés hors de l’UE',
      de: 'außerhalb der EU geboren',
      it: "nati fuori dall'UE",
      nl: 'geboren buiten de EU',
      pt: 'nascidos fora da UE',
      es: 'nacidos fuera de la UE',
    })[l],
};
const CITIZENSHIP: Record<string, Phrase> = {
  all: (l) =>
    ({
      en: 'foreign citizens',
      fr: 'étrangers',
      de: 'Ausländer',
      it: 'cittadini stranieri',
      nl: 'buitenlandse staatsburgers',
      pt: 'cidadãos estrangeiros',
      es: 'extranjeros',
    })[l],
  eu: (l) =>
    ({
      en: 'citizens of another EU country',
      fr: 'citoyens d’un autre pays de l’UE',
      de: 'Bürger eines anderen EU-Landes',
      it: 'cittadini di un altro paese UE',
      nl: 'burgers van een ander EU-land',
      pt: 'cidadãos de outro país da UE',
      es: 'ciudadanos de otro país de la UE',
    })[l],
  non_eu: (l) =>
    ({
      en: 'non-EU citizens',
      fr: 'citoyens hors UE',
      de: 'Nicht-EU-Bürger',
      it: 'cittadini extra-UE',
      nl: 'niet-EU-burgers',
      pt: 'cidadãos de fora da UE',
      es: 'ciudadanos de fuera de la UE',
    })[l],
};
for (const [code, names] of Object.entries(CONTINENTS)) {
  BIRTH[code] = (l) =>
    ({
      en: `born in ${names.en}`,
      fr: `nés en ${names.fr.replace(/^(l'|les )/, '')}`,
      de: `geboren in ${names.de}`,
      it: `nati in ${names.it.replace(/^(l'|le )/, '')}`,
      nl: `geboren in ${names.nl}`,
      pt: `nascidos em ${names.pt.replace(/^as /, '')}`,
      es: `nacidos en ${names.es}`,
    })[l];
  CITIZENSHIP[code] = (l) =>
    ({
      en: `citizens of ${names.en}`,
      fr: `ressortissants de ${names.fr}`,
      de: `Staatsangehörige aus ${names.de}`,
      it: `cittadini del${names.it.startsWith("l'") ? `l’${names.it.slice(2)}` : names.it.startsWith('le ') ? `le ${names.it.slice(3)}` : ` ${names.it}`}`,
      nl: `burgers uit ${names.nl}`,
      pt: `cidadãos de ${names.pt}`,
      es: `ciudadanos de ${names.es}`,
    })[l];
}

const labelsOf = (make: Phrase): Labels => Object.fromEntries(LANGUAGES.map((l) => [l, make(l)])) as Labels;
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const SHARE_OF: Record<Lang, (what: string) => string> = {
  en: (w) => `Share ${w}`,
  fr: (w) => `Part des ${w}`,
  de: (w) => `Anteil ${w}`,
  it: (w) => `Quota ${w}`,
  nl: (w) => `Aandeel ${w}`,
  pt: (w) => `Proporção de ${w}`,
  es: (w) => `Proporción de ${w}`,
};

/** Columns of one group of a basis: all = every foreign group, eu, non_eu, or a continent. */
function groupColumns(basis: 'birth' | 'citizenship', group: string): string[] {
  const p = basis === 'citizenship' ? 'C_' : '';
  if (group === 'all') return [`${p}EU_OTH`, `${p}OTH`];
  if (group === 'eu') return [`${p}EU_OTH`];
  if (group === 'non_eu') return [`${p}OTH`];
  return [`${p}OTH_${group.toUpperCase()}`];
}

/** Share names as tile fields carry them (fields.ts). */
function shareId(basis: 'birth' | 'citizenship', group: string): string {
  if (basis === 'birth') return group === 'all' ? 'share_born_abroad' : `share_born_${group}`;
  return { all: 'share_foreign_citizens', eu: 'share_eu_citizens', non_eu: 'share_non_eu_citizens' }[group] ?? `share_citizens_${group}`;
}

/** Every indicator a pack with these columns supports. */
export function indicatorsFor(columns: ColumnSpec[]): Indicator[] {
  const names = new Set(columns.map((c) => c.name));
  const out: Indicator[] = [];
  const has = (cols: string[]) => cols.every((c) => names.has(c));
  if (names.has('T')) {
    // indicators of all residents: no basis, no confidential categories
    const total = (id: string, kind: IndicatorKind, formula: string, unit: Labels, domain: [number, number], labels: Labels): Indicator => ({
      id,
      kind,
      basis: 'total',
      group: 'total',
      numerator: ['T'],
      denominator: [],
      formula,
      unit,
      palette: 'viridis',
      domain,
      scopes: ['cell', 'lau'],
      labels,
    });
    out.push(
      total('T', 'count', 'T_i', PERSONS, [0, 1000], {
        en: 'Residents',
        fr: 'Résidents',
        de: 'Einwohner',
        it: 'Residenti',
        nl: 'Inwoners',
        pt: 'Residentes',
        es: 'Residentes',
      }),
      total('density', 'density', 'T_i / area_i (km²; a cell is res², a LAU its polygon area)', PER_KM2, [0, 20000], {
        en: 'Population density',
        fr: 'Densité de population',
        de: 'Bevölkerungsdichte',
        it: 'Densità di popolazione',
        nl: 'Bevolkingsdichtheid',
        pt: 'Densidade populacional',
        es: 'Densidad de población',
      }),
    );
  }
  for (const basis of ['birth', 'citizenship'] as const) {
    const top = [...BASIS_TOP_GROUPS[basis]];
    if (!has(top)) continue;
    const phrases = basis === 'birth' ? BIRTH : CITIZENSHIP;
    const groups = ['all', 'eu', 'non_eu', ...Object.keys(CONTINENTS).filter((c) => has(groupColumns(basis, c)))];
    for (const group of groups) {
      const numerator = groupColumns(basis, group);
      out.push({
        id: shareId(basis, group),
        kind: 'share',
        basis,
        group,
        numerator,
        denominator: top,
        formula: `m_i / t_i with m = ${numerator.join(' + ')}, t = ${top.join(' + ')} (sums of known values; unknown when more than 5% of T have no known category)`,
        unit: SHARE_UNIT,
        palette: 'viridis',
        domain: [0, group === 'all' ? 0.5 : 0.25],
        scopes: ['cell', 'lau'],
        labels: labelsOf((l) => SHARE_OF[l](phrases[group](l))),
      });
    }
    const foreign = groupColumns(basis, 'all');
    const what = basis === 'birth' ? 'born_abroad' : 'foreign_citizens';
    out.push({
      id: what,
      kind: 'count',
      basis,
      group: 'all',
      numerator: foreign,
      denominator: [],
      formula: `m_i = ${foreign.join(' + ')}`,
      unit: PERSONS,
      palette: 'viridis',
      domain: [0, 300],
      scopes: ['cell', 'lau'],
      labels: labelsOf((l) => capitalise(phrases.all(l))),
    });
    out.push({
      id: `lq_${what}`,
      kind: 'location_quotient',
      basis,
      group: 'all',
      numerator: foreign,
      denominator: top,
      formula: '(m_i / t_i) / (M / T), M and T over the unit’s country',
      unit: RATIO,
      palette: 'PuOr',
      domain: [0, 2],
      scopes: ['cell', 'lau'],
      labels: labelsOf(
        (l) =>
          `${
            {
              en: 'Location quotient',
              fr: 'Quotient de localisation',
              de: 'Standortquotient',
              it: 'Quoziente di localizzazione',
              nl: 'Locatiequotiënt',
              pt: 'Quociente de localização',
              es: 'Cociente de localización',
            }[l]
          }: ${phrases.all(l)}`,
      ),
    });
    out.push({
      id: `diversity_${basis}`,
      kind: 'diversity',
      basis,
      group: 'all',
      numerator: top,
      denominator: top,
      formula: `E_i = -sum_g p_gi ln p_gi / ln G over g in ${top.join(', ')}`,
      unit: INDEX,
      palette: 'viridis',
      domain: [0, 1],
      scopes: ['cell', 'lau'],
      labels: labelsOf(
        (l) =>
          ({
            en: 'Diversity (entropy)',
            fr: 'Diversité (entropie)',
            de: 'Vielfalt (Entropie)',
            it: 'Diversità (entropia)',
            nl: 'Diversiteit (entropie)',
            pt: 'Diversidade (entropia)',
            es: 'Diversidad (entropía)',
          })[l] +
          `: ${basis === 'birth' ? ({ en: 'country of birth', fr: 'pays de naissance', de: 'Geburtsland', it: 'paese di nascita', nl: 'geboorteland', pt: 'país de nascimento', es: 'país de nacimiento' })[l] : ({ en: 'citizenship', fr: 'nationalité', de: 'Staatsangehörigkeit', it: 'cittadinanza', nl: 'nationaliteit', pt: 'cidadania', es: 'nacionalidad' })[l]}`,
      ),
    });
    for (const [kind, formula, title] of [
      [
        'dissimilarity',
        'D = 1/2 sum_i |m_i/M - n_i/N| over the LAU’s 100 m cells',
        {
          en: 'Dissimilarity index',
          fr: 'Indice de dissimilarité',
          de: 'Segregationsindex (Dissimilarität)',
          it: 'Indice di dissimilarità',
          nl: 'Segregatie-index (dissimilariteit)',
          pt: 'Índice de dissimilaridade',
          es: 'Índice de disimilitud',
        },
      ],
      [
        'isolation',
        'xPx = sum_i (m_i/M)(m_i/t_i) over the LAU’s 100 m cells',
        {
          en: 'Isolation index',
          fr: "Indice d'isolement",
          de: 'Isolationsindex',
          it: 'Indice di isolamento',
          nl: 'Isolatie-index',
          pt: 'Índice de isolamento',
          es: 'Índice de aislamiento',
        },
      ],
      [
        'theil',
        'H = sum_i t_i (E - E_i) / (T E), entropy over the basis groups, over the LAU’s 100 m cells',
        {
          en: "Theil's H (multigroup segregation)",
          fr: 'H de Theil (ségrégation multigroupe)',
          de: 'Theils H (Mehrgruppen-Segregation)',
          it: 'H di Theil (segregazione multigruppo)',
          nl: 'Theils H (meergroepssegregatie)',
          pt: 'H de Theil (segregação multigrupo)',
          es: 'H de Theil (segregación multigrupo)',
        },
      ],
    ] as const) {
      out.push({
        id: `${kind}_${basis}`,
        kind,
        basis,
        group: 'all',
        numerator: kind === 'theil' ? top : foreign,
        denominator: top,
        formula,
        unit: INDEX,
        palette: 'viridis',
        domain: [0, kind === 'isolation' ? 0.5 : kind === 'theil' ? 0.3 : 0.6],
        scopes: ['lau'],
        labels: labelsOf((l) => `${title[l]}: ${phrases.all(l)}`),
      });
    }
  }
  return out;
}

/** Extra facts some indicators need about unit i. */
export interface UnitContext {
  /** km² of unit i */
  areaKm2(i: number): number;
  /** group share of the unit's country (M / T) for a location quotient */
  countryShare?(i: number): number | undefined;
  /** a precomputed area index of unit i (LAU table) */
  areaIndex?(id: string, i: number): number | undefined;
}

function sumOf(arrays: ArrayLike<number>[], i: number): number {
  let s = 0;
  for (const a of arrays) s += a[i];
  return s;
}

/** Sum of unknown (confidential or missing) values among some columns of unit i. */
export function unknownReader(table: CountTable, columns: readonly string[]): (i: number) => number {
  const arrays = columns.map((c) => table.unknown[c]).filter((u) => u !== undefined);
  return (i) => sumOf(arrays, i);
}

/**
 * Coverage rule for figures built on confidential data: a share (or diversity, or group count) over a
 * basis is known when no value beneath is confidential, or when T is known and the residents without a
 * known category of the basis (T minus the known categories) are at most 5% of T, so the figure
 * cannot be off by more than 5 points. Suppression mostly hides small values (France publishes only T
 * for cells of 10 residents or fewer), so a coarse cell or a LAU with a few suppressed values beneath
 * keeps its figure, computed over the known values (a ratio of sums).
 */
export const MIN_KNOWN_COVERAGE = 0.95;

/** Is the basis known enough at unit i (see MIN_KNOWN_COVERAGE)? */
export function coverageReader(table: CountTable, basis: readonly string[]): (i: number) => boolean {
  const unknown = unknownReader(table, basis);
  const T = table.values.T;
  const unknownT = table.unknown.T;
  const basisValues = basis.map((c) => table.values[c]);
  return (i) => {
    if (unknown(i) === 0) return true;
    if (!T || (unknownT && unknownT[i] > 0)) return false;
    return T[i] - sumOf(basisValues, i) <= (1 - MIN_KNOWN_COVERAGE) * T[i];
  };
}

/** m / t over the known categories; undefined when the basis is not known enough or t is 0. */
export function shareReader(table: CountTable, part: readonly string[], basis: readonly string[]): (i: number) => number | undefined {
  const covered = coverageReader(table, basis);
  const basisValues = basis.map((c) => table.values[c]);
  const partValues = part.map((c) => table.values[c]);
  return (i) => {
    if (!covered(i)) return undefined;
    const t = sumOf(basisValues, i);
    return t > 0 ? sumOf(partValues, i) / t : undefined;
  };
}

/** Normalised entropy over groups, with the share rules for unknowns. */
function diversityReader(table: CountTable, groups: readonly string[]): (i: number) => number | undefined {
  const covered = coverageReader(table, groups);
  const values = groups.map((c) => table.values[c]);
  const norm = Math.log(groups.length);
  return (i) => {
    if (!covered(i)) return undefined;
    const t = sumOf(values, i);
    if (t <= 0) return undefined;
    let e = 0;
    for (const v of values) {
      const p = v[i] / t;
      if (p > 0) e -= p * Math.log(p);
    }
    return e / norm;
  };
}

/** Value of an indicator for unit i of a table (undefined = unknown / not applicable). */
export function indicatorReader(indicator: Indicator, table: CountTable, context: UnitContext): (i: number) => number | undefined {
  const num = indicator.numerator.map((c) => table.values[c]);
  switch (indicator.kind) {
    case 'count': {
      // a group count is as known as its basis (T itself is always shown)
      if (indicator.basis === 'total') return (i) => sumOf(num, i);
      const covered = coverageReader(table, BASIS_TOP_GROUPS[indicator.basis]);
      return (i) => (covered(i) ? sumOf(num, i) : undefined);
    }
    case 'density':
      return (i) => {
        const area = context.areaKm2(i);
        return area > 0 ? sumOf(num, i) / area : undefined;
      };
    case 'share':
      return shareReader(table, indicator.numerator, indicator.denominator);
    case 'location_quotient': {
      const share = shareReader(table, indicator.numerator, indicator.denominator);
      return (i) => {
        const s = share(i);
        const national = context.countryShare?.(i);
        return s === undefined || !national ? undefined : s / national;
      };
    }
    case 'diversity':
      return diversityReader(table, indicator.denominator);
    default:
      return (i) => context.areaIndex?.(indicator.id, i);
  }
}

/** Round for JSON and tiles: 4 significant decimals for ratios, whole numbers for counts. */
export function roundIndicator(indicator: Indicator, value: number | undefined): number | undefined {
  if (value === undefined || !Number.isFinite(value)) return undefined;
  return indicator.kind === 'count' ? value : indicator.kind === 'density' ? Math.round(value * 10) / 10 : Math.round(value * 1e4) / 1e4;
}

/** Area indices (computed per LAU from its cells at import): ids like dissimilarity_birth. */
export const AREA_INDEX_KINDS = ['dissimilarity', 'isolation', 'theil'] as const;
