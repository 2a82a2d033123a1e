//! Python's numerics, reproduced so that `deboiler eval --truth` prints the same figures
//! as the Python scorer it mirrors (the shared `score.py`, itself a copy of
//! Scrapinghub's `evaluate.py`), to the last printed digit.
//!
//! A plain `f64` sum of a few hundred page scores can differ from Python's
//! `math.fsum` in the last bit, and a last bit can flip a rounded figure. So the means
//! here are exactly rounded sums ([`fsum`]), rounding is Python's `round` ([`round`]),
//! floats in CSV files are written as Python's `repr` writes them ([`repr`]), and the
//! bootstrap draws pages with Python's own generator ([`Mt19937`]), so that the same
//! seed gives the same resamples and the same standard deviations.

/// The exactly rounded sum of `values`, as Python's `math.fsum` gives it: the partial
/// sums are kept without error (Shewchuk's algorithm) and rounded once at the end.
/// A NaN or infinite value gives the plain sum, which is NaN or infinite as in Python.
pub(crate) fn fsum(values: impl IntoIterator<Item = f64>) -> f64 {
    let mut partials: Vec<f64> = Vec::new();
    let mut special = 0.0;
    for mut x in values {
        if !x.is_finite() {
            special += x;
            continue;
        }
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        partials.truncate(i);
        partials.push(x);
    }
    if special != 0.0 || special.is_nan() {
        return special;
    }
    // Add the partials from the largest down until the sum is inexact, then correct
    // the last rounding so that it is half-even across all remaining partials.
    let Some(mut hi) = partials.pop() else {
        return 0.0;
    };
    let mut lo = 0.0;
    while let Some(y) = partials.pop() {
        let x = hi;
        hi = x + y;
        lo = y - (hi - x);
        if lo != 0.0 {
            break;
        }
    }
    if let Some(&next) = partials.last() {
        if (lo < 0.0 && next < 0.0) || (lo > 0.0 && next > 0.0) {
            let y = lo * 2.0;
            let x = hi + y;
            if y == x - hi {
                hi = x;
            }
        }
    }
    hi
}

/// `fsum(values) / len`, NaN for no values (`score.py`'s `_mean`).
pub(crate) fn mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    fsum(values.iter().copied()) / values.len() as f64
}

/// The sample standard deviation (`n - 1`), 0 for fewer than two values
/// (`score.py`'s `_std`).
pub(crate) fn std(values: &[f64]) -> f64 {
    if values.len() < 2 {
        return 0.0;
    }
    let mu = mean(values);
    (fsum(values.iter().map(|v| (v - mu) * (v - mu))) / (values.len() - 1) as f64).sqrt()
}

/// Python's `round(x, digits)`: the decimal nearest to the exact binary value, ties to
/// even, read back as a float. Rust's `{:.N}` formatting rounds the same way.
pub(crate) fn round(x: f64, digits: usize) -> f64 {
    if !x.is_finite() {
        return x;
    }
    format!("{x:.digits$}").parse().unwrap_or(x)
}

/// Python's `repr` of a float: the shortest digits that read back as `x`, positional
/// from 1e-4 up to 1e16 (always with a fraction, `1.0`), otherwise in exponent form
/// with a signed exponent of at least two digits (`1e-05`).
pub(crate) fn repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    // Rust's `{:e}` gives the same shortest digits: `1.2345e-5`, `-3e0`.
    let sci = format!("{x:e}");
    let (mantissa, exp) = sci.split_once('e').expect("{:e} has an exponent");
    let exp: i32 = exp.parse().expect("{:e} exponent is an integer");
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|&c| c != '.').collect();
    if !(-4..16).contains(&exp) {
        let exp_sign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{mantissa}e{exp_sign}{:02}", exp.abs());
    }
    let point = exp + 1; // digits before the decimal point
    let out = if point <= 0 {
        format!("0.{}{digits}", "0".repeat(point.unsigned_abs() as usize))
    } else if point as usize >= digits.len() {
        format!("{digits}{}.0", "0".repeat(point as usize - digits.len()))
    } else {
        let (int, frac) = digits.split_at(point as usize);
        format!("{int}.{frac}")
    };
    format!("{sign}{out}")
}

/// The Mersenne Twister (MT19937) as Python's `random.Random` runs it, with its
/// seeding of an integer and its `randrange(n)`. A documented, deterministic generator:
/// a bootstrap seeded with S draws the same pages as `score.py --seed S`.
pub(crate) struct Mt19937 {
    state: Box<[u32; N]>,
    index: usize,
}

const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

impl Mt19937 {
    /// `random.Random(seed)`: the seed's 32-bit words, least significant first, go to
    /// the reference `init_by_array` (0 is the one word 0).
    pub(crate) fn new(seed: u64) -> Mt19937 {
        let key: Vec<u32> = if seed >> 32 == 0 {
            vec![seed as u32]
        } else {
            vec![seed as u32, (seed >> 32) as u32]
        };
        let mut mt = Mt19937::from_u32(19_650_218);
        mt.mix_in(&key);
        mt
    }

    /// The reference `init_genrand(s)`.
    fn from_u32(s: u32) -> Mt19937 {
        let mut state = Box::new([0u32; N]);
        state[0] = s;
        for i in 1..N {
            let prev = state[i - 1];
            state[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        Mt19937 { state, index: N }
    }

    /// The rest of the reference `init_by_array(key)`, after `init_genrand(19650218)`.
    fn mix_in(&mut self, key: &[u32]) {
        let mt = &mut self.state;
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            let prev = mt[i - 1];
            mt[i] = (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = mt[i - 1];
            mt[i] =
                (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x8000_0000;
    }

    /// The next 32 random bits (the reference `genrand_int32`).
    pub(crate) fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.twist();
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    fn twist(&mut self) {
        let mt = &mut self.state;
        let mag = |y: u32| if y & 1 == 1 { MATRIX_A } else { 0 };
        for k in 0..N {
            let y = (mt[k] & UPPER_MASK) | (mt[(k + 1) % N] & LOWER_MASK);
            mt[k] = mt[(k + M) % N] ^ (y >> 1) ^ mag(y);
        }
        self.index = 0;
    }

    /// Python's `getrandbits(k)` for `k <= 64`: 32-bit words, least significant first,
    /// the last one cut to the bits still wanted.
    fn bits(&mut self, k: u32) -> u64 {
        let mut out = 0u64;
        let mut shift = 0;
        let mut left = k;
        while left > 0 {
            let mut word = self.next_u32();
            if left < 32 {
                word >>= 32 - left;
            }
            out |= u64::from(word) << shift;
            shift += 32;
            left = left.saturating_sub(32);
        }
        out
    }

    /// Python's `randrange(n)` for `n >= 1`: `getrandbits(n.bit_length())`, drawn
    /// again until it is below `n`.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        assert!(n >= 1, "randrange of an empty range");
        let n = n as u64;
        let k = u64::BITS - n.leading_zeros();
        loop {
            let r = self.bits(k);
            if r < n {
                return r as usize;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fsum_is_exactly_rounded() {
        assert_eq!(fsum([0.1; 10]), 1.0);
        assert_ne!([0.1f64; 10].iter().sum::<f64>(), 1.0);
        let v = [1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50];
        assert_eq!(fsum(v), 1e-100);
        assert_eq!(fsum([]), 0.0);
        assert!(fsum([1.0, f64::NAN]).is_nan());
        assert!(mean(&[]).is_nan());
        assert_eq!(mean(&[0.25, 0.75]), 0.5);
        assert_eq!(std(&[1.0]), 0.0);
        assert_eq!(std(&[1.0, 3.0]), 2f64.sqrt());
    }

    #[test]
    fn round_is_half_even_on_the_exact_value() {
        // 1/32 is exact in binary, a true tie: Python's round(0.03125, 4) == 0.0312.
        assert_eq!(round(0.03125, 4), 0.0312);
        assert_eq!(round(0.09375, 4), 0.0938);
        // 0.00015 is a little below the decimal tie in binary.
        assert_eq!(round(0.00015, 4), 0.0001);
        assert_eq!(round(2.0 / 3.0, 4), 0.6667);
        assert!(round(f64::NAN, 4).is_nan());
    }

    #[test]
    fn repr_matches_python() {
        let cases = [
            (1.0, "1.0"),
            (0.0, "0.0"),
            (0.5, "0.5"),
            (1.0 / 3.0, "0.3333333333333333"),
            (0.0001, "0.0001"),
            (1e-5, "1e-05"),
            (2.5e-7, "2.5e-07"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (123456789012345678.0, "1.2345678901234568e+17"),
            (-0.25, "-0.25"),
            (12.5, "12.5"),
        ];
        for (x, want) in cases {
            assert_eq!(repr(x), want, "{x}");
        }
    }

    #[test]
    fn mersenne_twister_matches_the_reference_and_python() {
        // The reference implementation's published first output for this key.
        let mut mt = Mt19937::from_u32(19_650_218);
        mt.mix_in(&[0x123, 0x234, 0x345, 0x456]);
        assert_eq!(mt.next_u32(), 1_067_595_299);
        // random.Random(0).getrandbits(32)
        assert_eq!(Mt19937::new(0).next_u32(), 3_626_764_237);
        // [random.Random(0).randrange(181) for _ in range(10)]
        let mut mt = Mt19937::new(0);
        let got: Vec<usize> = (0..10).map(|_| mt.below(181)).collect();
        assert_eq!(got, [98, 107, 10, 66, 130, 124, 103, 77, 122, 91]);
        // A seed wider than 32 bits is two key words.
        let mut mt = Mt19937::new(12_345_678_901);
        let got: Vec<usize> = (0..10).map(|_| mt.below(7)).collect();
        assert_eq!(got, [4, 2, 6, 3, 2, 4, 5, 0, 6, 1]);
    }
}
