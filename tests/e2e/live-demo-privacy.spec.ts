/**
 * Privacy and stamina. The demo runs on the fake webcam past the 60 s after which MediaPipe
 * tasks-vision tries to POST usage statistics to Google (a setInterval in its bundle): the page's clock
 * is Playwright's, fast-forwarded by a minute after 5 s of real running, then a hundred more predictions
 * (the whole test used to wait 67 real seconds, a minute of one worker burning a core) — and:
 *  - no request leaves localhost (the `guard` fixture blocks and records any; we also list every
 *    request ourselves), and no CSP violation is reported (our fetch wrapper answers the usage-log
 *    POST locally, so it never even reaches the CSP);
 *  - it keeps predicting until the end;
 *  - tf.memory().numTensors is the same at the end as after the first seconds (no tensor leak in the
 *    browser over some hundreds of frames; src/lib/pipeline/pipeline-soak.test.ts runs 10,000 in Node).
 */
import { expect as baseExpect, test } from './support/fixtures.ts';
import { isLocalUrl } from './support/browser.ts';
import { openDemo, stats, waitForPrediction } from './live-demo-support.ts';

/** Waits that depend on the pipeline get more time on a busy machine. */
const expect = baseExpect.configure({ timeout: 30_000 });

test('past MediaPipe’s one-minute usage log on the webcam: zero requests leave the machine, predictions keep coming, no tensor leak', async ({
  webcamPage: page,
  guard,
}) => {
  test.slow();
  const requests: string[] = [];
  page.context().on('request', (r) => requests.push(`${r.method()} ${r.url()}`));
  // Time flows naturally on the installed clock until the fast-forward below.
  await page.clock.install();
  const demo = await openDemo(page, guard);
  await demo.getByRole('button', { name: 'Start camera' }).click();
  await waitForPrediction(page, 1);
  // Count MediaPipe's attempts to send usage logs: our fetch wrapper (src/lib/vision) answers them
  // locally, so they must show up here and nowhere else.
  await page.evaluate(() => {
    const w = window as unknown as { __usageLogAttempts: number };
    w.__usageLogAttempts = 0;
    const inner = window.fetch;
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input instanceof Request ? input.url : input).includes('googleapis.com'))
        w.__usageLogAttempts++;
      return inner(input, init);
    };
  });
  // Open the feature maps too, so that their path runs in the soak as well.
  await demo.getByText('Look inside the network').click();
  await page.waitForTimeout(5_000);
  const early = (await stats(page))!;
  expect(early.numTensors).not.toBeNull();

  await page.clock.fastForward('01:02');
  // A hundred more predictions after the jump (about 4 s at full speed; a busy machine takes longer).
  await expect
    .poll(async () => (await stats(page))!.frames - early.frames, {
      message: 'predictions made after the minute',
      timeout: 60_000,
    })
    .toBeGreaterThan(100);
  const late = (await stats(page))!;
  expect(late.featureMapFrames).toBeGreaterThan(early.featureMapFrames);
  expect(late.numTensors, 'tf.memory().numTensors at the end').toBe(early.numTensors);
  // Still predicting at the very end.
  await page.waitForFunction(
    (n) =>
      (document.querySelector('live-demo') as unknown as { stats(): { frames: number } }).stats()
        .frames >
      n + 5,
    late.frames,
  );
  await expect(demo.locator('[data-ld="summary"]')).toHaveText(/looks most like/);

  const attempts = await page.evaluate(
    () => (window as unknown as { __usageLogAttempts: number }).__usageLogAttempts,
  );
  expect(
    attempts,
    'MediaPipe tried to send its usage log (and was answered locally)',
  ).toBeGreaterThanOrEqual(1);
  expect(requests.filter((r) => !isLocalUrl(r.replace(/^\w+ /, '')))).toEqual([]);
  expect(guard.offsite).toEqual([]);
  expect(guard.cspViolations).toEqual([]);
});
