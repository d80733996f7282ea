//! Allocates in a few known places, keeps some of it until the end, and
//! writes a DHAT heap profile with the dhat crate.

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

#[inline(never)]
fn build_table(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("row {i}")).collect()
}

#[inline(never)]
fn scratch_buffers(rounds: usize) -> usize {
    let mut total = 0;
    for r in 0..rounds {
        let v = vec![r as u8; 64 * 1024];
        total += v.len();
    }
    total
}

fn main() {
    let _profiler = dhat::Profiler::builder().file_name("dhat-heap.json").build();
    let kept = build_table(2000);
    let n = scratch_buffers(50);
    let leaked: &'static mut Vec<u64> = Box::leak(Box::new(vec![7; 4096]));
    println!("{} {} {}", kept.len(), n, leaked.len());
}
