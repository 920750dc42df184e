/** The middle value (the mean of the two middle ones for an even count): the summary of timings and measurements. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The 95% Wilson score interval of a share measured on `n` items (e.g. an accuracy on n test faces):
 * the range the true share most likely lies in. Unlike "± 1.96 standard errors" it stays inside 0–1
 * and behaves for small n and shares near 0 or 1 (Wilson 1927; Brown, Cai & DasGupta 2001).
 */
export function wilsonInterval(share: number, n: number, z = 1.96): { low: number; high: number } {
  if (!(n > 0) || !Number.isFinite(share)) return { low: 0, high: 1 };
  const p = Math.min(1, Math.max(0, share));
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Whether two accuracies could differ by chance alone: their gap is within 1.96 standard errors of the
 * difference. It treats the two as independent; for models tested on the same faces that overstates the
 * uncertainty, so "could be chance" errs on the side of caution.
 */
export function gapCouldBeChance(a: number, na: number, b: number, nb: number): boolean {
  return Math.abs(a - b) < 1.96 * Math.sqrt((a * (1 - a)) / na + (b * (1 - b)) / nb);
}

/** Index of the highest score (the first one on a tie). */
export function argmax(scores: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i]! > scores[best]!) best = i;
  return best;
}

/**
 * Least squares with a ridge: the weights w that minimise Σ (x·w − y)² + ridge · n · Σ w[j]² (the
 * first column, the constant 1, is not penalised), by the normal equations and Gauss–Jordan
 * elimination. For a handful of features, e.g. the crop's framing rule fitted on training faces.
 */
export function leastSquares(
  rows: readonly number[][],
  targets: readonly number[],
  ridge = 0,
): number[] {
  const p = rows[0]?.length ?? 0;
  const a = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p + 1 }, (_, j) => (i === j && i > 0 ? ridge * rows.length : 0)),
  );
  rows.forEach((x, n) => {
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) a[i]![j]! += x[i]! * x[j]!;
      a[i]![p]! += x[i]! * targets[n]!;
    }
  });
  for (let c = 0; c < p; c++) {
    let pivot = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    [a[c], a[pivot]] = [a[pivot]!, a[c]!];
    if (a[c]![c] === 0) throw new Error('leastSquares: the features do not determine the weights');
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const m = a[r]![c]! / a[c]![c]!;
      for (let k = c; k <= p; k++) a[r]![k]! -= m * a[c]![k]!;
    }
  }
  return a.map((row, i) => row[p]! / row[i]!);
}
