// Throughput from wrk (Debian's wrk 4): a C load generator with its own threads, so the figure is the
// server's and not the client's (autocannon in the benchmark's own Node process capped both sides near
// 2.7k req/s). A Lua script cycles through a list of paths, asking for gzip like a browser.
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pinnedCommand } from './cpus.ts';

const run = promisify(execFile);
export const WRK = '/usr/bin/wrk';
export const HAS_WRK = existsSync(WRK);

export interface WrkFigures {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
}

const LUA = `
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], { ["Accept-Encoding"] = "gzip" })
end
`;

/** Write the script and the path list once into `dir`; returns a function that runs one measurement. */
export function wrkRunner(dir: string, paths: string[]) {
  const script = join(dir, 'paths.lua');
  const list = join(dir, 'paths.txt');
  writeFileSync(script, LUA);
  writeFileSync(list, `${paths.join('\n')}\n`);
  /** `cpus`: the cores wrk runs on (a taskset list), and one thread per core */
  return async (url: string, seconds: number, connections: number, threads = 2, cpus?: string): Promise<WrkFigures> => {
    const [command, args] = pinnedCommand(cpus, WRK, [
      '-t',
      String(threads),
      '-c',
      String(connections),
      '-d',
      `${seconds}s`,
      '--latency',
      '-s',
      script,
      `${url}/`,
    ]);
    const { stdout } = await run(command, args, {
      env: { ...process.env, WRK_PATHS: list },
      timeout: (seconds + 30) * 1000,
    });
    return parseWrk(stdout);
  };
}

const ms = (value: string, unit: string) => Number(value) * ({ us: 0.001, ms: 1, s: 1000 }[unit] ?? 1);

/** The figures of wrk's --latency report. */
export function parseWrk(out: string): WrkFigures {
  const latency = (label: string) => {
    const m = new RegExp(`${label}\\s+([\\d.]+)(us|ms|s)`).exec(out);
    return m ? ms(m[1], m[2]) : Number.NaN;
  };
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? Number.NaN),
    p50: latency(' 50%'),
    p99: latency(' 99%'),
    max: (() => {
      const m = /Latency\s+[\d.]+\w+\s+[\d.]+\w+\s+([\d.]+)(us|ms|s)/.exec(out);
      return m ? ms(m[1], m[2]) : Number.NaN;
    })(),
    errors: errors ? errors.slice(1).reduce((n, v) => n + Number(v), 0) : 0,
    non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0),
  };
}
