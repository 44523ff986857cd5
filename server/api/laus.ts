// The LAU endpoints: GET /api/laus (filter, sort, paginate; JSON or CSV), GET /api/small-towns (the D4I
// finding as one URL, with a count per country) and GET /api/laus/{id} (one LAU with bbox and indices).
import type { Request, Response } from 'express';
import { type LauFacts, lauCountColumns, lauIndicesOf, SMALL_TOWN_RULE } from '../../core/lau/lau-facts.ts';
import { lauCentreInBox, lauCoordinates } from '../../core/pack/lau-table.ts';
import { publishedCountReader, shareBoundsAt } from '../../core/indicators/readers.ts';
import { confidentialRangesOf } from '../../core/grid/suppressed-values.ts';
import { csvLine } from '../csv.ts';
import type { HeavyJob, HeavyJobs, LauQuery } from '../heavy-jobs.ts';
import { HttpError } from '../http-error.ts';
import type { SourcesState } from '../sources-state.ts';
import { bboxParam, booleanParam, enumParam, numberParam, onlyParameters, pageParams, stringParam } from './params.ts';

type Scalar = string | number | boolean | null;
interface LauColumn {
  name: string;
  read(i: number): Scalar;
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);
const columnsCache = new WeakMap<LauFacts, LauColumn[]>();

/** The flat columns of a LAU record, in order: ids, size, counts, confidential total, indicators, flag. */
export function lauColumns(facts: LauFacts): LauColumn[] {
  let columns = columnsCache.get(facts);
  if (columns) return columns;
  const laus = facts.pack.laus;
  const unknown = Object.values(laus.unknown);
  const counts = lauCountColumns(facts.pack);
  columns = [
    { name: 'id', read: (i) => laus.giscoId[i] },
    { name: 'lau_id', read: (i) => laus.id[i] },
    { name: 'name', read: (i) => laus.name[i] },
    { name: 'country', read: (i) => laus.country[i] },
    { name: 'cells', read: (i) => laus.cells[i] },
    { name: 'area_km2', read: (i) => Math.round(laus.areaKm2[i] * 100) / 100 },
    // a count whose every value beneath is confidential is unknown (null in JSON, empty in CSV), never 0
    ...counts.map((c): LauColumn => {
      const read = publishedCountReader(laus, c);
      return { name: c, read: (i) => read(i) ?? null };
    }),
    {
      name: 'confidential',
      read: (i) => {
        let n = 0;
        for (const u of unknown) n += u[i];
        return n;
      },
    },
    // an indicator that is a count column itself (T) is not written twice
    ...facts.indicators
      .filter((ind) => !counts.includes(ind.id))
      .map((ind): LauColumn => {
        const values = facts.values.get(ind.id)!;
        return { name: ind.id, read: (i) => finite(values[i]) };
      }),
    { name: 'small_town_high_share', read: (i) => facts.smallTown[i] === 1 },
  ];
  columnsCache.set(facts, columns);
  return columns;
}

/** LAU i as the API returns it: the flat columns, confidential values per column, and its bbox. */
export function lauRecord(facts: LauFacts, i: number): Record<string, unknown> {
  const laus = facts.pack.laus;
  const record: Record<string, unknown> = {};
  for (const column of lauColumns(facts)) record[column.name] = column.read(i);
  const byColumn: Record<string, number> = {};
  for (const [column, counts] of Object.entries(laus.unknown)) if (counts[i]) byColumn[column] = counts[i];
  record.confidential_by_column = byColumn;
  const bbox = Array.from(laus.bbox.subarray(i * 4, i * 4 + 4)).map((v) => Math.round(v * 1e5) / 1e5);
  record.bbox = Number.isNaN(bbox[0]) ? null : bbox;
  return record;
}

function parseQuery(req: Request, facts: LauFacts, extra: readonly string[] = []): LauQuery {
  const ids = new Set(facts.indicators.map((i) => i.id));
  const allowed = (name: string) =>
    ['country', 'pop_min', 'pop_max', 'small_town', 'bbox', 'sort', 'limit', 'offset', 'format', ...extra].includes(name) ||
    ((name.endsWith('_min') || name.endsWith('_max')) && ids.has(name.slice(0, -4)));
  onlyParameters(req, allowed);
  const country = stringParam(req, 'country');
  const ranges = [...ids]
    .map((id) => ({ id, min: numberParam(req, `${id}_min`), max: numberParam(req, `${id}_max`) }))
    .filter((r) => r.min !== undefined || r.max !== undefined);
  const sortRaw = stringParam(req, 'sort') ?? '-T';
  const descending = sortRaw.startsWith('-');
  const sortId = sortRaw.replace(/^[-+]/, '');
  const sortable = ['name', 'country', 'T', 'area_km2', ...ids];
  if (!sortable.includes(sortId))
    throw new HttpError(400, `cannot sort by "${sortId}"`, { sortable, hint: 'prefix with - for descending, e.g. sort=-share_born_abroad' });
  return {
    countries: country ? country.split(',').map((c) => c.trim().toUpperCase()) : undefined,
    popMin: numberParam(req, 'pop_min'),
    popMax: numberParam(req, 'pop_max'),
    ranges,
    smallTown: booleanParam(req, 'small_town'),
    bbox: bboxParam(req),
    sort: { id: sortId, descending },
  };
}

/** Indices of the LAUs matching the query, sorted. Unknown values never match a range and sort last. */
function selectLaus(facts: LauFacts, q: LauQuery): number[] {
  const laus = facts.pack.laus;
  const countries = q.countries && new Set(q.countries);
  const T = laus.values.T;
  const ranges = q.ranges.map((r) => ({ ...r, values: facts.values.get(r.id)! }));
  const out: number[] = [];
  for (let i = 0; i < laus.count; i++) {
    if (countries && !countries.has(laus.country[i])) continue;
    if (q.popMin !== undefined && !(T[i] >= q.popMin)) continue;
    if (q.popMax !== undefined && !(T[i] <= q.popMax)) continue;
    if (q.smallTown !== undefined && (facts.smallTown[i] === 1) !== q.smallTown) continue;
    if (q.bbox && !lauCentreInBox(laus.bbox, i, q.bbox)) continue;
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

/** A LAU list as a worker returns it: a JSON page, or every row (or one page) as CSV bytes. */
export type LauListing = { body: Record<string, unknown> } | { csv: Uint8Array; total: number };

/** The LAUs a list job asks for, as a JSON page or as CSV (every row unless a page is asked for). */
export function lauListing(facts: LauFacts, job: Extract<HeavyJob, { kind: 'laus' }>): LauListing {
  const selected = selectLaus(facts, job.query);
  const { offset, limit } = job;
  if (job.format === 'csv') {
    const rows = job.paged ? selected.slice(offset, offset + limit) : selected;
    const columns = lauColumns(facts);
    // a BOM so spreadsheets read UTF-8 names right
    const lines = [`\ufeff${csvLine(columns.map((c) => c.name))}`];
    for (const i of rows) lines.push(csvLine(columns.map((c) => c.read(i))));
    return { csv: Buffer.from(lines.join('')), total: selected.length };
  }
  const extra: Record<string, unknown> = { version: facts.pack.dataVersion };
  if (job.smallTowns) {
    const byCountry: Record<string, number> = {};
    for (const i of selected) byCountry[facts.pack.laus.country[i]] = (byCountry[facts.pack.laus.country[i]] ?? 0) + 1;
    Object.assign(extra, { rule: SMALL_TOWN_RULE.text, by_country: byCountry });
  }
  return { body: { ...extra, total: selected.length, offset, limit, items: selected.slice(offset, offset + limit).map((i) => lauRecord(facts, i)) } };
}

/** Answer a list request: the job runs in a worker (a scan and sort of every LAU, a CSV of all of them). */
async function sendList(jobs: HeavyJobs, state: SourcesState, req: Request, res: Response, query: LauQuery, smallTowns: boolean): Promise<void> {
  const format = enumParam(req, 'format', ['json', 'csv'], 'json');
  const { limit, offset } = pageParams(req);
  // a CSV is a download for a spreadsheet: all matching rows unless a page is asked for
  const paged = req.query.limit !== undefined || req.query.offset !== undefined;
  const listing = await jobs.run<LauListing>(state.current, { kind: 'laus', query, format, offset, limit, paged, smallTowns }, req, res);
  res.set('Cache-Control', 'public, max-age=60');
  if ('body' in listing) {
    res.json(listing.body);
    return;
  }
  const filename = smallTowns ? 'd4i-small-towns' : 'd4i-laus';
  res.set({
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename}.csv"`,
    'X-Total-Count': String(listing.total),
    // a download's progress bar (compression drops it when it compresses)
    'Content-Length': String(listing.csv.byteLength),
  });
  res.end(Buffer.from(listing.csv.buffer, listing.csv.byteOffset, listing.csv.byteLength));
}

export function lausHandler(state: SourcesState, jobs: HeavyJobs) {
  return async (req: Request, res: Response) => {
    const query = parseQuery(req, state.current.facts);
    await sendList(jobs, state, req, res, query, false);
  };
}

export function smallTownsHandler(state: SourcesState, jobs: HeavyJobs) {
  return async (req: Request, res: Response) => {
    const query = parseQuery(req, state.current.facts);
    if (query.smallTown === false) throw new HttpError(400, 'small-towns lists the small towns: small_town=false does not apply');
    query.smallTown = true;
    if (!req.query.sort) query.sort = { id: 'share_born_abroad', descending: true };
    await sendList(jobs, state, req, res, query, true);
  };
}

export function lauHandler(state: SourcesState) {
  return (req: Request, res: Response) => {
    onlyParameters(req, ['geometry']);
    const { facts } = state.current;
    const id = String(req.params.id);
    let index = facts.byGiscoId.get(id);
    if (index === undefined) {
      const matches = lauIndicesOf(facts, id);
      if (matches.length > 1) {
        throw new HttpError(400, `LAU code "${id}" exists in several countries: use the GISCO id`, {
          candidates: matches.map((i) => facts.pack.laus.giscoId[i]),
        });
      }
      index = matches[0];
    }
    if (index === undefined) throw new HttpError(404, `no LAU "${id}" (use a GISCO id such as NL_GM0599, or a national LAU code)`);
    const record = lauRecord(facts, index);
    const indices: Record<string, number | null> = {};
    for (const [name, values] of Object.entries(facts.pack.laus.indices)) indices[name] = finite(Math.round(values[index] * 1e4) / 1e4);
    // shares estimated where values are confidential: the range the published figures allow
    const shareBounds = shareBoundsAt(facts.indicators, facts.pack.laus, index, (i) => confidentialRangesOf(facts.pack, facts.pack.laus.country[i]));
    const body: Record<string, unknown> = { ...record, share_bounds: shareBounds, indices };
    if (booleanParam(req, 'geometry')) body.geometry = { type: 'MultiPolygon', coordinates: lauCoordinates(facts.pack.laus.geometry, index) };
    res.set('Cache-Control', 'public, max-age=60').json(body);
  };
}
