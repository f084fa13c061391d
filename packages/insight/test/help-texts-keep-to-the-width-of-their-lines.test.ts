import { describe, it, expect } from 'vitest';
import { cli } from './helpers/records.js';

const COMMANDS = ['report', 'tickets', 'show', 'replay', 'anonymise', 'condense', 'tail', 'sql', 'serve'];

describe('help texts keep to the width of their lines', () => {
  it.each(COMMANDS)('logbook %s --help has no line that runs on past the others', async (command) => {
    const r = await cli([command, '--help']);
    expect(r.code).toBe(0);
    const long = r.out.split('\n').filter((line) => line.length > 116);
    expect(long, 'lines a terminal of the help text width would wrap mid-word').toEqual([]);
  });
});
