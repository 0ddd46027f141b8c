//! Respondents by ISO weekday and local hour: what the dashboard's hour × weekday chart draws.

/// Counts by weekday (index 0 = Monday … 6 = Sunday) and hour (0 … 23, Vietnam time).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WeekHours {
    counts: [[u64; 24]; 7],
}

impl WeekHours {
    /// Adds `n` respondents at ISO `weekday` (1 = Monday … 7 = Sunday) and `hour`; values out of
    /// range are ignored (the tallies only ever hold valid ones).
    pub fn add(&mut self, weekday: u8, hour: u8, n: u64) {
        let (Some(day), Some(hour)) = (
            usize::from(weekday).checked_sub(1).filter(|d| *d < 7),
            Some(usize::from(hour)).filter(|h| *h < 24),
        ) else {
            return;
        };
        self.counts[day][hour] += n;
    }

    /// Respondents at ISO `weekday` (1 … 7) and `hour`.
    pub fn get(&self, weekday: u8, hour: u8) -> u64 {
        usize::from(weekday)
            .checked_sub(1)
            .and_then(|d| self.counts.get(d))
            .and_then(|row| row.get(usize::from(hour)))
            .copied()
            .unwrap_or(0)
    }

    pub fn total(&self) -> u64 {
        self.counts.iter().flatten().sum()
    }

    /// The largest cell: the chart's darkest shade.
    pub fn max(&self) -> u64 {
        self.counts.iter().flatten().copied().max().unwrap_or(0)
    }

    /// The first and last hour that have a respondent on some day, so that a chart need not
    /// draw the night; `None` when there is no respondent.
    pub fn busy_hours(&self) -> Option<(u8, u8)> {
        let used = |h: &u8| self.counts.iter().any(|row| row[usize::from(*h)] > 0);
        Some(((0..24).find(used)?, (0..24).rev().find(used)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_by_iso_weekday_and_hour() {
        let mut week = WeekHours::default();
        week.add(1, 8, 3);
        week.add(1, 8, 2);
        week.add(7, 16, 1);
        week.add(0, 8, 9); // out of range: ignored
        week.add(8, 8, 9);
        week.add(3, 24, 9);
        assert_eq!(week.get(1, 8), 5);
        assert_eq!(week.get(7, 16), 1);
        assert_eq!(week.total(), 6);
        assert_eq!(week.max(), 5);
        assert_eq!(week.busy_hours(), Some((8, 16)));
        assert_eq!(WeekHours::default().busy_hours(), None);
    }
}
