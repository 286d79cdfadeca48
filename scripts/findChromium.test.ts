import { describe, expect, it } from 'vitest';
import {
  type FinderEnv,
  type FinderFs,
  findChromium,
  playwrightCacheDir,
  setupSteps,
  stopMessage,
} from './findChromium';

/** A pretend machine: these files exist, nothing else. */
function machine(files: string[]): FinderFs {
  const set = new Set(files);
  return {
    isFile: (p) => set.has(p),
    list: (dir) => [
      ...new Set(
        files.filter((f) => f.startsWith(`${dir}/`)).map((f) => f.slice(dir.length + 1).split('/')[0]),
      ),
    ],
  };
}

const linux = (env: Record<string, string>): FinderEnv => ({ env, home: '/home/ann', platform: 'linux' });
const PATH = '/usr/local/bin:/usr/bin:/bin';

describe('findChromium', () => {
  it('takes CHROMIUM_PATH first, when the file exists', () => {
    const fs = machine(['/opt/my/chrome', '/usr/bin/chromium']);
    expect(findChromium(linux({ CHROMIUM_PATH: '/opt/my/chrome', PATH }), fs).found).toEqual({
      path: '/opt/my/chrome',
      source: 'CHROMIUM_PATH',
    });
  });

  it('passes over a CHROMIUM_PATH that is missing, says so, and finds the system one', () => {
    const fs = machine(['/usr/bin/chromium']);
    const r = findChromium(linux({ CHROMIUM_PATH: '/nope/chrome', PATH }), fs);
    expect(r.found).toEqual({ path: '/usr/bin/chromium', source: 'system' });
    expect(r.notes.join()).toContain('/nope/chrome');
  });

  it('prefers chromium, then chromium-browser, then google-chrome, along PATH', () => {
    const both = machine(['/usr/bin/google-chrome', '/usr/local/bin/chromium-browser']);
    expect(findChromium(linux({ PATH }), both).found?.path).toBe('/usr/local/bin/chromium-browser');
    expect(findChromium(linux({ PATH }), machine(['/bin/google-chrome'])).found?.path).toBe(
      '/bin/google-chrome',
    );
  });

  it("falls back to Playwright's cache, newest revision, either layout", () => {
    const fs = machine([
      '/home/ann/.cache/ms-playwright/chromium-1100/chrome-linux/chrome',
      '/home/ann/.cache/ms-playwright/chromium-1187/chrome-linux64/chrome',
      '/home/ann/.cache/ms-playwright/chromium_headless_shell-1190/chrome-linux/headless_shell',
    ]);
    expect(findChromium(linux({ PATH }), fs).found).toEqual({
      path: '/home/ann/.cache/ms-playwright/chromium-1187/chrome-linux64/chrome',
      source: 'playwright-cache',
    });
  });

  it('reads PLAYWRIGHT_BROWSERS_PATH and XDG_CACHE_HOME', () => {
    expect(playwrightCacheDir(linux({ PLAYWRIGHT_BROWSERS_PATH: '/pw' }))).toBe('/pw');
    expect(playwrightCacheDir(linux({ XDG_CACHE_HOME: '/c' }))).toBe('/c/ms-playwright');
    const fs = machine(['/pw/chromium-1/chrome-linux/chrome']);
    expect(findChromium(linux({ PATH, PLAYWRIGHT_BROWSERS_PATH: '/pw' }), fs).found?.path).toBe(
      '/pw/chromium-1/chrome-linux/chrome',
    );
  });

  it('finds nothing on a bare machine (a stripped PATH, no cache)', () => {
    const fs = machine(['/usr/bin/chromium']); // not on this PATH
    const r = findChromium(linux({ PATH: '/tmp/node-only', CHROMIUM_PATH: '/missing' }), fs);
    expect(r.found).toBeUndefined();
    expect(r.notes).toHaveLength(1);
  });
});

describe('what to do without a Chromium', () => {
  const bare = { downloadReachable: false, debian: false, root: false, aptGet: false };

  it("installs Playwright's browser when its host answers, with apt as the next try on Debian as root", () => {
    expect(setupSteps({ ...bare, downloadReachable: true })).toEqual(['playwright-install']);
    expect(setupSteps({ downloadReachable: true, debian: true, root: true, aptGet: true })).toEqual([
      'playwright-install',
      'apt-install',
    ]);
  });

  it("uses Debian's chromium only as root with apt-get", () => {
    expect(setupSteps({ ...bare, debian: true, root: true, aptGet: true })).toEqual(['apt-install']);
    expect(setupSteps({ ...bare, debian: true, root: false, aptGet: true })).toEqual([]);
    expect(setupSteps({ ...bare, debian: true, root: true, aptGet: false })).toEqual([]);
  });

  it('stops naming the exact commands', () => {
    const text = stopMessage({ ...bare, debian: true }, [
      'CHROMIUM_PATH=/missing is not a file; looking elsewhere',
    ]);
    expect(text).toContain('npx playwright install chromium');
    expect(text).toContain('apt-get install -y --no-install-recommends chromium');
    expect(text).toContain('CHROMIUM_PATH=/missing');
    expect(stopMessage(bare, [])).not.toContain('apt-get');
  });
});
