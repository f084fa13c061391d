/**
 * The entries written of an object, array, Map or Set, and of an error's own properties: a value with millions
 * of them would make one line of megabytes and take seconds to walk. Redaction looks at as many (see redact.ts).
 */
export const MAX_ENTRIES = 1000;
