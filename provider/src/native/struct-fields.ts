// Field numbers and wire types of google.protobuf.Struct (protobuf's src/google/protobuf/struct.proto):
// Struct.fields is a map (each entry a message: key = 1, value = 2), ListValue.values is repeated, and
// Value holds one kind. Wire types: https://protobuf.dev/programming-guides/encoding/#structure
export const STRUCT_FIELDS = 1;
export const ENTRY_KEY = 1;
export const ENTRY_VALUE = 2;
export const LIST_VALUES = 1;
export const VALUE = { null: 1, number: 2, string: 3, bool: 4, struct: 5, list: 6 } as const;

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_DELIMITED = 2;
