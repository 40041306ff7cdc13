// How the demo prints: numbered section headings, the CLI's own text with the noise trimmed (URNs,
// internal fields, hundreds of identical repository lines collapsed), and the provider's notes.
// Colour only on a terminal, and never when NO_COLOR is set.

const useColor = process.stdout.isTTY === true && !process.env.NO_COLOR;
const paint = (code: string) => (text: string) => (useColor ? `\u001b[${code}m${text}\u001b[0m` : text);
export const bold = paint("1");
export const dim = paint("2");
export const green = paint("32");
export const yellow = paint("33");
export const cyan = paint("36");

let section = 0;

export function banner(title: string, lines: string[]): void {
  const width = Math.max(title.length, ...lines.map((l) => l.length)) + 4;
  console.log(bold("━".repeat(width)));
  console.log(bold(`  ${title}`));
  for (const line of lines) console.log(`  ${line}`);
  console.log(bold("━".repeat(width)));
}

export function heading(title: string, explanation: string): void {
  section++;
  console.log("");
  console.log(bold(cyan(`── ${section}. ${title} `.padEnd(100, "─"))));
  console.log(dim(explanation));
  console.log("");
}

export function note(text: string): void {
  console.log(`${green("✔")} ${text}`);
}

/** A repository line of a `--diff` display: `acme/name: "selector"`, maybe with a +/- mark. */
const REPOSITORY_LINE = /^\s*[+\-~]?\s*[\w.-]+\/[\w./-]+\s*: "(selector|repositories)"$/;
/** Lines that say nothing to a reader of the demo. */
const NOISE = [/^\s*\[(id|provider)=/, /^\s*resourceName\s*:/, /^\s*[+~-]?\s*pulumi:pulumi:Stack: \(/, /^\s*$/];
/** A resource header of a `--diff` display, e.g. `+ pulumi-nodejs:dynamic/scm-integrations:Integration: (create)`. */
const HEADER = /^(\s*[+~-]?\s*)pulumi-nodejs:dynamic\/scm-integrations:(\w+): \((\S+)\)$/;

/**
 * The CLI's preview / update text for the demo: noise removed, runs of repository lines longer
 * than `keep` collapsed into their first lines and a count.
 */
export function trimCliText(text: string, keep = 5): string {
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length > keep + 1) {
      out.push(...run.slice(0, keep));
      const indent = /^\s*/.exec(run[0]!)![0];
      out.push(dim(`${indent}… and ${run.length - keep} more repositories`));
    } else out.push(...run);
    run = [];
  };
  let inOutputs = false;
  for (const line of text.split("\n")) {
    if (REPOSITORY_LINE.test(line)) {
      run.push(line);
      continue;
    }
    flush();
    // Stack outputs are all [unknown] during a preview; the Resources: summary ends them.
    if (/^\s*--outputs:--/.test(line)) inOutputs = true;
    if (/^Resources:/.test(line)) inOutputs = false;
    if (inOutputs || NOISE.some((n) => n.test(line))) continue;
    // The resource's name is only in the URN line under its header: fold it into the header.
    const urn = /^\s*\[urn=.*::([^:]+)\]$/.exec(line);
    if (urn) {
      const at = out.length - 1;
      const header = HEADER.exec(out[at] ?? "");
      if (header) out[at] = `${header[1]}${header[2]} "${urn[1]}" (${header[3]})`;
      continue;
    }
    out.push(line);
  }
  flush();
  return out.map(colorLine).join("\n");
}

function colorLine(line: string): string {
  const trimmed = line.trimStart();
  if (trimmed.startsWith("+ ")) return green(line);
  if (trimmed.startsWith("- ")) return paint("31")(line);
  if (trimmed.startsWith("~ ")) return yellow(line);
  return line;
}

/** The provider's own lines (`[Integration github] …`) from the CLI's stderr, each once, indented. */
export function providerNotes(stderr: string): string[] {
  const seen = new Set<string>();
  const notes: string[] = [];
  for (const raw of stderr.split("\n")) {
    const line = raw.trim();
    if (!/^\[(Integration|OrgConnection|RepositoryImport) /.test(line) || seen.has(line)) continue;
    seen.add(line);
    notes.push(line);
  }
  return notes;
}

/** Long provider lines (lists of repositories) cut to one terminal line. */
export function clip(line: string, width = 150): string {
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

export function printNotes(notes: string[]): void {
  if (notes.length === 0) return;
  console.log(dim("  what the provider found:"));
  for (const line of notes) console.log(dim(`    ${clip(line)}`));
}
