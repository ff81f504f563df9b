/**
 * Logistic regression for small tables (a few thousand rows, a dozen columns): Newton's method
 * with an L2 penalty on standardised columns, and optional signs a weight must keep. Pure and
 * deterministic, so a model fitted twice on the same rows is the same model.
 */

/** A fitted model on the columns as given (not standardised). */
export interface LogisticFit {
  bias: number;
  weights: number[];
  /** Columns whose weight was held at 0 because the fit wanted the wrong sign for them. */
  dropped: number[];
}

export interface LogisticOptions {
  /** Strength of the L2 penalty on the standardised weights (the bias is not penalised). */
  l2: number;
  /** Per column: 1 the weight must not be negative, -1 not positive, 0 free. */
  signs?: ReadonlyArray<-1 | 0 | 1>;
  /** Per row, how much it counts (default 1). */
  rowWeights?: readonly number[];
}

const MAX_ITERATIONS = 100;
const TOLERANCE = 1e-10;

/** Solves `a x = b` by Gaussian elimination with partial pivoting (a is square, small). */
export function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]!;
    if (Math.abs(p) < 1e-300)
      throw new Error('logistic: singular system (a column is constant and unpenalised)');
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / p;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Fits weights on standardised columns `z` (with the bias as column 0), holding `fixed` columns at 0. */
function newton(
  z: number[][],
  y: readonly number[],
  w: readonly number[],
  l2: number,
  fixed: ReadonlySet<number>,
): number[] {
  const k = z[0]!.length;
  let beta = new Array<number>(k).fill(0);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const gradient = new Array<number>(k).fill(0);
    const hessian = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    z.forEach((row, i) => {
      let s = 0;
      for (let c = 0; c < k; c++) s += beta[c]! * row[c]!;
      const p = sigmoid(s);
      const r = w[i]! * (p - y[i]!);
      const h = w[i]! * p * (1 - p);
      for (let c = 0; c < k; c++) {
        gradient[c]! += r * row[c]!;
        for (let d = c; d < k; d++) hessian[c]![d]! += h * row[c]! * row[d]!;
      }
    });
    for (let c = 0; c < k; c++) {
      for (let d = 0; d < c; d++) hessian[c]![d] = hessian[d]![c]!;
      if (c > 0) {
        gradient[c]! += l2 * beta[c]!;
        hessian[c]![c]! += l2;
      }
      if (fixed.has(c)) {
        // A held weight stays 0: its row and column say so.
        gradient[c] = 0;
        hessian[c] = hessian[c]!.map((_, d) => (d === c ? 1 : 0));
        for (let d = 0; d < k; d++) if (d !== c) hessian[d]![c] = 0;
      }
    }
    const step = solve(hessian, gradient);
    beta = beta.map((b, c) => b - step[c]!);
    if (Math.max(...step.map(Math.abs)) < TOLERANCE) break;
  }
  return beta;
}

/**
 * Fits `p(y = 1 | x) = σ(bias + weights · x)`. A column whose fitted weight takes the wrong sign
 * is held at 0 and the rest refitted, until every weight keeps its sign.
 */
export function fitLogistic(
  x: readonly number[][],
  y: readonly number[],
  options: LogisticOptions,
): LogisticFit {
  const columns = x[0]?.length ?? 0;
  if (x.length === 0 || x.length !== y.length)
    throw new Error('logistic: rows and labels must match and not be empty');
  const means = new Array<number>(columns).fill(0);
  const sds = new Array<number>(columns).fill(0);
  for (let c = 0; c < columns; c++) {
    const values = x.map((row) => row[c]!);
    means[c] = values.reduce((a, b) => a + b, 0) / values.length;
    sds[c] = Math.sqrt(values.reduce((a, v) => a + (v - means[c]!) ** 2, 0) / values.length) || 1;
  }
  const z = x.map((row) => [1, ...row.map((v, c) => (v - means[c]!) / sds[c]!)]);
  const rowWeights = options.rowWeights ?? y.map(() => 1);
  const fixed = new Set<number>();
  let beta: number[];
  for (;;) {
    beta = newton(z, y, rowWeights, options.l2, fixed);
    const wrong = (options.signs ?? []).flatMap((sign, c) =>
      sign !== 0 && !fixed.has(c + 1) && beta[c + 1]! * sign < 0 ? [c + 1] : [],
    );
    if (wrong.length === 0) break;
    // The most wrong first: holding one column can put the others right.
    wrong.sort((a, b) => Math.abs(beta[b]!) - Math.abs(beta[a]!));
    fixed.add(wrong[0]!);
  }
  const weights = beta.slice(1).map((b, c) => b / sds[c]!);
  const bias = beta[0]! - weights.reduce((sum, w, c) => sum + w * means[c]!, 0);
  return { bias, weights, dropped: [...fixed].map((c) => c - 1).sort((a, b) => a - b) };
}
