/**
 * The distributions the verdict rule needs, in plain TypeScript (no statistics package ships in
 * the app): Student's t CDF and quantile via the regularized incomplete beta function, the exact
 * two-sided sign test, and Holm's step-down adjustment. Pure functions, unit-tested against
 * tabulated values.
 */

/** ln Γ(x) for x > 0 (Lanczos, Godfrey’s g = 607/128, 15 terms, written as the doubles they round to: ~1e-15 relative). */
export function logGamma(x: number): number {
  const c = [
    0.9999999999999971, 57.15623566586292, -59.59796035547549, 14.136097974741746, -0.4919138160976202,
    0.00003399464998481189, 0.00004652362892704858, -0.00009837447530487956, 0.0001580887032249125,
    -0.00021026444172410488, 0.00021743961811521265, -0.0001643181065367639, 0.00008441822398385275,
    -0.000026190838401581408, 0.0000036899182659531625,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0];
  for (let i = 1; i < c.length; i++) sum += c[i] / (z + i);
  const t = z + 607 / 128 + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Continued fraction of the incomplete beta function (modified Lentz; Numerical Recipes' betacf). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b), a, b > 0, x in [0, 1]. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (!(x >= 0 && x <= 1) || !(a > 0) || !(b > 0)) return Number.NaN;
  if (x === 0 || x === 1) return x;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function tCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t (tCdf(tQuantile(p, df), df) = p), by bracketing and bisection. */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return Number.NaN;
  if (p === 0.5) return 0;
  if (p < 0.5) return -tQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (tCdf(hi, df) < p) {
    lo = hi;
    hi *= 2;
    if (hi > 1e12) return Number.POSITIVE_INFINITY;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Two-sided p-value of a one-sample t statistic. */
export function tTestP(t: number, df: number): number {
  if (Number.isNaN(t)) return Number.NaN;
  return Math.min(1, 2 * tCdf(-Math.abs(t), df));
}

/** P(X ≥ k) for X ~ Binomial(n, ½), exactly. */
function binomialUpperTail(k: number, n: number): number {
  let sum = 0;
  for (let i = k; i <= n; i++) sum += Math.exp(logChoose(n, i) - n * Math.LN2);
  return sum;
}

function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/**
 * The exact two-sided sign test: `positive` and `negative` seeds (ties dropped) under H0 that
 * either sign is equally likely. 5 of 5 seeds one way gives p = 2 / 32 = 0.0625.
 */
export function signTestP(positive: number, negative: number): number {
  const n = positive + negative;
  if (n === 0) return 1;
  return Math.min(1, 2 * binomialUpperTail(Math.max(positive, negative), n));
}

/** Fewest seeds, all one way, for which the exact two-sided sign test gives p < alpha. */
export function signTestSeedsNeeded(alpha: number): number {
  let n = 1;
  while (2 * 0.5 ** n >= alpha) n++;
  return n;
}

/**
 * Holm's step-down adjustment of a family's p-values (input order kept): the k-th smallest is
 * multiplied by (m − k + 1), then made monotone. A null p (no test) counts as 1 and stays null.
 */
export function holm(ps: readonly (number | null)[]): { adjusted: (number | null)[]; rank: number[] } {
  const m = ps.length;
  const order = ps.map((p, i) => ({ p: p ?? 1, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const adjusted: (number | null)[] = new Array(m).fill(null);
  const rank: number[] = new Array(m).fill(0);
  let running = 0;
  order.forEach(({ p, i }, k) => {
    running = Math.max(running, Math.min(1, (m - k) * p));
    adjusted[i] = ps[i] === null ? null : running;
    rank[i] = k + 1;
  });
  return { adjusted, rank };
}
