/**
 * Errors of the emotion model and its TF.js backend, with a sentence for the reader (`message`) and
 * what to do next (`hint`), like the VisionErrors of src/lib/vision (camera, photo, face detector).
 */
import { siteText } from '../site-text.ts';

export type PipelineErrorCode = 'model-missing' | 'model-corrupt' | 'model-network' | 'no-backend';

const TEXT: Record<PipelineErrorCode, { message: string; hint: string }> = {
  'model-missing': { message: siteText('modelMissing'), hint: siteText('siteProblemTryLater') },
  'model-corrupt': { message: siteText('modelCorrupt'), hint: siteText('reloadOrSiteNeedsFixing') },
  'model-network': { message: siteText('modelNetwork'), hint: siteText('checkConnection') },
  'no-backend': { message: siteText('noBackend'), hint: siteText('tryRecentBrowser') },
};

export class PipelineError extends Error {
  readonly code: PipelineErrorCode;
  readonly hint: string;

  constructor(code: PipelineErrorCode, options?: { cause?: unknown; message?: string }) {
    super(options?.message ?? TEXT[code].message, options);
    this.name = 'PipelineError';
    this.code = code;
    this.hint = TEXT[code].hint;
  }
}

/** Sorts a failure to load the model card or the TF.js model into missing / network / corrupt. */
export function toModelError(e: unknown): PipelineError {
  if (e instanceof PipelineError) return e;
  const msg = String((e as { message?: unknown } | null)?.message ?? e);
  if (/\b(404|410)\b/.test(msg)) return new PipelineError('model-missing', { cause: e });
  if (/status code|failed to fetch|networkerror|network error|load failed/i.test(msg))
    return new PipelineError('model-network', { cause: e });
  return new PipelineError('model-corrupt', { cause: e });
}
