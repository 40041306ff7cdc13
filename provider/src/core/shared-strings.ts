// One copy of a string that several structures of one process hold. A RepositoryImport of 100,000
// repositories holds each name in the SCM listing, in the platform listing, and in the keys and
// lists of the state the engine sends, and each platform id in the platform listing and in the
// state: every parser made its own copy, 400,000 names and 200,000 ids in a Diff (heap snapshot),
// 14 MB more than one copy each.
//
// Written by hand because no library can do it: a JavaScript Map of every string would cost as much
// as it saves and keep the strings alive. V8 keeps exactly one copy of every property name (its
// internalized string table, which lets unused names die), so a string set as a property name and
// read back is that one copy; property names read from JSON or protobuf are looked up there anyway.
// This relies on how V8 stores names, not on the language: where it did not hold, each string would
// still equal its value, only not be shared.

// A null-prototype object in dictionary mode (a property deleted out of order makes it one), so each
// look-up adds and removes one entry instead of growing a hidden class per name.
const names: Record<string, number> = Object.create(null) as Record<string, number>;
names.first = 0;
names.second = 0;
delete names.first;
delete names.second;

/** `value`, as the one copy of it that this process's property names share. */
export function sharedString(value: string): string {
  names[value] = 0;
  const shared = Object.keys(names)[0];
  delete names[value];
  return shared === value ? shared : value;
}
