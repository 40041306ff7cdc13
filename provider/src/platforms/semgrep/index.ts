// The Semgrep adapter's public names.
export { createSemgrepPlatform, type SemgrepPlatformOptions } from "./platform";
