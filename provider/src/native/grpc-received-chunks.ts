// grpc-js joins a received message from the HTTP/2 chunks it arrived in, but keeps the chunks until
// the next message on the same call begins (StreamDecoder in grpc-node's
// packages/grpc-js/src/stream-decoder.ts, up to 1.14.7 at least). A unary call has no next message, so a
// request's chunks live as long as its handler runs: for the Diff of a RepositoryImport of 100,000
// repositories, 17 MB of 16-64 KB buffers held through the whole Diff (by a heap snapshot taken at
// its plan). The decoder exposes no option for this, so its `write` is wrapped here to let go of
// the chunks once the message they made has been handed back.
import { StreamDecoder } from "@grpc/grpc-js/build/src/stream-decoder";

// The decoder's own state names (stream-decoder.ts): NO_DATA = between messages.
const NO_DATA = 0;

interface DecoderInternals {
  readState: number;
  readPartialMessage: Buffer[];
}

let installed = false;

/** Fails at start-up rather than silently keeping the chunks if grpc-js changed its decoder. */
function internalsOf(decoder: StreamDecoder): DecoderInternals {
  const internals = decoder as unknown as Partial<DecoderInternals>;
  if (typeof internals.readState !== "number" || !Array.isArray(internals.readPartialMessage)) {
    throw new Error(
      "internal: @grpc/grpc-js's StreamDecoder no longer has readState/readPartialMessage; " +
        "review provider/src/native/grpc-received-chunks.ts against the grpc-js version in package.json",
    );
  }
  return internals as DecoderInternals;
}

/** Makes every grpc-js call of this process drop a received message's chunks once the message is whole. */
export function releaseReceivedChunks(): void {
  if (installed) return;
  internalsOf(new StreamDecoder(-1));
  // Taken as a plain function and called with each decoder as `this`.
  const write = Object.getOwnPropertyDescriptor(StreamDecoder.prototype, "write")?.value as (
    this: StreamDecoder,
    data: Buffer,
  ) => Buffer[];
  StreamDecoder.prototype.write = function writeAndRelease(this: StreamDecoder, data: Buffer): Buffer[] {
    const messages = write.call(this, data);
    const internals = this as unknown as DecoderInternals;
    // Between messages, the chunks are those of the message just returned (a message still being
    // read keeps its own).
    if (messages.length > 0 && internals.readState === NO_DATA) internals.readPartialMessage = [];
    return messages;
  };
  installed = true;
}
