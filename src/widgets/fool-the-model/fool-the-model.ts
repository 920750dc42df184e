/**
 * <fool-the-model>: the island's first script, kept tiny. It loads the game's page logic (game-app.ts,
 * no TF.js) when the widget comes near the viewport, or at once when the reader picks a picture;
 * game-app.ts loads TF.js and the face finder when a picture is chosen.
 */
import { defineLazyWidget } from '../_kit/lazy-widget.ts';

defineLazyWidget('fool-the-model', () => import('./game-app.ts'));
