// The benchmarks' own program: `d4i bench <name> ...` parses the options and runs
//   node --import tsx bench/run.ts <name> '<options as JSON>'
// so a benchmark gets a fresh process (its memory figures are its own) and nothing imports bench/.
type Benchmark = (options: never) => Promise<void>;

const BENCHMARKS: Record<string, () => Promise<Benchmark>> = {
  import: async () => (await import('./import.ts')).benchImport,
  generate: async () => (await import('./generate.ts')).benchGenerate,
  tiles: async () => (await import('./tiles.ts')).benchTiles,
  encode: async () => (await import('./encode.ts')).benchEncode,
  postgis: async () => (await import('./postgis.ts')).benchPostgis,
  api: async () => (await import('./api.ts')).benchApi,
  widget: async () => (await import('./widget.ts')).benchWidget,
  csv: async () => (await import('./csv.ts')).benchCsv,
  estimates: async () => (await import('./estimates.ts')).benchEstimates,
  'raster-polygons': async () => (await import('./raster-polygons.ts')).benchRasterPolygons,
};

const [name, json = '{}'] = process.argv.slice(2);
const load = BENCHMARKS[name];
if (!load) {
  console.error(`unknown benchmark "${name}" (one of ${Object.keys(BENCHMARKS).join(', ')})`);
  process.exit(2);
}
const run = await load();
await run(JSON.parse(json) as never);
