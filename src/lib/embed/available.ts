/**
 * The widgets that exist in this build (build time only), found on disk: a widget is embeddable once
 * its folder has its Astro shell (see discover.ts). Listing them this way keeps pages that only need
 * the list (/teach/, the oEmbed files) free of the widgets' code and styles; the embed pages load the
 * shells themselves with import.meta.glob, through the same findWidgets().
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { findWidgets, type FoundWidget } from './discover.ts';
import type { WidgetEmbed } from './widgets.ts';

export const WIDGETS_DIR = join(process.cwd(), 'src/widgets');

/** Paths like "widgets/live-demo/LiveDemo.astro" for every .astro file one folder below src/widgets/. */
export function shellPathsOnDisk(dir: string = WIDGETS_DIR): string[] {
  const out: string[] = [];
  let folders: string[] = [];
  try {
    folders = readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
  } catch {
    return out;
  }
  for (const folder of folders) {
    for (const f of readdirSync(join(dir, folder)))
      if (f.endsWith('.astro')) out.push(`widgets/${folder}/${f}`);
  }
  return out.sort();
}

/** The widgets of `registry` (src/widgets/embeds.ts) whose shell is on disk. */
export function availableWidgets(registry: readonly WidgetEmbed[]): FoundWidget[] {
  return findWidgets(shellPathsOnDisk(), registry);
}
