//! Short texts kept together in one allocation, for what is held for a whole export.

/// Short texts kept together in one allocation (an export's worth of them are held between
/// the passes): each is `text[ends[i - 1]..ends[i]]`.
#[derive(Debug, Clone)]
pub struct Texts<const N: usize> {
    text: Box<str>,
    ends: [u32; N],
}

impl<const N: usize> Texts<N> {
    pub fn new(parts: [&str; N]) -> Texts<N> {
        let mut text = String::with_capacity(parts.iter().map(|p| p.len()).sum());
        let mut ends = [0; N];
        for (end, part) in ends.iter_mut().zip(parts) {
            text.push_str(part);
            // Fields are short; a text past 4 GiB is not kept whole (it never is one).
            *end = u32::try_from(text.len()).unwrap_or(u32::MAX);
        }
        Texts {
            text: text.into_boxed_str(),
            ends,
        }
    }

    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.text.get(start..self.ends[i] as usize).unwrap_or("")
    }
}
