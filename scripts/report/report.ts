// Preview text in, Markdown out: the one function the CLI and the tests call.
import { analyse } from "./analyse";
import { parsePreview } from "./parse";
import { DEFAULT_MAX_NAMES, renderMarkdown } from "./render";
import { collectSecretPlaintexts, Scrubber } from "./secrets";

export interface ReportOptions {
  /** Repository names listed per change before "… and N more" (default 10). */
  maxNames?: number;
}

export function renderReport(text: string, options: ReportOptions = {}): string {
  const data = parsePreview(text);
  // Any plaintext secret the input carries is scrubbed from every line printed, wherever it shows up.
  const secrets = new Set<string>();
  for (const step of data.steps) {
    collectSecretPlaintexts(step.oldInputs, secrets);
    collectSecretPlaintexts(step.oldOutputs, secrets);
    collectSecretPlaintexts(step.newInputs, secrets);
  }
  return renderMarkdown(analyse(data), {
    maxNames: options.maxNames ?? DEFAULT_MAX_NAMES,
    scrubber: new Scrubber(secrets),
  });
}
