// d4i bench generate: cells, seconds to generate and to import, pack size and peak RSS for a preset
// (europe by default). Targets on 2 cores: generate + import <= 180 s, RSS during import <= 8 GB.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface StepFigures {
  seconds: number;
  maxRssMB: number;
  cells: number;
  packBytes?: number;
  smallTowns?: number;
  smallTownsByCountry?: Record<string, number>;
}

function runStep(...args: string[]): StepFigures {
  const script = fileURLToPath(new URL('./support/step.ts', import.meta.url));
  const child = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(`bench step ${args[0]} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as StepFigures;
}

export async function benchGenerate({ preset, keep }: { preset: string; keep?: string }): Promise<void> {
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'd4i-bench-generate-'));
  try {
    const generated = runStep('generate', preset, join(dir, 'set'));
    const imported = runStep('import', preset, join(dir, 'set'), join(dir, 'set.d4ipack'));
    const total = generated.seconds + imported.seconds;
    console.log(
      `bench generate ${preset}: ${generated.cells.toLocaleString('en')} cells; generate ` +
        `${generated.seconds.toFixed(1)} s (peak RSS ${Math.round(generated.maxRssMB)} MB); ` +
        `import ${imported.seconds.toFixed(1)} s (peak RSS ${Math.round(imported.maxRssMB)} MB); total ${total.toFixed(1)} s; ` +
        `pack ${((imported.packBytes ?? 0) / 1e6).toFixed(1)} MB; small LAUs > 20% born ` +
        `abroad: ${generated.smallTowns} ${JSON.stringify(generated.smallTownsByCountry)}`,
    );
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}
