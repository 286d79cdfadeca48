import { defineConfig } from '@playwright/test';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './scripts/chromium';

const port = Number(process.env.E2E_PORT ?? 4174);
// E2E_DIST lets several builds coexist (e.g. parallel work); npm test uses dist/.
const dist = process.env.E2E_DIST ?? 'dist';
// A second build, under /spherelab/, on a plain static host without COOP/COEP (like GitHub Pages).
const subPort = Number(process.env.E2E_SUB_PORT ?? port + 100);
export const SUB_PATH_URL = `http://localhost:${subPort}/spherelab/`;

export default defineConfig({
  testDir: 'e2e',
  timeout: 180_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'off',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS },
  },
  webServer: [
    {
      // Serves the built app (npm test builds it first), with the COOP/COEP headers from vite.config.ts.
      command: `npm run preview -- --port ${port} --strictPort --outDir ${dist}`,
      url: `http://localhost:${port}`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command:
        `BASE_PATH=spherelab npx vite build --logLevel warn --outDir ${dist}-spherelab && ` +
        `node --import tsx scripts/serveStatic.ts ${dist}-spherelab ${subPort} /spherelab/`,
      url: SUB_PATH_URL,
      reuseExistingServer: false,
      timeout: 240_000,
    },
  ],
});
