// `entramap new --template NAME [-o FILE] [--force]`: writes a mapping file from a seed-app
// template, to stdout or to FILE (never over an existing file unless --force). `--list` lists the
// templates.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { allTemplates, getTemplate, templateNames } from '../catalog/templates';
import { CliIO, EXIT_FAIL, EXIT_OK, option, parseArgs, UsageError } from './io';

/** `-o FILE` / `-o=FILE` are spelled `--output` for parseArgs. */
function normalize(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (a === '-o') out.push('--output');
    else if (a.startsWith('-o=')) out.push(`--output=${a.slice(3)}`);
    else if (a === '-f') out.push('--force');
    else out.push(a);
  }
  return out;
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(normalize(argv), {
    template: { value: true },
    output: { value: true },
    force: { value: false },
    list: { value: false },
  });
  const names = templateNames().join(', ');
  if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  if (args.flags.has('list')) {
    const width = Math.max(...templateNames().map((n) => n.length));
    io.stdout(allTemplates().map((t) => `${t.id.padEnd(width)}  ${t.summary}\n`).join(''));
    return EXIT_OK;
  }
  const name = option(args, 'template');
  if (name === undefined) throw new UsageError(`missing --template NAME; templates: ${names}`);
  const template = getTemplate(name);
  if (!template) throw new UsageError(`unknown template "${name}"; templates: ${names}`);

  const output = option(args, 'output');
  if (output === undefined) {
    io.stdout(template.text);
    return EXIT_OK;
  }
  if (!output) throw new UsageError('-o needs a file name');
  const file = resolve(io.cwd, output);
  if (existsSync(file)) {
    if (statSync(file).isDirectory()) {
      io.stderr(`entramap new: ${output} is a directory; give a file name, for example ${output.replace(/[\\/]+$/, '')}/${template.id}.entramap\n`);
      return EXIT_FAIL;
    }
    if (!args.flags.has('force')) {
      io.stderr(`entramap new: ${output} already exists; not overwritten (use --force to replace it)\n`);
      return EXIT_FAIL;
    }
  }
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, template.text, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied' : err.code === 'ENOTDIR' ? 'a parent is not a directory' : err.message;
    io.stderr(`entramap new: cannot write ${output}: ${why}\n`);
    return EXIT_FAIL;
  }
  io.stderr(`entramap new: wrote ${output} from the ${template.id} template (${template.facts.displayName})\n`);
  return EXIT_OK;
}
