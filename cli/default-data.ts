// The data `npm start` serves: a synthetic set generated and imported once into data/, reused after.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PackError, readPackVersion } from '../core/pack/pack.ts';
import type { Progress } from '../core/progress.ts';
import { generate } from '../generate/generate.ts';
import { SYNTHETIC_ATTRIBUTION } from '../generate/readme.ts';
import { runImport } from '../import/import.ts';

export const DATA_DIR = resolve(import.meta.dirname, '../data');

/** data/<preset>.d4ipack for a preset ("city:Rotterdam" -> city-rotterdam). */
export function packPathFor(preset: string, dataDir = DATA_DIR): string {
  return join(dataDir, `${slug(preset)}.d4ipack`);
}

function slug(preset: string): string {
  return preset
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

interface Stamp {
  preset: string;
  seed: number;
  dataVersion: string;
}

/**
 * The pack for `preset`: reused when data/ already holds a pack built from the same preset and seed
 * (its header is read to compare the data version, not the whole file); otherwise generated (progress
 * shown) and imported. Returns its path.
 */
export async function ensureDefaultPack(preset: string, seed: number, progress: Progress, dataDir = DATA_DIR): Promise<string> {
  const pack = packPathFor(preset, dataDir);
  const stampPath = `${pack}.json`;
  if (existsSync(pack) && existsSync(stampPath)) {
    const stamp = JSON.parse(readFileSync(stampPath, 'utf8')) as Stamp;
    try {
      if (stamp.preset === preset && stamp.seed === seed && readPackVersion(pack).dataVersion === stamp.dataVersion) return pack;
    } catch (error) {
      if (!(error instanceof PackError)) throw error;
      progress.log(`${pack}: ${error.message}; building it again`);
    }
  }
  const source = join(dataDir, slug(preset));
  progress.log(`building the ${preset} synthetic data set once (seed ${seed}) into ${source}`);
  const generated = await generate({ preset, seed, out: source, progress });
  progress.log(`generated in ${generated.seconds.toFixed(1)} s; importing`);
  const grids = generated.files.filter((f) => f.endsWith('.csv.gz')).map((f) => join(source, f));
  const { summary } = await runImport({
    grid: grids,
    lau: join(source, 'lau.geojson'),
    out: pack,
    attribution: SYNTHETIC_ATTRIBUTION,
    synthetic: true,
    progress,
  });
  progress.log(`imported ${summary.cells.toLocaleString('en')} cells in ${summary.seconds.toFixed(1)} s into ${pack}`);
  writeFileSync(stampPath, `${JSON.stringify({ preset, seed, dataVersion: summary.pack!.dataVersion } satisfies Stamp)}\n`);
  return pack;
}
