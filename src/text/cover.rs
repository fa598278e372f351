//! Whether a range lies inside one of a set of ranges: the exception matches around a line's
//! hits, the occurrences of winning names around flagged ones.

use std::ops::Range;

/// Byte ranges sorted by start, with the furthest end reached up to each: a range lies inside
/// one of them when, among those that start no later than it, the one reaching furthest
/// reaches its end. One binary search per question, so that many questions about one long
/// line stay linear.
#[derive(Debug, Default)]
pub(crate) struct Cover {
    /// (start, end), by start.
    ranges: Vec<(usize, usize)>,
    /// For each of `ranges`, the furthest end among it and those before it.
    reach: Vec<usize>,
}

impl Cover {
    /// Replaces the ranges with `ranges`, in any order, keeping the buffers.
    pub(crate) fn set(&mut self, ranges: impl IntoIterator<Item = Range<usize>>) {
        self.ranges.clear();
        self.ranges
            .extend(ranges.into_iter().map(|r| (r.start, r.end)));
        self.ranges.sort_unstable();
        self.reach.clear();
        let mut furthest = 0;
        self.reach.extend(self.ranges.iter().map(|&(_, end)| {
            furthest = furthest.max(end);
            furthest
        }));
    }

    /// Whether one of the ranges starts no later than `range` and ends no sooner.
    pub(crate) fn covers(&self, range: &Range<usize>) -> bool {
        let before = self
            .ranges
            .partition_point(|&(start, _)| start <= range.start);
        before > 0 && self.reach[before - 1] >= range.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_is_covered_when_one_of_the_ranges_holds_it() {
        // Every range of 0..12 against sets of overlapping, nested and equal ranges, given in
        // any order, compared with asking each range in turn.
        let sets: [&[Range<usize>]; 4] = [
            &[],
            &[2..5, 2..5],
            &[6..9, 1..3, 2..10, 2..4],
            &[0..1, 4..4, 3..7, 5..6, 8..12, 8..9],
        ];
        let mut cover = Cover::default();
        for set in sets {
            cover.set(set.iter().cloned());
            for start in 0..12 {
                for end in start..12 {
                    let range = start..end;
                    let plain = set.iter().any(|r| r.start <= start && end <= r.end);
                    assert_eq!(cover.covers(&range), plain, "{range:?} in {set:?}");
                }
            }
        }
    }
}
