// The caller's file and line cost a stack capture, so they are taken only when a handler on the current
// stack asks for them (ResolvedStack.needsCaller).

import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallerInfo } from './record.js';

const OWN_DIR = dirname(fileURLToPath(import.meta.url));
const FRAME = /^\s*at (?:(.+?) \()?(.+?):(\d+):(\d+)\)?$/;

/** The first stack frame outside this package. */
export function captureCaller(): CallerInfo | undefined {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder);
  const lines = holder.stack?.split('\n') ?? [];
  for (let i = 1; i < lines.length; i++) {
    const match = FRAME.exec(lines[i]!);
    if (match === null) continue;
    let file = match[2]!;
    if (file.startsWith('file://')) file = fileURLToPath(file);
    if (file.startsWith(OWN_DIR) || file.startsWith('node:')) continue;
    const info: CallerInfo = { file, line: Number(match[3]), column: Number(match[4]) };
    if (match[1] !== undefined) info.function = match[1];
    return info;
  }
  return undefined;
}
