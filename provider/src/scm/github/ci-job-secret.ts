// The repository Actions secret the Semgrep job reads. GitHub takes a secret only encrypted with the
// repository's public key as a libsodium sealed box (https://docs.github.com/en/rest/actions/secrets,
// "Create or update a repository secret", which points to LibSodium for the encryption), so the value
// is sealed with libsodium-wrappers; no cryptography is written here.
import sodium from "libsodium-wrappers";
import type { GitHubCiJobContext } from "./ci-job";
import { mapGitHubError } from "./errors";

export async function sealForGitHub(value: string, publicKeyBase64: string): Promise<string> {
  await sodium.ready;
  const key = sodium.from_base64(publicKeyBase64, sodium.base64_variants.ORIGINAL);
  return sodium.to_base64(sodium.crypto_box_seal(sodium.from_string(value), key), sodium.base64_variants.ORIGINAL);
}

/** PUT the secret `name` (create or update: idempotent, so a retried run may send it again). */
export async function putGitHubActionsSecret(
  ctx: GitHubCiJobContext,
  fullName: string,
  name: string,
  value: string,
): Promise<void> {
  const [owner, repo] = fullName.split("/") as [string, string];
  try {
    const key = await ctx.octokit.request("GET /repos/{owner}/{repo}/actions/secrets/public-key", { owner, repo });
    const encrypted = await sealForGitHub(value, key.data.key);
    await ctx.octokit.request("PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}", {
      owner,
      repo,
      secret_name: name,
      encrypted_value: encrypted,
      key_id: key.data.key_id,
    });
  } catch (e) {
    throw mapGitHubError(e, {
      apiUrl: ctx.apiUrl,
      action: `setting the Actions secret ${name} of "${fullName}"`,
      field: "onboarding.ciJob.scmToken",
      now: ctx.clock.now(),
    });
  }
}
