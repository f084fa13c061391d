// The keys the record schema (logbook's record.schema.json) names, read from the schema itself so that a key
// added there is known here at once: anonymise treats any key the schema does not name as the application's data.

import { loadRecordSchema } from 'logbook/schema';

interface SchemaNode {
  $ref?: string;
  type?: string;
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  $defs?: Record<string, SchemaNode>;
}

export interface RecordSchemaKeys {
  /** The keys of a record itself. */
  record: ReadonlySet<string>;
  /**
   * The keys of each of a record's objects, by the key that holds it (`request`, an error's `cause`, an incident's
   * `session_trail`, whose items are requests). A list of records (an incident's `trail`) is not among them.
   */
  within: Readonly<Record<string, ReadonlySet<string>>>;
}

function readKeys(): RecordSchemaKeys {
  const schema = loadRecordSchema() as SchemaNode;
  const defs = schema.$defs ?? {};
  const resolved = (node: SchemaNode | undefined): SchemaNode | undefined =>
    node?.$ref?.startsWith('#/$defs/') === true ? defs[node.$ref.slice('#/$defs/'.length)] : node;
  const within: Record<string, ReadonlySet<string>> = {};
  const visit = (key: string, node: SchemaNode | undefined): void => {
    let object = resolved(node);
    if (object?.type === 'array') object = resolved(object.items);
    // The first definition under a key wins; an error's `cause` is an error again, which ends the walk there.
    if (object?.properties === undefined || Object.hasOwn(within, key)) return;
    within[key] = new Set(Object.keys(object.properties));
    for (const [inner, value] of Object.entries(object.properties)) visit(inner, value);
  };
  const top = schema.properties ?? {};
  for (const [key, value] of Object.entries(top)) visit(key, value);
  return { record: new Set(Object.keys(top)), within };
}

let keys: RecordSchemaKeys | undefined;

/** The record schema's keys, read once. */
export function recordSchemaKeys(): RecordSchemaKeys {
  keys ??= readKeys();
  return keys;
}
