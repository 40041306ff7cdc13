// Whether the encoded Struct (or ListValue) under a reader holds exactly a value already read, decided
// without building anything. The engine sends a RepositoryImport's repositories up to three times in
// one Diff request (old outputs, new inputs, old inputs); what the later copies hold in common with the
// first is kept once (struct-codec.ts). Any form that is not the plain one every Pulumi SDK writes (an
// entry's key then its value, one kind per Value, no unknown field) answers "not the same": the caller
// then reads it in full, so an unusual encoding costs memory, never correctness.
import type { BinaryReader } from "google-protobuf";
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

export function isPlainRecord(value: unknown): value is Props {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The wire type as the number struct-fields.ts names (the typings give it as an enum of their own). */
const wireTypeOf = (reader: BinaryReader): number => reader.getWireType();

function ownKeyCount(record: Props): number {
  let count = 0;
  for (const key in record) if (Object.hasOwn(record, key)) count++;
  return count;
}

/** Whether the field under the reader is delimited and its content passes `holds`. */
function delimitedHolds(reader: BinaryReader, holds: () => boolean): boolean {
  if (wireTypeOf(reader) !== WIRE_DELIMITED) return false;
  let same = false;
  // readMessage moves the reader to the message's end whatever `holds` read of it.
  reader.readMessage(undefined, () => (same = holds()));
  return same;
}

function kindHoldsSame(reader: BinaryReader, known: unknown): boolean {
  const wireType = wireTypeOf(reader);
  switch (reader.getFieldNumber()) {
    case VALUE.null:
      if (wireType !== WIRE_VARINT || known !== null) return false;
      reader.readEnum();
      return true;
    case VALUE.number:
      // Object.is: -0 is not 0 (it is sent as written), and a NaN is the NaN read before.
      return wireType === WIRE_FIXED64 && typeof known === "number" && Object.is(reader.readDouble(), known);
    case VALUE.string:
      return wireType === WIRE_DELIMITED && typeof known === "string" && reader.readString() === known;
    case VALUE.bool:
      return wireType === WIRE_VARINT && typeof known === "boolean" && reader.readBool() === known;
    case VALUE.struct:
      return isPlainRecord(known) && delimitedHolds(reader, () => holdsSameStruct(reader, known));
    case VALUE.list:
      return Array.isArray(known) && delimitedHolds(reader, () => holdsSameList(reader, known));
    default:
      return false;
  }
}

/** The Value field under the reader holds `known`; a Value with no kind is null, as it reads. */
function valueHoldsSame(reader: BinaryReader, known: unknown): boolean {
  return delimitedHolds(reader, () => {
    if (!reader.nextField()) return known === null;
    return kindHoldsSame(reader, known) && !reader.nextField();
  });
}

function entryHoldsSame(reader: BinaryReader, known: Props, keys: Set<string>): boolean {
  if (!reader.nextField() || reader.getFieldNumber() !== ENTRY_KEY || wireTypeOf(reader) !== WIRE_DELIMITED)
    return false;
  const key = reader.readString();
  if (!Object.hasOwn(known, key)) return false;
  if (!reader.nextField() || reader.getFieldNumber() !== ENTRY_VALUE) return false;
  if (!valueHoldsSame(reader, known[key]) || reader.nextField()) return false;
  keys.add(key);
  return true;
}

/**
 * The Struct content under the reader has exactly the own keys of `known`, each with the same value. A
 * key sent twice is read as its last value; every copy must hold the known value, so that reads the
 * same too. The distinct keys are counted so that a repeated key cannot stand in for a missing one.
 */
export function holdsSameStruct(reader: BinaryReader, known: Props): boolean {
  const keys = new Set<string>();
  while (reader.nextField()) {
    if (reader.isEndGroup() || reader.getFieldNumber() !== STRUCT_FIELDS) return false;
    if (!delimitedHolds(reader, () => entryHoldsSame(reader, known, keys))) return false;
  }
  return keys.size === ownKeyCount(known);
}

/** The ListValue content under the reader holds the items of `known`, in order. */
export function holdsSameList(reader: BinaryReader, known: readonly unknown[]): boolean {
  let index = 0;
  while (reader.nextField()) {
    if (reader.isEndGroup() || reader.getFieldNumber() !== LIST_VALUES || index >= known.length) return false;
    if (!valueHoldsSame(reader, known[index])) return false;
    index++;
  }
  return index === known.length;
}
