/**
 * Which widgets can be embedded in this build: those whose Astro shell exists under src/widgets/.
 * Pure: given the shell files found (paths like "../../widgets/live-demo/LiveDemo.astro"), pick the
 * shell of each widget and pair it with its declaration in the registry it is given
 * (src/widgets/embeds.ts). available.ts feeds it from the disk, the embed route from import.meta.glob.
 */
import { pascalCase, plainEmbed, type WidgetEmbed } from './widgets.ts';

export interface FoundWidget {
  embed: WidgetEmbed;
  /** The shell's path as given. */
  shell: string;
}

const SHELL_PATH = /(?:^|\/)widgets\/([a-z0-9]+(?:-[a-z0-9]+)*)\/([^/]+\.astro)$/;

/**
 * The shell of each widget folder: the declared `shell`, else <PascalCaseId>.astro, else the only
 * .astro file in the folder. Declared widgets come first in registry order, then other folders A–Z.
 */
export function findWidgets(
  shellPaths: readonly string[],
  registry: readonly WidgetEmbed[],
): FoundWidget[] {
  const byFolder = new Map<string, Map<string, string>>();
  for (const path of shellPaths) {
    const m = SHELL_PATH.exec(path);
    if (!m) continue;
    const [, id, file] = m as unknown as [string, string, string];
    if (!byFolder.has(id)) byFolder.set(id, new Map());
    byFolder.get(id)!.set(file, path);
  }
  const ids = [
    ...registry.map((w) => w.id).filter((id) => byFolder.has(id)),
    ...[...byFolder.keys()].filter((id) => !registry.some((w) => w.id === id)).sort(),
  ];
  const found: FoundWidget[] = [];
  for (const id of ids) {
    const files = byFolder.get(id)!;
    const embed = registry.find((w) => w.id === id) ?? plainEmbed(id);
    if (embed.embeddable === false) continue;
    const wanted = embed.shell ?? `${pascalCase(id)}.astro`;
    const shell =
      files.get(wanted) ?? (files.size === 1 && !embed.shell ? [...files.values()][0] : undefined);
    if (shell) found.push({ embed, shell });
  }
  return found;
}
