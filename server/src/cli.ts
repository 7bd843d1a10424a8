// The `entramap` command line: one engine with the language server, no VS Code needed.
// Each command lives in server/src/cli/<name>.ts and exports `run(argv, io): Promise<number>`.
import { CliIO, EXIT_USAGE, UsageError, processIO } from './cli/io';

type CommandModule = { run(argv: string[], io: CliIO): Promise<number> };
type Command = {
  summary: string;
  usage: string;
  /** Loaded on first use (a plain require: bundled by esbuild, and hooked by the test loader). */
  load: () => Promise<CommandModule>;
};

const commands: Record<string, Command> = {
  eval: {
    summary: 'evaluate an attribute-mapping expression against a source object',
    usage: 'entramap eval EXPRESSION [--source JSON | --source-file FILE] [--now ISO8601]\n       entramap eval --batch FILE',
    load: async () => require('./cli/eval') as CommandModule,
  },
  check: {
    summary: 'check .entramap and Graph schema JSON files',
    usage: 'entramap check FILE... [--format text|json|sarif]',
    load: async () => require('./cli/check') as CommandModule,
  },
  scope: {
    summary: 'evaluate scoping filters against users',
    usage: 'entramap scope --batch FILE',
    load: async () => require('./cli/scope') as CommandModule,
  },
  convert: {
    summary: 'convert between .entramap and Graph synchronizationSchema JSON',
    usage: 'entramap convert FILE --to entramap|graph-json [-o OUT]',
    load: async () => require('./cli/convert') as CommandModule,
  },
  new: {
    summary: 'write a mapping file from a template',
    usage: 'entramap new --template personify|mypolicies|genesys|scim [-o FILE] [--force] | entramap new --list',
    load: async () => require('./cli/new') as CommandModule,
  },
  'test-connection': {
    summary: 'test the connection to a SCIM target as Entra does',
    usage: 'entramap test-connection --url TENANT_URL [--token-env NAME] [--timeout SECONDS] [--json]',
    load: async () => require('./cli/test-connection') as CommandModule,
  },
  provision: {
    summary: 'provision one user on demand, with a step-by-step trace',
    usage:
      'entramap provision --mapping FILE --users USERS_FILE --user ID_OR_UPN --url TENANT_URL [--token-env NAME] [--timeout SECONDS] [--dry-run] [--json]',
    load: async () => require('./cli/provision') as CommandModule,
  },
  demo: {
    summary: 'the tour: embedded SCIM target, Test Connection, provision the Personify example',
    usage: 'entramap demo [--keep-running]',
    load: async () => require('./cli/demo') as CommandModule,
  },
  target: {
    summary: 'run the embedded local SCIM 2.0 target',
    usage: 'entramap target serve [--port N] [--token T] [--store FILE]',
    load: async () => require('./cli/target') as CommandModule,
  },
};

function help(): string {
  const lines = ['entramap: Microsoft Entra ID provisioning mappings, from the command line', '', 'Commands:'];
  for (const [name, c] of Object.entries(commands)) lines.push(`  ${name.padEnd(16)} ${c.summary}`);
  lines.push('', 'Usage:');
  for (const c of Object.values(commands)) lines.push(`  ${c.usage}`);
  lines.push('', 'Run "entramap COMMAND --help" for one command.');
  return lines.join('\n') + '\n';
}

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.stdout : io.stderr)(help());
    return name ? 0 : EXIT_USAGE;
  }
  if (name === '--version') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`entramap: unknown command "${name}"\n\n${help()}`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`usage: ${command.usage}\n`);
    return 0;
  }
  try {
    const mod = await command.load();
    return await mod.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`entramap ${name}: ${err.message}\nusage: ${command.usage}\n`);
      return EXIT_USAGE;
    }
    // Never a stack trace for the user; the message names the cause.
    io.stderr(`entramap ${name}: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (io.env.ENTRAMAP_DEBUG) io.stderr(`${err instanceof Error ? err.stack : ''}\n`);
    return 1;
  }
}

declare const __ENTRAMAP_VERSION__: string | undefined;
const VERSION = typeof __ENTRAMAP_VERSION__ === 'string' ? __ENTRAMAP_VERSION__ : '0.0.0-dev';

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`entramap: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
