/**
 * Pacing routes through the nine lessons for /teach/unit/: the full unit and two shorter ones. Lessons
 * by slug; each class is one 45-minute lesson plan.
 */
export interface PacingRoute {
  id: string;
  title: string;
  /** Lesson slugs, in class order. */
  lessons: string[];
  /** What the route keeps and what it leaves out. */
  note: string;
}

export const ROUTES: PacingRoute[] = [
  {
    id: 'full',
    title: 'Full unit',
    lessons: [
      'can-a-computer-read-a-face',
      'a-picture-is-a-grid-of-numbers',
      'sliding-windows-convolutions',
      'stacking-layers',
      'learning-by-nudging',
      'transfer-learning',
      'comparing-models',
      'face-mesh',
      'limits-bias-privacy',
    ],
    note: 'Every lesson in order, one class each.',
  },
  {
    id: 'five',
    title: 'Five classes',
    lessons: [
      'can-a-computer-read-a-face',
      'a-picture-is-a-grid-of-numbers',
      'sliding-windows-convolutions',
      'learning-by-nudging',
      'limits-bias-privacy',
    ],
    note: 'From pixels and filters to training and the hard questions. Leaves out the layer-by-layer view, transfer learning, comparing models and the face mesh; in lesson 5, say in a sentence that a network is layers of filters whose numbers training sets.',
  },
  {
    id: 'short',
    title: 'Three classes',
    lessons: ['can-a-computer-read-a-face', 'learning-by-nudging', 'limits-bias-privacy'],
    note: 'What the program does, how it learns from labelled faces, and where it fails. Before lesson 5, sketch a network on the board as a stack of adjustable numbers between the face and the seven scores.',
  },
];
