/**
 * The `test` every spec imports. On top of Playwright's own fixtures it gives:
 *
 *  - `guard` (automatic, every test): records requests that leave localhost (and blocks them),
 *    Content-Security-Policy violations, uncaught page errors and console errors. A test fails at
 *    the end if any happened, unless it calls `guard.allowConsoleError(/pattern/)` first.
 *  - `webcamPage`: a page in a Chromium whose camera is the fake webcam (see webcam.ts).
 *  - `webcamClip`: the path of that clip, to make variants with makeFakeWebcamClip().
 */
import {
  test as base,
  expect,
  type Browser,
  type BrowserContext,
  type Page,
} from '@playwright/test';
import { isLocalUrl } from './browser.ts';
import { launchWithFakeWebcam, makeFakeWebcamClip, SINGLE_FACE_CROP } from './webcam.ts';

export interface Guard {
  offsite: string[];
  cspViolations: string[];
  pageErrors: string[];
  consoleErrors: string[];
  allowConsoleError(pattern: RegExp): void;
  /** Start watching another context (for pages made outside the default `page`). */
  watch(context: BrowserContext): Promise<void>;
}

interface Fixtures {
  guard: Guard;
  webcamClip: string;
  webcamPage: Page;
}

interface WorkerFixtures {
  webcamBrowser: Browser;
}

/** Page script that reports CSP violations through console.error with a recognisable prefix. */
const reportCsp = () => {
  document.addEventListener('securitypolicyviolation', (e) => {
    console.error(
      `CSP-VIOLATION ${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} in ${e.sourceFile}:${e.lineNumber}`,
    );
  });
};

function makeGuard(): Guard {
  const allowed: RegExp[] = [];
  const watched = new WeakSet<BrowserContext>();
  const g: Guard = {
    offsite: [],
    cspViolations: [],
    pageErrors: [],
    consoleErrors: [],
    allowConsoleError: (re) => void allowed.push(re),
    async watch(context) {
      if (watched.has(context)) return;
      watched.add(context);
      await context.addInitScript(reportCsp);
      await context.route(
        (url) => !isLocalUrl(url.href),
        async (route) => {
          g.offsite.push(`${route.request().method()} ${route.request().url()}`);
          await route.abort('blockedbyclient');
        },
      );
      const onPage = (p: Page) => {
        p.on('pageerror', (err) => g.pageErrors.push(`${p.url()}: ${err.message}`));
        p.on('console', (msg) => {
          if (msg.type() !== 'error') return;
          const text = msg.text();
          if (text.startsWith('CSP-VIOLATION')) g.cspViolations.push(`${p.url()}: ${text}`);
          else if (!allowed.some((re) => re.test(text)))
            g.consoleErrors.push(`${p.url()}: ${text}`);
        });
      };
      context.pages().forEach(onPage);
      context.on('page', onPage);
    },
  };
  return g;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  guard: [
    async ({ context }, use) => {
      const g = makeGuard();
      await g.watch(context);
      await use(g);
      expect(g.offsite, 'requests that left localhost').toEqual([]);
      expect(g.cspViolations, 'Content-Security-Policy violations').toEqual([]);
      expect(g.pageErrors, 'uncaught errors in the page').toEqual([]);
      expect(g.consoleErrors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],

  webcamBrowser: [
    async ({}, use) => {
      const browser = await launchWithFakeWebcam(makeFakeWebcamClip());
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],

  webcamClip: async ({}, use) => {
    await use(makeFakeWebcamClip());
  },

  webcamPage: async ({ webcamBrowser, guard, baseURL }, use) => {
    const context = await webcamBrowser.newContext({ baseURL, permissions: ['camera'] });
    await guard.watch(context);
    const page = await context.newPage();
    await use(page);
    await context.close();
  },
});

export { expect, SINGLE_FACE_CROP };
