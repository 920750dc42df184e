// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { satteri } from '@astrojs/markdown-satteri';
import { keepSizesTogetherPlugin } from './src/lib/markdown/keep-sizes-together.ts';
import { offlineServiceWorker } from './scripts/service-worker.ts';

// Emotion Lens is a fully static site: every page is plain HTML in dist/, every script is an
// external file from our own origin (the Content-Security-Policy allows nothing else).
export default defineConfig({
  site: 'https://emotion-lens.example',
  output: 'static',
  trailingSlash: 'ignore',
  // offlineServiceWorker: dist/sw.js, the offline copy a reader can ask for on /teach/.
  integrations: [mdx(), offlineServiceWorker()],
  prefetch: false,
  devToolbar: { enabled: false },
  build: {
    format: 'directory',
    // Inline <style> tags would need 'unsafe-inline' in the CSP: always emit CSS files.
    inlineStylesheets: 'never',
  },
  markdown: {
    // Shiki writes style="" attributes on every token; lessons barely show code, so keep it plain.
    syntaxHighlight: false,
    // Markdown and MDX alike: sizes such as "48 × 48" stay on one line.
    processor: satteri({ hastPlugins: [keepSizesTogetherPlugin] }),
  },
  vite: {
    build: {
      // Never turn a small script, image or model into a data: URL inlined into the page:
      // inline scripts are blocked by our CSP, and files are easier to cache and to audit.
      assetsInlineLimit: 0,
    },
  },
});
