/**
 * <face-mesh>: the island's first script, kept tiny. It loads the page logic (mesh-app.ts, no TF.js)
 * when the widget comes near the viewport, or at once when the reader picks a picture; mesh-app.ts
 * loads TF.js, the face finder and the face-mesh model when a picture is chosen.
 */
import { defineLazyWidget } from '../_kit/lazy-widget.ts';

defineLazyWidget('face-mesh', () => import('./mesh-app.ts'));
