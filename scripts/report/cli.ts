#!/usr/bin/env node
// Turns a Pulumi preview into a Markdown comment for a pull request:
//   pulumi preview --json > preview.json              && node build/scripts/report/cli.js preview.json
//   PULUMI_DEBUG_COMMANDS=true pulumi preview --event-log events.jsonl && node build/scripts/report/cli.js events.jsonl
//   pulumi preview --json | node build/scripts/report/cli.js - --max-names 20
// The format is detected. Exit codes: 0 report printed (also for a failed preview: the report says
// why) or --help, 2 bad arguments, unreadable input or input that holds no preview (a pipeline must
// notice rather than post "The preview succeeded" about nothing; the CI wrappers then post the raw text).
import * as fs from "node:fs";
import { ReportInputError } from "./parse";
import { renderReport } from "./report";

const USAGE = "usage: pulumi-scm-integrations report <preview.json | events.jsonl | -> [--max-names N]";

const HELP = `${USAGE}

Turns a Pulumi preview into a Markdown comment for a pull request (printed to standard output).
The input is either of:
  pulumi preview --json > preview.json
  PULUMI_DEBUG_COMMANDS=true pulumi preview --event-log events.jsonl   (the CLI has --event-log only with this variable)
and "-" reads standard input. Set PULUMI_SCM_FINDINGS=json for the preview, so the provider logs
its findings (token scopes, organization access, resolved repositories, refusals) as records the
report reads; without them the report shows the provider's lines as written.

  --max-names N   repository names listed per change before "… and N more" (default 10)
  -h, --help      this text

Exit codes: 0 the report was printed (a failed preview too: the report says why); 2 bad arguments,
unreadable input, or input that holds no preview.
`;

export interface CliArgs {
  file: string;
  maxNames?: number;
}

/** `--help` / `-h`: print the usage and stop (it is no error). */
export const HELP_REQUESTED = "help";

export function parseArgs(argv: string[]): CliArgs | typeof HELP_REQUESTED {
  const args = argv[0] === "report" ? argv.slice(1) : [...argv];
  let file: string | undefined;
  let maxNames: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--max-names" || arg.startsWith("--max-names=")) {
      const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : args[++i];
      const n = Number(value);
      if (value === undefined || !Number.isInteger(n) || n < 0) {
        throw new ReportInputError(
          `--max-names: ${JSON.stringify(value ?? null)} is not a whole number ≥ 0; e.g. --max-names 20\n${USAGE}`,
        );
      }
      maxNames = n;
    } else if (arg === "--help" || arg === "-h") {
      return HELP_REQUESTED;
    } else if (arg.startsWith("--")) {
      throw new ReportInputError(`unknown option ${arg}\n${USAGE}`);
    } else if (file === undefined) {
      file = arg;
    } else {
      throw new ReportInputError(`one input file only (got ${file} and ${arg})\n${USAGE}`);
    }
  }
  if (file === undefined) throw new ReportInputError(`no input file given\n${USAGE}`);
  return { file, ...(maxNames !== undefined ? { maxNames } : {}) };
}

function readInput(file: string): string {
  try {
    return fs.readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (e) {
    throw new ReportInputError(
      `cannot read ${file === "-" ? "standard input" : file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

export function main(argv: string[]): number {
  try {
    const args = parseArgs(argv);
    if (args === HELP_REQUESTED) {
      process.stdout.write(HELP);
      return 0;
    }
    process.stdout.write(
      renderReport(readInput(args.file), args.maxNames !== undefined ? { maxNames: args.maxNames } : {}),
    );
    return 0;
  } catch (e) {
    if (e instanceof ReportInputError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
