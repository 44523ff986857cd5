// The static map images at the server root: /render.png and /render.pdf (server/api/render.ts).
import express from 'express';
import { renderHandler } from './api/render.ts';
import type { HeavyJobs } from './heavy-jobs.ts';
import type { SourcesState } from './sources-state.ts';

export function renderRouter(state: SourcesState, jobs: HeavyJobs): express.Router {
  const router = express.Router();
  router.get('/render.png', renderHandler(state, jobs, 'png'));
  router.get('/render.pdf', renderHandler(state, jobs, 'pdf'));
  return router;
}
