/**
 * Embedding, as a teacher's page on another site does it: a host page on another origin (another
 * local port, tests/e2e/embed-host.ts) puts every widget's /embed/<widget>/ page in an iframe with the
 * code the builder writes (src/lib/embed/snippet.ts) and our resize script (public/embed.js).
 *
 * Checked for every embeddable widget in the build: it renders with no console errors, CSP violations
 * or requests leaving the machine (the guard fixture), the iframe grows to fit it, it fits 320 px,
 * options from the address apply (hidden controls, camera off, theme, title), and a camera widget in an
 * iframe without allow="camera" says so and offers the photos. Plus: the live demo's prediction
 * messages reach the host page only with share=scores, and its privacy note says which; framing
 * rules; bad addresses; oEmbed.
 */
import type { Frame, Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsp } from '../../src/layouts/csp.ts';
import { parseMessage, type EmbedMessage } from '../../src/lib/embed/messages.ts';
import { selectorsToHide, type OptionValues } from '../../src/lib/embed/options.ts';
import { iframeCode, oembedPath } from '../../src/lib/embed/snippet.ts';
import { embedOptions, type WidgetEmbed } from '../../src/lib/embed/widgets.ts';
import { availableWidgets, widgetEmbed } from '../../src/widgets/embeds.ts';
import { startHost, type Host } from './embed-host.ts';
import { BASE_URL } from './support/browser.ts';
import { expect, test } from './support/fixtures.ts';
import { axeViolations, pageIsDark } from './support/page-utils.ts';
import { builtPages, DIST } from './support/pages.ts';

const widgets: WidgetEmbed[] = builtPages()
  .map((p) => /^\/embed\/([^/]+)\/$/.exec(p)?.[1])
  .filter((id): id is string => !!id)
  .map((id) => widgetEmbed(id));

let host: Host;
test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => {
  await host?.close();
});

/**
 * The host page's script: keeps every Emotion Lens message it receives, with the sender's origin and
 * the time it came; and the type (or kind) of every message at all, whoever sent it.
 */
const RECORDER = `<script>
  window.__messages = [];
  window.__allTypes = [];
  window.addEventListener('message', (e) => {
    window.__allTypes.push(e.data && typeof e.data === 'object' ? String(e.data.type) : typeof e.data);
    if (e.data && e.data.source === 'emotion-lens') window.__messages.push({ origin: e.origin, data: e.data, at: performance.now() });
  });
</script>`;

/** Open a host page on the other origin with `body`; returns the first iframe's Frame once loaded. */
async function openHost(page: Page, name: string, body: string): Promise<Frame> {
  await page.goto(host.page(name, body, RECORDER));
  const handle = await page.locator('iframe').first().elementHandle();
  await handle!.scrollIntoViewIfNeeded();
  const frame = (await handle!.contentFrame())!;
  await frame.waitForLoadState('load');
  return frame;
}

async function messages(
  page: Page,
): Promise<{ origin: string; data: EmbedMessage | null; at: number }[]> {
  const raw = await page.evaluate(
    () =>
      (window as unknown as { __messages: { origin: string; data: unknown; at: number }[] })
        .__messages,
  );
  return raw.map((m) => ({ origin: m.origin, data: parseMessage(m.data), at: m.at }));
}

/** Wait until the widget's custom element is defined and has rendered something (or was hidden). */
async function widgetReady(frame: Frame, w: WidgetEmbed) {
  await frame.waitForFunction(() => {
    const root = document.querySelector('[data-embed-widget]');
    const el = root && [...root.querySelectorAll('*')].find((e) => e.localName.includes('-'));
    return (
      !!el &&
      !!customElements.get(el.localName) &&
      (el.getBoundingClientRect().height > 20 || el.hasAttribute('data-embed-hidden'))
    );
  });
  expect(await frame.locator('h1').textContent()).toBe(w.title);
}

test('the build has an embed page for every widget that exists, and an oEmbed document for each', () => {
  const expected = availableWidgets().map((f) => f.embed.id);
  expect(widgets.map((w) => w.id).sort()).toEqual([...expected].sort());
  for (const w of widgets) {
    expect(w.embeddable, w.id).not.toBe(false);
    expect(existsSync(join(DIST, oembedPath(w.id))), oembedPath(w.id)).toBe(true);
  }
});

for (const w of widgets) {
  test.describe(`embed ${w.id}`, () => {
    // One test per widget for rendering and options: each test's browser context starts cold, and on a
    // 2-core machine the widget's loads are most of the time.
    test('renders in a host page on another origin, grows the iframe to fit, fits 320 px, and respects its options: hidden controls, camera off, theme, reduced motion, no title', async ({
      page,
    }) => {
      // Start at a height no content gives (below the script's 150 px floor): the script must resize it.
      const code = iframeCode(w, { origin: BASE_URL, height: 123 });
      const frame = await openHost(
        page,
        `render-${w.id}`,
        `<div style="width:320px">${code}</div>`,
      );
      await widgetReady(frame, w);
      const iframe = page.locator('iframe');
      await expect
        .poll(
          async () => {
            const content = await frame.evaluate(() =>
              Math.ceil(
                document.querySelector('[data-embed-page]')!.getBoundingClientRect().height,
              ),
            );
            const box = await iframe.boundingBox();
            return Math.abs(Math.round(box!.height) - Math.max(150, content));
          },
          { message: 'iframe height follows the content' },
        )
        .toBeLessThanOrEqual(1);
      expect((await iframe.boundingBox())!.height).toBeGreaterThanOrEqual(150);

      // The messages came from our origin, first "ready", then any "resize".
      const got = (await messages(page)).filter(
        (m) => m.data?.type === 'ready' || m.data?.type === 'resize',
      );
      expect(got[0]?.data).toMatchObject({ type: 'ready', widget: w.id, version: 1 });
      expect(new Set(got.map((m) => m.origin))).toEqual(new Set([BASE_URL]));

      // Nothing sticks out sideways at 320 px: neither the page nor the widget needs a sideways scroll
      // (content that scrolls inside its own box, like a wide table, is fine).
      const overflow = await frame.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const box = document.querySelector('[data-embed-widget]')!;
        const right = box.getBoundingClientRect().right;
        const wide = [...box.querySelectorAll<HTMLElement>('*')]
          .filter(
            (el) =>
              el.getBoundingClientRect().right > right + 1 &&
              !el.closest('.visually-hidden, [hidden]'),
          )
          .filter(
            (el) =>
              ![...box.querySelectorAll('*')].some(
                (a) => a !== el && a.contains(el) && getComputedStyle(a).overflowX !== 'visible',
              ),
          )
          .slice(0, 5)
          .map((el) => `${el.localName}.${el.className}`);
        return {
          page: document.documentElement.scrollWidth,
          widget: box.scrollWidth,
          box: box.clientWidth,
          width,
          wide,
        };
      });
      expect(overflow.width).toBe(320);
      expect(overflow.page, 'the page scrolls sideways').toBeLessThanOrEqual(overflow.width);
      expect(
        overflow.widget,
        `the widget is wider than its ${overflow.box} px box: ${overflow.wide.join(', ')}`,
      ).toBeLessThanOrEqual(overflow.box);

      // Options. Without them (the frame above), the controls that can be hidden are there and visible.
      const specs = embedOptions(w);
      const values: OptionValues = { theme: 'dark', motion: 'reduce', title: false };
      if (specs.hide?.type === 'set') values.hide = specs.hide.choices.map((c) => c.value);
      if (specs.camera) values.camera = false;
      const hidden = selectorsToHide(specs, values);
      // A widget waiting for its data (e.g. no trained models yet) shows a note instead of its controls.
      const empty = (await frame.locator('[data-empty], [data-empty-zoo]').count()) > 0;
      for (const selector of hidden) {
        if (empty && (await frame.locator(selector).count()) === 0) continue;
        const control = frame.locator(selector).first();
        await control.scrollIntoViewIfNeeded({ timeout: 20_000 });
        await expect(control, `${selector} is shown by default`).toBeVisible({ timeout: 20_000 });
      }

      // Then with every option set.
      const withOptions = await openHost(
        page,
        `options-${w.id}`,
        iframeCode(w, { origin: BASE_URL, values }),
      );
      await widgetReady(withOptions, w);
      expect(withOptions.url()).toContain('theme=dark');
      await expect(withOptions.locator('html')).toHaveAttribute('data-theme', 'dark');
      await expect(withOptions.locator('html')).toHaveAttribute('data-reduced-motion', '');
      await expect(
        withOptions.locator('[data-embed-widget] [reduced-motion]').first(),
      ).toBeAttached();
      // The title is visually hidden but still there for screen readers.
      await expect(withOptions.locator('h1')).toHaveClass(/visually-hidden/);
      await expect(withOptions.locator('h1')).toHaveText(w.title);
      if (values.hide) {
        await expect(withOptions.locator('[data-embed-widget] [hide]').first()).toHaveAttribute(
          'hide',
          (values.hide as string[]).join(' '),
        );
      }
      // Wait for lazily built parts (some widgets build their controls when they come into view).
      await page.waitForTimeout(500);
      for (const selector of hidden) {
        const shown = await withOptions
          .locator(selector)
          .evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).length);
        expect(shown, `${selector} is hidden`).toBe(0);
      }
      if (values.camera === false) {
        await expect(withOptions.getByRole('button', { name: /start camera/i })).toHaveCount(0);
        // The photos stay on offer wherever a picture picker is still shown.
        if ((await withOptions.locator('face-source:visible').count()) > 0) {
          await expect(
            withOptions.getByRole('button', { name: /sample photo/i }).first(),
          ).toBeVisible();
        }
      }
    });

    if (w.camera) {
      test('without allow="camera" the widget says the camera is not allowed and offers the photos', async ({
        webcamPage: page,
      }) => {
        const code = iframeCode(w, { origin: BASE_URL }).replace(' allow="camera"', '');
        expect(code).not.toContain('allow=');
        await page.goto(host.page(`blocked-${w.id}`, code, RECORDER));
        const frame = (await (await page.locator('iframe').elementHandle())!.contentFrame())!;
        await widgetReady(frame, w);
        const note = frame
          .getByText(
            'The camera is not allowed in this frame: use a sample photo or upload one instead.',
          )
          .first();
        await expect(note).toBeVisible();
        // The camera button is marked unavailable; pressing it anyway gives the same sentence and the
        // ways forward.
        const camera = frame.getByRole('button', { name: /start camera/i }).first();
        await expect(camera).toHaveAttribute('aria-disabled', 'true');
        await camera.scrollIntoViewIfNeeded();
        await camera.dispatchEvent('click');
        const alert = frame.getByRole('alert').filter({ hasText: 'not allowed in this frame' });
        await expect(alert).toBeVisible();
        await alert.getByRole('button', { name: 'Use a sample photo' }).click();
        await expect(frame.locator('[data-sample-url]').first()).toBeVisible();
      });
    }

    test('its oEmbed document describes the iframe, and the embed page links to it', async ({
      request,
    }) => {
      const res = await request.get(oembedPath(w.id));
      expect(res.status()).toBe(200);
      expect(res.headers()['access-control-allow-origin']).toBe('*');
      const doc = await res.json();
      expect(doc).toMatchObject({
        version: '1.0',
        type: 'rich',
        title: w.title,
        provider_name: 'Emotion Lens',
        height: w.height,
      });
      expect(doc.width).toBeGreaterThan(0);
      expect(doc.html).toMatch(new RegExp(`^<iframe src="[^"]+/embed/${w.id}/" `));
      expect(doc.html.includes('allow="camera"')).toBe(!!w.camera);
      const html = await (await request.get(`/embed/${w.id}/`)).text();
      const href = /<link rel="alternate" type="application\/json\+oembed"[^>]*href="([^"]+)"/.exec(
        html,
      )?.[1];
      expect(href, 'the oEmbed <link> in the embed page').toBeDefined();
      expect(new URL(href!).pathname).toBe(oembedPath(w.id));
    });
  });
}

/** MediaPipe's wasm prints this harmless line through console.error. */
const MEDIAPIPE_INFO = /^INFO: Created TensorFlow Lite XNNPACK delegate for CPU\.$/;

/** The live demo's two privacy notes (src/widgets/live-demo/LiveDemo.astro). */
const PRIVATE_NOTE = 'Nothing leaves your device.';
const SHARED_NOTE = /The web page around this demo receives its emotion scores/;

/** The live demo's figures inside a frame (see DemoStats in src/widgets/live-demo/demo-app.ts). */
function demoStats(
  frame: Frame,
): Promise<{ frames: number; faces: number; posted: number } | null> {
  return frame.evaluate(() =>
    (document.querySelector('live-demo') as unknown as { stats(): never }).stats(),
  );
}

/** Waits until the live demo in `frame` has read a face. */
async function waitForFace(frame: Frame) {
  await expect
    .poll(async () => (await demoStats(frame))?.faces ?? 0, {
      timeout: 150_000,
      message: 'the demo reads a face',
    })
    .toBeGreaterThan(0);
}

test.describe('live demo messages', () => {
  test.skip(!widgets.some((w) => w.id === 'live-demo'), 'no live demo in this build');

  test('without share=scores, 5 s of live camera post no prediction to the host page, and the demo says nothing leaves', async ({
    webcamPage: page,
    guard,
  }) => {
    test.setTimeout(180_000);
    guard.allowConsoleError(MEDIAPIPE_INFO);
    const w = widgetEmbed('live-demo');
    const frame = await openHost(page, 'live-demo-private', iframeCode(w, { origin: BASE_URL }));
    await widgetReady(frame, w);
    await expect(frame.getByText(PRIVATE_NOTE)).toBeVisible();
    await expect(frame.getByText(SHARED_NOTE)).toBeHidden();
    await frame.getByRole('button', { name: /start camera/i }).click();
    await waitForFace(frame);
    const start = (await demoStats(frame))!;
    await page.waitForTimeout(5_000);
    const end = (await demoStats(frame))!;
    expect(end.frames - start.frames, 'predictions the demo made in those 5 s').toBeGreaterThan(0);
    expect(end.posted, 'prediction messages the demo posted').toBe(0);
    // Whoever sent it, the host page got nothing but heights and settings.
    const types = await page.evaluate(
      () => (window as unknown as { __allTypes: string[] }).__allTypes,
    );
    expect(types).toContain('ready');
    expect(types.filter((t) => !['ready', 'resize', 'state'].includes(t))).toEqual([]);
    expect((await messages(page)).every((m) => m.origin === BASE_URL)).toBe(true);
    await expect(frame.getByText(PRIVATE_NOTE)).toBeVisible();
    await frame.getByRole('button', { name: /stop camera/i }).click();
  });

  test('with share=scores, prediction messages reach the host page (at most 10 a second), and the demo says so', async ({
    webcamPage: page,
    guard,
  }) => {
    test.setTimeout(180_000);
    guard.allowConsoleError(MEDIAPIPE_INFO);
    const w = widgetEmbed('live-demo');
    const code = iframeCode(w, { origin: BASE_URL, values: { share: ['scores'] } });
    expect(code).toContain('/embed/live-demo/?share=scores"');
    const frame = await openHost(page, 'live-demo-messages', code);
    await widgetReady(frame, w);
    // The note changes before anything is shared, so the reader knows before pressing the button.
    await expect(frame.getByText(SHARED_NOTE)).toBeVisible();
    await expect(frame.getByText(PRIVATE_NOTE)).toBeHidden();
    expect(await axeViolations(page, { include: 'iframe', crossOriginFrames: true })).toEqual([]);
    await frame.getByRole('button', { name: /start camera/i }).click();
    await expect
      .poll(
        async () =>
          (await messages(page)).filter(
            (m) => m.data?.type === 'prediction' && m.data.faces.length > 0,
          ).length,
        {
          timeout: 150_000,
          message: 'prediction messages with a face',
        },
      )
      .toBeGreaterThan(1);
    await page.waitForTimeout(3_000);
    const predictions = (await messages(page)).filter((m) => m.data?.type === 'prediction');
    const perSecond =
      ((predictions.length - 1) / (predictions.at(-1)!.at - predictions[0]!.at)) * 1000;
    expect(perSecond, 'prediction messages a second').toBeLessThanOrEqual(10.5);

    const prediction = predictions
      .reverse()
      .find((m) => m.data?.type === 'prediction' && m.data.faces.length > 0)!;
    expect(prediction.origin).toBe(BASE_URL);
    const data = prediction.data as Extract<EmbedMessage, { type: 'prediction' }>;
    expect(data).toMatchObject({ source: 'emotion-lens', type: 'prediction', widget: 'live-demo' });
    const face = data.faces[0]!;
    for (const k of ['x', 'y', 'width', 'height'] as const) {
      expect(face.box[k]).toBeGreaterThanOrEqual(0);
      expect(face.box[k]).toBeLessThanOrEqual(1);
    }
    expect(Object.keys(face.scores)).toContain(face.top);
    expect(Object.values(face.scores).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 1);
    expect(data.fps).toBeGreaterThan(0);
    await frame.getByRole('button', { name: /stop camera/i }).click();
    // Once the camera stopped, the host has received every message the demo counted as posted.
    await expect
      .poll(
        async () =>
          (await demoStats(frame))!.posted -
          (await messages(page)).filter((m) => m.data?.type === 'prediction').length,
      )
      .toBe(0);
  });

  test('share=scores on a page that is not in a frame: the demo keeps its first note (there is no page around it)', async ({
    page,
  }) => {
    await page.goto('/embed/live-demo/?share=scores');
    await widgetReady(page.mainFrame(), widgetEmbed('live-demo'));
    await expect(page.locator('live-demo')).toHaveAttribute('share', 'scores');
    await expect(page.getByText(PRIVATE_NOTE)).toBeVisible();
    await expect(page.getByText(SHARED_NOTE)).toBeHidden();
  });
});

test.describe('starting photo', () => {
  test.skip(!widgets.some((w) => w.id === 'live-demo'), 'no live demo in this build');

  test('photo=sample3 with the camera off: the live demo reads the sample at once, and the host hears nothing of it', async ({
    page,
    guard,
  }) => {
    test.setTimeout(180_000);
    guard.allowConsoleError(MEDIAPIPE_INFO);
    const w = widgetEmbed('live-demo');
    const code = iframeCode(w, { origin: BASE_URL, values: { camera: false, photo: 'sample3' } });
    expect(code).not.toContain('allow="camera"');
    const frame = await openHost(page, 'live-demo-sample', code);
    await widgetReady(frame, w);
    await waitForFace(frame);
    await expect(frame.locator('[data-ld="summary"]')).toHaveText(/looks most like/);
    await expect(frame.getByRole('button', { name: /start camera/i })).toHaveCount(0);
    expect((await demoStats(frame))!.posted).toBe(0);
    expect((await messages(page)).filter((m) => m.data?.type === 'prediction')).toEqual([]);
  });
});

test.describe('framing', () => {
  test('embed pages may be framed by any site, other pages only by this site', async ({
    page,
    request,
    guard,
  }) => {
    const w = widgets[0]!;
    const embed = parseCsp(
      (await request.head(`/embed/${w.id}/`)).headers()['content-security-policy']!,
    );
    expect(embed.get('frame-ancestors')).toEqual(['*', 'file:']);
    const teach = parseCsp((await request.head('/teach/')).headers()['content-security-policy']!);
    expect(teach.get('frame-ancestors')).toEqual(["'self'"]);

    guard.allowConsoleError(/frame-ancestors|Refused to (display|frame)/);
    await page.goto(
      host.page(
        'framing',
        `<iframe name="embed" src="${BASE_URL}/embed/${w.id}/" title="embed"></iframe><iframe name="lesson" src="${BASE_URL}/teach/" title="lesson"></iframe>`,
      ),
    );
    await expect
      .poll(() =>
        page
          .frame({ name: 'embed' })
          ?.locator('h1')
          .textContent()
          .catch(() => null),
      )
      .toBe(w.title);
    // /teach/ is refused: its frame shows the browser's error page, never our document.
    await page.waitForTimeout(500);
    const other = page.frame({ name: 'lesson' })!;
    expect(
      await other.evaluate(() => !!document.querySelector('main#main')).catch(() => false),
    ).toBe(false);
  });
});

test.describe('addresses', () => {
  test('unknown and invalid options fall back to the defaults without an error, and the link is cleaned', async ({
    page,
  }) => {
    const w = widgets[0]!;
    const infos: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'info') infos.push(m.text());
    });
    await page.goto(
      `/embed/${w.id}/?theme=purple&motion=fast&title=maybe&hide=%3Cscript%3E&camera=2&__proto__=1&x=%E0%A4&theme=dark`,
    );
    await widgetReady(page.mainFrame(), w);
    await expect(page.locator('html')).not.toHaveAttribute('data-theme', 'purple');
    await expect(page.locator('html')).not.toHaveAttribute('data-reduced-motion');
    await expect(page.locator('h1')).not.toHaveClass(/visually-hidden/);
    expect(new URL(page.url()).search).toBe('');
    expect(infos.some((t) => t.includes('ignored "theme=purple"'))).toBe(true);
  });

  test('the "Open on its own" link and "Copy link" carry the options', async ({
    page,
    context,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const w = widgets.find((x) => Object.keys(x.options).length > 0) ?? widgets[0]!;
    await page.goto(`/embed/${w.id}/?theme=dark&title=off`);
    await widgetReady(page.mainFrame(), w);
    const own = page.getByRole('link', { name: /open on its own/i });
    expect(new URL((await own.getAttribute('href'))!, BASE_URL).search).toBe(
      '?theme=dark&title=off',
    );
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Link copied.' })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      `${BASE_URL}/embed/${w.id}/?theme=dark&title=off`,
    );
  });

  test('when a widget reflects a change in its attributes, the link follows and the host page hears of it', async ({
    page,
  }) => {
    // A widget with a choice bound to an attribute (e.g. the live demo's range).
    const found = widgets
      .flatMap((w) => Object.entries(w.options).map(([key, spec]) => ({ w, key, spec })))
      .find(({ spec }) => spec.type === 'choice' && !!spec.attribute && spec.choices.length > 1);
    test.skip(!found, 'no widget with a choice option in this build');
    const { w, key, spec } = found!;
    if (spec.type !== 'choice') return;
    const other = spec.choices.find((c) => c.value !== spec.default)!.value;
    const frame = await openHost(page, 'state', iframeCode(w, { origin: BASE_URL }));
    await widgetReady(frame, w);
    await frame.evaluate(
      ([tag, attr, value]) => document.querySelector(tag)!.setAttribute(attr, value),
      [w.element ?? w.id, spec.attribute!, other] as const,
    );
    await expect
      .poll(async () =>
        (await messages(page))
          .filter((m) => m.data?.type === 'state')
          .map((m) => (m.data as { query: string }).query),
      )
      .toEqual([`${key}=${other}`]);
    expect(new URL(frame.url()).search).toBe(`?${key}=${other}`);
    expect(
      new URL(
        (await frame.getByRole('link', { name: /open on its own/i }).getAttribute('href'))!,
        BASE_URL,
      ).search,
    ).toBe(`?${key}=${other}`);
  });

  test('without the resize script the iframe keeps the height from its code', async ({ page }) => {
    const w = widgets[0]!;
    const frame = await openHost(
      page,
      'no-script',
      iframeCode(w, { origin: BASE_URL, resizeScript: false }),
    );
    await widgetReady(frame, w);
    await page.waitForTimeout(500);
    expect(Math.round((await page.locator('iframe').boundingBox())!.height)).toBe(w.height);
    // The embed still reported its height: a host can use the message without our script.
    expect((await messages(page)).some((m) => m.data?.type === 'ready')).toBe(true);
  });
});

// Each embed page as it opens is checked with axe in both themes by site.spec.ts; here, with its options.
// One load per widget: the page follows the system theme when the address sets none, so switching the
// emulated colour scheme gives the dark theme (the theme option itself is checked above).
test.describe('axe on embed pages', () => {
  for (const w of widgets) {
    test(`${w.id}: with everything hidden that can be, in the light and the dark theme`, async ({
      page,
    }) => {
      test.setTimeout(120_000);
      const query = '?title=off&hide=all&camera=off';
      await page.emulateMedia({ colorScheme: 'light' });
      await page.goto(`/embed/${w.id}/${query}`);
      await widgetReady(page.mainFrame(), w);
      expect(await axeViolations(page), `${w.id}${query}, light`).toEqual([]);
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await pageIsDark(page), 'dark background').toBe(true);
      expect(await axeViolations(page, { coloursOnly: true }), `${w.id}${query}, dark`).toEqual([]);
    });
  }
});

test('public/embed.js is small, standalone and served from the site', async ({ request }) => {
  const res = await request.get('/embed.js');
  expect(res.status()).toBe(200);
  const body = await res.text();
  expect(body).toBe(readFileSync(join(DIST, 'embed.js'), 'utf8'));
  expect(body.length).toBeLessThan(4000);
  expect(body).not.toMatch(/\bimport\b|\brequire\(/);
});
