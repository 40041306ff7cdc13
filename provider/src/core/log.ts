// Provider logging. The engine forwards a dynamic provider's stdout/stderr without saying which
// resource it came from, so every line carries the resource's name; every line is scrubbed of secrets.
import { FINDING_MARK, renderFinding, type Finding } from "./findings";
import { redact } from "./redact";

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  /**
   * A finding the review report reads: its sentence (unless `sentence: false`, for a finding whose
   * sentence travels in an error), and, with PULUMI_SCM_FINDINGS=json, the record as one JSON line.
   */
  finding(level: "info" | "warn", finding: Finding, options?: { sentence?: boolean }): void;
  /** A child logger whose lines are prefixed with one more label. */
  child(label: string): Logger;
}

export type LogSink = (level: "info" | "warn", line: string) => void;

const consoleSink: LogSink = (level, line) => {
  if (level === "warn") console.error(line);
  else console.log(line);
};

let sink: LogSink = consoleSink;

/** Tests capture log lines by swapping the sink; returns the previous one. */
export function setLogSink(next: LogSink | undefined): LogSink {
  const previous = sink;
  sink = next ?? consoleSink;
  return previous;
}

// The JSON line is opt-in because it must travel as an info or warning diagnostic: `pulumi preview
// --json` drops debug and ephemeral ones (pkg/backend/display/json.go in github.com/pulumi/pulumi
// skips `p.Ephemeral || p.Severity == diag.Debug`), so without the switch everyone running a preview in
// a terminal would read JSON beside every sentence. Plugins inherit the CLI's environment.
function findingsAsJson(): boolean {
  return process.env["PULUMI_SCM_FINDINGS"] === "json";
}

/** Every string of a record scrubbed before it is serialized: a secret JSON escapes would not match later. */
function redactStrings(value: unknown): unknown {
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) return value.map(redactStrings);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactStrings(v)]));
  return value;
}

export function createLogger(label: string): Logger {
  const emit = (level: "info" | "warn", message: string) =>
    sink(level, redact(`[${label}] ${level === "warn" ? "warning: " : ""}${message}`));
  return {
    info: (m) => emit("info", m),
    warn: (m) => emit("warn", m),
    finding: (level, finding, { sentence = true } = {}) => {
      if (sentence) emit(level, renderFinding(finding));
      // Always at info: the record is data, never a second warning.
      if (findingsAsJson()) emit("info", `${FINDING_MARK}${JSON.stringify(redactStrings(finding))}`);
    },
    child: (more) => createLogger(`${label} ${more}`),
  };
}

/** A logger that drops everything (for callers that do not care). */
export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  finding: () => {},
  child: () => silentLogger,
};
