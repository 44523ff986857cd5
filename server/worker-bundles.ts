// The long-lived worker threads run their TypeScript as one plain ES module made by esbuild at start,
// not through tsx: tsx's loader in a thread (its own hooks thread, transformer and caches) cost 22-27 MB
// of RSS per thread, measured by hand (3 threads importing core/mvt/grid-source.ts: +117-131 MB with
// tsx, +50-55 MB bundled), and the server keeps three (LAU tiles, basemap, heavy jobs).
//
// A bundle is named by a hash of its content under node_modules/.cache (so that the packages it leaves
// out resolve from the project's node_modules), written once and renamed into place; if it cannot be
// made, the thread loads the TypeScript through tsx as before.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin, stop } from 'esbuild';

const CACHE_DIR = fileURLToPath(new URL('../node_modules/.cache/d4i-workers/', import.meta.url));

/** Each file keeps its own import.meta.url (data files and createRequire are found relative to it). */
const ownImportMetaUrl: Plugin = {
  name: 'own-import-meta-url',
  setup(plugin) {
    plugin.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const loader = args.path.endsWith('.ts') ? 'ts' : 'js';
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader };
    });
  },
};

const made = new Map<string, Promise<URL>>();
/** builds under way: esbuild's service process is stopped when none is (a later build starts it again) */
let building = 0;

/** The bundled module of `module` (a .ts file URL), made once per process. */
export function workerBundle(module: URL): Promise<URL> {
  let bundle = made.get(module.href);
  if (!bundle) {
    bundle = makeBundle(module);
    made.set(module.href, bundle);
  }
  return bundle;
}

/**
 * What a piscina pool loads for `exportName` of `module` (a .ts file URL): its bundle, or `fallback` (a
 * .mjs that registers tsx and exports the handler as default) when no bundle can be made (node_modules
 * read-only, say); `onFallback` hears why.
 */
export async function workerHandler(
  module: URL,
  exportName: string,
  fallback: URL,
  onFallback: (error: Error) => void = warn,
): Promise<{ filename: string; name: string; execArgv?: string[] }> {
  try {
    // no inherited `--import tsx`: a bundle needs no loader (a thread that had one kept its cost)
    return { filename: (await workerBundle(module)).href, name: exportName, execArgv: [] };
  } catch (error) {
    onFallback(error as Error);
    return { filename: fallback.href, name: 'default' };
  }
}

/**
 * What a plain worker thread runs for `module` (a .ts file URL that acts on its workerData): its bundle, or
 * ts-worker-entry.mjs (which registers tsx and imports workerData.module) when no bundle can be made.
 */
export async function workerScript(module: URL, onFallback: (error: Error) => void = warn): Promise<{ file: URL; execArgv?: string[] }> {
  try {
    return { file: await workerBundle(module), execArgv: [] };
  } catch (error) {
    onFallback(error as Error);
    return { file: new URL('./ts-worker-entry.mjs', import.meta.url) };
  }
}

function warn(error: Error): void {
  process.emitWarning(`worker threads load their TypeScript through tsx: ${error.message}`, 'D4IWorkerBundle');
}

async function makeBundle(module: URL): Promise<URL> {
  building++;
  const result = await build({
    entryPoints: [fileURLToPath(module)],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
    plugins: [ownImportMetaUrl],
  }).finally(() => {
    if (--building === 0) void stop();
  });
  const code = result.outputFiles[0].contents;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const file = join(CACHE_DIR, `${basename(fileURLToPath(module), '.ts')}-${hash}.mjs`);
  if (!exists(file)) {
    mkdirSync(CACHE_DIR, { recursive: true });
    // another server starting at the same time writes the same bytes: each renames its own copy
    const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(temp, code);
    renameSync(temp, file);
  }
  return pathToFileURL(file);
}

function exists(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
