import { describe, expect, it } from 'vitest';
import { emptyResults } from '../src/replication/results';
import type { ClaimResult } from '../src/replication/types';
import { longestFirst } from './replicateJobs';

describe('longestFirst (the order --jobs starts claims in)', () => {
  it('starts the claims with the longest stored time first, a never-measured one before all', () => {
    const stored = emptyResults();
    for (const [id, wallSeconds] of [
      ['C1', 3000],
      ['C6', 1],
      ['C2', 1200],
    ] as const)
      stored.claims[id] = { id, wallSeconds } as ClaimResult;
    expect(longestFirst(['C6', 'C2', 'New', 'C1'], stored)).toEqual(['New', 'C1', 'C2', 'C6']);
    // CPU seconds, where stored, rank a claim rather than its wall time under load.
    stored.claims.C1.cpuSeconds = 500;
    expect(longestFirst(['C6', 'C2', 'C1'], stored)).toEqual(['C2', 'C1', 'C6']);
  });
});
