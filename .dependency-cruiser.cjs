// The layering of d4i-map (README "Layout"), checked by `npm run lint`:
//   core <- geodata <- {import, generate, server} <- cli;  bench and scripts may use any product layer;
//   nothing imports cli/ or bench/;  the widget uses only core's browser-safe parts.
const NODE_BUILTINS = `^(node:)?(${require('node:module').builtinModules.join('|')})$`;
const PRODUCT_ABOVE_CORE = '^(geodata|import|generate|server|cli|bench|scripts|test|widget)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'an import circle (type-only ones too) means two modules are one concern or a type sits in the wrong file',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-the-library',
      severity: 'error',
      comment: 'core/ is the library: it imports only core/ and npm packages',
      from: { path: '^core/' },
      to: { path: PRODUCT_ABOVE_CORE },
    },
    {
      name: 'core-knows-no-http-and-no-cli',
      severity: 'error',
      comment: 'HTTP belongs to server/, argument parsing and process exits to cli/',
      from: { path: '^core/' },
      to: { path: '^(node:)?(http|https|http2|net|cluster)$|node_modules/(express|compression|helmet|pino|pino-http|pino-pretty|prom-client|commander)/' },
    },
    {
      name: 'geodata-uses-only-core',
      severity: 'error',
      comment: 'geodata/ (places, countries, land) is shared by the generator and the basemap: it sits on core only',
      from: { path: '^geodata/' },
      to: { path: '^(import|generate|server|cli|bench|scripts|test|widget)/' },
    },
    {
      name: 'import-generate-server-stand-apart',
      severity: 'error',
      comment: 'import/, generate/ and server/ use core/ and geodata/, never each other or the layers above',
      from: { path: '^(import|generate|server)/' },
      to: { path: '^(import|generate|server|cli|bench|scripts|test|widget)/', pathNot: '^$1/' },
    },
    {
      name: 'nothing-imports-cli',
      severity: 'error',
      comment: 'cli/ is the entry point; others start it as a process (tests may test its modules)',
      from: { pathNot: '^(cli|test)/' },
      to: { path: '^cli/' },
    },
    {
      name: 'nothing-imports-bench',
      severity: 'error',
      comment: 'bench/ measures the product; `d4i bench` runs it as its own program',
      from: { pathNot: '^bench/' },
      to: { path: '^bench/' },
    },
    {
      name: 'scripts-and-tests-are-leaves',
      severity: 'error',
      comment: 'no product code imports scripts/ or test/ (bench may use test/support)',
      from: { pathNot: '^(scripts|test|bench)/' },
      to: { path: '^(scripts|test)/' },
    },
    {
      name: 'widget-uses-browser-safe-core',
      severity: 'error',
      comment: 'the widget is bundled for browsers: of the project it may use only core/style, core/indicators, core/grid and the tile layer names',
      from: { path: '^widget/src/' },
      to: { path: '^(core|geodata|import|generate|server|cli|bench|scripts|test)/', pathNot: '^core/(style|indicators|grid)/|^core/mvt/layers[.]ts$' },
    },
    {
      name: 'widget-reaches-no-node-builtin',
      severity: 'error',
      comment: 'nothing the widget bundles may need Node (fs, zlib, worker_threads, ...)',
      from: { path: '^widget/src/' },
      to: { path: NODE_BUILTINS, reachable: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'an import that resolves to nothing',
      from: {},
      to: { couldNotResolve: true, pathNot: '\\?inline$' },
    },
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|data|node_modules)/' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.d.ts', '.js', '.mjs', '.json'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      mainFields: ['module', 'main', 'types'],
    },
  },
};
