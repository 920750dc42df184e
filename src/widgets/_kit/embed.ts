/** The kit's picture picker (face-source) in the embed registry: declared so it is never embedded alone. */
import type { WidgetEmbed } from '../../lib/embed/widgets.ts';
import { kitText } from './text.ts';

export const embed: WidgetEmbed = {
  // The picture picker inside the camera widgets: on its own it shows no picture, so it is not
  // embedded by itself (every camera widget's embed page carries it).
  id: 'face-source',
  embeddable: false,
  title: kitText('embed.title'),
  description: kitText('embed.description'),
  height: 300,
  camera: true,
  options: {},
};
