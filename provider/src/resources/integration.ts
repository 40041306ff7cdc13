// Integration: "this platform may use this SCM endpoint with this token".
// check validates the inputs and the token (scopes, expiry); create/update register the credential
// (Snyk upsert; Semgrep validates and records); delete removes the credential; read detects drift.
import { guarded, shieldFailures } from "./failures";
import type { ResourceHandler } from "./handler";
import { registerIntegration } from "./integration-apply";
import { checkIntegration } from "./integration-check";
import { INPUT_KEYS, KIND } from "./integration-context";
import { deleteIntegration } from "./integration-destroy";
import { readIntegration } from "./integration-refresh";
import { knownReplacementKeys } from "./props";
import {
  integrationInputKeys,
  integrationReplaceOnChanges,
  integrationSecretInputPaths,
  integrationSecretOutputs,
} from "./schema.generated";
import { changedKeys } from "./schema-support";
import { withoutUnheldTokens } from "./unread-tokens";

export const integrationHandler: ResourceHandler = {
  check: guarded(
    KIND,
    shieldFailures({ secret: integrationSecretOutputs, inputs: integrationInputKeys }, checkIntegration),
  ),

  diff: guarded(KIND, async (_id, olds, news) => {
    const replaces = knownReplacementKeys(integrationReplaceOnChanges, olds, news);
    const compared = withoutUnheldTokens(olds, news, integrationSecretInputPaths);
    const changed = changedKeys(olds, compared, INPUT_KEYS).length > 0;
    if (!changed && replaces.length === 0) return { changes: false };
    // Leave `changes` unset: the engine then diffs old and new inputs itself and shows the reviewer
    // which properties change (a dynamic provider cannot return a property-level diff).
    // Delete before replace: on Snyk the replacement is the same (org, type) integration, so deleting
    // the old one after creating the new would wipe the new credentials.
    return replaces.length > 0 ? { replaces, deleteBeforeReplace: true } : {};
  }),

  create: guarded(KIND, async (inputs) => registerIntegration(inputs)),

  update: guarded(KIND, async (id, olds, news) => ({
    outs: (await registerIntegration(news, id, olds.adopted === true)).outs,
  })),

  read: guarded(KIND, readIntegration),

  delete: guarded(KIND, deleteIntegration),
};
