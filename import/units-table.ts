// The optional cell-to-unit table (GRD_ID, LAU_ID, GISCO_ID, NUTS3_ID, FUA_ID): when given it wins
// over the point-in-polygon assignment, as D4I's own supporting tables did.
import { findCell, type GridLevel } from '../core/grid/grid-level.ts';
import { parseGridId } from '../core/grid/grid-id.ts';
import { displayCountry } from '../core/grid/countries.ts';
import { CsvReader } from './csv-reader.ts';
import type { LauFeature } from './lau-boundaries.ts';
import { renameHeader } from './mapping.ts';
import type { ImportReport } from './report.ts';

/**
 * Apply the table to `lau` (one LAU index per cell of `level`). LAUs named by the table but absent
 * from the boundaries are appended to `laus` without geometry.
 */
export async function applyUnitsTable(
  file: string,
  mapping: Record<string, string>,
  level: GridLevel,
  countries: string[],
  laus: LauFeature[],
  lau: Uint32Array,
  report: ImportReport,
): Promise<number> {
  const byGisco = new Map<string, number>();
  const byId = new Map<string, number[]>();
  laus.forEach((feature, i) => {
    byGisco.set(feature.giscoId, i);
    byId.set(feature.id, [...(byId.get(feature.id) ?? []), i]);
  });
  let columns = { id: -1, lau: -1, gisco: -1 };
  let applied = 0;
  await new CsvReader(file).read(
    (header) => {
      const names = renameHeader(header, mapping);
      columns = { id: names.indexOf('GRD_ID'), lau: names.indexOf('LAU_ID'), gisco: names.indexOf('GISCO_ID') };
      if (columns.id < 0 || (columns.lau < 0 && columns.gisco < 0)) {
        throw new Error(`${file}: a units table needs GRD_ID and LAU_ID or GISCO_ID columns (header: ${header.join(', ')})`);
      }
    },
    (row) => {
      const where = `${file}:${row.line}`;
      let cellIndex: number;
      try {
        const cell = parseGridId(row.text(columns.id));
        if (cell.res !== level.res) {
          report.error('bad units table', where, `GRD_ID is a ${cell.res} m cell, the grid is at ${level.res} m`);
          return;
        }
        cellIndex = findCell(level, cell.e / cell.res, cell.n / cell.res);
      } catch (error) {
        report.error('bad units table', where, (error as Error).message);
        return;
      }
      if (cellIndex < 0) {
        report.warn('units table rows for cells not in the grid', where, `${row.text(columns.id)} is not a populated cell`);
        return;
      }
      const gisco = columns.gisco >= 0 ? row.text(columns.gisco).trim() : '';
      const id = columns.lau >= 0 ? row.text(columns.lau).trim() : '';
      const country = displayCountry(countries[level.country[cellIndex]]);
      let target = gisco ? byGisco.get(gisco) : undefined;
      if (target === undefined && id) {
        const candidates = byId.get(id) ?? [];
        target = candidates.find((i) => laus[i].country === country) ?? candidates[0];
      }
      if (target === undefined) {
        if (!id && !gisco) return; // cell explicitly outside every unit
        const feature = { id: id || gisco, giscoId: gisco || `${country}_${id}`, name: id || gisco, country, coordinates: [] };
        target = laus.push(feature) - 1;
        byGisco.set(feature.giscoId, target);
        byId.set(feature.id, [target]);
        report.warn('units table LAUs without boundary', where, `${feature.giscoId} has no polygon in the boundaries`);
      }
      lau[cellIndex] = target;
      applied++;
    },
  );
  return applied;
}
