/**
 * The embed registry (each widget's embed.ts, gathered in src/widgets/embeds.ts), widget discovery, the copied code and oEmbed, and the
 * lesson plans (src/content/lesson-plans/*.yaml): checked as data, without a browser.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { findWidgets } from '../../src/lib/embed/discover.ts';
import { defaultValues, isValidValue, parseOptions } from '../../src/lib/embed/options.ts';
import { embedUrl, escapeHtml, iframeCode, oembedDocument } from '../../src/lib/embed/snippet.ts';
import { builderQuery } from '../../src/lib/embed/builder.ts';
import {
  commonOptions,
  embedOptions,
  pascalCase,
  SAMPLE_PHOTOS,
  wantsCamera,
} from '../../src/lib/embed/widgets.ts';
import { widgetEmbed, WIDGETS } from '../../src/widgets/embeds.ts';
import type { WidgetEmbed } from '../../src/lib/embed/widgets.ts';
import { lessonPlanSchema } from '../../src/content/lesson-plans/schema.ts';

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const lessons = readdirSync('src/content/lessons')
  .filter((f) => f.endsWith('.mdx'))
  .map((f) => f.replace(/\.mdx$/, ''));

describe('the registry', () => {
  it('declares each widget once, with a kebab-case id, a title, a description and a sane height', () => {
    const ids = WIDGETS.map((w) => w.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const w of WIDGETS) {
      expect(w.id).toMatch(KEBAB);
      expect(w.title.length, w.id).toBeGreaterThan(3);
      expect(w.description, w.id).toMatch(/^[A-Z].{20,220}[.!]$/);
      expect(w.height, w.id).toBeGreaterThanOrEqual(200);
      expect(w.height, w.id).toBeLessThanOrEqual(2400);
      if (w.lesson) expect(lessons, `${w.id} → lesson ${w.lesson}`).toContain(w.lesson);
      if (w.element) expect(w.element, w.id).toMatch(/^[a-z][a-z0-9]*-[a-z0-9-]*$/);
    }
  });

  it('is gathered from the widget folders: every shell has its embed.ts, and the list has each one', () => {
    const declared = import.meta.glob<{ embed: WidgetEmbed }>('../../src/widgets/*/embed.ts', {
      eager: true,
    });
    const folderOf = (path: string) => path.split('/').at(-2)!;
    const withShell = readdirSync('src/widgets', { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== '_kit')
      .filter((d) => readdirSync(join('src/widgets', d.name)).some((f) => f.endsWith('.astro')))
      .map((d) => d.name);
    const withEmbed = Object.keys(declared)
      .map(folderOf)
      .filter((folder) => folder !== '_kit');
    for (const folder of withShell)
      expect(withEmbed, `src/widgets/${folder}/embed.ts`).toContain(folder);
    for (const [path, { embed }] of Object.entries(declared)) {
      if (folderOf(path) !== '_kit') expect(embed.id, path).toBe(folderOf(path));
      expect(WIDGETS, `${path} is missing from src/widgets/embeds.ts`).toContain(embed);
    }
    expect(WIDGETS.length).toBe(Object.keys(declared).length);
  });

  it('gives every option a valid default, a label, and an attribute that does not clash', () => {
    for (const w of WIDGETS) {
      const attrs = new Set<string>();
      for (const [key, spec] of Object.entries(w.options)) {
        expect(key, w.id).toMatch(/^[a-z][a-zA-Z0-9]*$/);
        expect(Object.keys(commonOptions), `${w.id}.${key} hides a common option`).not.toContain(
          key,
        );
        expect(isValidValue(spec, spec.default), `${w.id}.${key} default`).toBe(true);
        expect(spec.label.length).toBeGreaterThan(2);
        if (spec.type === 'choice' || spec.type === 'set') {
          const values = spec.choices.map((c) => c.value);
          expect(new Set(values).size, `${w.id}.${key} choices`).toBe(values.length);
          for (const v of values) expect(v, `${w.id}.${key}`).toMatch(/^[a-z0-9][a-z0-9-]*$/);
          // "all" and "none" mean something in a set's address.
          if (spec.type === 'set')
            expect(values.some((v) => v === 'all' || v === 'none')).toBe(false);
        }
        if (spec.attribute) {
          expect(spec.attribute).toMatch(/^[a-z][a-z0-9-]*$/);
          expect([
            'id',
            'class',
            'style',
            'hidden',
            'reduced-motion',
            'slot',
            'title',
          ]).not.toContain(spec.attribute);
          expect(attrs.has(spec.attribute), `${w.id}: two options write ${spec.attribute}`).toBe(
            false,
          );
          attrs.add(spec.attribute);
        }
      }
    }
  });

  it('offers only sample photos that the build ships', () => {
    const manifest = 'public/vendor/samples/samples.json';
    const files = existsSync(manifest)
      ? (JSON.parse(readFileSync(manifest, 'utf8')) as { samples: { file: string }[] }).samples.map(
          (s) => s.file,
        )
      : [
          ...readFileSync('scripts/prepare-assets.ts', 'utf8').matchAll(
            /file: ['"](sample\d+\.jpg)['"]/g,
          ),
        ].map((m) => m[1]!);
    expect(files.length).toBeGreaterThan(0);
    for (const s of SAMPLE_PHOTOS) expect(files, s.value).toContain(`${s.value}.jpg`);
  });

  it('gives an undeclared widget a plain entry, and the common options to every widget', () => {
    const w = widgetEmbed('mystery-box');
    expect(w).toMatchObject({ id: 'mystery-box', title: 'Mystery box', options: {} });
    expect(Object.keys(embedOptions(w))).toEqual(['theme', 'motion', 'title']);
    expect(pascalCase('convolution-playground')).toBe('ConvolutionPlayground');
  });
});

describe('discovery of the widgets in a build', () => {
  it('takes the PascalCase shell, or the only .astro file, in registry order, then undeclared folders', () => {
    const found = findWidgets(
      [
        '../../widgets/zebra-widget/Zebra.astro',
        '../../widgets/pixel-grid/PixelGrid.astro',
        '../../widgets/pixel-grid/Helper.astro',
        '../../widgets/live-demo/LiveDemo.astro',
        '../../widgets/_kit/FaceSource.astro',
        '../../widgets/two-files/A.astro',
        '../../widgets/two-files/B.astro',
        'widgets/Bad_Name/Bad.astro',
        '../../widgets/nested/deeper/X.astro',
      ],
      WIDGETS,
    );
    expect(found.map((f) => [f.embed.id, f.shell])).toEqual([
      ['live-demo', '../../widgets/live-demo/LiveDemo.astro'],
      ['pixel-grid', '../../widgets/pixel-grid/PixelGrid.astro'],
      ['zebra-widget', '../../widgets/zebra-widget/Zebra.astro'],
    ]);
  });

  it('finds every shell on disk that follows the convention', () => {
    const onDisk = readdirSync('src/widgets', { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) =>
        readdirSync(join('src/widgets', d.name))
          .filter((f) => f.endsWith('.astro'))
          .map((f) => `widgets/${d.name}/${f}`),
      );
    const found = findWidgets(onDisk, WIDGETS).map((f) => f.embed.id);
    for (const w of WIDGETS) {
      if (w.embeddable === false) continue;
      if (existsSync(join('src/widgets', w.id, w.shell ?? `${pascalCase(w.id)}.astro`)))
        expect(found, w.id).toContain(w.id);
    }
  });
});

describe('the code a teacher copies', () => {
  const demo = widgetEmbed('live-demo');
  const grid = widgetEmbed('pixel-grid');

  it('is an iframe with the link, a title, the size, allow="camera" for camera widgets, and the resize script', () => {
    const code = iframeCode(demo, { origin: 'https://el.example/' });
    expect(code).toBe(
      '<iframe src="https://el.example/embed/live-demo/" title="Live emotion demo (Emotion Lens)" width="100%" ' +
        `height="${demo.height}" style="display:block;width:100%;max-width:100%;border:0" allow="camera" loading="lazy"></iframe>\n` +
        '<script src="https://el.example/embed.js" async></script>',
    );
  });

  it('drops allow="camera" when the camera is switched off, escapes the link, and can leave the script out', () => {
    const code = iframeCode(grid, {
      origin: 'https://el.example',
      values: { camera: false, hide: ['size', 'array'] },
      height: 500,
      resizeScript: false,
    });
    expect(code).toContain(
      'src="https://el.example/embed/pixel-grid/?camera=off&amp;hide=size,array"',
    );
    expect(code).toContain('height="500"');
    expect(code).not.toContain('allow=');
    expect(code).not.toContain('<script');
    expect(wantsCamera(grid, { camera: true })).toBe(true);
    expect(wantsCamera(widgetEmbed('cnn-anatomy'), {})).toBe(false);
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });

  it('links round-trip through the address parser', () => {
    const values = {
      ...defaultValues(embedOptions(demo)),
      camera: false,
      range: 'full',
      share: ['scores'],
      theme: 'dark',
    };
    const url = new URL(embedUrl('https://el.example', demo, values));
    expect(url.pathname).toBe('/embed/live-demo/');
    expect(url.search).toBe('?camera=off&range=full&share=scores&theme=dark');
    expect(parseOptions(embedOptions(demo), url.search)).toEqual({ values, ignored: [] });
  });

  it('keeps the builder’s own address short', () => {
    expect(builderQuery(grid, defaultValues(embedOptions(grid)), grid.height, true)).toBe(
      'widget=pixel-grid',
    );
    expect(
      builderQuery(grid, { ...defaultValues(embedOptions(grid)), camera: false }, 480, false),
    ).toBe('widget=pixel-grid&camera=off&height=480&resize=off');
  });

  it('has an oEmbed 1.0 "rich" document per widget', () => {
    const doc = oembedDocument(demo, 'https://el.example');
    expect(doc).toMatchObject({
      version: '1.0',
      type: 'rich',
      title: demo.title,
      provider_name: 'Emotion Lens',
      provider_url: 'https://el.example/',
      height: demo.height,
    });
    expect(doc.width).toBeGreaterThan(0);
    expect(doc.html).toBe(iframeCode(demo, { origin: 'https://el.example', resizeScript: false }));
  });
});

describe('lesson plans', () => {
  const dir = 'src/content/lesson-plans';
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

  it('exist for every lesson, named after it', () => {
    expect(files.map((f) => f.replace(/\.yaml$/, '')).sort()).toEqual([...lessons].sort());
  });

  for (const file of files) {
    it(`${file}: valid, a declared widget with valid embed options`, () => {
      const plan = lessonPlanSchema.parse(yaml.load(readFileSync(join(dir, file), 'utf8')));
      expect(`${plan.lesson}.yaml`).toBe(file);
      const w = WIDGETS.find((x) => x.id === plan.activity.widget);
      expect(w, plan.activity.widget).toBeDefined();
      expect(w!.embeddable).not.toBe(false);
      const { ignored } = parseOptions(embedOptions(w!), new URLSearchParams(plan.activity.embed));
      expect(ignored).toEqual([]);
      if (w!.camera)
        expect(plan.privacy, 'a camera activity says how to keep faces private').toBeDefined();
    });
  }
});
