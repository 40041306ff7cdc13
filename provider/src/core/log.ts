// Provider logging. The engine forwards a dynamic provider's stdout/stderr without saying which
// resource it came from, so every line carries the resource's name; every line is scrubbed of secrets.
import { redact } from "./redact";

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
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

export function createLogger(label: string): Logger {
  const emit = (level: "info" | "warn", message: string) =>
    sink(level, redact(`[${label}] ${level === "warn" ? "warning: " : ""}${message}`));
  return {
    info: (m) => emit("info", m),
    warn: (m) => emit("warn", m),
    child: (more) => createLogger(`${label} ${more}`),
  };
}

/** A logger that drops everything (for callers that do not care). */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, child: () => silentLogger };
