// The JSON API under /api: indicators, breaks, LAUs and small towns, cells, search, summary.
import express from 'express';
import type { HeavyJobs } from '../heavy-jobs.ts';
import type { SourcesState } from '../sources-state.ts';
import { breaksHandler } from './breaks.ts';
import { cellHandler } from './cells.ts';
import { indicatorsHandler } from './indicators.ts';
import { lauHandler, lausHandler, smallTownsHandler } from './laus.ts';
import { searchHandler } from './search.ts';
import { summaryHandler } from './summary.ts';

export function apiRouter(state: SourcesState, jobs: HeavyJobs): express.Router {
  const router = express.Router();
  router.get('/indicators', indicatorsHandler(state));
  router.get('/breaks', breaksHandler(state, jobs));
  router.get('/laus', lausHandler(state, jobs));
  router.get('/laus/:id', lauHandler(state));
  router.get('/small-towns', smallTownsHandler(state, jobs));
  router.get('/cells/:id', cellHandler(state));
  router.get('/search', searchHandler(state));
  router.get('/summary', summaryHandler(state, jobs));
  return router;
}
