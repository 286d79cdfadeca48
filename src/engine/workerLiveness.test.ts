import { describe, expect, it } from 'vitest';
import { HANG_MS, QUIET_MS, SilenceWatch } from './workerLiveness';

/** A watch on a hand-moved clock, recording its pings and its report. */
function watched() {
  let now = 0;
  const pings: number[] = [];
  const deaths: string[] = [];
  const watch = new SilenceWatch({
    now: () => now,
    ping: () => pings.push(now),
    dead: (why) => deaths.push(why),
  });
  const advance = (ms: number) => {
    for (let t = 0; t < ms; t += 1000) {
      now += 1000;
      watch.tick();
    }
  };
  return { watch, pings, deaths, advance };
}

describe('SilenceWatch: a training worker that stops answering', () => {
  it('pings only after QUIET_MS of silence, at most once per QUIET_MS', () => {
    const { watch, pings, advance } = watched();
    // A training worker talks every 250 ms: never pinged.
    for (let i = 0; i < 60; i++) {
      advance(1000);
      watch.heard();
    }
    expect(pings).toEqual([]);
    advance(QUIET_MS);
    expect(pings).toHaveLength(1);
    advance(QUIET_MS - 1000);
    expect(pings).toHaveLength(1);
    advance(1000);
    expect(pings).toHaveLength(2);
  });

  it('is taken for dead after HANG_MS without a word, reported once, with the time in words', () => {
    const { deaths, advance } = watched();
    advance(HANG_MS - 1000);
    expect(deaths).toEqual([]);
    advance(1000);
    expect(deaths).toEqual([`it did not answer for ${HANG_MS / 1000} s`]);
    advance(HANG_MS);
    expect(deaths).toHaveLength(1);
  });

  it('an answer to a ping keeps it alive; stop() ends the watch without a report', () => {
    const { watch, deaths, advance } = watched();
    for (let i = 0; i < 5; i++) {
      advance(HANG_MS - 1000);
      watch.heard();
    }
    expect(deaths).toEqual([]);
    watch.stop();
    advance(2 * HANG_MS);
    expect(deaths).toEqual([]);
  });

  it('end() (the life lock was released) reports at once, and only once', () => {
    const { watch, deaths, advance } = watched();
    watch.end('it stopped running');
    watch.end('it stopped running');
    advance(HANG_MS);
    expect(deaths).toEqual(['it stopped running']);
  });
});
