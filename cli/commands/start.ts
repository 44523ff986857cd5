// d4i start (what `npm start` runs): build the default synthetic data set once, then serve it.
import { Command } from 'commander';
import { createProgress } from '../../core/progress.ts';
import { PRESET_HELP } from '../../generate/presets.ts';
import { examples, nonNegativeInt } from '../options.ts';
import { serve } from './serve.ts';

/** What `npm start` builds and serves unless D4I_PRESET / --preset and --seed say otherwise. */
export const DEFAULT_PRESET = 'europe';
export const DEFAULT_SEED = 1;

export const startCommand = () =>
  new Command('start')
    .description('build the default synthetic data set once (into data/), then serve it; what `npm start` runs')
    .option('--preset <preset>', `data set to build and use (env D4I_PRESET): ${PRESET_HELP}`, process.env.D4I_PRESET ?? DEFAULT_PRESET)
    .option('--seed <n>', 'random seed of the generated set', (v) => nonNegativeInt(v), DEFAULT_SEED)
    .option('--port <n>', 'port (env PORT, default 8080)')
    .option('--host <host>', 'interface to listen on (env HOST, default 127.0.0.1)')
    .addHelpText('after', examples('npm start', 'D4I_PRESET=country:NL npm start', 'npm start -- --preset tiny --port 9000'))
    .action(async (opts) => {
      // loaded on use: the generator and importer are only needed here
      const { ensureDefaultPack } = await import('../default-data.ts');
      const pack = await ensureDefaultPack(opts.preset, opts.seed, createProgress());
      await serve({ pack, port: opts.port, host: opts.host });
    });
