// The LAU endpoints: GET /api/laus (filter, sort, paginate; JSON or CSV), GET /api/small-towns (the D4I
// finding as one URL, with a count per country) and GET /api/laus/{id} (one LAU with bbox and indices).
import type { Request, Response } from 'express';
import { stringify } from 'csv-stringify';
import { type LauFacts, lauCountColumns, SMALL_TOWN_RULE } from '../../tiles/lau-facts.ts';
import { lauCoordinates } from '../../tiles/lau-table.ts';
import { HttpError } from '../http-error.ts';
import type { SourcesState } from '../sources-state.ts';
import { booleanParam, enumParam, numberParam, onlyParameters, pageParams, stringParam } from './params.ts';

type LauRecord = Record<string, string | number | boolean | null | number[] | Record<string, number>>;

const finite = (v: number) => (Number.isFinite(v) ? v : null);

/** LAU i as the API returns it: ids, counts, confidential values, every indicator (null when unknown). */
export function lauRecord(facts: LauFacts, i: number): LauRecord {
  const laus = facts.pack.laus;
  const record: LauRecord = {
    id: laus.giscoId[i],
    lau_id: laus.id[i],
    name: laus.name[i],
    country: laus.country[i],
    cells: laus.cells[i],
    area_km2: Math.round(laus.areaKm2[i] * 100) / 100,
  };
  for (const column of lauCountColumns(facts.pack)) record[column] = laus.values[column][i];
  const unknown: Record<string, number> = {};
  for (const [column, counts] of Object.entries(laus.unknown)) if (counts[i]) unknown[column] = counts[i];
  record.confidential = unknown;
  for (const indicator of facts.indicators) record[indicator.id] = finite(facts.values.get(indicator.id)![i]);
  record.small_town_high_share = facts.smallTown[i] === 1;
  const bbox = Array.from(laus.bbox.subarray(i * 4, i * 4 + 4)).map((v) => Math.round(v * 1e5) / 1e5);
  record.bbox = Number.isNaN(bbox[0]) ? null : bbox;
  return record;
}

/** Columns of the CSV, in order (nested confidential counts become one `confidential` total). */
function csvColumns(facts: LauFacts): string[] {
  return ['id', 'lau_id', 'name', 'country', 'cells', 'area_km2', ...lauCountColumns(facts.pack), 'confidential', ...facts.indicators.map((i) => i.id), 'small_town_high_share'];
}

interface Query {
  countries?: Set<string>;
  popMin?: number;
  popMax?: number;
  ranges: { id: string; min?: number; max?: number }[];
  smallTown?: boolean;
  sort: { id: string; descending: boolean };
}

function parseQuery(req: Request, facts: LauFacts, extra: readonly string[] = []): Query {
  const ids = new Set(facts.indicators.map((i) => i.id));
  const allowed = (name: string) =>
    ['country', 'pop_min', 'pop_max', 'small_town', 'sort', 'limit', 'offset', 'format', ...extra].includes(name) || ((name.endsWith('_min') || name.endsWith('_max')) && ids.has(name.slice(0, -4)));
  onlyParameters(req, allowed);
  const country = stringParam(req, 'country');
  const ranges = [...ids]
    .map((id) => ({ id, min: numberParam(req, `${id}_min`), max: numberParam(req, `${id}_max`) }))
    .filter((r) => r.min !== undefined || r.max !== undefined);
  const sortRaw = stringParam(req, 'sort') ?? '-T';
  const descending = sortRaw.startsWith('-');
  const sortId = sortRaw.replace(/^[-+]/, '');
  const sortable = ['name', 'country', 'T', 'area_km2', ...ids];
  if (!sortable.includes(sortId)) throw new HttpError(400, `cannot sort by "${sortId}"`, { sortable, hint: 'prefix with - for descending, e.g. sort=-share_born_abroad' });
  return {
    countries: country ? new Set(country.split(',').map((c) => c.trim().toUpperCase())) : undefined,
    popMin: numberParam(req, 'pop_min'),
    popMax: numberParam(req, 'pop_max'),
    ranges,
    smallTown: booleanParam(req, 'small_town'),
    sort: { id: sortId, descending },
  };
}

/** Indices of the LAUs matching the query, sorted. Unknown values never match a range and sort last. */
function selectLaus(facts: LauFacts, q: Query): number[] {
  const laus = facts.pack.laus;
  const T = laus.values.T;
  const ranges = q.ranges.map((r) => ({ ...r, values: facts.values.get(r.id)! }));
  const out: number[] = [];
  for (let i = 0; i < laus.count; i++) {
    if (q.countries && !q.countries.has(laus.country[i])) continue;
    if (q.popMin !== undefined && !(T[i] >= q.popMin)) continue;
    if (q.popMax !== undefined && !(T[i] <= q.popMax)) continue;
    if (q.smallTown !== undefined && (facts.smallTown[i] === 1) !== q.smallTown) continue;
    if (ranges.some((r) => !(r.min === undefined || r.values[i] >= r.min) || !(r.max === undefined || r.values[i] <= r.max))) continue;
    out.push(i);
  }
  const { id, descending } = q.sort;
  const sign = descending ? -1 : 1;
  if (id === 'name' || id === 'country') {
    const names = id === 'name' ? laus.name : laus.country;
    const collator = new Intl.Collator('en', { sensitivity: 'base' });
    return out.sort((a, b) => sign * collator.compare(names[a], names[b]) || a - b);
  }
  const key = id === 'T' ? T : id === 'area_km2' ? laus.areaKm2 : facts.values.get(id)!;
  return out.sort((a, b) => {
    const va = key[a];
    const vb = key[b];
    if (Number.isNaN(va) || Number.isNaN(vb)) return Number.isNaN(va) ? (Number.isNaN(vb) ? a - b : 1) : -1;
    return sign * (va - vb) || a - b;
  });
}

/** Send a selection as JSON (one page) or CSV (every row, streamed, unless limit/offset are given). */
function sendList(req: Request, res: Response, facts: LauFacts, selected: number[], extra: Record<string, unknown>, filename: string): void {
  const format = enumParam(req, 'format', ['json', 'csv'], 'json');
  const { limit, offset } = pageParams(req);
  if (format === 'csv') {
    // a CSV is a download for a spreadsheet: all matching rows unless a page is asked for
    const paged = req.query.limit !== undefined || req.query.offset !== undefined;
    const rows = paged ? selected.slice(offset, offset + limit) : selected;
    const columns = csvColumns(facts);
    res.set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}.csv"`,
      'X-Total-Count': String(selected.length),
      'Cache-Control': 'public, max-age=60',
    });
    const csv = stringify({ header: true, columns, bom: true });
    csv.pipe(res);
    let k = 0;
    const pump = () => {
      while (k < rows.length) {
        const record = lauRecord(facts, rows[k++]);
        const confidential = Object.values(record.confidential as Record<string, number>).reduce((a, b) => a + b, 0);
        if (!csv.write(columns.map((c) => (c === 'confidential' ? confidential : record[c] ?? '')))) {
          csv.once('drain', pump);
          return;
        }
      }
      csv.end();
    };
    pump();
    return;
  }
  res.set('Cache-Control', 'public, max-age=60').json({
    ...extra,
    total: selected.length,
    offset,
    limit,
    items: selected.slice(offset, offset + limit).map((i) => lauRecord(facts, i)),
  });
}

export function lausHandler(state: SourcesState) {
  return (req: Request, res: Response) => {
    const { facts } = state.current;
    const query = parseQuery(req, facts);
    sendList(req, res, facts, selectLaus(facts, query), { version: state.current.version }, 'd4i-laus');
  };
}

export function smallTownsHandler(state: SourcesState) {
  return (req: Request, res: Response) => {
    const { facts } = state.current;
    const query = parseQuery(req, facts);
    if (query.smallTown === false) throw new HttpError(400, 'small-towns lists the small towns: small_town=false does not apply');
    query.smallTown = true;
    if (!req.query.sort) query.sort = { id: 'share_born_abroad', descending: true };
    const selected = selectLaus(facts, query);
    const byCountry: Record<string, number> = {};
    for (const i of selected) byCountry[facts.pack.laus.country[i]] = (byCountry[facts.pack.laus.country[i]] ?? 0) + 1;
    sendList(req, res, facts, selected, { version: state.current.version, rule: SMALL_TOWN_RULE.text, by_country: byCountry }, 'd4i-small-towns');
  };
}

export function lauHandler(state: SourcesState) {
  return (req: Request, res: Response) => {
    onlyParameters(req, ['geometry']);
    const { facts } = state.current;
    const id = String(req.params.id);
    let index = facts.byGiscoId.get(id);
    if (index === undefined) {
      const matches = facts.byLauId.get(id) ?? [];
      if (matches.length > 1) {
        throw new HttpError(400, `LAU code "${id}" exists in several countries: use the GISCO id`, { candidates: matches.map((i) => facts.pack.laus.giscoId[i]) });
      }
      index = matches[0];
    }
    if (index === undefined) throw new HttpError(404, `no LAU "${id}" (use a GISCO id such as NL_GM0599, or a national LAU code)`);
    const record = lauRecord(facts, index);
    const indices: Record<string, number | null> = {};
    for (const [name, values] of Object.entries(facts.pack.laus.indices)) indices[name] = finite(Math.round(values[index] * 1e4) / 1e4);
    const body: Record<string, unknown> = { ...record, indices };
    if (booleanParam(req, 'geometry')) body.geometry = { type: 'MultiPolygon', coordinates: lauCoordinates(facts.pack.laus.geometry, index) };
    res.set('Cache-Control', 'public, max-age=60').json(body);
  };
}
