//! Benchmarks for libtest's `#[bench]` harness: FNV-1a over buffers of
//! two sizes with `b.bytes` set (so libtest reports MB/s), and a sum
//! without it. `LT_ROUNDS` (default 1) hashes every buffer that many
//! times, so a second run is measurably slower.
#![feature(test)]
extern crate test;

pub fn fnv1a(b: &[u8]) -> u64 {
    b.iter().fold(0xcbf2_9ce4_8422_2325, |h, &c| {
        (h ^ u64::from(c)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod benches {
    use super::fnv1a;
    use test::{black_box, Bencher};

    fn rounds() -> usize {
        std::env::var("LT_ROUNDS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(1)
    }

    fn hash(b: &mut Bencher, n: usize) {
        let buf: Vec<u8> = (0..n).map(|i| (i * 31) as u8).collect();
        let r = rounds();
        b.bytes = n as u64;
        b.iter(|| {
            for _ in 0..r {
                black_box(fnv1a(black_box(&buf)));
            }
        });
    }

    #[bench]
    fn hash_64(b: &mut Bencher) {
        hash(b, 64);
    }

    #[bench]
    fn hash_4096(b: &mut Bencher) {
        hash(b, 4096);
    }

    #[bench]
    fn sum_1000(b: &mut Bencher) {
        b.iter(|| (0..black_box(1000u64)).sum::<u64>());
    }
}
