/**
 * The fake-webcam fixture itself: the camera Chromium exposes really plays our clip of a face photo.
 * (Widget tests build on this fixture; see tests/e2e/support/webcam.ts.)
 */
import { execFileSync } from 'node:child_process';
import { expect, test } from './support/fixtures.ts';

test('the fake webcam delivers 640×480 frames of the sample face photo', async ({
  webcamPage,
  webcamClip,
}) => {
  await webcamPage.goto('/');
  const frame = await webcamPage.evaluate(async () => {
    const stream = await navigator.mediaDevices.getUserMedia({
      video: { width: 640, height: 480 },
    });
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    await video.play();
    await new Promise((r) => setTimeout(r, 300));
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(video, 0, 0);
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let r = 0,
      g = 0,
      b = 0;
    for (let i = 0; i < data.length; i += 4) {
      r += data[i]!;
      g += data[i + 1]!;
      b += data[i + 2]!;
    }
    const n = data.length / 4;
    const label = stream.getVideoTracks()[0]!.label;
    stream.getTracks().forEach((t) => t.stop());
    return { width: canvas.width, height: canvas.height, mean: [r / n, g / n, b / n], label };
  });
  expect(frame.width).toBe(640);
  expect(frame.height).toBe(480);

  // The average colour of the first frame of the clip, decoded by ffmpeg, must match what the page saw
  // (Chromium's own fake camera shows a green test pattern instead).
  const rgb = execFileSync('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-i',
    webcamClip,
    '-frames:v',
    '1',
    '-vf',
    'scale=64:48',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    '-',
  ]);
  const expected = [0, 1, 2].map((c) => {
    let s = 0;
    for (let i = c; i < rgb.length; i += 3) s += rgb[i]!;
    return s / (rgb.length / 3);
  });
  for (let c = 0; c < 3; c++) expect(Math.abs(frame.mean[c]! - expected[c]!)).toBeLessThan(12);
});
