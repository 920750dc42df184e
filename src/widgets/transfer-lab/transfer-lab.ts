/**
 * <transfer-lab>: the island's first script, kept tiny. It loads the lab's page logic (lab.ts, no
 * TF.js) when the widget comes near the viewport, or at once when the reader picks a picture; lab.ts
 * then loads TF.js, the model and the face finder when a picture is chosen.
 */
import { defineLazyWidget } from '../_kit/lazy-widget.ts';

defineLazyWidget('transfer-lab', () => import('./lab.ts'));
