// Pinning for throughput runs: the server measured on the first core, the load generator on the others,
// so neither takes the other's CPU time and a round measures the server rather than the scheduler.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';

const TASKSET = '/usr/bin/taskset';
const CORES = availableParallelism();

/** Pinning is possible: taskset is there (util-linux) and there are at least two cores. */
export const CAN_PIN = existsSync(TASKSET) && CORES >= 2;

/** The server's core and the load generator's cores, as taskset lists. */
export const SERVER_CPUS = '0';
export const CLIENT_CPUS = CORES > 2 ? `1-${CORES - 1}` : '1';
/** wrk threads: one per client core */
export const CLIENT_THREADS = Math.max(1, CORES - 1);

/** `command args` run on `cpus` (unchanged when pinning is not possible). */
export function pinnedCommand(cpus: string | undefined, command: string, args: string[]): [string, string[]] {
  return cpus && CAN_PIN ? [TASKSET, ['-c', cpus, command, ...args]] : [command, args];
}
