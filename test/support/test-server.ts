// A tile server for tests: on loopback, any free port, logging nothing.
import { pino } from 'pino';
import { type ConfigInput, resolveConfig } from '../../server/config.ts';
import { type RunningServer, startServer } from '../../server/serve.ts';

export function startTestServer(pack: string, flags: ConfigInput = {}, env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  return startServer(resolveConfig({ pack, port: 0, host: '127.0.0.1', ...flags }, env), pino({ level: 'silent' }));
}
