/**
 * `npm test`: every test of the project, in one command.
 *
 *   1. prerequisites  Debian's chromium and ffmpeg, and /usr/bin/python3 with torch, numpy, PIL and jsonschema;
 *                     installed with apt-get when missing and we are root (or have sudo), otherwise
 *                     we stop with a one-line message that gives the exact command
 *   2. types          astro sync, then tsc --noEmit (every .ts file; .astro files are checked by the build),
 *                     and prettier --check (one code style: .prettierrc.json)
 *   3. unit           vitest (tests beside their modules, and tests/unit's project-wide checks)
 *   4. python         python3 -m unittest discover -s training/tests (when that folder exists)
 *   5. build          npm run build → dist/
 *   6. e2e            Playwright in Chromium against dist/ (scripts/run-e2e.ts)
 *
 * Every step runs even if an earlier one failed (the e2e step needs a build), then a summary with the
 * timings, the JavaScript each page loads, and one closing line "N passed, N failed".
 *
 * Options: --skip-e2e, --skip-python, --skip-unit, --skip-types, --no-install (never run apt-get).
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PYTHON = '/usr/bin/python3';
const env = {
  ...process.env,
  ASTRO_TELEMETRY_DISABLED: '1',
  FORCE_COLOR: process.env.FORCE_COLOR ?? (process.stdout.isTTY ? '1' : '0'),
};

interface StepResult {
  name: string;
  ok: boolean;
  seconds: number;
  passed?: number;
  failed?: number;
  skipped?: number;
  note?: string;
  /** Tests that failed, one line each (title and the first line of the error), printed last. */
  failures?: string[];
  /** Tests that failed once and passed on CI's one retry: listed so a flaky test is seen, not hidden. */
  flaky?: string[];
}
const results: StepResult[] = [];

function run(cmd: string, argv: string[], opts: SpawnSyncOptions = {}) {
  return spawnSync(cmd, argv, { stdio: 'inherit', env, ...opts });
}

function banner(text: string) {
  console.log(`\n━━ ${text} ${'━'.repeat(Math.max(3, 70 - text.length))}`);
}

function timed<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const out = fn();
  return [out, (performance.now() - t) / 1000];
}

// ── 0. Node ───────────────────────────────────────────────────────────────────────────────────────
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `npm test needs Node ≥ 22.12 (this is ${process.versions.node}): run "npm ci" first, then "npm test" (npm puts the project's Node 22 on PATH).`,
  );
  process.exit(1);
}

// ── 1. Prerequisites ─────────────────────────────────────────────────────────────────────────────
function missingPackages(): string[] {
  const missing: string[] = [];
  // Chromium's fonts are only "recommended" by the package; without one, pages render no text.
  if (!existsSync(CHROMIUM)) missing.push('chromium', 'fonts-liberation');
  if (spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status !== 0) missing.push('ffmpeg');
  const probe = (mod: string) =>
    existsSync(PYTHON) &&
    spawnSync(PYTHON, ['-c', `import ${mod}`], { stdio: 'ignore' }).status === 0;
  if (!existsSync(PYTHON)) missing.push('python3');
  if (!probe('torch')) missing.push('python3-torch');
  if (!probe('numpy')) missing.push('python3-numpy');
  if (!probe('PIL')) missing.push('python3-pil');
  if (!probe('jsonschema')) missing.push('python3-jsonschema');
  return missing;
}

banner('prerequisites');
{
  let missing = missingPackages();
  if (missing.length > 0) {
    const aptArgs = ['install', '-y', '--no-install-recommends', ...missing];
    const isRoot = process.getuid?.() === 0;
    const hasSudo = !isRoot && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
    if (args.has('--no-install') || (!isRoot && !hasSudo)) {
      console.error(
        `npm test needs Debian packages that are missing: run "sudo apt-get install -y ${missing.join(' ')}" and try again.`,
      );
      process.exit(1);
    }
    const sudo = isRoot ? [] : ['sudo', '-n'];
    console.log(`Installing ${missing.join(', ')} with apt-get…`);
    const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
    const apt = (a: string[]) =>
      sudo.length
        ? run(sudo[0]!, [...sudo.slice(1), 'apt-get', ...a], { env: aptEnv })
        : run('apt-get', a, { env: aptEnv });
    apt(['update', '-q']);
    apt(['-q', ...aptArgs]);
    missing = missingPackages();
    if (missing.length > 0) {
      console.error(
        `npm test could not install ${missing.join(', ')}: run "sudo apt-get install -y ${missing.join(' ')}" and try again.`,
      );
      process.exit(1);
    }
  }
  const version = spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).stdout.trim();
  console.log(
    `ok: ${version || CHROMIUM}, ffmpeg, ${PYTHON} with torch, numpy and PIL, Node ${process.versions.node}`,
  );
}

mkdirSync('test-results', { recursive: true });

// ── 2. Types (tsc) ───────────────────────────────────────────────────────────────────────────────
if (!args.has('--skip-types')) {
  banner('types (tsc --noEmit)');
  // astro sync writes the astro:content types into .astro/, which a clean clone does not have yet.
  const [r, s] = timed(() => {
    const sync = run(process.execPath, ['node_modules/astro/bin/astro.mjs', 'sync']);
    return sync.status === 0
      ? run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit'])
      : sync;
  });
  results.push({ name: 'types (tsc)', ok: r.status === 0, seconds: s });

  banner('format (prettier --check)');
  const [f, fs] = timed(() =>
    run(process.execPath, [
      'node_modules/prettier/bin/prettier.cjs',
      '--check',
      '--log-level=warn',
      '.',
    ]),
  );
  results.push({
    name: 'format (prettier)',
    ok: f.status === 0,
    seconds: fs,
    ...(f.status === 0 ? {} : { note: 'run "npm run format"' }),
  });
}

// ── 3. Unit tests (vitest) ────────────────────────────────────────────────────────────────────────
if (!args.has('--skip-unit')) {
  banner('unit tests (vitest)');
  const report = 'test-results/unit-results.json';
  rmSync(report, { force: true });
  const [r, s] = timed(() =>
    run(process.execPath, [
      'node_modules/vitest/vitest.mjs',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ]),
  );
  const res: StepResult = { name: 'unit (vitest)', ok: r.status === 0, seconds: s };
  try {
    const j = JSON.parse(readFileSync(report, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
    };
    Object.assign(res, {
      passed: j.numPassedTests,
      failed: j.numFailedTests,
      skipped: j.numPendingTests + j.numTodoTests,
    });
  } catch {
    res.note = 'no report';
  }
  results.push(res);
}

// ── 4. Python tests (training) ────────────────────────────────────────────────────────────────────
if (!args.has('--skip-python') && existsSync('training/tests')) {
  banner('python tests (training/tests)');
  const [r, s] = timed(() =>
    run(PYTHON, ['-m', 'unittest', 'discover', '-s', 'training/tests'], {
      stdio: ['ignore', 'inherit', 'pipe'],
      encoding: 'utf8',
    }),
  );
  const err = String(r.stderr ?? '');
  process.stderr.write(err);
  const ran = Number(/Ran (\d+) tests?/.exec(err)?.[1] ?? 0);
  const m = /FAILED \(([^)]*)\)/.exec(err);
  const count = (k: string) => Number(new RegExp(`${k}=(\\d+)`).exec(m?.[1] ?? '')?.[1] ?? 0);
  const failed = count('failures') + count('errors');
  const skipped = Number(/skipped[= ](\d+)/.exec(err)?.[1] ?? 0);
  results.push({
    name: 'python (unittest)',
    ok: r.status === 0,
    seconds: s,
    passed: ran - failed - skipped,
    failed,
    skipped,
  });
}

// ── 5. Build ──────────────────────────────────────────────────────────────────────────────────────
let built = false;
if (!args.has('--skip-e2e')) {
  banner('build (astro)');
  const npm = process.env.npm_execpath;
  const [r, s] = timed(() =>
    existsSync('scripts/prepare-assets.ts')
      ? npm
        ? run(process.execPath, [npm, 'run', 'build'])
        : run('npm', ['run', 'build'])
      : run(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build']),
  );
  built = r.status === 0 && existsSync('dist/index.html');
  const pages = built ? countPages('dist') : 0;
  results.push({ name: 'build', ok: built, seconds: s, note: built ? `${pages} pages` : 'failed' });
}

function countPages(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() && !['_astro', 'vendor', 'models', 'data'].includes(e.name))
      n += countPages(join(dir, e.name));
    else if (e.name.endsWith('.html')) n++;
  }
  return n;
}

// ── 6. End-to-end tests ───────────────────────────────────────────────────────────────────────────
if (!args.has('--skip-e2e')) {
  banner('end-to-end tests (Playwright, Chromium)');
  if (!built) {
    results.push({
      name: 'e2e (playwright)',
      ok: false,
      seconds: 0,
      note: 'not run: the build failed',
    });
  } else {
    const [r, s] = timed(() => run(process.execPath, ['scripts/run-e2e.ts', '--no-build']));
    const res: StepResult = { name: 'e2e (playwright)', ok: r.status === 0, seconds: s };
    try {
      const j = JSON.parse(
        readFileSync('test-results/e2e-results.json', 'utf8'),
      ) as PlaywrightReport;
      Object.assign(res, {
        passed: j.stats.expected + j.stats.flaky,
        failed: j.stats.unexpected,
        skipped: j.stats.skipped,
      });
      res.failures = testsWithStatus(j, 'unexpected');
      res.flaky = testsWithStatus(j, 'flaky');
    } catch {
      res.note = 'no report';
    }
    results.push(res);
  }
}

interface PlaywrightSuite {
  title: string;
  file?: string;
  suites?: PlaywrightSuite[];
  specs?: {
    title: string;
    line: number;
    tests: {
      status: string;
      results: { error?: { message?: string; location?: { line: number } } }[];
    }[];
  }[];
}
interface PlaywrightReport extends PlaywrightSuite {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
}

/**
 * "file:line › title — the failing line: first line of the error; what was expected" for each test
 * with that status (CI logs keep only the tail, so this must be enough to find the failing step).
 */
function testsWithStatus(suite: PlaywrightSuite, status: string, file = ''): string[] {
  const here = suite.file ?? file;
  const out = (suite.suites ?? []).flatMap((s) => testsWithStatus(s, status, here));
  for (const spec of suite.specs ?? []) {
    for (const t of spec.tests.filter((x) => x.status === status)) {
      const error = t.results.map((r) => r.error).find((e) => e?.message);
      const lines = (error?.message ?? '')
        .replace(/\u001b\[[0-9;]*m/g, '')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      const expected = lines.find((l) => /^Expected/.test(l));
      const at = error?.location ? ` line ${error.location.line}:` : '';
      const detail = [lines[0], expected].filter(Boolean).join('; ');
      out.push(`${here}:${spec.line} › ${spec.title} —${at} ${detail.slice(0, 240)}`);
    }
  }
  return out;
}

// ── Summary ───────────────────────────────────────────────────────────────────────────────────────
banner('summary');
const budgetDir = 'test-results/js-budget';
if (existsSync(budgetDir)) {
  const rows = readdirSync(budgetDir)
    .filter((f) => f.endsWith('.json'))
    .map(
      (f) =>
        JSON.parse(readFileSync(join(budgetDir, f), 'utf8')) as {
          path: string;
          gzipBytes: number;
          budget: number | null;
        },
    )
    .sort((a, b) => a.path.localeCompare(b.path));
  if (rows.length > 0) {
    console.log('JavaScript loaded before interaction (gzipped):');
    for (const r of rows) {
      const kb = (r.gzipBytes / 1024).toFixed(1).padStart(6);
      console.log(
        `  ${kb} KB  ${r.path}${r.budget ? `  (budget ${(r.budget / 1024).toFixed(0)} KB)` : ''}`,
      );
    }
    console.log('');
  }
}
let passed = 0;
let failed = 0;
let skipped = 0;
for (const r of results) {
  passed += r.passed ?? 0;
  skipped += r.skipped ?? 0;
  // A step that failed without a failing test (a crash, a broken build) still counts as one failure.
  failed += r.failed ?? 0;
  if (!r.ok && (r.failed ?? 0) === 0) failed += 1;
  const counts =
    r.passed !== undefined
      ? `${r.passed} passed, ${r.failed ?? 0} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`
      : '';
  console.log(
    `  ${r.ok ? 'ok  ' : 'FAIL'}  ${r.name.padEnd(20)} ${r.seconds.toFixed(1).padStart(6)} s  ${counts}${r.note ? `  ${r.note}` : ''}`,
  );
}
const allOk = results.every((r) => r.ok);
const failures = results.flatMap((r) => r.failures ?? []);
if (failures.length > 0) console.log(`\nfailed:\n${failures.map((f) => `  ✘ ${f}`).join('\n')}`);
const flaky = results.flatMap((r) => r.flaky ?? []);
if (flaky.length > 0)
  console.log(
    `\nflaky (failed once, passed on retry):\n${flaky.map((f) => `  ~ ${f}`).join('\n')}`,
  );
console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(allOk ? 0 : 1);
