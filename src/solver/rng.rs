//! A small, fast, seedable random number generator (xoshiro256**, seeded
//! through SplitMix64), so that every random choice in rounds is reproducible
//! from `--seed` on every platform and crate version.

/// Deterministic pseudo-random generator.
#[derive(Clone, Debug)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// A generator whose whole sequence is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng { s: [next(), next(), next(), next()] }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// A uniform integer in `0..n`; `n` must be positive.
    pub fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A uniform integer in `lo..=hi`.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    /// A uniform float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A standard normal sample (Box-Muller).
    pub fn normal(&mut self) -> f64 {
        let u1 = self.unit().max(f64::MIN_POSITIVE);
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Shuffles `items` in place (Fisher-Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }

    /// A new independent generator derived from this one's seed stream.
    pub fn fork(&mut self, stream: u64) -> Rng {
        Rng::new(self.next_u64() ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03))
    }
}

/// How many trials in a row fail before one succeeds, each succeeding with
/// probability `p`: a geometric draw, the same as asking [`Rng::chance`]
/// trial by trial, in one draw. The logarithm of the failure rate is taken
/// once, not per draw (half the logarithms a recreate's blinks took).
#[derive(Clone, Copy, Debug)]
pub struct Geometric {
    p: f64,
    ln_failure: f64,
}

impl Geometric {
    /// Draws with success probability `p`.
    pub fn new(p: f64) -> Self {
        Geometric { p, ln_failure: (1.0 - p).ln() }
    }

    /// Failures before the next success; `usize::MAX` for `p <= 0`, 0 for
    /// `p >= 1`, neither drawing a number. Not inlined: a blink's draw
    /// comes once in a hundred positions, and inlined into the scans'
    /// loops it cost them more than the call (day plans 1.8 % more
    /// instructions, benchmarks 0.7 %).
    #[inline(never)]
    pub fn draw(&self, rng: &mut Rng) -> usize {
        if self.p <= 0.0 {
            return usize::MAX;
        }
        if self.p >= 1.0 {
            return 0;
        }
        // 1 - unit() lies in (0, 1], so the logarithm is finite.
        let failures = ((1.0 - rng.unit()).ln() / self.ln_failure).floor();
        if failures >= usize::MAX as f64 {
            usize::MAX
        } else {
            failures as usize
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        let mut c = Rng::new(8);
        assert_ne!(Rng::new(7).next_u64(), c.next_u64());
    }

    /// Over many draws the failures before a success average (1 - p) / p, and
    /// a success on the first trial comes with probability p.
    #[test]
    fn geometric_draws_count_the_failures_before_a_success() {
        let mut rng = Rng::new(3);
        for p in [0.01, 0.2, 0.5] {
            let geometric = Geometric::new(p);
            let draws: Vec<usize> = (0..200_000).map(|_| geometric.draw(&mut rng)).collect();
            let mean = draws.iter().sum::<usize>() as f64 / draws.len() as f64;
            let first = draws.iter().filter(|&&k| k == 0).count() as f64 / draws.len() as f64;
            let expected = (1.0 - p) / p;
            assert!(
                (mean - expected).abs() < 0.02 * expected + 0.01,
                "p {p}: mean {mean}, expected {expected}"
            );
            assert!((first - p).abs() < 0.01, "p {p}: first {first}");
        }
        assert_eq!(Geometric::new(0.0).draw(&mut rng), usize::MAX);
        assert_eq!(Geometric::new(1.0).draw(&mut rng), 0);
    }

    #[test]
    fn below_stays_in_range() {
        let mut r = Rng::new(1);
        for n in 1..50 {
            assert!(r.below(n) < n);
        }
    }
}
