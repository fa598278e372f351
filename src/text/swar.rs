//! Eight ASCII bytes at a time: byte-range tests on a `u64` for the scans that walk a whole
//! document (word counts, the names check), where testing byte by byte was the cost.

/// The high bit of each byte of a `u64`.
pub(crate) const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

const ONES: u64 = 0x0101_0101_0101_0101;

/// Eight bytes of `bytes` from `at`, as a little-endian `u64` (the byte at `at` lowest), if
/// there are eight.
pub(crate) fn load(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk: [u8; 8] = bytes.get(at..at + 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

/// The high bit of each byte of `x` that lies strictly between `low` and `high` (`high` at
/// most 128), for `x` whose bytes are all ASCII: the "has between" test of the bit-twiddling
/// folklore. Exact per byte: the bytes are masked to seven bits first, so no carry or borrow
/// crosses from one byte to the next.
pub(crate) fn between(x: u64, low: u8, high: u8) -> u64 {
    let seven_bits = x & (ONES * 127);
    (ONES * (127 + u64::from(high))).wrapping_sub(seven_bits)
        & !x
        & seven_bits.wrapping_add(ONES * (127 - u64::from(low)))
        & HIGH_BITS
}

/// The high bit of each ASCII letter or digit byte of `x` (all of whose bytes are ASCII).
pub(crate) fn alphanumeric(x: u64) -> u64 {
    between(x, b'0' - 1, b'9' + 1) | between(x, b'A' - 1, b'Z' + 1) | between(x, b'a' - 1, b'z' + 1)
}

/// How many bytes of `x` have their high bit set, for `x` with no other bit set.
///
/// Not `count_ones`: without the POPCNT instruction (not in the baseline x86-64 that release
/// builds target) that is a dozen instructions, and it was a third of the word count's time.
/// Each byte's bit moved down to its lowest and all eight summed by one multiply: at most 8,
/// so the sum fits in the top byte.
pub(crate) fn count_flagged(x: u64) -> u32 {
    debug_assert_eq!(x & !HIGH_BITS, 0);
    ((x >> 7).wrapping_mul(ONES) >> 56) as u32
}

/// The high bit of each byte of `x` as one bit per byte, the first byte lowest, for `x` with
/// no other bit set: eight flags (as [`between`] gives them) as a mask to scan bit by bit.
/// Each flag is moved down to its byte's lowest bit (`8j` for byte `j`), then one multiply
/// gathers them: byte `i` of the multiplier shifts by `7i + 7`, which takes flag `j` to bit
/// `56 + j` for `i = 7 - j`; the other products land below bit 56 or past bit 63, none on the
/// same bit, so no carry reaches the top byte.
pub(crate) fn flags_to_bits(x: u64) -> u64 {
    debug_assert_eq!(x & !HIGH_BITS, 0);
    (x >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flagged_bytes_become_one_bit_each_and_are_counted() {
        // Every set of flagged bytes.
        for mask in 0u64..256 {
            let x = (0..8)
                .filter(|k| mask >> k & 1 == 1)
                .fold(0u64, |x, k| x | 0x80 << (8 * k));
            assert_eq!(flags_to_bits(x), mask, "{x:#x}");
            assert_eq!(count_flagged(x), mask.count_ones(), "{x:#x}");
        }
    }

    #[test]
    fn eight_bytes_are_tested_as_each_byte_would_be() {
        // Every ASCII byte in every lane, among neighbours from both ends of the range.
        for b in 0u8..128 {
            for lane in 0..8 {
                for filler in [b' ', b'/', b':', b'@', b'[', b'`', b'{', 0, 127] {
                    let mut bytes = [filler; 8];
                    bytes[lane] = b;
                    let x = load(&bytes, 0).unwrap();
                    for (low, high) in [(b'A' - 1, b'Z' + 1), (b'a' - 1, b'z' + 1)] {
                        let expected = bytes
                            .iter()
                            .enumerate()
                            .filter(|&(_, &c)| c > low && c < high)
                            .fold(0u64, |m, (k, _)| m | 0x80 << (8 * k));
                        assert_eq!(between(x, low, high), expected, "{bytes:?}");
                    }
                    let expected = bytes
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| c.is_ascii_alphanumeric())
                        .fold(0u64, |m, (k, _)| m | 0x80 << (8 * k));
                    assert_eq!(alphanumeric(x), expected, "{bytes:?}");
                }
            }
        }
        assert_eq!(load(b"1234567", 0), None);
    }
}
