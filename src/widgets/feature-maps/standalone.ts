/**
 * <feature-maps standalone>: the feature maps with their own picture picker (lesson 4). Loaded when
 * the reader first picks a picture; runs the shared pipeline and draws the maps of the largest face
 * (or the face picked with the "Face" buttons), plus the 48×48 input it came from.
 */
import type { Prediction } from "../../lib/pipeline/types.ts";
import type { FaceSourceElement } from "../face-source/face-source.ts";
import { PipelineSession } from "../face-source/session.ts";
import type { FeatureMapsElement } from "./feature-maps.ts";
import { FeatureMapsView } from "./view.ts";

export function startStandalone(el: FeatureMapsElement): PipelineSession | null {
  const picker = el.querySelector<FaceSourceElement>("face-source");
  if (!picker) return null;
  el.attach(new FeatureMapsView(el));
  const crop = el.querySelector<HTMLCanvasElement>('[data-fm="crop"]');
  const status = el.querySelector<HTMLElement>('[data-fm="face-status"]');
  let lastStatus = "";
  const setStatus = (text: string) => {
    if (status && text !== lastStatus) status.textContent = lastStatus = text;
  };

  const session = new PipelineSession({
    picker,
    wantFeatureMaps: () => el.wanted,
    featureMapsInterval: 150,
    featureMapsShare: 0.5,
    onSource: (d) => {
      if (!d.source) {
        el.clear();
        setStatus("");
      }
    },
    onPrediction: (p: Prediction) => {
      if (p.faces.length === 0) {
        setStatus(p.source === "image" ? "No face found in this picture. Try another photo or a sample." : "No face found yet: face the camera, in good light.");
        return;
      }
      if (!p.featureMaps) return;
      const i = Math.max(0, p.faces.findIndex((f) => f.id === p.featureMaps!.faceId));
      const face = p.faces[i]!;
      el.render(p.featureMaps.maps, { faceName: p.faces.length > 1 ? `the largest of the ${p.faces.length} faces` : "this face" });
      setStatus(p.faces.length > 1 ? `Showing the largest of ${p.faces.length} faces.` : "");
      if (crop) drawCrop(crop, face.crop, p.cropSize.width, p.cropSize.height);
    },
  });
  el.addEventListener("wanted", () => {
    if (picker.source && !picker.source.live) session.refresh();
  });
  return session;
}

/** Draws a 0–255 crop (gray or RGB) into a canvas of its own size (CSS scales it up, pixelated). */
export function drawCrop(canvas: HTMLCanvasElement, values: Float32Array, width: number, height: number): void {
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const ctx = canvas.getContext("2d")!;
  const img = ctx.createImageData(width, height);
  const channels = values.length / (width * height);
  for (let p = 0; p < width * height; p++) {
    const i = p * channels;
    img.data[4 * p] = values[i]!;
    img.data[4 * p + 1] = values[channels >= 3 ? i + 1 : i]!;
    img.data[4 * p + 2] = values[channels >= 3 ? i + 2 : i]!;
    img.data[4 * p + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}
