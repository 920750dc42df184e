/**
 * `npm run test:e2e`: the end-to-end tests (Playwright, Debian's Chromium) against the built site.
 *
 *   npm run test:e2e                      build if dist/ is missing, then run every spec
 *   npm run test:e2e -- --build           rebuild first
 *   npm run test:e2e -- -g "axe"          any other argument goes to `playwright test`
 *
 * Specs: tests/e2e/*.spec.ts (and *.e2e.ts); fixtures in tests/e2e/support/ (fake webcam, request guard).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';

const argv = process.argv.slice(2);
const wantBuild = argv.includes('--build');
const noBuild = argv.includes('--no-build');
const passThrough = argv.filter((a) => a !== '--build' && a !== '--no-build');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };

const missing = [
  !existsSync(CHROMIUM) && 'chromium',
  spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status !== 0 && 'ffmpeg',
].filter(Boolean);
if (missing.length > 0) {
  console.error(
    `The end-to-end tests need Debian packages that are missing: run "sudo apt-get install -y ${missing.join(' ')}" (or just "npm test", which installs them when it can).`,
  );
  process.exit(1);
}

if (wantBuild || (!noBuild && !existsSync('dist/index.html'))) {
  console.log(wantBuild ? 'Building the site…' : 'dist/ is missing: building the site first…');
  const build = existsSync('scripts/prepare-assets.ts')
    ? spawnSync('npm', ['run', 'build'], { stdio: 'inherit', env })
    : spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build'], {
        stdio: 'inherit',
        env,
      });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
if (!existsSync('dist/index.html')) {
  console.error('dist/index.html is missing: run "npm run build" first.');
  process.exit(1);
}

rmSync('test-results/js-budget', { recursive: true, force: true });
rmSync('test-results/e2e-results.json', { force: true });
const r = spawnSync(
  process.execPath,
  ['node_modules/@playwright/test/cli.js', 'test', ...passThrough],
  { stdio: 'inherit', env },
);
process.exit(r.status ?? 1);
