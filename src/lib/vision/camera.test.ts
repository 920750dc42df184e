import { describe, expect, it } from 'vitest';
import { cameraUnavailableReason, shouldMirror, toCameraError, type CameraEnv } from './camera.ts';
import { CameraError } from './errors.ts';

const ok: CameraEnv = {
  isSecureContext: true,
  navigator: { mediaDevices: { getUserMedia: () => {} } },
  document: {},
};
const policy = (allowed: boolean): CameraEnv => ({
  ...ok,
  document: { featurePolicy: { allowsFeature: (f) => (f === 'camera' ? allowed : true) } },
});
const domError = (name: string, message = '') => Object.assign(new Error(message), { name });

describe('cameraUnavailableReason (before asking)', () => {
  it('is null when a camera can be requested', () => {
    expect(cameraUnavailableReason(ok)).toBeNull();
    expect(cameraUnavailableReason(policy(true))).toBeNull();
  });

  it('spots an insecure (http://) page', () => {
    expect(cameraUnavailableReason({ ...ok, isSecureContext: false, navigator: {} })?.code).toBe(
      'insecure-context',
    );
  });

  it('spots an iframe without allow="camera"', () => {
    expect(cameraUnavailableReason(policy(false))?.code).toBe('blocked-by-policy');
    const pp: CameraEnv = {
      ...ok,
      document: { permissionsPolicy: { allowsFeature: () => false } },
    };
    expect(cameraUnavailableReason(pp)?.code).toBe('blocked-by-policy');
  });

  it('spots a browser without getUserMedia', () => {
    expect(cameraUnavailableReason({ ...ok, navigator: {} })?.code).toBe('unsupported');
    expect(cameraUnavailableReason({ navigator: {} })?.code).toBe('insecure-context');
  });
});

describe('toCameraError (what getUserMedia threw)', () => {
  it.each([
    ['NotAllowedError', 'Permission denied', ok, 'permission-denied'],
    ['PermissionDeniedError', '', ok, 'permission-denied'],
    ['NotAllowedError', 'Permission denied', policy(false), 'blocked-by-policy'],
    [
      'NotAllowedError',
      'Permissions policy violation: camera is not allowed in this document.',
      ok,
      'blocked-by-policy',
    ],
    ['SecurityError', '', ok, 'blocked-by-policy'],
    ['SecurityError', '', { ...ok, isSecureContext: false }, 'insecure-context'],
    ['NotFoundError', 'Requested device not found', ok, 'no-camera'],
    ['DevicesNotFoundError', '', ok, 'no-camera'],
    ['OverconstrainedError', '', ok, 'no-camera'],
    ['NotReadableError', 'Could not start video source', ok, 'in-use'],
    ['TrackStartError', '', ok, 'in-use'],
    ['AbortError', 'Starting videoinput failed', ok, 'in-use'],
    ['AbortError', 'The operation was aborted.', ok, 'aborted'],
    [
      'TypeError',
      "Cannot read properties of undefined (reading 'getUserMedia')",
      { ...ok, isSecureContext: false },
      'insecure-context',
    ],
    ['WeirdError', '', ok, 'unknown'],
  ] as const)('%s %j → %s', (name, message, env, code) => {
    const e = toCameraError(domError(name, message), env);
    expect(e).toBeInstanceOf(CameraError);
    expect(e.code).toBe(code);
    expect(e.cause).toBeDefined();
  });

  it('gives every code a reader-facing message and a way forward', () => {
    const codes = [
      'permission-denied',
      'no-camera',
      'insecure-context',
      'blocked-by-policy',
      'in-use',
      'unplugged',
      'unsupported',
      'unknown',
    ] as const;
    for (const code of codes) {
      const e = new CameraError(code);
      expect(e.message).toMatch(/camera/i);
      expect(e.message).not.toMatch(/Error|getUserMedia|DOMException/);
      expect(e.hint).toMatch(/sample photos/);
    }
    expect(new CameraError('blocked-by-policy').hint).toContain('allow="camera"');
  });

  it('passes a CameraError through and copes with non-errors', () => {
    const e = new CameraError('no-camera');
    expect(toCameraError(e, ok)).toBe(e);
    expect(toCameraError('boom', ok).code).toBe('unknown');
    expect(toCameraError(null, ok).code).toBe('unknown');
  });
});

describe('shouldMirror', () => {
  it('mirrors a front camera and a desktop webcam, not a back camera', () => {
    expect(shouldMirror({ facingMode: 'user' }, 'environment')).toBe(true);
    expect(shouldMirror({ facingMode: 'environment' }, 'user')).toBe(false);
    expect(shouldMirror({}, 'user')).toBe(true);
    expect(shouldMirror(undefined, 'environment')).toBe(false);
  });
});
