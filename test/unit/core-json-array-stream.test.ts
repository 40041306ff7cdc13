import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import { readJsonArray, type JsonArrayRead } from "../../provider/src/core/json-array-stream";

/** The bytes of `text` as a stream cut at the given byte offsets (possibly inside a UTF-8 sequence). */
function streamOf(text: string, cuts: number[] = []): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  const offsets = [...new Set(cuts.map((c) => Math.min(bytes.length, Math.max(0, c))))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let at = 0;
  for (const cut of [...offsets, bytes.length]) {
    pieces.push(bytes.subarray(at, cut));
    at = cut;
  }
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  });
}

async function read(text: string, cuts: number[] = []): Promise<{ result: JsonArrayRead; elements: unknown[] }> {
  const elements: unknown[] = [];
  const result = await readJsonArray(streamOf(text, cuts), (value) => elements.push(value));
  return { result, elements };
}

/** What JSON.parse makes of `text`: the value, or "invalid". */
function reference(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

const cutsArbitrary = fc.array(fc.nat({ max: 4_000 }), { maxLength: 12 });

describe("readJsonArray", () => {
  it("hands over every element of any JSON array, however the bytes are cut and spaced", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.jsonValue(), { maxLength: 12 }),
        fc.constantFrom<string | number | undefined>(undefined, 0, 2, "\t", " \r\n"),
        cutsArbitrary,
        async (values, indent, cuts) => {
          const text = ` \n${JSON.stringify(values, null, indent)}\r\n `;
          const { result, elements } = await read(text, cuts);
          assert.deepEqual(result, { kind: "array", elements: values.length });
          assert.deepEqual(elements, JSON.parse(text));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("agrees with JSON.parse on arbitrary text: the same elements, the same value, or a rejection", async () => {
    const fragments = fc.constantFrom(
      "[",
      "]",
      "{",
      "}",
      ",",
      ":",
      '"',
      "\\",
      " ",
      "1",
      "true",
      '"a"',
      "null",
      "é",
      "\n",
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fragments, { maxLength: 24 }), cutsArbitrary, async (parts, cuts) => {
        const text = parts.join("");
        const expected = reference(text);
        let outcome: { result: JsonArrayRead; elements: unknown[] } | "threw";
        try {
          outcome = await read(text, cuts);
        } catch (e) {
          assert.ok(e instanceof SyntaxError, `only SyntaxError, got ${String(e)}`);
          outcome = "threw";
        }
        if (expected.ok && Array.isArray(expected.value)) {
          assert.notEqual(outcome, "threw", `valid array rejected: ${text}`);
          if (outcome !== "threw") assert.deepEqual(outcome.elements, expected.value);
        } else if (expected.ok) {
          assert.notEqual(outcome, "threw");
          if (outcome !== "threw") assert.deepEqual(outcome.result, { kind: "other", value: expected.value });
        } else if (outcome !== "threw") {
          // Invalid JSON: never passed off as an array.
          assert.equal(outcome.result.kind, "other");
          assert.equal((outcome.result as { value: unknown }).value, text);
        }
      }),
      { numRuns: 5_000 },
    );
  });

  it("returns non-arrays whole: an error object, or text that is not JSON", async () => {
    assert.deepEqual((await read('{"message":"Not Found"}', [3])).result, {
      kind: "other",
      value: { message: "Not Found" },
    });
    assert.deepEqual((await read("<html>nope</html>")).result, { kind: "other", value: "<html>nope</html>" });
    assert.deepEqual((await read("")).result, { kind: "other", value: "" });
  });

  it("rejects malformed arrays the way JSON.parse does", async () => {
    for (const text of ["[1,]", "[,1]", "[{} {}]", "[1 2]", '[{"a":1}', "[1]x", '["a\\"]', "[}]"]) {
      await assert.rejects(read(text), SyntaxError, text);
      assert.throws(() => JSON.parse(text), SyntaxError);
    }
  });

  it("stops and cancels the body when the element handler throws", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode('{"id":1},'));
      },
      cancel() {
        cancelled = true;
      },
    });
    const prefixed = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("["));
      },
      async pull(controller) {
        const reader = body.getReader();
        const { value } = await reader.read();
        reader.releaseLock();
        if (value) controller.enqueue(value);
      },
      async cancel() {
        await body.cancel();
      },
    });
    let seen = 0;
    await assert.rejects(
      readJsonArray(prefixed, () => {
        if (++seen === 3) throw new Error("not a repository");
      }),
      /not a repository/,
    );
    assert.equal(seen, 3);
    assert.equal(cancelled, true);
  });
});
