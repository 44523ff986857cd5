// Node flags the server runs with (cli/d4i.js starts it with them; the benchmarks too): a larger young
// generation. Every request allocates a few KB, and with the served data on the heap each young-generation
// collection costs ~0.6 ms: fewer of them is ~10% more cached tiles per second (bench tiles, warm).
// V8 reads them only at start, so they cannot be set from inside a running process.
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=32'];

/** This process was started with them. */
export const hasServerNodeFlags = (execArgv: readonly string[]): boolean => SERVER_NODE_FLAGS.every((flag) => execArgv.includes(flag));
