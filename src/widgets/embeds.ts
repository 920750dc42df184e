/**
 * The embed registry: every widget's own declaration (src/widgets/<id>/embed.ts; the kit's picture
 * picker in _kit/embed.ts), in the order the embed builder on /teach/ lists them. A plain list of
 * imports rather than import.meta.glob, because Playwright's Node side and Node scripts read it too;
 * tests/unit/embed-registry.test.ts fails when a widget folder has no embed.ts or this list misses one.
 */
import { availableWidgets as availableIn } from '../lib/embed/available.ts';
import type { FoundWidget } from '../lib/embed/discover.ts';
import { plainEmbed, type WidgetEmbed } from '../lib/embed/widgets.ts';
import { embed as liveDemo } from './live-demo/embed.ts';
import { embed as faceSource } from './_kit/embed.ts';
import { embed as pixelGrid } from './pixel-grid/embed.ts';
import { embed as convolutionPlayground } from './convolution-playground/embed.ts';
import { embed as featureMaps } from './feature-maps/embed.ts';
import { embed as cnnAnatomy } from './cnn-anatomy/embed.ts';
import { embed as trainingStory } from './training-story/embed.ts';
import { embed as transferLab } from './transfer-lab/embed.ts';
import { embed as modelComparison } from './model-comparison/embed.ts';
import { embed as confusionMatrix } from './confusion-matrix/embed.ts';
import { embed as faceMesh } from './face-mesh/embed.ts';
import { embed as foolTheModel } from './fool-the-model/embed.ts';

export const WIDGETS: readonly WidgetEmbed[] = [
  liveDemo,
  faceSource,
  pixelGrid,
  convolutionPlayground,
  featureMaps,
  cnnAnatomy,
  trainingStory,
  transferLab,
  modelComparison,
  confusionMatrix,
  faceMesh,
  foolTheModel,
];

/** The declaration for a widget id, or a plain one (no options) for a widget that has none yet. */
export function widgetEmbed(id: string): WidgetEmbed {
  return WIDGETS.find((w) => w.id === id) ?? plainEmbed(id);
}

/** The widgets whose shell exists in this build, with their declarations (build time only). */
export function availableWidgets(): FoundWidget[] {
  return availableIn(WIDGETS);
}
