// The worker thread of the heavy-job pool (heavy-jobs.ts): it reads the served pack from the shared
// memory it was given, prepares the LAU facts once, and answers jobs with plain data.
import { levelBreaks } from '../core/indicators/level-breaks.ts';
import { GridSource } from '../core/mvt/grid-source.ts';
import { lauListing } from './api/laus.ts';
import { summaryAnswer } from './api/summary.ts';
import type { HeavyJob } from './heavy-jobs.ts';
import { packThreadFacts } from './pack-threads.ts';
import { PREBUILT_TILES_PER_JOB, prebuildTiles, tilesToPrebuild } from './prebuilt-tiles.ts';
import { Piscina } from 'piscina';

const { facts, name } = packThreadFacts();
let gridSource: GridSource | undefined;
/** per zoom, the tiles to prebuild (listed once: a scan of the level's cells) */
const toPrebuild = new Map<number, number[]>();
const grid = () => {
  gridSource ??= new GridSource(facts.pack);
  return gridSource;
};

export function runHeavyJob(job: HeavyJob): unknown {
  switch (job.kind) {
    case 'breaks': {
      const indicator = facts.allIndicators.find((i) => i.id === job.indicator);
      if (!indicator) throw new Error(`no indicator ${job.indicator} in ${name}`);
      return levelBreaks(facts, indicator, job.method, job.classes, job.res, job.box);
    }
    case 'summary':
      return summaryAnswer(facts, job.box);
    case 'attribute-ranges':
      return grid().attributeRanges();
    case 'prebuilt-tiles': {
      const keys = toPrebuild.get(job.z) ?? tilesToPrebuild(grid(), job.z);
      toPrebuild.set(job.z, keys);
      const last = job.from + PREBUILT_TILES_PER_JOB >= keys.length;
      // handed over, not copied (piscina moves only a value returned as such, not one inside an object)
      return Piscina.move(prebuildTiles(grid(), job.z, keys.slice(job.from, job.from + PREBUILT_TILES_PER_JOB), last));
    }
    case 'laus':
      // a CSV's bytes are copied to the main thread: ~10 ms for all LAUs, against the second it takes to build
      return lauListing(facts, job);
  }
}
