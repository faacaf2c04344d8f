//! Partial ISO 8601 dates (`2025`, `2025-10`, `2025-10-08`) and the periods
//! between them (`2020/2024`, `2019-03/..`, `../2024-06-30`).
//!
//! A source says "in 2025" or "in October 2025" as often as it gives a day,
//! so a date is as precise as its source and no more: nothing is filled in.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// A date to the year, the month or the day. Ordered by year, then month,
/// then day, a less precise date first: `2025 < 2025-01 < 2025-01-01 < 2025-02`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    year: u16,
    month: Option<u8>,
    day: Option<u8>,
}

/// Why a text is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (four-digit year, two-digit
    /// month and day).
    Form,
    /// A month outside 01..12.
    Month(u8),
    /// A day the month does not have (February 29 outside a leap year, say).
    Day { year: u16, month: u8, day: u8 },
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl PartialDate {
    /// A date from its parts: a month from 1 to 12, a day the month has
    /// (leap years counted), and no day without a month.
    pub fn new(year: u16, month: Option<u8>, day: Option<u8>) -> Result<PartialDate, DateError> {
        if year > 9999 {
            return Err(DateError::Form);
        }
        match (month, day) {
            (None, Some(_)) => Err(DateError::Form),
            (Some(m), _) if !(1..=12).contains(&m) => Err(DateError::Month(m)),
            (Some(m), Some(d)) if d == 0 || d > days_in_month(year, m) => {
                Err(DateError::Day { year, month: m, day: d })
            }
            _ => Ok(PartialDate { year, month, day }),
        }
    }

    pub fn year(&self) -> u16 {
        self.year
    }

    pub fn month(&self) -> Option<u8> {
        self.month
    }

    pub fn day(&self) -> Option<u8> {
        self.day
    }

    /// The first day the date covers, as (year, month, day).
    pub fn first_day(&self) -> (u16, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day the date covers, as (year, month, day).
    pub fn last_day(&self) -> (u16, u8, u8) {
        let month = self.month.unwrap_or(12);
        (self.year, month, self.day.unwrap_or_else(|| days_in_month(self.year, month)))
    }

    /// The ISO form of a date written in words with an English month name,
    /// as in "March 2024", "8 October 2025" or "Oct. 8, 2025"; `None` when
    /// the text is not that (or names no real day).
    pub fn from_words(text: &str) -> Option<PartialDate> {
        let (mut year, mut month, mut day) = (None, None, None);
        for word in text.split(|c: char| c.is_whitespace() || c == ',' || c == '.').filter(|w| !w.is_empty()) {
            let lower = word.to_lowercase();
            if let Some(m) = MONTHS.iter().position(|name| {
                let name = name.to_lowercase();
                lower == name || (lower.len() >= 3 && name.starts_with(&lower))
            }) {
                if month.is_some() {
                    return None;
                }
                month = Some(m as u8 + 1);
            } else if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) && year.is_none() {
                year = word.parse().ok();
            } else if word.len() <= 2 && word.bytes().all(|b| b.is_ascii_digit()) && day.is_none() {
                day = word.parse().ok();
            } else {
                return None;
            }
        }
        PartialDate::new(year?, Some(month?), day).ok()
    }
}

/// Days in a month of the Gregorian calendar.
fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl FromStr for PartialDate {
    type Err = DateError;

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, digits only, nothing around them.
    fn from_str(s: &str) -> Result<PartialDate, DateError> {
        let number = |part: &str, digits: usize| -> Result<u16, DateError> {
            if part.len() == digits && part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse().map_err(|_| DateError::Form)
            } else {
                Err(DateError::Form)
            }
        };
        let mut parts = s.split('-');
        let year = number(parts.next().unwrap_or_default(), 4)?;
        let month = parts.next().map(|m| number(m, 2)).transpose()?;
        let day = parts.next().map(|d| number(d, 2)).transpose()?;
        if parts.next().is_some() {
            return Err(DateError::Form);
        }
        // Two digits fit in a u8.
        PartialDate::new(year, month.map(|m| m as u8), day.map(|d| d as u8))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DateError::Form => f.write_str("a date is written YYYY, YYYY-MM or YYYY-MM-DD"),
            DateError::Month(m) => write!(f, "there is no month {m:02} (months are 01 to 12)"),
            DateError::Day { year, month, day } => {
                let days = days_in_month(year, month);
                let name = MONTHS[usize::from(month) - 1];
                if day == 0 {
                    f.write_str("there is no day 00 (days start at 01)")
                } else if month == 2 {
                    write!(f, "{name} {year} has {days} days")
                } else {
                    write!(f, "{name} has {days} days")
                }
            }
        }
    }
}

impl std::error::Error for DateError {}

/// A period between two partial dates, either end of which may be open
/// (`..`): `2020/2024`, `2019-03/..`, `../2024-06-30`. Both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    start: Option<PartialDate>,
    end: Option<PartialDate>,
}

/// Why a text is not a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodError {
    /// No `/` between two ends.
    Form,
    /// The start is not a date.
    Start(DateError),
    /// The end is not a date.
    End(DateError),
    /// `../..`: a period needs at least one end.
    BothOpen,
    /// The end comes before the start.
    Reversed,
}

impl Period {
    /// A period from its ends (`None`: open). At least one end, and the
    /// start's first day no later than the end's last day.
    pub fn new(start: Option<PartialDate>, end: Option<PartialDate>) -> Result<Period, PeriodError> {
        match (start, end) {
            (None, None) => Err(PeriodError::BothOpen),
            (Some(s), Some(e)) if s.first_day().cmp(&e.last_day()) == Ordering::Greater => Err(PeriodError::Reversed),
            _ => Ok(Period { start, end }),
        }
    }

    /// The start, or `None` when the period is open at its start.
    pub fn start(&self) -> Option<PartialDate> {
        self.start
    }

    /// The end, or `None` when the period is open at its end.
    pub fn end(&self) -> Option<PartialDate> {
        self.end
    }
}

/// The whole of a date as a period: `2024` is `2024/2024`.
impl From<PartialDate> for Period {
    fn from(date: PartialDate) -> Period {
        Period { start: Some(date), end: Some(date) }
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    fn from_str(s: &str) -> Result<Period, PeriodError> {
        let (start, end) = s.split_once('/').ok_or(PeriodError::Form)?;
        let end_of = |text: &str, wrap: fn(DateError) -> PeriodError| match text {
            ".." => Ok(None),
            _ => text.parse().map(Some).map_err(wrap),
        };
        Period::new(end_of(start, PeriodError::Start)?, end_of(end, PeriodError::End)?)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let end = |d: Option<PartialDate>| d.map_or("..".to_string(), |d| d.to_string());
        write!(f, "{}/{}", end(self.start), end(self.end))
    }
}

impl fmt::Display for PeriodError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PeriodError::Form => {
                f.write_str("a period is written START/END, each end a date or .. (e.g. 2020/2024, 2019-03/..)")
            }
            PeriodError::Start(e) => write!(f, "its start is not a date: {e}"),
            PeriodError::End(e) => write!(f, "its end is not a date: {e}"),
            PeriodError::BothOpen => f.write_str("a period needs at least one end (../.. says nothing)"),
            PeriodError::Reversed => f.write_str("it ends before it starts"),
        }
    }
}

impl std::error::Error for PeriodError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> PartialDate {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn year_month_and_day_parse_and_print_back() {
        for s in ["2025", "2025-10", "2025-10-08", "0999", "2024-02-29", "2000-02-29"] {
            assert_eq!(date(s).to_string(), s);
        }
        assert_eq!(date("2025-10").month(), Some(10));
        assert_eq!(date("2025-10").day(), None);
    }

    #[test]
    fn anything_but_the_three_iso_forms_is_refused() {
        for s in [
            "",
            "March 2024",
            "25",
            "20251",
            "2025-1",
            "2025-10-8",
            "2025/10/08",
            " 2025",
            "2025-10-08T12:00",
            "2025-",
            "+2025",
            "２０２５",
            "2025-10-08-01",
        ] {
            assert_eq!(s.parse::<PartialDate>(), Err(DateError::Form), "{s:?}");
        }
    }

    #[test]
    fn months_and_days_are_checked_against_the_calendar() {
        assert_eq!("2025-13".parse::<PartialDate>(), Err(DateError::Month(13)));
        assert_eq!("2025-00-10".parse::<PartialDate>(), Err(DateError::Month(0)));
        assert_eq!("2025-04-31".parse::<PartialDate>(), Err(DateError::Day { year: 2025, month: 4, day: 31 }));
        // Leap years: every fourth, but not centuries unless divisible by 400.
        assert!("2023-02-29".parse::<PartialDate>().is_err());
        assert!("1900-02-29".parse::<PartialDate>().is_err());
        assert_eq!(date("2024-02-29").day(), Some(29));
        assert_eq!(date("2000-02-29").day(), Some(29));
        assert_eq!(
            "2025-01-00".parse::<PartialDate>().unwrap_err().to_string(),
            "there is no day 00 (days start at 01)"
        );
        assert_eq!("2023-02-29".parse::<PartialDate>().unwrap_err().to_string(), "February 2023 has 28 days");
        assert_eq!("2025-04-31".parse::<PartialDate>().unwrap_err().to_string(), "April has 30 days");
        assert_eq!(
            "2025-13".parse::<PartialDate>().unwrap_err().to_string(),
            "there is no month 13 (months are 01 to 12)"
        );
    }

    #[test]
    fn a_less_precise_date_sorts_before_the_dates_it_holds() {
        let mut dates = [date("2025-02"), date("2025-01-01"), date("2024-12-31"), date("2025"), date("2025-01")];
        dates.sort();
        let sorted: Vec<String> = dates.iter().map(ToString::to_string).collect();
        assert_eq!(sorted, ["2024-12-31", "2025", "2025-01", "2025-01-01", "2025-02"]);
        assert_eq!(date("2024-02").last_day(), (2024, 2, 29));
        assert_eq!(date("2025").first_day(), (2025, 1, 1));
    }

    #[test]
    fn dates_in_words_get_their_iso_form() {
        let iso = |s: &str| PartialDate::from_words(s).map(|d| d.to_string());
        assert_eq!(iso("March 2024").as_deref(), Some("2024-03"));
        assert_eq!(iso("8 October 2025").as_deref(), Some("2025-10-08"));
        assert_eq!(iso("Oct. 8, 2025").as_deref(), Some("2025-10-08"));
        assert_eq!(iso("sept 2019").as_deref(), Some("2019-09"));
        for not in ["2024", "March", "Spring 2024", "31 February 2024", "March April 2024", "Ma 2024"] {
            assert_eq!(iso(not), None, "{not}");
        }
    }

    #[test]
    fn periods_have_two_ends_either_of_which_may_be_open() {
        let period = |s: &str| s.parse::<Period>();
        assert_eq!(period("2020/2024").unwrap().to_string(), "2020/2024");
        assert_eq!(period("2019-03/..").unwrap().end(), None);
        assert_eq!(period("../2024-06-30").unwrap().start(), None);
        assert_eq!(period("../2024-06-30").unwrap().end(), Some(date("2024-06-30")));
        // A month inside the year it ends: May to the end of 2020.
        assert!(period("2020-05/2020").is_ok());
        assert_eq!(period("2024/2020"), Err(PeriodError::Reversed));
        assert_eq!(period("2020-05/2020-04-30"), Err(PeriodError::Reversed));
        assert_eq!(period("../.."), Err(PeriodError::BothOpen));
        assert_eq!(period("2020"), Err(PeriodError::Form));
        assert_eq!(period("2020/2021/2022"), Err(PeriodError::End(DateError::Form)));
        assert_eq!(period("2020-13/2021"), Err(PeriodError::Start(DateError::Month(13))));
        assert_eq!(period("/2021"), Err(PeriodError::Start(DateError::Form)));
        assert_eq!(Period::from(date("2024")).to_string(), "2024/2024");
    }
}
