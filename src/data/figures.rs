//! Figures over time: what a period covers, which figure stands for a
//! measure at a year, and whether the sources disagree about it.
//!
//! Nothing here computes a number: a figure is shown as its source states
//! it, and where sources differ every figure is kept, each with its reporter.

use std::fmt;
use std::str::FromStr;

use super::date::{PartialDate, Period};
use super::{Dataset, Figure, Relation};

/// A period as written in the format: a partial date (`2024` is the whole
/// year) or an interval. `None` when it does not parse (validation says so).
pub fn parse_period(text: &str) -> Option<Period> {
    match text.parse::<PartialDate>() {
        Ok(date) => Some(Period::from(date)),
        Err(_) => text.parse::<Period>().ok(),
    }
}

/// The calendar year a period covers exactly, if it is one whole year:
/// `2024`, `2024/2024` or `2024-01/2024-12`. Partial years (`2024-01/2024-11`)
/// and longer spans are not.
pub fn whole_year(period: &Period) -> Option<u16> {
    let (start, end) = (period.start()?, period.end()?);
    let year = start.year();
    (end.year() == year && start.first_day() == (year, 1, 1) && end.last_day() == (year, 12, 31)).then_some(year)
}

impl Figure {
    /// The figure's period, when it parses.
    pub fn period(&self) -> Option<Period> {
        parse_period(&self.period)
    }

    /// The year this figure covers, when it covers exactly one whole year.
    pub fn whole_year(&self) -> Option<u16> {
        self.period().as_ref().and_then(whole_year)
    }

    /// Whether the figure's period begins after `year`: it says nothing yet
    /// to someone looking as of that year.
    pub fn starts_after(&self, year: u16) -> bool {
        self.period().and_then(|p| p.start()).is_some_and(|s| s.year() > year)
    }
}

impl Relation {
    /// The relation's period, when it has one that parses.
    pub fn period(&self) -> Option<Period> {
        self.period.as_deref().and_then(parse_period)
    }
}

/// The years a time filter shows, both ends inclusive: "as of 2023" is
/// `2023..=2023`, a range `2019..=2024`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Years {
    pub first: u16,
    pub last: u16,
}

impl Years {
    pub fn as_of(year: u16) -> Years {
        Years { first: year, last: year }
    }

    /// Both ends moved by `by` years, kept within 0..=9999.
    pub fn step(self, by: i32) -> Years {
        let clamp = |y: u16| (i32::from(y) + by).clamp(0, 9999) as u16;
        Years { first: clamp(self.first), last: clamp(self.last) }
    }

    /// Whether a period overlaps these years (an open end reaches forever).
    pub fn overlaps(&self, period: &Period) -> bool {
        let starts_in_time = period.start().is_none_or(|s| s.year() <= self.last);
        let ends_in_time = period.end().is_none_or(|e| e.year() >= self.first);
        starts_in_time && ends_in_time
    }

    /// Whether a relation shows under the filter: one without a period (or
    /// with one that does not parse) always does.
    pub fn shows(&self, relation: &Relation) -> bool {
        relation.period().is_none_or(|p| self.overlaps(&p))
    }
}

impl fmt::Display for Years {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first == self.last {
            write!(f, "as of {}", self.first)
        } else {
            write!(f, "{}–{}", self.first, self.last)
        }
    }
}

impl FromStr for Years {
    type Err = String;

    /// `2023`, or a range `2019-2024` / `2019/2024` / `2019..2024`.
    fn from_str(s: &str) -> Result<Years, String> {
        let year = |t: &str| -> Result<u16, String> {
            let t = t.trim();
            if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
                Ok(t.parse().expect("four digits"))
            } else {
                Err(format!("expected a year such as 2023, or a range such as 2019-2024; found \"{}\"", s.trim()))
            }
        };
        let s2 = s.trim();
        let split = ["..", "/", "-", "–"].iter().find_map(|sep| s2.split_once(sep));
        let (first, last) = match split {
            Some((a, b)) => (year(a)?, year(b)?),
            None => {
                let y = year(s2)?;
                (y, y)
            }
        };
        if first > last {
            return Err(format!("the range {first}-{last} ends before it starts"));
        }
        Ok(Years { first, last })
    }
}

/// The figures that stand for a measure at a year: every figure of the
/// latest whole year at or before it (several when reporters differ).
#[derive(Debug, Clone, PartialEq)]
pub struct Latest<'a> {
    pub year: u16,
    pub figures: Vec<&'a Figure>,
}

impl Latest<'_> {
    /// Whether the figures differ in value or unit: then no one of them is
    /// "the" value, and nothing is ranked by it.
    pub fn disputed(&self) -> bool {
        self.figures.windows(2).any(|w| w[0].value != w[1].value || w[0].unit != w[1].unit)
    }

    /// The value and unit all the figures agree on, if they do.
    pub fn agreed(&self) -> Option<(f64, &str)> {
        let first = self.figures.first()?;
        (!self.disputed()).then_some((first.value, first.unit.as_str()))
    }
}

/// The latest whole-year figures of `measure` among `figures`, at or before
/// `until` (`None`: no limit). Partial-year figures never stand for a year.
pub fn latest<'a>(
    figures: impl IntoIterator<Item = &'a Figure>,
    measure: &str,
    until: Option<u16>,
) -> Option<Latest<'a>> {
    let mut best: Option<Latest<'a>> = None;
    for f in figures {
        if f.measure != measure {
            continue;
        }
        let Some(year) = f.whole_year() else { continue };
        if until.is_some_and(|u| year > u) {
            continue;
        }
        match &mut best {
            Some(b) if b.year == year => b.figures.push(f),
            Some(b) if b.year > year => {}
            _ => best = Some(Latest { year, figures: vec![f] }),
        }
    }
    best
}

/// Every measure the dataset's figures use, in the order first met.
pub fn measures(data: &Dataset) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for f in data.relations.iter().flat_map(|r| &r.figures) {
        if !seen.contains(&f.measure) {
            seen.push(f.measure.clone());
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(measure: &str, value: f64, unit: &str, period: &str, reporter: &str) -> Figure {
        let json = serde_json::json!({
            "measure": measure, "value": value, "unit": unit, "period": period,
            "source": "s", "reporter": reporter,
        });
        serde_json::from_value(json).expect("a figure")
    }

    #[test]
    fn only_a_whole_calendar_year_is_a_year() {
        let year = |p: &str| parse_period(p).as_ref().and_then(whole_year);
        assert_eq!(year("2024"), Some(2024));
        assert_eq!(year("2024/2024"), Some(2024));
        assert_eq!(year("2024-01/2024-12"), Some(2024));
        assert_eq!(year("2024-01/2024-11"), None);
        assert_eq!(year("2024-06"), None);
        assert_eq!(year("2020/2024"), None);
        assert_eq!(year("2019/.."), None);
    }

    #[test]
    fn the_latest_whole_year_at_or_before_the_filter_wins_and_keeps_every_reporter() {
        let figures = [
            fig("trade turnover", 40.0, "USD bn", "2023", "A"),
            fig("trade turnover", 43.8, "USD bn", "2024", "China's customs"),
            fig("trade turnover", 30.0, "USD bn", "2024", "Kazakh statistics"),
            fig("trade turnover", 5.0, "USD bn", "2025-01/2025-05", "A"),
            fig("remittances", 1.0, "USD bn", "2025", "A"),
        ];
        let now = latest(&figures, "trade turnover", None).expect("a year");
        assert_eq!(now.year, 2024);
        assert_eq!(now.figures.len(), 2);
        assert!(now.disputed());
        assert_eq!(now.agreed(), None);
        let then = latest(&figures, "trade turnover", Some(2023)).expect("a year");
        assert_eq!((then.year, then.agreed()), (2023, Some((40.0, "USD bn"))));
        assert_eq!(latest(&figures, "trade turnover", Some(2022)), None);
        assert_eq!(latest(&figures, "FDI stock", None), None);
    }

    #[test]
    fn a_time_filter_shows_relations_whose_period_overlaps_it() {
        let shown = |filter: &str, period: &str| {
            let years: Years = filter.parse().expect("years");
            years.overlaps(&parse_period(period).expect("period"))
        };
        assert!(shown("2023", "2019/.."));
        assert!(!shown("2018", "2019/.."));
        assert!(shown("2018-2019", "2019/2020"));
        assert!(!shown("2021", "2019/2020"));
        assert!(shown("2020", "2020-06"));
        assert!(shown("2030", "../2031"));
    }

    #[test]
    fn years_read_as_written_and_refuse_what_is_not_a_year() {
        assert_eq!("2023".parse(), Ok(Years::as_of(2023)));
        assert_eq!("2019-2024".parse(), Ok(Years { first: 2019, last: 2024 }));
        assert_eq!("2019/2024".parse(), Ok(Years { first: 2019, last: 2024 }));
        assert!("2024-2019".parse::<Years>().is_err());
        assert!("23".parse::<Years>().is_err());
        assert!("soon".parse::<Years>().is_err());
        assert_eq!(Years::as_of(2023).to_string(), "as of 2023");
        assert_eq!(Years::as_of(2023).step(-1), Years::as_of(2022));
    }
}
