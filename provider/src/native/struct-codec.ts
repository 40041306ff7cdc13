// google.protobuf.Struct (protobuf's struct.proto) read into plain values and written from them, with no
// message object in between. The generated classes (Struct.deserializeBinary, then toJavaScript) hold
// a message object per value: for a RepositoryImport of 100,000 repositories each map of its state
// took ~180 MB that way against ~35 MB as plain values, and the engine sends several in one request.
// Reading uses google-protobuf's BinaryReader. Writing is by hand: google-protobuf's BinaryWriter keeps
// the bytes in a JavaScript number array and protobufjs's Writer queues an object per field, so a large
// Struct would cost several times its encoded size; here its size is computed first and it is written
// into one Buffer.
import { BinaryReader } from "google-protobuf";
import { sharedString } from "../core/shared-strings";
import type { Props } from "../resources/handler";
import {
  ENTRY_KEY,
  ENTRY_VALUE,
  LIST_VALUES,
  STRUCT_FIELDS,
  VALUE,
  WIRE_DELIMITED,
  WIRE_FIXED64,
  WIRE_VARINT,
} from "./struct-fields";
import { holdsSameList, holdsSameStruct, isPlainRecord } from "./struct-sameness";

// ---- reading ----

/** A property set on a plain object, "__proto__" included (as a key of its own, never the prototype). */
function setKey(target: Props, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

// A value already read (`known`: what the first Struct of a request holds at the same place) is kept
// instead of a copy where the bytes hold exactly it: a RepositoryImport's Diff request carries its
// repositories in the old outputs, the new inputs and the old inputs, ~14 MB of plain values apiece
// at 100,000 repositories. A kept value is frozen, so a handler that changed one Struct's copy fails
// loudly instead of changing the others. A `known` from elsewhere only costs a comparison: a value
// is kept only where the bytes hold it.

function knownAt(known: Props | undefined, key: string): unknown {
  return known !== undefined && Object.hasOwn(known, key) ? known[key] : undefined;
}

/** The fields of the Struct the reader is inside of (up to the end of its delimited bytes). */
function readStructFields(reader: BinaryReader, known?: Props): Props {
  const out: Props = {};
  while (reader.nextField() && !reader.isEndGroup()) {
    if (reader.getFieldNumber() !== STRUCT_FIELDS) {
      reader.skipField();
      continue;
    }
    let key = "";
    let value: unknown = null;
    reader.readMessage(undefined, () => {
      while (reader.nextField() && !reader.isEndGroup()) {
        const field = reader.getFieldNumber();
        if (field === ENTRY_KEY) key = reader.readString();
        else if (field === ENTRY_VALUE) value = readValue(reader, knownAt(known, key));
        else reader.skipField();
      }
    });
    setKey(out, key, value);
  }
  return out;
}

function readListValues(reader: BinaryReader, known?: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  while (reader.nextField() && !reader.isEndGroup()) {
    if (reader.getFieldNumber() === LIST_VALUES) out.push(readValue(reader, known?.[out.length]));
    else reader.skipField();
  }
  return out;
}

function frozenDeep<T>(value: T): T {
  // Children first: a frozen value is then frozen all the way down, and is not walked again.
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) for (let index = 0; index < value.length; index++) frozenDeep(value[index]);
  else for (const key in value) if (Object.hasOwn(value, key)) frozenDeep(value[key]);
  return Object.freeze(value);
}

/** The delimited Struct or ListValue at the reader's field: `known` itself where the bytes hold exactly it. */
function readShared<T extends object>(
  reader: BinaryReader,
  known: T,
  holdsSame: (reader: BinaryReader, known: T) => boolean,
  read: (reader: BinaryReader, known: T) => T,
): T {
  const bytes = reader.readBytes(); // a view of the request's bytes, not a copy
  if (holdsSame(new BinaryReader(bytes), known)) return frozenDeep(known);
  return read(new BinaryReader(bytes), known);
}

// A request holds the same strings many times (each repository's reason in resolvedRepositories) and
// strings the listings hold too (names in lists, platform ids): each is kept once (shared-strings.ts).
// Object keys need not be: V8 keeps property names once already. Long strings (certificates) are
// rarely repeated, and sharing one costs a hash of all of it.
const SHARED_STRING_MAX = 256;
const shareable = (value: string) => (value.length <= SHARED_STRING_MAX ? sharedString(value) : value);

/** A Value message at the reader's field; a Value with no kind set reads as null. */
function readValue(reader: BinaryReader, known: unknown): unknown {
  let value: unknown = null;
  reader.readMessage(undefined, () => {
    while (reader.nextField() && !reader.isEndGroup()) {
      switch (reader.getFieldNumber()) {
        case VALUE.null:
          reader.readEnum();
          value = null;
          break;
        case VALUE.number:
          value = reader.readDouble();
          break;
        case VALUE.string:
          value = shareable(reader.readString());
          break;
        case VALUE.bool:
          value = reader.readBool();
          break;
        case VALUE.struct:
          if (isPlainRecord(known)) value = readShared(reader, known, holdsSameStruct, readStructFields);
          else reader.readMessage(undefined, () => (value = readStructFields(reader)));
          break;
        case VALUE.list:
          if (Array.isArray(known)) value = readShared(reader, known, holdsSameList, readListValues);
          else reader.readMessage(undefined, () => (value = readListValues(reader)));
          break;
        default:
          reader.skipField();
      }
    }
  });
  return value;
}

/**
 * The Struct at the reader's (delimited) field, as plain values; with `known`, what it holds in
 * common with that value is kept once (see above). The Struct itself is always a new object.
 */
export function readStruct(reader: BinaryReader, known?: Props): Props {
  let out: Props = {};
  reader.readMessage(undefined, () => (out = readStructFields(reader, known)));
  return out;
}

// ---- writing ----
// A value is written as Struct.fromJavaScript would, with two differences that lose nothing: an
// undefined property is left out and an undefined list item is null (as JSON.stringify does), where
// fromJavaScript throws.

function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    size++;
  }
  return size;
}

const delimitedSize = (contentSize: number) => 1 + varintSize(contentSize) + contentSize;

function kindOf(value: unknown): "null" | "number" | "string" | "bool" | "list" | "struct" {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "number":
      return "number";
    case "string":
      return "string";
    case "boolean":
      return "bool";
    case "object":
      return Array.isArray(value) ? "list" : "struct";
    default:
      throw new TypeError(`a ${typeof value} cannot be sent as a protobuf Value`);
  }
}

/** Bytes of a Value message's content. */
function valueSize(value: unknown): number {
  switch (kindOf(value)) {
    case "null":
    case "bool":
      return 2;
    case "number":
      return 9;
    case "string":
      return delimitedSize(Buffer.byteLength(value as string));
    case "list":
      return delimitedSize(listSize(value as unknown[]));
    case "struct":
      return delimitedSize(structSize(value as Props));
  }
}

function listSize(items: readonly unknown[]): number {
  let size = 0;
  for (const item of items) size += delimitedSize(valueSize(item));
  return size;
}

function entrySize(key: string, value: unknown): number {
  return delimitedSize(Buffer.byteLength(key)) + delimitedSize(valueSize(value));
}

/** Bytes of a Struct message's content. */
function structSize(props: Props): number {
  let size = 0;
  for (const key of Object.keys(props)) {
    const value = props[key];
    if (value !== undefined) size += delimitedSize(entrySize(key, value));
  }
  return size;
}

class BufferWriter {
  private position = 0;
  constructor(readonly buffer: Buffer) {}

  varint(n: number): void {
    while (n >= 0x80) {
      this.buffer[this.position++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buffer[this.position++] = n;
  }

  tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  string(field: number, value: string): void {
    this.tag(field, WIRE_DELIMITED);
    this.varint(Buffer.byteLength(value));
    this.position += this.buffer.write(value, this.position, "utf8");
  }

  delimited(field: number, size: number): void {
    this.tag(field, WIRE_DELIMITED);
    this.varint(size);
  }

  double(field: number, value: number): void {
    this.tag(field, WIRE_FIXED64);
    this.position = this.buffer.writeDoubleLE(value, this.position);
  }

  get written(): number {
    return this.position;
  }
}

function writeValue(out: BufferWriter, value: unknown): void {
  switch (kindOf(value)) {
    case "null":
      out.tag(VALUE.null, WIRE_VARINT);
      out.varint(0);
      return;
    case "number":
      out.double(VALUE.number, value as number);
      return;
    case "string":
      out.string(VALUE.string, value as string);
      return;
    case "bool":
      out.tag(VALUE.bool, WIRE_VARINT);
      out.varint(value === true ? 1 : 0);
      return;
    case "list":
      out.delimited(VALUE.list, listSize(value as unknown[]));
      for (const item of value as unknown[]) {
        out.delimited(LIST_VALUES, valueSize(item));
        writeValue(out, item);
      }
      return;
    case "struct":
      out.delimited(VALUE.struct, structSize(value as Props));
      writeStructFields(out, value as Props);
  }
}

function writeStructFields(out: BufferWriter, props: Props): void {
  for (const key of Object.keys(props)) {
    const value = props[key];
    if (value === undefined) continue;
    out.delimited(STRUCT_FIELDS, entrySize(key, value));
    out.string(ENTRY_KEY, key);
    out.delimited(ENTRY_VALUE, valueSize(value));
    writeValue(out, value);
  }
}

/** The given Structs as fields of a message (field number, then plain values); absent ones are left out. */
export function structFields(fields: readonly (readonly [number, Props | undefined])[]): Buffer {
  let size = 0;
  for (const [, props] of fields) if (props) size += delimitedSize(structSize(props));
  const out = new BufferWriter(Buffer.allocUnsafe(size));
  for (const [field, props] of fields) {
    if (!props) continue;
    out.delimited(field, structSize(props));
    writeStructFields(out, props);
  }
  if (out.written !== size) throw new Error(`internal: a Struct was sized ${size} bytes but wrote ${out.written}`);
  return out.buffer;
}
