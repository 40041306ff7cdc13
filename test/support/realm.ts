// Jest runs each test file in its own vm context, but the global `fetch` and Node's core modules
// (node:fs…) belong to the host: the objects and arrays they hand back carry the host realm's
// prototypes. assert/strict's deepEqual compares prototypes, so it rejects them against a literal
// written in the test ("Compared values have no visual difference"). These copy such a value into
// the test's own realm before it is compared; values only read field by field need neither.

/** A response's JSON body, parsed in the test's realm. */
export async function jsonBody<T = unknown>(response: Response): Promise<T> {
  return JSON.parse(await response.text()) as T;
}

/** A JSON-shaped value (e.g. what EmulatorControl or fs.readdir returns) rebuilt in the test's realm. */
export function inTestRealm<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
