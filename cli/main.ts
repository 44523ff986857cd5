// d4i: the one command-line tool (npm run d4i -- <command>). One file per command in cli/commands/.
import { Command } from 'commander';
import { UserError } from '../core/errors.ts';
import { benchCommand } from './commands/bench.ts';
import { generateCommand } from './commands/generate.ts';
import { importCommand } from './commands/import.ts';
import { inspectCommand } from './commands/inspect.ts';
import { serveCommand } from './commands/serve.ts';
import { startCommand } from './commands/start.ts';

const program = new Command('d4i')
  .description('D4I migration statistics on a 100 m grid: import, inspect, serve as vector tiles')
  .showHelpAfterError()
  .configureOutput({ outputError: (text, write) => write(text) });

// commands made apart inherit the program's settings (help after an error, errors on stderr), as .command() would give them
const inherit = (command: Command) => {
  command.copyInheritedSettings(program);
  for (const sub of command.commands) inherit(sub);
};
for (const command of [importCommand(), inspectCommand(), generateCommand(), serveCommand(), startCommand(), benchCommand()]) {
  inherit(command);
  program.addCommand(command);
}

program.parseAsync().catch((error: unknown) => {
  // a user's mistake gets its message; anything else is a bug and gets its stack
  if (error instanceof UserError) console.error(error.message);
  else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
