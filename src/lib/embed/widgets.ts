/**
 * The embed registry: one short declaration per widget says how it is embedded — its title and
 * description for teachers, the lesson it belongs to, a default iframe height, and the options a
 * teacher may set in the address (each bound to an attribute the widget's custom element reads).
 *
 * A widget joins the embed system by being listed here; its embed page is built only when its Astro
 * shell exists (src/widgets/<id>/<PascalCaseId>.astro), so a declaration may land before the widget.
 * A widget folder with a shell but no declaration still gets a plain embed page (no options).
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
import { MAX_PREDICTIONS_PER_SECOND, SHARE_ATTRIBUTE, type Shareable } from './messages.ts';
import type { BooleanOption, Choice, ChoiceOption, OptionSpecs, SetOption } from './options.ts';

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
    label: 'Hide these controls',
    help: 'Hidden controls keep their starting value, so the class can focus on one idea.',
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
    label: 'Share results with your page',
    help,
    attribute: SHARE_ATTRIBUTE,
    default: [],
    choices: Object.entries(choices).map(([value, label]) => ({ value, label })),
  };
}

/** The camera button of the shared picture picker (src/widgets/_kit/FaceSource.astro). */
const PICKER_CAMERA = 'face-source [data-fs="camera"], face-source [data-fs="camera-note"]';

export const cameraOption: BooleanOption = {
  type: 'boolean',
  label: 'Offer the camera',
  help: 'Switch off for classrooms without cameras, or to keep faces off screen: the widget then offers the sample photos and uploads only.',
  attribute: 'no-camera',
  present: false,
  default: true,
  // Also hidden by the embed page, for widgets whose picker does not read no-camera itself.
  hides: PICKER_CAMERA,
};

/** The sample photos bundled with the site (public/vendor/samples, made by scripts/prepare-assets.ts). */
export const SAMPLE_PHOTOS: readonly Choice[] = [
  { value: 'sample1', label: 'Three friends in party costumes' },
  { value: 'sample3', label: 'Three friends on a sofa' },
  { value: 'sample4', label: 'Four friends in a living room' },
  { value: 'sample5', label: 'Five friends on a staircase' },
  { value: 'sample6', label: 'Four friends by a window' },
];

export const samplePhotoOption: ChoiceOption = {
  type: 'choice',
  label: 'Start with a sample photo',
  help: 'The widget opens on this photo instead of waiting for the camera.',
  attribute: 'sample',
  default: 'none',
  choices: [{ value: 'none', label: 'No, wait for the reader' }, ...SAMPLE_PHOTOS],
};

/**
 * Options every embed page offers, handled by the page itself (no element attribute): colours,
 * animation and the heading. They come after the widget's own options in links and in the builder.
 */
export const commonOptions: OptionSpecs = {
  theme: {
    type: 'choice',
    label: 'Colours',
    default: 'auto',
    choices: [
      { value: 'auto', label: 'Follow the reader’s device' },
      { value: 'light', label: 'Light' },
      { value: 'dark', label: 'Dark' },
    ],
  },
  motion: {
    type: 'choice',
    label: 'Animation',
    help: 'Reduced: no moving effects, whatever the device says (the widget also gets reduced-motion).',
    default: 'auto',
    choices: [
      { value: 'auto', label: 'Follow the reader’s device' },
      { value: 'reduce', label: 'Reduced' },
    ],
  },
  title: {
    type: 'boolean',
    label: 'Show the title',
    help: 'Off when your page already has a heading above the widget (it stays readable by screen readers).',
    default: true,
  },
};

/**
 * A widget built around the shared picture picker (src/widgets/face-source): its custom element is
 * named like its folder, its iframe asks for the camera, and its options start with the camera switch
 * and the starting photo (`photoHelp` rewords the latter's help), then come its own.
 */
function pickerWidget({
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

/* ---------- The widgets ---------- */

export const WIDGETS: readonly WidgetEmbed[] = [
  pickerWidget({
    // Reads range (and backend); the embed page hides its parts by selector (data-ld names).
    id: 'live-demo',
    title: 'Live emotion demo',
    description:
      'The computer finds each face in the camera picture or a photo and shows its guess for seven emotions, with the scores.',
    lesson: 'can-a-computer-read-a-face',
    height: 900,
    options: {
      range: {
        type: 'choice',
        label: 'Faces are…',
        help: 'Far: for a camera at the back of the room (a little slower).',
        attribute: 'range',
        default: 'short',
        choices: [
          { value: 'short', label: 'Near the camera (up to about 2 m)' },
          { value: 'full', label: 'Far from the camera (up to about 5 m)' },
        ],
      },
      hide: hideControls({
        range: ['The near/far choice', '[data-ld="range"]'],
        inside: ['“Look inside the network”', '.ld-inside'],
        meta: ['The technical line (engine, frames per second)', '.ld-meta'],
      }),
      share: shareWithHost(
        { scores: 'Send my page the emotion scores of each face (never the picture)' },
        `Off unless you tick it. When on, your page receives the scores up to ${MAX_PREDICTIONS_PER_SECOND} times a second, and the demo tells students that the page around it gets them. Only for pages with their own code that uses them.`,
      ),
    },
  }),
  {
    // The picture picker inside the camera widgets: on its own it shows no picture, so it is not
    // embedded by itself (every camera widget's embed page carries it).
    id: 'face-source',
    embeddable: false,
    title: 'Choose a face: camera, sample photo or upload',
    description:
      'Pick where the face comes from: your camera, a sample photo or a picture of your own.',
    height: 300,
    camera: true,
    options: {},
  },
  pickerWidget({
    id: 'pixel-grid',
    title: 'A face as a grid of numbers',
    description:
      'Zoom into a face until it becomes a grid of grey squares, and read the number behind each square.',
    lesson: 'a-picture-is-a-grid-of-numbers',
    height: 1000,
    options: {
      hide: hideControls({
        size: ['The grid size slider', '.pg-size'],
        channels: ['The red, green and blue channels', '.pg-channels-box'],
        array: ['“The exact array the model receives”', '.pg-array'],
      }),
    },
  }),
  pickerWidget({
    id: 'convolution-playground',
    title: 'Convolution playground',
    description:
      'Slide a 3 × 3 filter over a face and watch edges, lines and spots light up in the feature map.',
    lesson: 'sliding-windows-convolutions',
    height: 1100,
    options: {
      hide: hideControls({
        numbers: ['Typing your own filter numbers (the presets stay)', '.cp-kernel'],
        stepper: ['The step-by-step animation', '.cp-stepper'],
        settings: ['Stride and padding', '.cp-settings'],
      }),
    },
  }),
  pickerWidget({
    // Standalone: with its own picture picker (inside the live demo it is fed by the demo).
    id: 'feature-maps',
    props: { standalone: true },
    title: 'What each layer sees',
    description:
      'The feature maps of every layer of the network for one face, from simple edges to abstract patterns.',
    lesson: 'stacking-layers',
    height: 700,
  }),
  {
    id: 'cnn-anatomy',
    element: 'cnn-anatomy',
    title: 'Inside our network, layer by layer',
    description:
      'A diagram of the real network that reads emotions: every layer, the size of what it passes on, and how many numbers it learned.',
    lesson: 'stacking-layers',
    height: 1000,
    options: {},
  },
  pickerWidget({
    // Four parts, each its own element: the embed shows them all; the teacher may hide some.
    id: 'training-story',
    props: [
      { part: 'history', id: 'history' },
      { part: 'classes', id: 'classes' },
      { part: 'faces', id: 'faces' },
      { part: 'augment', id: 'augment' },
    ],
    title: 'How the network learned',
    description:
      'Two real training runs, epoch by epoch — one made to overfit, one with our recipe: how wrong the network was on pictures it learned from and on pictures kept aside.',
    lesson: 'learning-by-nudging',
    height: 1200,
    photoHelp: 'The part with flips and turns opens on this photo.',
    options: {
      hide: hideControls({
        history: [
          'The training charts (loss and accuracy per epoch)',
          'training-story[data-part="history"]',
        ],
        classes: ['How many pictures each emotion has', 'training-story[data-part="classes"]'],
        faces: ['The average face of each emotion', 'training-story[data-part="faces"]'],
        augment: ['Flips and turns on your own photo', 'training-story[data-part="augment"]'],
      }),
    },
  }),
  pickerWidget({
    id: 'transfer-lab',
    title: 'Teach the network new faces',
    description:
      'Name a few new expressions, show the camera some examples of each, and train a new head on top of our network in the browser.',
    lesson: 'transfer-learning',
    height: 1100,
  }),
  {
    id: 'model-comparison',
    element: 'model-comparison',
    title: 'Comparing models honestly',
    description:
      'Several networks side by side on the same test pictures: accuracy, size, training time and speed on your own device.',
    lesson: 'comparing-models',
    height: 900,
    options: {
      hide: hideControls({
        metrics: ['The “Compare by” choice', '.mc-metrics'],
        speed: ['Measuring the speed on this device', '.mc-speed'],
        table: ['The table of all the numbers', '.mc-table'],
      }),
    },
  },
  {
    id: 'confusion-matrix',
    element: 'confusion-matrix',
    title: 'Which emotions get mixed up',
    description:
      'A confusion matrix of our network on the test pictures; each cell explains itself in words.',
    lesson: 'comparing-models',
    height: 900,
    options: {
      hide: hideControls({
        model: ['The choice of model', '.cm-controls > .cm-field:not(.cm-mode)'],
        mode: ['Counts or percentages', '.cm-mode'],
      }),
    },
  },
  pickerWidget({
    id: 'face-mesh',
    title: 'The face mesh',
    description:
      'Points on the face instead of pixels: see the landmarks the computer tracks and how their distances describe an expression.',
    lesson: 'face-mesh',
    height: 1000,
    options: {
      hide: hideControls({
        neutral: ['Choosing the neutral face', '.fm-neutral-row'],
        rules: ['The rules on the changes', 'section[aria-labelledby="fm-rules-title"]'],
      }),
    },
  }),
  pickerWidget({
    id: 'fool-the-model',
    title: 'Fool the model',
    description:
      'A short game: make the computer say “happy” without smiling — and see that it reads a face, not what you feel.',
    lesson: 'limits-bias-privacy',
    height: 800,
    options: {
      hide: hideControls({
        score: ['The score and “Reset the game”', '.ftm-top'],
        list: ['The list of all challenges', '.ftm-list'],
      }),
    },
  }),
];

/** The declaration for a widget id, or a plain one (no options) for a widget that has none yet. */
export function widgetEmbed(id: string): WidgetEmbed {
  return WIDGETS.find((w) => w.id === id) ?? plainEmbed(id);
}

export function plainEmbed(id: string): WidgetEmbed {
  const words = id.split('-').join(' ');
  return {
    id,
    title: words.charAt(0).toUpperCase() + words.slice(1),
    description: `The “${words}” widget from Emotion Lens.`,
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
