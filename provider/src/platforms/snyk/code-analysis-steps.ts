// Snyk Code (Snyk's SAST) on or off in an org, for the SnykCodeSettings resource; the REST calls and
// their citations are in ./sast-settings.
import type { Platform } from "../types";
import type { SnykContext } from "./platform-context";
import { readSnykCode, writeSnykCode } from "./sast-settings";

type CodeAnalysisSteps = Required<Pick<Platform, "readCodeAnalysis" | "setCodeAnalysis">>;

export function snykCodeAnalysisSteps({ rest, logger }: SnykContext): CodeAnalysisSteps {
  return {
    readCodeAnalysis: async (platformOrg) => (await readSnykCode(rest, platformOrg)).enabled,
    setCodeAnalysis: async (platformOrg, enabled) => {
      const after = await writeSnykCode(rest, platformOrg, enabled);
      logger.info(`Snyk: Snyk Code is now ${after.enabled ? "on" : "off"} in org ${platformOrg}`);
      return after.enabled;
    },
  };
}
