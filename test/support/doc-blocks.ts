// The fenced code examples of a markdown doc, for the tests that run every example a doc shows: read from the
// doc at test time, so a doc and its test cannot drift apart.

/** One ```ts / ```js block: where it starts, the heading it stands under, its code. */
export interface DocBlock {
  /** 1-based line of the opening fence. */
  line: number;
  heading: string;
  code: string;
  /** The reason of a `<!-- not run: reason -->` comment just above the block, which skips it. */
  notRun?: string;
}

/** The TypeScript and JavaScript blocks of a markdown text; other fenced blocks are skipped whole. */
export function docBlocks(markdown: string): DocBlock[] {
  const lines = markdown.split('\n');
  const blocks: DocBlock[] = [];
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^#{1,4} /.test(line)) heading = line.replace(/^#+ /, '').trim();
    if (!/^```(ts|js|typescript|javascript)\s*$/.test(line)) {
      // Skip other fenced blocks whole, so a heading-like line inside them is not taken for a heading.
      if (line.startsWith('```')) while (++i < lines.length && !lines[i]!.startsWith('```'));
      continue;
    }
    const start = i;
    const body: string[] = [];
    while (++i < lines.length && !lines[i]!.startsWith('```')) body.push(lines[i]!);
    let before = start - 1;
    while (before >= 0 && lines[before]!.trim() === '') before--;
    const notRun = /^<!--\s*not run:\s*(.+?)\s*-->$/.exec(lines[before] ?? '')?.[1];
    blocks.push({ line: start + 1, heading, code: body.join('\n') + '\n', ...(notRun ? { notRun } : {}) });
  }
  return blocks;
}
