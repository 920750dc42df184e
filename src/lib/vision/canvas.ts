/** 2D canvases for reading and resizing frames in the browser. */

export type Ctx2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/**
 * A 2D context on a new canvas whose pixels are read back often (willReadFrequently keeps them on the
 * CPU): an OffscreenCanvas where the browser has one. Null where there is no 2D context, and outside
 * a browser (Node, where tests pass pixels in memory).
 */
export function readableContext(width: number, height: number): Ctx2D | null {
  if (typeof OffscreenCanvas !== 'function' && typeof document === 'undefined') return null;
  const canvas =
    typeof OffscreenCanvas === 'function'
      ? new OffscreenCanvas(width, height)
      : Object.assign(document.createElement('canvas'), { width, height });
  return canvas.getContext('2d', { willReadFrequently: true }) as Ctx2D | null;
}
