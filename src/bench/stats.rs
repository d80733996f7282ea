//! The statistics of benchstat v2 (golang.org/x/perf/benchmath on
//! github.com/aclements/go-moremath/stats): medians with confidence
//! intervals from order statistics, and the two-sided Mann-Whitney U test
//! (exact distribution for small samples, with Klotz's method when there are
//! ties, normal approximation above).
//!
//! The arithmetic follows the same steps in the same order, with the same
//! special functions (Go's `math.Exp` via [`super::gomath`], fdlibm's
//! `log` and `lgamma` via `libm`), so medians, intervals and geomeans are
//! the same bits as benchstat's. `erfc` (normal approximations, above 25
//! samples) is fdlibm's own, which can differ from Go's in the last bit;
//! p-values print with three decimals, so that cannot show.

use std::cmp::Ordering;

use rustc_hash::FxHashMap;

use super::gofloat::format_v;

/// benchstat's defaults: 95% intervals, significance at p < 0.05.
pub const DEFAULT_CONFIDENCE: f64 = 0.95;
/// The default significance level.
pub const DEFAULT_ALPHA: f64 = 0.05;

/// Go's `sort.Float64s` order: NaNs first, then ascending.
pub fn go_sort(v: &mut [f64]) {
    v.sort_by(|a, b| match (a.is_nan(), b.is_nan()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        _ => a.partial_cmp(b).unwrap_or(Ordering::Equal),
    });
}

/// The distributional assumption for a unit (`Unit x assume=exact`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assumption {
    /// Non-parametric: median and U test (the default).
    Nothing,
    /// Every measurement should be the same: mode, no test.
    Exact,
}

/// A summary of one sample: its centre and confidence interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The median (or mode, for exact units).
    pub center: f64,
    /// Lower end of the interval (may be -inf).
    pub lo: f64,
    /// Upper end of the interval (may be +inf).
    pub hi: f64,
    /// The interval's actual confidence level.
    pub confidence: f64,
    /// Footnotes, e.g. "need >= 6 samples for confidence interval...".
    pub warnings: Vec<String>,
}

impl Summary {
    /// The interval as a percentage of the centre: `3%`, `∞`, `?`.
    pub fn pct_range(&self) -> String {
        if self.lo.is_infinite() || self.hi.is_infinite() {
            return "∞".to_string();
        }
        let c = sign(self.center);
        #[allow(clippy::float_cmp)]
        if c != sign(self.lo) || c != sign(self.hi) {
            return "?".to_string();
        }
        if self.center == 0.0 {
            return "0%".to_string();
        }
        let v = go_max(self.hi / self.center - 1.0, 1.0 - self.lo / self.center);
        format!("{}%", super::gofloat::format_f(100.0 * v, 0))
    }
}

/// Go's `math.Max` ignores nothing: NaN wins. Rust's `max` drops NaN, so
/// NaN-carrying intervals need this.
fn go_max(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.max(b)
    }
}

fn sign(x: f64) -> f64 {
    if x == 0.0 {
        0.0
    } else if x < 0.0 {
        -1.0
    } else if x > 0.0 {
        1.0
    } else {
        f64::NAN
    }
}

/// The result of comparing a sample with its baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The p-value (0 for exact units, which are not tested).
    pub p: f64,
    /// The baseline's size.
    pub n1: usize,
    /// The sample's size.
    pub n2: usize,
    /// The significance level (0 for exact units: always significant).
    pub alpha: f64,
    /// Footnotes.
    pub warnings: Vec<String>,
}

impl Comparison {
    /// `p=0.012 n=10`, or `n=10+8` when the sizes differ.
    pub fn describe(&self) -> String {
        let mut s = String::new();
        if self.p != 0.0 {
            s = format!("p={} ", super::gofloat::format_f(self.p, 3));
        }
        if self.n1 == self.n2 {
            s + &format!("n={}", self.n1)
        } else {
            s + &format!("n={}+{}", self.n1, self.n2)
        }
    }

    /// Whether the difference is significant.
    pub fn significant(&self) -> bool {
        self.p <= self.alpha
    }

    /// Whether samples of these sizes can be significant at all: the
    /// smallest two-sided U-test p-value, 2 / C(n1+n2, n1), is at most
    /// alpha. One summary per side (libtest, aggregates) never is.
    pub fn testable(&self) -> bool {
        if self.alpha == 0.0 && self.p == 0.0 {
            return true;
        }
        let (small, big) = (self.n1.min(self.n2), self.n1.max(self.n2));
        let mut ways = 1.0_f64;
        for i in 1..=small {
            ways = ways * (big + i) as f64 / i as f64;
        }
        small > 0 && (2.0 / ways).min(1.0) <= self.alpha
    }

    /// The change of the centres: `~` when not significant, else `+12.34%`.
    pub fn format_delta(&self, old: f64, new: f64) -> String {
        if self.p > self.alpha {
            return "~".to_string();
        }
        #[allow(clippy::float_cmp)]
        if old == new {
            return "0.00%".to_string();
        }
        if old == 0.0 {
            return "?".to_string();
        }
        format!(
            "{}%",
            super::gofloat::format_f_signed((new / old - 1.0) * 100.0, 2)
        )
    }
}

/// Summarises a sample (sorted with [`go_sort`]).
pub fn summarize(sorted: &[f64], assumption: Assumption, confidence: f64) -> Summary {
    match assumption {
        Assumption::Nothing => {
            let ci = quantile_ci(sorted.len(), 0.5, confidence);
            let median = quantile(sorted, 0.5);
            let lo = if ci.lo_order < 1 {
                f64::NEG_INFINITY
            } else {
                sorted[ci.lo_order as usize - 1]
            };
            let hi = if ci.hi_order > sorted.len() as i64 {
                f64::INFINITY
            } else {
                sorted[ci.hi_order as usize - 1]
            };
            let mut warnings = Vec::new();
            if lo.is_infinite() || hi.is_infinite() {
                let (op, need) = median_samples(confidence);
                warnings.push(format!(
                    "need {op} {need} samples for confidence interval at level {}",
                    format_v(confidence)
                ));
            }
            Summary {
                center: median,
                lo,
                hi,
                confidence: ci.confidence,
                warnings,
            }
        }
        Assumption::Exact => {
            let (mut val, mut count) = (sorted[0], 1);
            let (mut mode, mut mode_count) = (val, count);
            for &v in &sorted[1..] {
                #[allow(clippy::float_cmp)]
                if v == val {
                    count += 1;
                    if count > mode_count {
                        mode = val;
                        mode_count = count;
                    }
                } else {
                    val = v;
                    count = 1;
                }
            }
            let (lo, hi) = (sorted[0], sorted[sorted.len() - 1]);
            let mut warnings = Vec::new();
            if mode_count != sorted.len() {
                warnings.push(format!(
                    "exact distribution expected, but values range from {} to {}",
                    format_v(lo),
                    format_v(hi)
                ));
            }
            Summary {
                center: mode,
                lo,
                hi,
                confidence: 1.0,
                warnings,
            }
        }
    }
}

/// Compares a sample with its baseline (both sorted).
pub fn compare(base: &[f64], new: &[f64], assumption: Assumption, alpha: f64) -> Comparison {
    if assumption == Assumption::Exact {
        return Comparison {
            p: 0.0,
            n1: base.len(),
            n2: new.len(),
            alpha: 0.0,
            warnings: Vec::new(),
        };
    }
    let mut cmp = match mann_whitney_u(base, new) {
        Ok(p) => Comparison {
            p,
            n1: base.len(),
            n2: new.len(),
            alpha,
            warnings: Vec::new(),
        },
        // A failed test reports as no difference, with the reason only.
        Err(e) => {
            return Comparison {
                p: 1.0,
                n1: base.len(),
                n2: new.len(),
                alpha,
                warnings: vec![e.to_string()],
            }
        }
    };
    if cmp.p > cmp.alpha {
        let (op, n) = u_test_samples(alpha);
        if cmp.n1 < n && cmp.n2 < n {
            cmp.warnings.push(format!(
                "need {op} {n} samples to detect a difference at alpha level {}",
                format_v(alpha)
            ));
        }
    }
    cmp
}

/// The smallest possible two-sided U-test p-value with two samples of n.
const U_TEST_MIN_P: [f64; 10] = [
    f64::NAN,
    1.0,
    0.3333333333333333,
    0.1,
    0.02857142857142857,
    0.007936507936507936,
    0.0021645021645021645,
    0.0005827505827505828,
    0.0001554001554001554,
    4.113533525298231e-05,
];

fn u_test_samples(alpha: f64) -> (&'static str, usize) {
    for (n, &min_p) in U_TEST_MIN_P.iter().enumerate().skip(1) {
        if min_p <= alpha {
            return (">=", n);
        }
    }
    (">", U_TEST_MIN_P.len())
}

fn median_samples(confidence: f64) -> (&'static str, usize) {
    for n in 2..=50 {
        let ci = quantile_ci(n, 0.5, confidence);
        if 0 < ci.lo_order && ci.hi_order <= n as i64 {
            return (">=", n);
        }
    }
    (">", 50)
}

/// Quantile `q` of a sorted sample by Hyndman and Fan's method 8.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let n = sorted.len() as f64;
    let pos = 1.0 / 3.0 + q * (n + 1.0 / 3.0);
    let k = pos.trunc();
    let frac = pos - k;
    let k = k as i64;
    if k <= 0 {
        sorted[0]
    } else if k >= sorted.len() as i64 {
        sorted[sorted.len() - 1]
    } else {
        let k = k as usize;
        sorted[k - 1] + frac * (sorted[k] - sorted[k - 1])
    }
}

/// The order statistics bounding a quantile's confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuantileCi {
    /// 1-based order statistic of the lower bound (0: -inf).
    pub lo_order: i64,
    /// 1-based order statistic of the upper bound (n+1: +inf).
    pub hi_order: i64,
    /// The actual confidence level.
    pub confidence: f64,
}

/// The confidence interval of quantile `q` in a sample of `n`, from the
/// binomial distribution of order statistics (a normal approximation with
/// continuity correction above 30), biased left when two intervals tie.
pub fn quantile_ci(n: usize, q: f64, confidence: f64) -> QuantileCi {
    // Every cell of a table usually has the same n: compute each once.
    thread_local! {
        static CACHE: std::cell::RefCell<FxHashMap<(usize, u64, u64), QuantileCi>> =
            std::cell::RefCell::new(FxHashMap::default());
    }
    let key = (n, q.to_bits(), confidence.to_bits());
    if let Some(ci) = CACHE.with(|c| c.borrow().get(&key).copied()) {
        return ci;
    }
    let ci = quantile_ci_uncached(n, q, confidence);
    CACHE.with(|c| c.borrow_mut().insert(key, ci));
    ci
}

fn quantile_ci_uncached(n: usize, q: f64, confidence: f64) -> QuantileCi {
    let ni = n as i64;
    if confidence >= 1.0 {
        return QuantileCi {
            lo_order: 0,
            hi_order: ni + 1,
            confidence: 1.0,
        };
    }
    let pmf = |k: i64| -> f64 {
        if k < 0 || k > ni {
            return 0.0;
        }
        choose(ni, k) * q.powi(k as i32) * (1.0 - q).powi((ni - k) as i32)
    };
    let (mut l, mut r);
    let achieved;
    if n <= 30 {
        let mut x = ((n as f64 + 1.0) * q).ceil() as i64 - 1;
        if q == 0.0 {
            x = 0;
        }
        let mut accum = pmf(x);
        l = x;
        r = x + 1;
        let (mut lp, mut rp) = (pmf(l - 1), pmf(r));
        while accum < confidence && (lp > 0.0 || rp > 0.0) {
            if lp >= rp {
                accum += lp;
                l -= 1;
                lp = pmf(l - 1);
            } else {
                accum += rp;
                r += 1;
                rp = pmf(r);
            }
        }
        achieved = accum;
    } else {
        let mu = n as f64 * q;
        let sigma = (n as f64 * q * (1.0 - q)).sqrt();
        let alpha = (1.0 - confidence) / 2.0;
        let l1 = normal_inv_cdf(alpha, mu, sigma);
        let r1 = 2.0 * mu - l1;
        l = ((l1 - 0.5).floor() + 0.5).floor() as i64 + 1;
        r = ((r1 - 0.5).ceil() + 0.5).floor() as i64 + 1;
        let cdf = |l: i64, r: i64| {
            normal_cdf(r as f64 - 0.5, mu, sigma) - normal_cdf(l as f64 - 0.5, mu, sigma)
        };
        let mut conf = cdf(l, r);
        let biased = cdf(l, r - 1);
        if biased >= confidence && biased < conf {
            conf = biased;
            r -= 1;
        }
        if l <= 0 && r > ni {
            conf = 1.0;
        }
        achieved = conf;
    }
    QuantileCi {
        lo_order: l.max(0),
        hi_order: r.min(ni + 1),
        confidence: achieved,
    }
}

/// n choose k as a double: exact through n = 20, from log-gamma above.
fn choose(n: i64, k: i64) -> f64 {
    if k == 0 || k == n {
        return 1.0;
    }
    if k < 0 || n < k {
        return 0.0;
    }
    if n <= 20 {
        let numer: i64 = ((n - (k - 1))..=n).product();
        let denom: i64 = (1..=k).product();
        return (numer / denom) as f64;
    }
    let lg = |x: i64| libm::lgamma(x as f64);
    super::gomath::exp(lg(n + 1) - lg(k + 1) - lg(n - k + 1))
}

/// Exact binomial coefficient for the U distribution (n <= 18 there).
fn choose_int(n: i64, k: i64) -> i64 {
    if k < 0 || k > n {
        return 0;
    }
    let k = k.min(n - k);
    let mut r: i64 = 1;
    for i in 0..k {
        r = r * (n - i) / (i + 1);
    }
    r
}

fn normal_cdf(x: f64, mu: f64, sigma: f64) -> f64 {
    libm::erfc(-(x - mu) / (sigma * std::f64::consts::SQRT_2)) / 2.0
}

/// Acklam's rational approximation with one step of Newton refinement.
#[allow(clippy::excessive_precision)]
fn normal_inv_cdf(p: f64, mu: f64, sigma: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969683028665376e+01,
        2.209460984245205e+02,
        -2.759285104469687e+02,
        1.383577518672690e+02,
        -3.066479806614716e+01,
        2.506628277459239e+00,
    ];
    const B: [f64; 5] = [
        -5.447609879822406e+01,
        1.615858368580409e+02,
        -1.556989798598866e+02,
        6.680131188771972e+01,
        -1.328068155288572e+01,
    ];
    const C: [f64; 6] = [
        -7.784894002430293e-03,
        -3.223964580411365e-01,
        -2.400758277161838e+00,
        -2.549732539343734e+00,
        4.374664141464968e+00,
        2.938163982698783e+00,
    ];
    const D: [f64; 4] = [
        7.784695709041462e-03,
        3.224671290700398e-01,
        2.445134137142996e+00,
        3.754408661907416e+00,
    ];
    const PLOW: f64 = 0.02425;
    if !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    let mut x = if p < PLOW {
        tail((-2.0 * libm::log(p)).sqrt())
    } else if 1.0 - PLOW < p {
        -tail((-2.0 * libm::log(1.0 - p)).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    };
    let e = 0.5 * libm::erfc(-x / std::f64::consts::SQRT_2) - p;
    let u = e * (2.0 * std::f64::consts::PI).sqrt() * super::gomath::exp(x * x / 2.0);
    x -= u / (1.0 + x * u / 2.0);
    x * sigma + mu
}

/// Why a U test could not be done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UTestError {
    /// An empty sample.
    #[error("sample is too small")]
    SampleSize,
    /// Every value of both samples is the same.
    #[error("all samples are equal")]
    SamplesEqual,
}

/// Samples up to this size use the exact U distribution without ties.
const EXACT_LIMIT: usize = 50;
/// With ties, the exact distribution is used up to this size.
const TIES_EXACT_LIMIT: usize = 25;

/// The two-sided p-value of the Mann-Whitney U test of x1 against x2.
pub fn mann_whitney_u(x1: &[f64], x2: &[f64]) -> Result<f64, UTestError> {
    let (n1, n2) = (x1.len(), x2.len());
    if n1 == 0 || n2 == 0 {
        return Err(UTestError::SampleSize);
    }
    let mut a = x1.to_vec();
    let mut b = x2.to_vec();
    go_sort(&mut a);
    go_sort(&mut b);
    let (merged, labels) = labeled_merge(&a, &b);

    let mut r1 = 0.0;
    let mut ties: Vec<i64> = Vec::new();
    let mut has_ties = false;
    let mut i = 0;
    while i < merged.len() {
        let (start, rank1, v1) = (i, i + 1, merged[i]);
        let mut nx1 = 0;
        #[allow(clippy::float_cmp)]
        while i < merged.len() && merged[i] == v1 {
            if labels[i] == 1 {
                nx1 += 1;
            }
            i += 1;
        }
        // A NaN equals nothing, not even itself (benchstat loops forever
        // here): it takes a rank of its own.
        if i == start {
            i += 1;
            if labels[start] == 1 {
                nx1 = 1;
            }
        }
        if nx1 != 0 {
            let rank = (i + rank1) as f64 / 2.0;
            r1 += rank * nx1 as f64;
        }
        ties.push((i + 1 - rank1) as i64);
        if i > rank1 {
            has_ties = true;
        }
    }
    let u1 = r1 - (n1 * (n1 + 1)) as f64 / 2.0;
    let u2 = (n1 * n2) as f64 - u1;
    let usmall = u1.min(u2);

    let exact = if has_ties {
        n1 <= TIES_EXACT_LIMIT && n2 <= TIES_EXACT_LIMIT
    } else {
        n1 <= EXACT_LIMIT && n2 <= EXACT_LIMIT
    };
    if exact {
        if ties.len() == 1 {
            return Err(UTestError::SamplesEqual);
        }
        #[allow(clippy::float_cmp)]
        if u1 == u2 {
            // Symmetric about the statistic: the whole distribution.
            return Ok(1.0);
        }
        let dist = UDist {
            n1,
            n2,
            ties: if has_ties { Some(&ties) } else { None },
        };
        return Ok(dist.cdf(usmall) * 2.0);
    }
    let t: f64 = ties.iter().map(|&t| (t * t * t - t) as f64).sum();
    let n1n2 = (n1 * n2) as f64;
    let mu = n1n2 / 2.0;
    let n = (n1 + n2) as f64;
    let sigma = (n1n2 * ((n + 1.0) - t / (n * (n - 1.0))) / 12.0).sqrt();
    if sigma == 0.0 {
        return Err(UTestError::SamplesEqual);
    }
    let mut numer = u1 - mu;
    numer -= sign(numer) * 0.5;
    let z = numer / sigma;
    let cdf = normal_cdf(z, 0.0, 1.0);
    Ok(2.0 * cdf.min(1.0 - cdf))
}

fn labeled_merge(x1: &[f64], x2: &[f64]) -> (Vec<f64>, Vec<u8>) {
    let mut merged = Vec::with_capacity(x1.len() + x2.len());
    let mut labels = Vec::with_capacity(x1.len() + x2.len());
    let (mut i, mut j) = (0, 0);
    while i < x1.len() && j < x2.len() {
        if x1[i] < x2[j] {
            merged.push(x1[i]);
            labels.push(1);
            i += 1;
        } else {
            merged.push(x2[j]);
            labels.push(2);
            j += 1;
        }
    }
    for &x in &x1[i..] {
        merged.push(x);
        labels.push(1);
    }
    for &x in &x2[j..] {
        merged.push(x);
        labels.push(2);
    }
    (merged, labels)
}

/// The distribution of the U statistic for samples of n1 and n2, with the
/// tie counts of each rank when there are ties.
struct UDist<'a> {
    n1: usize,
    n2: usize,
    ties: Option<&'a [i64]>,
}

impl UDist<'_> {
    fn cdf(&self, u: f64) -> f64 {
        if u < 0.0 {
            return 0.0;
        }
        if u >= (self.n1 * self.n2) as f64 {
            return 1.0;
        }
        if let Some(t) = self.ties {
            let two_u = (2.0 * u) as i64;
            let count = ties_cumulative_count(two_u, self.n1 as i64, t);
            return count / choose_int((self.n1 + self.n2) as i64, self.n1 as i64) as f64;
        }
        // Without ties the distribution depends only on the sizes: every
        // row of a table with ten runs a side asks for the same few values.
        thread_local! {
            static CDF: std::cell::RefCell<FxHashMap<(usize, usize, u64), f64>> =
                std::cell::RefCell::new(FxHashMap::default());
        }
        let key = (self.n1, self.n2, u.to_bits());
        if let Some(p) = CDF.with(|c| c.borrow().get(&key).copied()) {
            return p;
        }
        let p = self.cdf_no_ties(u);
        CDF.with(|c| c.borrow_mut().insert(key, p));
        p
    }

    fn cdf_no_ties(&self, u: f64) -> f64 {
        let mn = (self.n1 * self.n2) as i64;
        let mut ui = u.floor() as i64;
        let flip = ui >= (mn + 1) / 2;
        if flip {
            ui = mn - ui - 1;
        }
        let pdfs = self.pmf_upto(ui as usize);
        let mut p = 0.0;
        for &x in &pdfs[..=ui as usize] {
            p += x;
        }
        if flip {
            1.0 - p
        } else {
            p
        }
    }

    /// p_{n1,n2}(U) for U = 0..=umax by Mann and Whitney's recurrence
    ///   p_{n,m}(U) = (n p_{n-1,m}(U-m) + m p_{n,m-1}(U)) / (n+m),
    /// keeping one row of the (n, m) table, with n <= m by symmetry.
    fn pmf_upto(&self, umax: usize) -> Vec<f64> {
        let (small, large) = if self.n1 > self.n2 {
            (self.n2, self.n1)
        } else {
            (self.n1, self.n2)
        };
        let mut memo = vec![vec![0.0f64; umax + 1]; small + 1];
        for m in 0..=large {
            memo[0][0] = 1.0;
            for n in 1..=small.min(m) {
                // p_{n,m-1} lives in row n, or by symmetry in row m-1 when n == m.
                let rp_row = if n < m { n } else { m - 1 };
                let ulim = (n * m).min(umax);
                let nplusm = (n + m) as f64;
                for u in (0..=ulim).rev() {
                    let l = if u >= m {
                        n as f64 * memo[n - 1][u - m]
                    } else {
                        0.0
                    };
                    let r = m as f64 * memo[rp_row][u];
                    memo[n][u] = (l + r) / nplusm;
                }
            }
        }
        memo.swap_remove(small)
    }
}

/// The number of arrangements of n1 values among ranks with tie counts `t`
/// whose U statistic is at most two_u/2 (Cheung and Klotz 1997).
fn ties_cumulative_count(two_u: i64, n1: i64, t: &[i64]) -> f64 {
    let k_max = t.len();
    // a[k] for k = 1..=K: a[1] = t1, a[k] = a[k-1] + t[k-1] + t[k].
    let mut a = vec![0i64; k_max + 1];
    a[1] = t[0];
    for k in 2..=k_max {
        a[k] = a[k - 1] + t[k - 2] + t[k - 1];
    }
    let two_u_min = |n1: i64, t: &[i64]| {
        let mut u = -n1 * n1;
        let mut left = n1;
        for k in 1..=t.len() {
            let x = left.min(t[k - 1]);
            u += x * a[k];
            left -= x;
        }
        u
    };
    let two_u_max = |n1: i64, t: &[i64]| {
        let mut u = -n1 * n1;
        let mut left = n1;
        for k in (1..=t.len()).rev() {
            let x = left.min(t[k - 1]);
            u += x * a[k];
            left -= x;
        }
        u
    };

    // Which (n1, 2U) pairs each level needs, from the top down.
    let mut need: Vec<FxHashMap<(i64, i64), f64>> = vec![FxHashMap::default(); k_max + 1];
    need[k_max].insert((n1, two_u), 0.0);
    let mut tsum: i64 = t.iter().sum();
    for k in (2..k_max).rev() {
        tsum -= t[k];
        let above: Vec<(i64, i64)> = need[k + 1].keys().copied().collect();
        for (n1k1, two_uk1) in above {
            let lo = 0.max(n1k1 - tsum);
            let hi = n1k1.min(t[k]);
            for rk in lo..=hi {
                let two_uk = two_uk1 - rk * (a[k + 1] - 2 * n1k1 + rk);
                let n1k = n1k1 - rk;
                if two_u_min(n1k, &t[..k]) <= two_uk && two_uk <= two_u_max(n1k, &t[..k]) {
                    need[k].insert((n1k, two_uk), 0.0);
                }
            }
        }
    }

    // Fill in counts from the bottom up, starting with two ranks.
    let n_2 = t[0] + t[1];
    let keys: Vec<(i64, i64)> = need[2].keys().copied().collect();
    for (n1k, two_uk) in keys {
        let mut sum = 0.0;
        let lo = 0.max(n1k - t[0]);
        let hi = (two_uk - n1k * (t[0] - n1k)) / n_2;
        for r2 in lo..=hi {
            sum += (choose_int(t[0], n1k - r2) * choose_int(t[1], r2)) as f64;
        }
        need[2].insert((n1k, two_uk), sum);
    }
    let mut tsum = t[0];
    for k in 3..=k_max {
        tsum += t[k - 2];
        let keys: Vec<(i64, i64)> = need[k].keys().copied().collect();
        for (n1k, two_uk) in keys {
            let mut sum = 0.0;
            let lo = 0.max(n1k - tsum);
            let hi = n1k.min(t[k - 1]);
            for rk in lo..=hi {
                let two_uprev = two_uk - rk * (a[k] - 2 * n1k + rk);
                let n1prev = n1k - rk;
                let x = match need[k - 1].get(&(n1prev, two_uprev)) {
                    Some(&x) => x,
                    None if two_u_max(n1prev, &t[..k - 1]) < two_uprev => {
                        choose_int(tsum, n1prev) as f64
                    }
                    None => 0.0,
                };
                sum += x * choose_int(t[k - 1], rk) as f64;
            }
            need[k].insert((n1k, two_uk), sum);
        }
    }
    need[k_max].get(&(n1, two_u)).copied().unwrap_or(0.0)
}

/// The geometric mean, NaN unless every value is positive.
pub fn geomean(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    let mut m = 0.0;
    for (i, &x) in xs.iter().enumerate() {
        // NaN fails `x > 0` too, as in Go, where it fails neither test but
        // poisons the logarithm.
        if x <= 0.0 {
            return f64::NAN;
        }
        let lx = libm::log(x);
        m += (lx - m) / (i + 1) as f64;
    }
    super::gomath::exp(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_interval_orders() {
        // n=10 at 95%: the 2nd and 9th order statistics (benchstat's ± for
        // ten runs); n=5 cannot bound the median at 95%.
        let ci = quantile_ci(10, 0.5, 0.95);
        assert_eq!((ci.lo_order, ci.hi_order), (2, 9));
        let ci = quantile_ci(5, 0.5, 0.95);
        assert!(ci.lo_order < 1 || ci.hi_order > 5);
        assert_eq!(median_samples(0.95), (">=", 6));
    }

    #[test]
    fn u_test_exact_values() {
        // Completely separated samples of 10: the smallest p, 2/C(20,10).
        let a: Vec<f64> = (0..10).map(f64::from).collect();
        let b: Vec<f64> = (10..20).map(f64::from).collect();
        let p = mann_whitney_u(&a, &b).unwrap_or(1.0);
        assert!((p - 2.0 / 184756.0).abs() < 1e-15, "{p}");
        // The same sample: p = 1.
        assert_eq!(mann_whitney_u(&a, &a), Ok(1.0));
        assert_eq!(
            mann_whitney_u(&[1.0, 1.0], &[1.0]),
            Err(UTestError::SamplesEqual)
        );
    }

    #[test]
    fn u_test_with_ties_agrees_with_enumeration() {
        // Enumerate all splits of the pooled values to get the exact
        // two-sided p-value, and compare. U counts the pairs where the
        // first sample's value is larger (ties: half), as the rank sum does.
        let x1 = [1.0, 2.0, 2.0, 3.0, 5.0];
        let x2 = [2.0, 3.0, 3.0, 4.0, 6.0, 6.0];
        let pooled: Vec<f64> = x1.iter().chain(&x2).copied().collect();
        let u_of = |idx: &[usize]| {
            let mut u = 0.0;
            for (i, &a) in pooled.iter().enumerate() {
                if !idx.contains(&i) {
                    continue;
                }
                for (j, &b) in pooled.iter().enumerate() {
                    if idx.contains(&j) {
                        continue;
                    }
                    u += if a > b {
                        1.0
                    } else if a == b {
                        0.5
                    } else {
                        0.0
                    };
                }
            }
            u
        };
        let observed = u_of(&[0, 1, 2, 3, 4]);
        let mn = 30.0;
        let small = f64::min(observed, mn - observed);
        let (mut le, mut total) = (0usize, 0usize);
        for mask in 0u32..(1 << 11) {
            if mask.count_ones() != 5 {
                continue;
            }
            let idx: Vec<usize> = (0..11).filter(|i| mask & (1 << i) != 0).collect();
            total += 1;
            if u_of(&idx) <= small {
                le += 1;
            }
        }
        let want = 2.0 * le as f64 / total as f64;
        let got = mann_whitney_u(&x1, &x2).unwrap_or(f64::NAN);
        assert!((got - want).abs() < 1e-12, "{got} vs {want}");
    }

    #[test]
    fn geomean_and_ranges() {
        assert!((geomean(&[1.0, 4.0]) - 2.0).abs() < 1e-15);
        assert!(geomean(&[1.0, 0.0]).is_nan());
        let s = summarize(&[1.0, 2.0, 3.0], Assumption::Nothing, 0.95);
        assert_eq!(s.pct_range(), "∞");
        assert_eq!(s.center, 2.0);
    }
}
