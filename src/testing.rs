//! Helpers shared by the unit tests.

/// Every text made of up to `max` pieces of `alphabet`, the empty text and the shorter
/// ones first: for tests that hold a fast path to a plain one on every small input.
pub(crate) fn texts_over(alphabet: &[&str], max: u32) -> Vec<String> {
    let mut texts = Vec::new();
    for len in 0..=max {
        for n in 0..alphabet.len().pow(len) {
            let mut n = n;
            let mut text = String::new();
            for _ in 0..len {
                text.push_str(alphabet[n % alphabet.len()]);
                n /= alphabet.len();
            }
            texts.push(text);
        }
    }
    texts
}
