/**
 * `npm test`'s first step: make sure a Chromium exists before any long step, or stop within
 * seconds naming the command to run. Order: find one (scripts/findChromium.ts); else
 * `npx playwright install chromium` when Playwright's download host answers; else Debian's
 * chromium package when root on Debian/Ubuntu; else stop with the commands.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findRealChromium, realEnv, realFs } from './chromium';
import { APT_INSTALL, PLAYWRIGHT_INSTALL, type SetupFacts, setupSteps, stopMessage } from './findChromium';

/** Playwright's download hosts (PLAYWRIGHT_DOWNLOAD_HOST overrides); any HTTP answer counts. */
async function downloadReachable(timeoutMs = 4000): Promise<boolean> {
  const hosts = process.env.PLAYWRIGHT_DOWNLOAD_HOST
    ? [process.env.PLAYWRIGHT_DOWNLOAD_HOST]
    : ['https://cdn.playwright.dev', 'https://playwright.download.prss.microsoft.com'];
  const tries = hosts.map(async (host) => {
    await fetch(host, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
    return true;
  });
  try {
    return await Promise.any(tries);
  } catch {
    return false;
  }
}

function onPath(name: string): boolean {
  const env = realEnv();
  return (env.env.PATH ?? '').split(':').some((dir) => dir !== '' && realFs.isFile(`${dir}/${name}`));
}

function run(command: string): boolean {
  console.log(`ensureChromium: ${command}`);
  return spawnSync(command, { shell: true, stdio: 'inherit' }).status === 0;
}

async function main(): Promise<number> {
  const first = findRealChromium();
  for (const note of first.notes) console.log(`ensureChromium: ${note}`);
  if (first.found) {
    console.log(`ensureChromium: using ${first.found.path} (${first.found.source})`);
    return 0;
  }
  const facts: SetupFacts = {
    downloadReachable: await downloadReachable(),
    debian: existsSync('/etc/debian_version'),
    root: process.getuid?.() === 0,
    aptGet: onPath('apt-get'),
  };
  const steps = setupSteps(facts);
  console.log(
    `ensureChromium: no Chromium found; trying: ${steps.join(', ') || 'nothing (no way to install)'}`,
  );
  for (const step of steps) {
    if (!run(step === 'playwright-install' ? PLAYWRIGHT_INSTALL : APT_INSTALL)) continue;
    const after = findRealChromium();
    if (after.found) {
      console.log(`ensureChromium: using ${after.found.path} (${after.found.source})`);
      return 0;
    }
  }
  console.error(stopMessage(facts, first.notes));
  return 1;
}

process.exitCode = await main();
