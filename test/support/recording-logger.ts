// A Logger that keeps its warnings, for tests that assert what a reviewer would (not) be told.
import type { Logger } from "../../provider/src/core/log";

export function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const logger: Logger & { warnings: string[] } = {
    warnings,
    info: () => {},
    warn: (m) => warnings.push(m),
    finding: () => {},
    child: () => logger,
  };
  return logger;
}
