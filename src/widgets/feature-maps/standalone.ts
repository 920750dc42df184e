/**
 * <feature-maps standalone>: the feature maps with their own picture picker (lesson 4). Loaded when
 * the reader first picks a picture; runs the shared pipeline and draws the maps of the largest face
 * (or the face picked with the "Face" buttons), plus the 48×48 input it came from.
 */
import type { Prediction } from '../../lib/pipeline/types.ts';
import type { FaceSourceElement } from '../_kit/face-source.ts';
import { EmotionRuntime } from '../_kit/emotion-runtime.ts';
import { FaceSession } from '../_kit/face-session.ts';
import type { FeatureMapsElement } from './feature-maps.ts';
import { drawCrop } from '../_kit/draw-crop.ts';
import { FeatureMapsView } from '../_kit/feature-maps-view.ts';
import { kitText } from '../_kit/text.ts';
import { featureMapsText } from './text.ts';

export function startStandalone(el: FeatureMapsElement): FaceSession<EmotionRuntime> | null {
  const picker = el.querySelector<FaceSourceElement>('face-source');
  if (!picker) return null;
  el.attach(new FeatureMapsView(el));
  const crop = el.querySelector<HTMLCanvasElement>('[data-fm="crop"]');
  const status = el.querySelector<HTMLElement>('[data-fm="face-status"]');
  let lastStatus = '';
  const setStatus = (text: string) => {
    if (status && text !== lastStatus) status.textContent = lastStatus = text;
  };

  const onPrediction = (p: Prediction) => {
    if (p.faces.length === 0) {
      setStatus(p.source === 'image' ? kitText('noFaceInPhoto') : kitText('noFaceOnCamera'));
      return;
    }
    if (!p.featureMaps) return;
    const i = Math.max(
      0,
      p.faces.findIndex((f) => f.id === p.featureMaps!.faceId),
    );
    const face = p.faces[i]!;
    el.render(p.featureMaps.maps, {
      faceName:
        p.faces.length > 1
          ? featureMapsText('largestFace', { faces: p.faces.length })
          : featureMapsText('thisFace'),
    });
    setStatus(
      p.faces.length > 1 ? featureMapsText('showingLargest', { faces: p.faces.length }) : '',
    );
    if (crop) drawCrop(crop, face.crop, p.cropSize.width, p.cropSize.height);
  };
  const session = new FaceSession({
    picker,
    loadingText: kitText('emotion.loading'),
    createRuntime: (context) =>
      EmotionRuntime.load(context, {
        wantFeatureMaps: () => el.wanted,
        featureMapsInterval: 150,
        featureMapsShare: 0.5,
        onPrediction,
      }),
    onSource: (d) => {
      if (!d.source) {
        el.clear();
        setStatus('');
      }
    },
  });
  void session.load();
  el.addEventListener('wanted', () => {
    if (picker.source && !picker.source.live) session.runtime?.refresh();
  });
  return session.start();
}
