// Print the schema the plugin serves (what `pulumi package get-schema scm-integrations` prints),
// for the SDK generator: `node --require ts-node/register/transpile-only provider/src/native/print-schema.ts`.
import { packageFiles } from "./package-files";

process.stdout.write(`${packageFiles().schema}\n`);
