// d4i bench estimates: how close the LAU born-abroad shares that the published figures give are to the
// generator's truth (d4i generate --truth), per country and LAU size band, for the earlier coverage rule
// (suppressed values left out) and the bounds rule (share-bounds.ts); and the D4I small-town count from
// each. Targets (issue 16): mean absolute error <= 0.5 points and |bias| <= 0.3 in every band, small
// towns within 3% of the truth's.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProgress } from '../core/progress.ts';
import { loadPack } from '../core/pack/pack.ts';
import { type BandErrors, estimateErrors } from '../generate/estimate-errors.ts';
import { generate, truthFolder } from '../generate/generate.ts';
import { runImport } from '../import/import.ts';

const fixed = (v: number, digits = 2) => (Number.isNaN(v) ? '-' : v.toFixed(digits));
const row = (cells: (string | number)[]) => cells.map((c, i) => (i < 2 ? String(c).padEnd(i ? 14 : 9) : String(c).padStart(9))).join(' ');

function bandCells(b: BandErrors): string[] {
  return [`${b.published}/${b.laus}`, fixed(b.mae), fixed(b.p95), fixed(b.bias)];
}

export async function benchEstimates({ preset, seed = 1, keep }: { preset: string; seed?: number; keep?: string }): Promise<void> {
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'd4i-bench-estimates-'));
  mkdirSync(dir, { recursive: true });
  const progress = createProgress({ quiet: true, bars: false });
  try {
    for (const name of preset.split(',')) {
      const out = join(dir, name.replace(/[^A-Za-z0-9]+/g, '-'));
      const started = performance.now();
      if (!existsSync(truthFolder(out))) await generate({ preset: name, seed, out, truth: true, progress });
      for (const [folder, pack] of [
        [out, `${out}.d4ipack`],
        [truthFolder(out), `${out}-truth.d4ipack`],
      ]) {
        if (!existsSync(pack)) await runImport({ grid: [folder], lau: join(folder, 'lau.geojson'), out: pack, synthetic: true, progress });
      }
      const errors = estimateErrors(loadPack(`${out}.d4ipack`), loadPack(`${out}-truth.d4ipack`));
      console.log(`bench estimates ${name} (seed ${seed}, ${((performance.now() - started) / 1000).toFixed(0)} s): LAU born-abroad share - truth, points`);
      console.log(row(['country', 'LAU size', 'old: shown', 'MAE', 'p95', 'bias', 'new: shown', 'MAE', 'p95', 'bias']));
      for (const c of errors) {
        for (const [b, band] of c.bounds.bands.entries()) console.log(row([c.country, band.band, ...bandCells(c.coverage.bands[b]), ...bandCells(band)]));
        console.log(
          `${c.country}: small towns (< 10,000 residents, > 20% born abroad): truth ${c.truthSmallTowns}, ` +
            `old rule ${c.coverage.smallTowns}, new rule ${c.bounds.smallTowns}`,
        );
      }
    }
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}
