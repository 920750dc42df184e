/**
 * What an embed declaration is, and the helpers widgets declare theirs with. Each widget says how it
 * is embedded in its own folder (src/widgets/<id>/embed.ts): its title and description for teachers,
 * the lesson it belongs to, a default iframe height, and the options a teacher may set in the address
 * (each bound to an attribute the widget's custom element reads). src/widgets/embeds.ts gathers them.
 *
 * A widget's embed page is built only when its Astro shell exists
 * (src/widgets/<id>/<PascalCaseId>.astro). A shell with no declaration would get a plain embed page
 * (no options); tests/unit/embed-registry.test.ts asks every widget folder for its embed.ts.
 *
 * Only offer an option the widget (or the embed page) really honours: an option that does nothing
 * is a broken promise to a teacher. Attribute conventions for widget authors:
 *   hide="a b"      names of control groups the teacher hid. The embed page hides them itself (the
 *                   elements marked data-control="<name>", or the registry's selector), so a widget
 *                   only needs to read `hide` to re-flow its layout
 *   no-camera       present: offer only the sample photos and uploads, never the camera (the embed
 *                   page also hides the picker's camera button)
 *   sample="<id>"   start with this bundled sample photo (file name without .jpg)
 *   reduced-motion  present: no animation (set on every widget when the address says motion=reduce;
 *                   <html data-reduced-motion> too)
 *   share="scores"  the teacher lets the widget post these results about the reader to the page
 *                   around the iframe (post them with messages.ts shareWithParent, and say so to
 *                   the reader while it applies); without it nothing about the reader leaves the frame
 * Widgets that reflect the reader's changes back into their option attributes (e.g. a kernel preset)
 * keep the embed page's shareable link in step for free.
 */
import { SHARE_ATTRIBUTE, type Shareable } from './messages.ts';
import type { BooleanOption, Choice, ChoiceOption, OptionSpecs, SetOption } from './options.ts';
import { embedText as t } from './text.ts';

export interface WidgetEmbed {
  /** The folder name under src/widgets/ (also the URL: /embed/<id>/). */
  id: string;
  /** Shown as the embed's heading, in the builder and in oEmbed. */
  title: string;
  /** One sentence for teachers: what the class will do with it. */
  description: string;
  /** Slug of the lesson it comes from (for "Open the full lesson"). */
  lesson?: string;
  /** The custom element's tag; by default the first custom element the shell renders. */
  element?: string;
  /** The shell's file name in the widget folder, when it is not <PascalCaseId>.astro. */
  shell?: string;
  /**
   * Props for the shell at build time (the embed renders the shell like a lesson does); a list renders
   * the shell once per entry, e.g. each part of a widget that a lesson places in several spots.
   */
  props?: Record<string, unknown> | readonly Record<string, unknown>[];
  /**
   * Default iframe height in CSS pixels, used when the host page has no resize script: enough for the
   * widget's main part in a ~640 px wide frame; the rest scrolls inside the frame.
   */
  height: number;
  /** Uses the camera: the iframe code gets allow="camera" (unless the camera option is off). */
  camera?: boolean;
  /** The options a teacher may set, in the order the builder shows them. */
  options: OptionSpecs;
  /** False for a part of other widgets that shows nothing on its own (no embed page is built). */
  embeddable?: boolean;
}

/* ---------- Options shared by many widgets (helpers keep names and wording identical) ---------- */

/**
 * Named control groups the teacher may hide: name → label, or [label, CSS selector inside the
 * widget] when the widget does not mark the group with data-control="<name>".
 */
export function hideControls(
  controls: Record<string, string | readonly [label: string, selector: string]>,
): SetOption {
  return {
    type: 'set',
    label: t('hide.label'),
    help: t('hide.help'),
    attribute: 'hide',
    default: [],
    hidesChosen: true,
    choices: Object.entries(controls).map(([value, c]) =>
      typeof c === 'string' ? { value, label: c } : { value, label: c[0], selector: c[1] },
    ),
  };
}

/**
 * What the widget may pass to the page around its iframe besides its height and settings: results
 * that describe the reader. Off unless the teacher ticks it (`share=scores`); the widget reads the
 * attribute (src/lib/embed/messages.ts: shareWithParent) and, while it applies, tells the reader.
 */
export function shareWithHost(choices: Record<Shareable, string>, help: string): SetOption {
  return {
    type: 'set',
    label: t('share.label'),
    help,
    attribute: SHARE_ATTRIBUTE,
    default: [],
    choices: Object.entries(choices).map(([value, label]) => ({ value, label })),
  };
}

export const cameraOption: BooleanOption = {
  type: 'boolean',
  label: t('camera.label'),
  help: t('camera.help'),
  attribute: 'no-camera',
  present: false,
  default: true,
  // Also hidden by the embed page, for widgets whose picker does not read no-camera itself: the
  // picker marks its camera button and note data-control="camera", like any hideable part.
  hides: '[data-control="camera"]',
};

/** The sample photos bundled with the site (public/vendor/samples, made by scripts/prepare-assets.ts). */
export const SAMPLE_PHOTOS: readonly Choice[] = [
  { value: 'sample1', label: t('sample.sample1') },
  { value: 'sample3', label: t('sample.sample3') },
  { value: 'sample4', label: t('sample.sample4') },
  { value: 'sample5', label: t('sample.sample5') },
  { value: 'sample6', label: t('sample.sample6') },
];

export const samplePhotoOption: ChoiceOption = {
  type: 'choice',
  label: t('photo.label'),
  help: t('photo.help'),
  attribute: 'sample',
  default: 'none',
  choices: [{ value: 'none', label: t('photo.none') }, ...SAMPLE_PHOTOS],
};

/**
 * Options every embed page offers, handled by the page itself (no element attribute): colours,
 * animation and the heading. They come after the widget's own options in links and in the builder.
 */
export const commonOptions: OptionSpecs = {
  theme: {
    type: 'choice',
    label: t('theme.label'),
    default: 'auto',
    choices: [
      { value: 'auto', label: t('theme.auto') },
      { value: 'light', label: t('theme.light') },
      { value: 'dark', label: t('theme.dark') },
    ],
  },
  motion: {
    type: 'choice',
    label: t('motion.label'),
    help: t('motion.help'),
    default: 'auto',
    choices: [
      { value: 'auto', label: t('motion.auto') },
      { value: 'reduce', label: t('motion.reduce') },
    ],
  },
  title: {
    type: 'boolean',
    label: t('title.label'),
    help: t('title.help'),
    default: true,
  },
};

/**
 * A widget built around the shared picture picker (src/widgets/face-source): its custom element is
 * named like its folder, its iframe asks for the camera, and its options start with the camera switch
 * and the starting photo (`photoHelp` rewords the latter's help), then come its own.
 */
export function pickerWidget({
  options = {},
  photoHelp,
  ...w
}: Omit<WidgetEmbed, 'element' | 'camera' | 'options'> & {
  options?: OptionSpecs;
  photoHelp?: string;
}): WidgetEmbed {
  const photo = photoHelp ? { ...samplePhotoOption, help: photoHelp } : samplePhotoOption;
  return {
    element: w.id,
    ...w,
    camera: true,
    options: { camera: cameraOption, photo, ...options },
  };
}

/** A plain declaration (no options) for a widget folder that has no embed.ts yet. */
export function plainEmbed(id: string): WidgetEmbed {
  const words = id.split('-').join(' ');
  return {
    id,
    title: words.charAt(0).toUpperCase() + words.slice(1),
    description: t('plain.description', { words }),
    height: 600,
    options: {},
  };
}

/** Every option of a widget's embed page: its own first, then the common ones. */
export function embedOptions(w: WidgetEmbed): OptionSpecs {
  return { ...w.options, ...commonOptions };
}

/** "live-demo" → "LiveDemo" (the shell's default file name is LiveDemo.astro). */
export function pascalCase(id: string): string {
  return id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** Whether the widget asks for the camera with these option values (camera option absent = yes). */
export function wantsCamera(w: WidgetEmbed, values: Record<string, unknown>): boolean {
  if (!w.camera) return false;
  return !('camera' in w.options) || values.camera !== false;
}
