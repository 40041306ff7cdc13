// SnykCodeSettings: "Snyk Code is on (or off) in this Snyk organization".
// One org-wide setting (Snyk REST /orgs/{org_id}/settings/sast): check reads it and says what up will
// change; diff sees a change made out of band since the last refresh; create/update write it only when
// it differs; read reports drift; delete gives the organization back what this resource found first.
import { ScmIntegrationError } from "../core/errors";
import type { Logger } from "../core/log";
import type { Platform } from "../platforms/types";
import { compact, internalFields, knownReplacementKeys, pickInputs, withInternal } from "./props";
import { errorFailure, guarded, PartialApplyError, shieldFailures } from "./failures";
import type { Props, ResourceHandler } from "./handler";
import { referenceFailures } from "./input-checks";
import {
  snykCodeSettingsDefaults,
  snykCodeSettingsInputKeys,
  snykCodeSettingsInputsSchema,
  snykCodeSettingsReplaceOnChanges,
  snykCodeSettingsSecretOutputs,
  type CheckedSnykCodeSettingsInputs,
  type SnykCodeSettingsOutputs,
} from "./schema.generated";
import { changedKeys, checkInputs } from "./schema-support";
import { currentServices, resourceLogger } from "./services";
import { claimSnykCode } from "./snyk-code-claims";

const KIND = "SnykCodeSettings";
const INPUT_KEYS = [...snykCodeSettingsInputKeys, "resourceName"] as const;

const onOff = (enabled: boolean) => (enabled ? "on" : "off");

function parse(props: Props): CheckedSnykCodeSettingsInputs {
  const result = checkInputs(snykCodeSettingsInputsSchema(), internalFields(props).rest, snykCodeSettingsDefaults);
  if (!result.ok) {
    throw new ScmIntegrationError("invalid-input", result.failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
  }
  return result.inputs;
}

interface SnykCode {
  read(): Promise<boolean>;
  write(enabled: boolean): Promise<boolean>;
}

/** The Snyk adapter's Snyk Code calls for one organization. */
function snykCodeOf(platformOrg: string, logger: Logger): SnykCode {
  const platform: Platform = currentServices().platform("snyk", logger);
  const readCodeAnalysis = platform.readCodeAnalysis?.bind(platform);
  const setCodeAnalysis = platform.setCodeAnalysis?.bind(platform);
  if (!readCodeAnalysis || !setCodeAnalysis) {
    throw new ScmIntegrationError("unsupported", "this Snyk adapter cannot read or set Snyk Code", {
      field: "platformOrg",
    });
  }
  return {
    read: () => readCodeAnalysis(platformOrg),
    write: (enabled) => setCodeAnalysis(platformOrg, enabled),
  };
}

function resourceNameOf(props: Props): string {
  return typeof props.resourceName === "string" && props.resourceName ? props.resourceName : "(unnamed)";
}

/** What up will do, for the preview: `current` is what the organization has now. */
function planLine(org: string, current: boolean, wanted: boolean, enabledBefore: unknown): string {
  const restores = typeof enabledBefore === "boolean" ? enabledBefore : current;
  const onDelete =
    restores === wanted ? `destroy leaves it ${onOff(wanted)}` : `destroy turns it ${onOff(restores)} again`;
  return current === wanted
    ? `Snyk Code is ${onOff(current)} in Snyk org ${org}, as declared: nothing to change (${onDelete})`
    : `Snyk Code is ${onOff(current)} in Snyk org ${org}; up turns it ${onOff(wanted)} (${onDelete})`;
}

/**
 * Set the organization's Snyk Code to the declared value, writing only when it differs. `recorded` is
 * the value found before this resource first changed it (update keeps it; create records what it finds).
 */
async function apply(props: Props, recorded?: boolean): Promise<{ id: string; outs: Props }> {
  const inputs = parse(props);
  const logger = resourceLogger(KIND, props.resourceName);
  const snykCode = snykCodeOf(inputs.platformOrg, logger);
  const current = await snykCode.read();
  const enabledBefore = recorded ?? current;
  const outputs: SnykCodeSettingsOutputs = { ...inputs, enabledBefore };
  const outs = withInternal(compact(outputs as unknown as Props), props);
  if (current === inputs.enabled) {
    logger.info(`Snyk Code is already ${onOff(current)} in Snyk org ${inputs.platformOrg}; nothing written`);
    return { id: inputs.platformOrg, outs };
  }
  let now: boolean;
  try {
    now = await snykCode.write(inputs.enabled);
  } catch (e) {
    // The answer may be lost after Snyk acted: the engine keeps this resource and what the organization
    // had before, so the next up converges and a destroy still restores the earlier value.
    throw new PartialApplyError(
      `${KIND} ${resourceNameOf(props)}: ${e instanceof Error ? e.message : String(e)}`,
      inputs.platformOrg,
      { ...outs, enabled: current },
    );
  }
  if (now !== inputs.enabled) {
    throw new PartialApplyError(
      `${KIND} ${resourceNameOf(props)}: Snyk answered the change with Snyk Code still ${onOff(now)} in org ${inputs.platformOrg}; run pulumi up again, and check that the token's role has Edit Organization`,
      inputs.platformOrg,
      { ...outs, enabled: now },
    );
  }
  logger.info(`turned Snyk Code ${onOff(now)} in Snyk org ${inputs.platformOrg} (it was ${onOff(current)})`);
  return { id: inputs.platformOrg, outs };
}

export const snykCodeSettingsHandler: ResourceHandler = {
  check: guarded(
    KIND,
    shieldFailures({ secret: snykCodeSettingsSecretOutputs, inputs: snykCodeSettingsInputKeys }, async (olds, news) => {
      const { rest, internal } = internalFields(news);
      const result = checkInputs(snykCodeSettingsInputsSchema(), rest, snykCodeSettingsDefaults);
      if (!result.ok) return { failures: result.failures };
      const inputs = result.inputs;
      const syntax = referenceFailures({ platform: "snyk", platformOrg: inputs.platformOrg });
      if (syntax.length > 0) return { failures: syntax };
      // During a preview the organization may come from another resource and not be known yet.
      if (result.hasUnknowns) return { inputs: { ...inputs, ...internal } };
      const name = resourceNameOf(news);
      const holder = claimSnykCode(inputs.platformOrg, { resource: name, enabled: inputs.enabled });
      if (holder) {
        return {
          failures: [
            {
              property: "platformOrg",
              reason:
                `SnykCodeSettings "${holder.resource}" already declares the Snyk Code setting of Snyk org ${inputs.platformOrg}, ` +
                `and one organization has one such setting: two resources would undo each other. Nothing was changed. ` +
                `Fix: keep one SnykCodeSettings per organization; remove "${name}" or point it at another organization`,
            },
          ],
        };
      }
      const logger = resourceLogger(KIND, news.resourceName);
      try {
        const current = await snykCodeOf(inputs.platformOrg, logger).read();
        logger.info(planLine(inputs.platformOrg, current, inputs.enabled, olds.enabledBefore));
      } catch (e) {
        return { failures: [errorFailure(e, "platformOrg")] };
      }
      return { inputs: { ...inputs, ...internal } };
    }),
  ),

  diff: guarded(KIND, async (_id, olds, news) => {
    const replaces = knownReplacementKeys(snykCodeSettingsReplaceOnChanges, olds, news);
    // Delete first: the old resource gives back the earlier value, which the new one then records.
    if (replaces.length > 0) return { replaces, deleteBeforeReplace: true };
    const changed = changedKeys(olds, news, INPUT_KEYS).length > 0;
    // `changes` left unset: the engine then shows which inputs change.
    if (changed) return {};
    // Nothing changed in the program, but the organization may have been changed out of band since
    // the last refresh: up sets it back, and the preview says why (one read, no write).
    const checked = checkInputs(snykCodeSettingsInputsSchema(), internalFields(news).rest, snykCodeSettingsDefaults);
    if (!checked.ok || checked.hasUnknowns) return { changes: false };
    const logger = resourceLogger(KIND, news.resourceName);
    const current = await snykCodeOf(checked.inputs.platformOrg, logger).read();
    if (current === checked.inputs.enabled) return { changes: false };
    logger.warn(
      `drift: Snyk Code is ${onOff(current)} in Snyk org ${checked.inputs.platformOrg}, changed out of band; up turns it ${onOff(checked.inputs.enabled)} again`,
    );
    return { changes: true };
  }),

  create: guarded(KIND, async (inputs) => apply(inputs)),

  update: guarded(KIND, async (_id, olds, news) => ({
    outs: (await apply(news, typeof olds.enabledBefore === "boolean" ? olds.enabledBefore : undefined)).outs,
  })),

  read: guarded(KIND, async (id, props) => {
    const inputs = parse(pickInputs(props, INPUT_KEYS));
    const logger = resourceLogger(KIND, props.resourceName);
    const current = await snykCodeOf(inputs.platformOrg, logger).read();
    if (current !== inputs.enabled) {
      logger.warn(
        `drift: Snyk Code is ${onOff(current)} in Snyk org ${inputs.platformOrg}, but this resource set it ${onOff(inputs.enabled)}: ` +
          `changed out of band; the next pulumi up turns it ${onOff(inputs.enabled)} again`,
      );
    }
    // `enabled` as the organization has it: refresh shows the change, and the next up's diff sets it back.
    const outputs: Props = { ...props, enabled: current };
    return { id, props: outputs, inputs: pickInputs(outputs, INPUT_KEYS) };
  }),

  delete: guarded(KIND, async (_id, props) => {
    const inputs = parse(pickInputs(props, INPUT_KEYS));
    const logger = resourceLogger(KIND, props.resourceName);
    const before = props.enabledBefore;
    if (typeof before !== "boolean") {
      logger.info(`left Snyk Code as it is in Snyk org ${inputs.platformOrg}: no earlier value was recorded`);
      return;
    }
    const snykCode = snykCodeOf(inputs.platformOrg, logger);
    const current = await snykCode.read();
    if (current === before) {
      logger.info(
        `left Snyk Code ${onOff(current)} in Snyk org ${inputs.platformOrg}: that is what it was before this resource`,
      );
      return;
    }
    const now = await snykCode.write(before);
    if (now !== before) {
      throw new ScmIntegrationError(
        "conflict",
        `Snyk answered with Snyk Code still ${onOff(now)} in org ${inputs.platformOrg}; the earlier value (${onOff(before)}) was not restored`,
        { field: "platformOrg", fix: "run pulumi destroy again, or set Snyk Code in Snyk's Settings > Snyk Code" },
      );
    }
    logger.info(`gave Snyk org ${inputs.platformOrg} back its earlier Snyk Code setting: ${onOff(before)}`);
  }),
};
