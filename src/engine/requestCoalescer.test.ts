import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../data';
import type { WorkerToPage } from './protocol';
import { RequestCoalescer, type RequestMessage } from './requestCoalescer';

type Predictions = Extract<WorkerToPage, { type: 'predictions' }>;

/** A scripted worker: keeps what was posted, answers the oldest when told to (labels echo the ask). */
function fakeWorker() {
  const inbox: RequestMessage[] = [];
  let maxInFlight = 0;
  const coalescer = new RequestCoalescer((m) => {
    inbox.push(m);
    maxInFlight = Math.max(maxInFlight, inbox.length);
  });
  const answerOldest = (): boolean => {
    const m = inbox.shift();
    if (!m) return false;
    if (m.type === 'predict') {
      const reply: Predictions = {
        type: 'predictions',
        requestId: m.requestId,
        byModel: {},
        labels: m.indices,
      };
      expect(coalescer.settle(reply)).toBe(true);
    } else {
      expect(coalescer.settle({ type: 'declined', requestId: m.requestId, reason: 'test' })).toBe(true);
    }
    return true;
  };
  return { coalescer, inbox, answerOldest, maxInFlight: () => maxInFlight };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('RequestCoalescer', () => {
  it('keeps 200 scripted requests to one in flight per channel, and the latest one is answered', async () => {
    const rand = mulberry32(22);
    const w = fakeWorker();
    const results: (Predictions | undefined)[] = [];
    const done: Promise<void>[] = [];
    let answers = 0;
    for (let i = 0; i < 200; i++) {
      // A burst: each "render" asks for predictions; the worker answers now and then.
      done.push(
        w.coalescer.request({ type: 'predict', source: 'test', indices: [i] }).then((r) => {
          results[i] = r;
        }),
      );
      expect(w.coalescer.inFlight).toBeLessThanOrEqual(1);
      if (rand() < 0.1 && w.answerOldest()) answers += 1;
    }
    while (w.answerOldest()) answers += 1;
    await Promise.all(done);
    expect(w.maxInFlight()).toBe(1);
    // One request per answer the worker gave, plus the first: not one per call.
    expect(w.coalescer.sent).toBe(answers);
    expect(w.coalescer.sent).toBeLessThan(40);
    // The last call gets the answer to its own question; superseded ones get nothing.
    expect(results[199]?.labels).toEqual([199]);
    const answered = results.filter((r) => r !== undefined);
    expect(answered.length).toBeLessThan(w.coalescer.sent + 1);
    for (const [i, r] of results.entries()) if (r) expect(r.labels).toEqual([i]);
  });

  it('drops an answer made stale by a newer request, and sends the newer one after it', async () => {
    const w = fakeWorker();
    const first = w.coalescer.request({ type: 'predict', source: 'test', indices: [1] });
    const second = w.coalescer.request({ type: 'predict', source: 'test', indices: [2] });
    const third = w.coalescer.request({ type: 'predict', source: 'test', indices: [3] });
    expect(w.inbox.map((m) => m.type === 'predict' && m.indices[0])).toEqual([1]);
    expect(await second).toBeUndefined(); // replaced while queued
    w.answerOldest();
    expect(await first).toBeUndefined(); // answered, but stale: [3] was asked since
    expect(w.inbox.map((m) => m.type === 'predict' && m.indices[0])).toEqual([3]);
    w.answerOldest();
    expect((await third)?.labels).toEqual([3]);
    expect(w.coalescer.sent).toBe(2);
  });

  it('keeps channels apart and frees a channel when the worker declines', async () => {
    const w = fakeWorker();
    const grid = w.coalescer.request({ type: 'predict', source: 'test', indices: [5] }, 'grid');
    const hover = w.coalescer.request({ type: 'predict', source: 'test', indices: [6] }, 'hover');
    const feats = w.coalescer.request({ type: 'features', count: 10 });
    expect(w.coalescer.inFlight).toBe(3);
    w.answerOldest();
    w.answerOldest();
    w.answerOldest();
    expect((await grid)?.labels).toEqual([5]);
    expect((await hover)?.labels).toEqual([6]);
    expect(await feats).toBeUndefined(); // declined
    const again = w.coalescer.request({ type: 'features', count: 10 });
    expect(w.coalescer.inFlight).toBe(1);
    w.coalescer.dropAll();
    expect(await again).toBeUndefined();
    await flush();
  });

  it('ignores messages that are not its replies', () => {
    const w = fakeWorker();
    expect(w.coalescer.settle({ type: 'status', running: false, step: 0, configured: true })).toBe(false);
    expect(w.coalescer.settle({ type: 'declined', requestId: 99, reason: 'x' })).toBe(false);
  });
});
