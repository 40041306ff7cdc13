// Make `require("pulumi-scm-integrations/provider")` resolve inside this repository exactly as it does
// in a user's project: the dynamic-provider process loads the provider by package name from its
// working directory, and examples / e2e programs run from folders inside the repo.
const fs = require("node:fs");
const path = require("node:path");

function linkSelf() {
  const root = path.resolve(__dirname, "..");
  const link = path.join(root, "node_modules", "pulumi-scm-integrations");
  try {
    const stat = fs.lstatSync(link);
    if (stat.isSymbolicLink() && path.resolve(path.dirname(link), fs.readlinkSync(link)) === root) return;
    fs.rmSync(link, { recursive: true, force: true });
  } catch {
    // not there yet
  }
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync("..", link, "dir");
}

module.exports = { linkSelf };
if (require.main === module) linkSelf();
