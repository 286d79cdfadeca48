import { describe, expect, it } from 'vitest';
import { runToCsv } from './exportRun';

describe('runToCsv', () => {
  it('writes one row per model and step, with accuracy where measured', () => {
    const csv = runToCsv({
      sphere: {
        id: 'sphere',
        losses: [
          { step: 1, wallMs: 10, loss: 2.3, smoothed: 2.3 },
          { step: 2, wallMs: 20, loss: 2.1, smoothed: 2.28 },
        ],
        accuracy: [
          { step: 0, wallMs: 0, value: 0.1 },
          { step: 2, wallMs: 20, value: 0.5 },
        ],
        kHistory: [],
        imagesPerSecond: 100,
      },
    });
    const rows = csv.trim().split('\n');
    expect(rows[0]).toBe('model,step,wall_ms,loss,smoothed_loss,test_accuracy');
    expect(rows).toContain('sphere,2,20,2.1,2.28,0.5');
    expect(rows).toContain('sphere,1,10,2.3,2.3,');
    expect(rows).toContain('sphere,0,0,,,0.1');
    expect(rows).toHaveLength(4);
  });
});
