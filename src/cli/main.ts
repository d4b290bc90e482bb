/**
 * lma-workbench: the editor's features from the command line, for CI and servers. One entry, a
 * file per command, one shared bootstrap (session.ts), documented exit codes (output.ts).
 *
 *   node dist/cli.js <command> [options]      node dist/cli.js help <command>
 */
import { setMaxListeners } from 'node:events';
import { LmoError } from '../data/org/errors';
import { changesCommand } from './commands/changes';
import { checklistCommand } from './commands/checklist';
import { featuresCommand } from './commands/features';
import { licensesCommand } from './commands/licenses';
import { lmoDashboardCommand } from './commands/lmoDashboard';
import { packagesCommand } from './commands/packages';
import { dashboardCommand } from './commands/dashboard';
import { rulesCommand } from './commands/rules';
import { usageCommand } from './commands/usage';
import { EXIT, Output, exitCodeOf } from './output';
import { type CliCommand, COMMON_USAGE, createContext } from './session';

const COMMANDS: readonly CliCommand[] = [
  checklistCommand,
  packagesCommand,
  changesCommand,
  featuresCommand,
  licensesCommand,
  dashboardCommand,
  lmoDashboardCommand,
  rulesCommand,
  usageCommand,
];

function findCommand(name: string | undefined): CliCommand | undefined {
  return COMMANDS.find((c) => c.name === name || (name !== undefined && c.aliases?.includes(name)));
}

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: lma-workbench <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "lma-workbench help <command>" for a command\'s options.',
    '',
    COMMON_USAGE,
    '',
    'Exit codes: 0 ok · 1 findings · 2 usage · 3 login · 4 LMA missing or no access · 5 API limit · 6 org unreachable · 7 other · 130 interrupted',
  ].join('\n');
}

export async function main(argv: readonly string[], out = new Output(argv.includes('--json'))): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? findCommand(rest[0]) : undefined;
    out.text(topic ? `${topic.usage}\n\n${COMMON_USAGE}` : overview());
    return name || rest.length ? EXIT.ok : EXIT.usage;
  }
  const command = findCommand(name);
  if (!command) {
    out.error(new LmoError('usage', `Unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}.`, 'usage'), EXIT.usage);
    return EXIT.usage;
  }
  // Ctrl-C or SIGTERM: stop after the request in flight; a second one quits at once.
  const controller = new AbortController();
  // Every request in flight listens to it (a big install base sends dozens at once): no leak warning for that.
  setMaxListeners(0, controller.signal);
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    out.note(`Stopping after the current request (${signal}); press Ctrl-C again to quit now.`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let ctx: ReturnType<typeof createContext> | undefined;
  try {
    ctx = createContext(command, rest, out, controller.signal);
    if (ctx.args.help) {
      out.text(`${command.usage}\n\n${COMMON_USAGE}`);
      return EXIT.ok;
    }
    return await command.run(ctx);
  } catch (err) {
    const code = controller.signal.aborted ? EXIT.interrupted : exitCodeOf(err);
    out.error(err, code);
    return code;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await ctx?.close().catch(() => undefined);
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    // Keep-alive sockets would hold the process open: exit once stdout has drained.
    process.stdout.write('', () => process.exit(code));
  });
}
