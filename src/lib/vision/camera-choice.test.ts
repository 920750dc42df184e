import { describe, expect, it } from 'vitest';
import {
  cameraNames,
  chooseCamera,
  listCameras,
  videoConstraints,
  type CameraInfo,
} from './camera.ts';

const front: CameraInfo = { deviceId: 'front-id', label: 'Front camera' };
const back: CameraInfo = { deviceId: 'back-id', label: 'Back camera' };
const hidden = (n: number): CameraInfo[] =>
  Array.from({ length: n }, () => ({ deviceId: '', label: '' }));

describe('listCameras', () => {
  it('keeps only the video inputs, in the browser order', async () => {
    const devices = [
      { kind: 'audioinput', deviceId: 'mic', label: 'Microphone', groupId: '' },
      { kind: 'videoinput', deviceId: 'front-id', label: 'Front camera', groupId: '' },
      { kind: 'videoinput', deviceId: 'back-id', label: 'Back camera', groupId: '' },
    ] as MediaDeviceInfo[];
    expect(await listCameras({ enumerateDevices: async () => devices })).toEqual([front, back]);
  });

  it('is empty where the browser cannot enumerate devices', async () => {
    expect(await listCameras(undefined)).toEqual([]);
  });
});

describe('chooseCamera', () => {
  it('asks for the remembered camera while it is listed', () => {
    expect(chooseCamera([front, back], 'back-id')).toBe('back-id');
  });

  it('falls back to the default camera when the remembered one is gone or none was kept', () => {
    expect(chooseCamera([front], 'back-id')).toBeUndefined();
    expect(chooseCamera([front, back], null)).toBeUndefined();
    expect(chooseCamera([], 'back-id')).toBeUndefined();
  });

  it('keeps the remembered camera while the list hides ids (before permission)', () => {
    expect(chooseCamera(hidden(2), 'back-id')).toBe('back-id');
  });
});

describe('cameraNames', () => {
  it('uses the labels, and numbers the cameras while labels are hidden', () => {
    const unnamed = (n: number) => `Camera ${n}`;
    expect(cameraNames([front, back], unnamed)).toEqual(['Front camera', 'Back camera']);
    expect(cameraNames(hidden(2), unnamed)).toEqual(['Camera 1', 'Camera 2']);
  });
});

describe('videoConstraints', () => {
  it('asks for the chosen device exactly, else for the front camera', () => {
    expect(videoConstraints({ deviceId: 'back-id' }).deviceId).toEqual({ exact: 'back-id' });
    expect(videoConstraints({ deviceId: 'back-id' }).facingMode).toBeUndefined();
    expect(videoConstraints({}).facingMode).toEqual({ ideal: 'user' });
    expect(videoConstraints({}).deviceId).toBeUndefined();
  });
});
