// Shared plumbing for the CLI commands: argument parsing, output streams, usage errors.

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const processIO: CliIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  cwd: process.cwd(),
};

/** Exit codes shared by all commands. */
export const EXIT_OK = 0;
export const EXIT_FAIL = 1;
export const EXIT_USAGE = 2;

/** A usage problem or unreadable input: the dispatcher prints the message and exits 2. */
export class UsageError extends Error {}

export interface OptionSpec {
  /** Takes a value (`--name VALUE` or `--name=VALUE`), or is a flag. */
  value: boolean;
  /** May be given several times (values collected in order). */
  repeat?: boolean;
}

export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string[]>;
  flags: Set<string>;
}

/**
 * Parses `argv` against `spec` (keys without the leading `--`). Unknown options, a missing
 * value or a repeated single option are usage errors. `--` ends option parsing.
 */
export function parseArgs(argv: string[], spec: Record<string, OptionSpec>): ParsedArgs {
  const out: ParsedArgs = { positionals: [], options: new Map(), flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
        throw new UsageError(`unknown option "${arg}"`);
      }
      out.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const opt = spec[name];
    if (!opt) throw new UsageError(`unknown option "--${name}"`);
    if (!opt.value) {
      if (eq >= 0) throw new UsageError(`option "--${name}" takes no value`);
      out.flags.add(name);
      continue;
    }
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      if (i + 1 >= argv.length) throw new UsageError(`option "--${name}" needs a value`);
      value = argv[++i];
    }
    const list = out.options.get(name) ?? [];
    if (list.length && !opt.repeat) throw new UsageError(`option "--${name}" given twice`);
    list.push(value);
    out.options.set(name, list);
  }
  return out;
}

export function option(args: ParsedArgs, name: string): string | undefined {
  return args.options.get(name)?.[0];
}

/** Formats a JSON value for stdout: one document, newline-terminated. */
export function jsonOut(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
