//! `--until-significant MAX`: stopping as soon as every benchmark is
//! decided, without raising the false-positive rate.
//!
//! Testing after every round at level α and stopping at the first p < α
//! (peeking) makes a false "significant" far likelier than α: each look is
//! another chance. Here the α is split over the planned looks (Bonferroni):
//! with up to MAX runs per side there is a look after each round from the
//! second, MAX − 1 looks, each a Mann-Whitney U test at α / (MAX − 1). The
//! chance that any look of an A/A comparison rejects is at most the sum of
//! the looks' chances, so at most α whenever and however the runs stop, and
//! the final report uses the same per-look level. It is conservative (the
//! looks are strongly correlated); the simulation in the tests shows both
//! that it stays under α and that peeking does not.

use crate::bench::stats::{self, Assumption};

/// The stopping rule for up to `max_runs` runs per side at level `alpha`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sequential {
    /// The overall false-positive rate kept.
    pub alpha: f64,
    /// Planned looks: one after each round from the second.
    pub looks: usize,
}

impl Sequential {
    /// The rule for at most `max_runs` runs per side.
    pub fn new(alpha: f64, max_runs: usize) -> Self {
        Sequential {
            alpha,
            looks: max_runs.saturating_sub(1).max(1),
        }
    }

    /// The level of each look's test (and of the final report).
    pub fn per_look_alpha(&self) -> f64 {
        self.alpha / self.looks as f64
    }

    /// Whether `base` and `new` differ at this look.
    pub fn decided(&self, base: &[f64], new: &[f64]) -> bool {
        base.len() >= 2 && new.len() >= 2 && {
            let c = stats::compare(base, new, Assumption::Nothing, self.per_look_alpha());
            c.p < self.per_look_alpha()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// xorshift64*: reproducible samples without a dependency.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> f64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
        }

        /// A skewed, timing-like value: 100 plus an exponential tail.
        fn timing(&mut self) -> f64 {
            100.0 - 5.0 * (1.0 - self.next()).ln()
        }
    }

    /// The share of `trials` A/A comparisons (both sides from the same
    /// distribution) that some look calls different, looking after every
    /// round up to `max` runs, with `decided` as the rule.
    fn false_positive_rate(
        trials: usize,
        max: usize,
        decided: impl Fn(&[f64], &[f64]) -> bool,
    ) -> f64 {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut wrong = 0;
        for _ in 0..trials {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            for _ in 0..max {
                a.push(rng.timing());
                b.push(rng.timing());
                if decided(&a, &b) {
                    wrong += 1;
                    break;
                }
            }
        }
        wrong as f64 / trials as f64
    }

    #[test]
    fn a_a_comparisons_are_called_different_at_most_alpha_of_the_time() {
        let (alpha, max) = (0.05, 20);
        let rule = Sequential::new(alpha, max);
        let split = false_positive_rate(2000, max, |a, b| rule.decided(a, b));
        assert!(
            split <= alpha,
            "Bonferroni over {} looks: {split}",
            rule.looks
        );
        // Peeking at the plain level after every round is the mistake the
        // rule avoids: its rate is well above alpha.
        let peeking = false_positive_rate(2000, max, |a, b| {
            a.len() >= 2 && stats::compare(a, b, Assumption::Nothing, alpha).p < alpha
        });
        assert!(peeking > 2.0 * alpha, "peeking: {peeking}");
        println!("A/A false positives over 2,000 trials: split {split}, peeking {peeking}");
    }

    #[test]
    fn a_real_difference_is_still_found_early() {
        let rule = Sequential::new(0.05, 20);
        let mut rng = Rng(7);
        let mut a = Vec::new();
        let mut b = Vec::new();
        let mut at = None;
        for n in 1..=20 {
            a.push(rng.timing());
            b.push(rng.timing() * 2.0);
            if rule.decided(&a, &b) {
                at = Some(n);
                break;
            }
        }
        let at = at.expect("a doubling is found within 20 runs");
        assert!(at <= 8, "found after {at} runs");
    }
}
