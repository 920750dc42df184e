/**
 * Site code bundled for a page in Chromium: the e2e detector spec injects it into a built page, and
 * scripts/lib/detector-page.ts loads it into a blank one.
 */
import { build } from 'esbuild';

/** The entry file and everything it imports, as one ES module for the browser (esbuild, not written to disk). */
export async function bundleForBrowser(entry: string): Promise<string> {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}
