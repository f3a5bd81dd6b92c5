//! What unit tests share: strings generated from pieces, for tests that hold a scan to the
//! pattern or definition it stands for.

/// 20,000 strings of one to `most` pieces each, drawn by a small fixed-seed generator
/// (xorshift), so that every run tests the same strings.
pub(crate) fn strings_of<'a>(
    pieces: &'a [&'a str],
    most: u64,
) -> impl Iterator<Item = String> + 'a {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..20_000).map(move |_| {
        let count = 1 + next() % most;
        (0..count)
            .map(|_| pieces[(next() % pieces.len() as u64) as usize])
            .collect()
    })
}
