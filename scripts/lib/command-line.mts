/**
 * Every script's command line: node's parseArgs plus `--help` / `-h`, which prints the script's
 * usage and exits 0, and a clear usage error (exit 2) instead of a stack trace for an unknown
 * option or a missing value.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

export function commandLine<T extends Options>(usage: string, options: T, allowPositionals = false) {
  try {
    const parsed = parseArgs({ options: { ...options, help: { type: 'boolean', short: 'h', default: false } }, allowPositionals, strict: true });
    if (parsed.values.help) {
      console.log(usage);
      process.exit(0);
    }
    return parsed;
  } catch (error) {
    if (!(error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) throw error;
    console.error(`${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
}
