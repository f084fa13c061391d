// A message hole reads its value by name, also what no output writes: a getter of an object's class, a property
// that is not enumerable. Redaction looks at what the outputs write, so `{db.password}` rendered the password of a
// config class whose `password` is a getter. A hole whose path names a secret key is shown as the replacement,
// whatever it reads (a missing value still shows as missing).

import type { LogRecord } from './record.js';
import { lookupHole, type CompiledTemplate } from './template.js';

/** Templates with the holes that would show a secret written as the replacement, per redaction. */
export class SecretHoles {
  // Per template: the indices in `parts` of the holes whose path names a secret key (most templates have none).
  private readonly secretHoles = new WeakMap<CompiledTemplate, readonly number[]>();
  // Per template: its versions with some of those holes written as text, by the indices written.
  private readonly versions = new WeakMap<CompiledTemplate, Map<string, CompiledTemplate>>();

  constructor(
    private readonly isSecretKey: (key: string) => boolean,
    private readonly replacement: string,
  ) {}

  /**
   * The template to render the record's message with: its own, or a version of it (the same `msg`) where each
   * hole naming a secret key that reads a value other than the replacement is that text.
   */
  templateFor(record: LogRecord): CompiledTemplate {
    const template = record.template;
    if (!template.hasHoles) return template;
    const holes = this.secretHolesOf(template);
    if (holes.length === 0) return template;
    const holder = record.holeValues();
    const shown = holes.filter((i) => {
      let value: unknown;
      try {
        value = lookupHole(holder, template.parts[i]!);
      } catch {
        return false; // a getter that throws: the hole shows as missing
      }
      return value !== undefined && value !== this.replacement;
    });
    if (shown.length === 0) return template;
    let versions = this.versions.get(template);
    if (versions === undefined) this.versions.set(template, (versions = new Map()));
    const key = shown.join(',');
    let version = versions.get(key);
    if (version === undefined)
      versions.set(key, (version = withHolesAsText(template, shown, this.replacement)));
    return version;
  }

  private secretHolesOf(template: CompiledTemplate): readonly number[] {
    const known = this.secretHoles.get(template);
    if (known !== undefined) return known;
    const holes: number[] = [];
    for (let i = 1; i < template.parts.length; i += 2) {
      if (template.parts[i]!.split('.').some(this.isSecretKey)) holes.push(i);
    }
    this.secretHoles.set(template, holes);
    return holes;
  }
}

/** `template` with the holes at `indices` (in `parts`) written as `text`, joined to the text around them. */
function withHolesAsText(
  template: CompiledTemplate,
  indices: readonly number[],
  text: string,
): CompiledTemplate {
  const parts: string[] = [template.parts[0]!];
  for (let i = 1; i < template.parts.length; i += 2) {
    if (indices.includes(i)) parts[parts.length - 1] += text + template.parts[i + 1]!;
    else parts.push(template.parts[i]!, template.parts[i + 1]!);
  }
  return { source: template.source, parts, hasHoles: parts.length > 1 };
}
