//! Geography for the map view, with no terminal in it: country outlines,
//! the map's bounds for a set of capitals, and "nearest actor in that
//! direction" for arrow-key navigation.

use std::sync::OnceLock;

/// Natural Earth 1:110m outlines, converted by `scripts/outlines.py`.
const OUTLINES_TXT: &str = include_str!("../data/outlines.txt");

/// A point as (lon, lat) in degrees.
pub type LonLat = (f64, f64);

pub struct Country {
    pub name: String,
    pub rings: Vec<Ring>,
}

pub struct Ring {
    pub points: Vec<LonLat>,
    /// (min lon, min lat, max lon, max lat), to skip rings off the map.
    pub bbox: (f64, f64, f64, f64),
}

/// The embedded outlines, parsed on first use (only the map view needs them,
/// so start-up does not pay for it).
pub fn outlines() -> &'static [Country] {
    static PARSED: OnceLock<Vec<Country>> = OnceLock::new();
    PARSED.get_or_init(|| parse_outlines(OUTLINES_TXT))
}

/// Parses the `C name` / `R lon,lat ...` format; malformed points are skipped.
pub fn parse_outlines(text: &str) -> Vec<Country> {
    let mut countries: Vec<Country> = Vec::new();
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("C ") {
            countries.push(Country { name: name.to_string(), rings: Vec::new() });
        } else if let (Some(coords), Some(country)) = (line.strip_prefix("R "), countries.last_mut()) {
            let points: Vec<LonLat> = coords
                .split_whitespace()
                .filter_map(|p| {
                    let (x, y) = p.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect();
            if points.len() >= 2 {
                let bbox = points.iter().fold(
                    (f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY),
                    |(a, b, c, d), &(x, y)| (a.min(x), b.min(y), c.max(x), d.max(y)),
                );
                country.rings.push(Ring { points, bbox });
            }
        }
    }
    countries
}

/// The map's window in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub lon: [f64; 2],
    pub lat: [f64; 2],
}

impl Bounds {
    /// A window holding every point with a margin, widened so that shapes
    /// keep their proportions in a `cols` x `rows` cell area (cells are about
    /// twice as tall as wide; a degree of longitude shrinks with cos(lat)).
    pub fn around(points: &[LonLat], cols: u16, rows: u16) -> Bounds {
        let (mut lon, mut lat) = if points.is_empty() {
            ([-180.0, 180.0], [-60.0, 80.0])
        } else {
            points
                .iter()
                .fold(([f64::INFINITY, f64::NEG_INFINITY], [f64::INFINITY, f64::NEG_INFINITY]), |(lo, la), &(x, y)| {
                    ([lo[0].min(x), lo[1].max(x)], [la[0].min(y), la[1].max(y)])
                })
        };
        let margin = |r: [f64; 2]| ((r[1] - r[0]) * 0.08).max(4.0);
        let (mx, my) = (margin(lon), margin(lat));
        lon = [lon[0] - mx, lon[1] + mx];
        lat = [lat[0] - my, lat[1] + my];

        let (cols, rows) = (f64::from(cols.max(1)), f64::from(rows.max(1)));
        let cos = ((lat[0] + lat[1]) / 2.0).to_radians().cos().max(0.2);
        let lon_per_col = (lon[1] - lon[0]) / cols;
        let lat_per_row = (lat[1] - lat[0]) / rows;
        let wanted_lat_per_row = 2.0 * cos * lon_per_col;
        if lat_per_row < wanted_lat_per_row {
            lat = widen(lat, wanted_lat_per_row * rows, [-90.0, 90.0]);
        } else {
            lon = widen(lon, lat_per_row / (2.0 * cos) * cols, [-180.0, 180.0]);
        }
        Bounds { lon, lat }
    }

    pub fn contains(&self, (x, y): LonLat) -> bool {
        (self.lon[0]..=self.lon[1]).contains(&x) && (self.lat[0]..=self.lat[1]).contains(&y)
    }

    pub fn overlaps(&self, (x0, y0, x1, y1): (f64, f64, f64, f64)) -> bool {
        x1 >= self.lon[0] && x0 <= self.lon[1] && y1 >= self.lat[0] && y0 <= self.lat[1]
    }

    /// The cell (column, row from the top) of a point in a `cols` x `rows`
    /// area, or `None` outside it.
    pub fn cell(&self, (x, y): LonLat, cols: u16, rows: u16) -> Option<(u16, u16)> {
        if !self.contains((x, y)) || cols == 0 || rows == 0 {
            return None;
        }
        let fx = (x - self.lon[0]) / (self.lon[1] - self.lon[0]);
        let fy = (self.lat[1] - y) / (self.lat[1] - self.lat[0]);
        let col = (fx * f64::from(cols)).floor().min(f64::from(cols - 1));
        let row = (fy * f64::from(rows)).floor().min(f64::from(rows - 1));
        Some((col as u16, row as u16))
    }
}

/// Widens `range` around its centre to `span`, shifted to stay inside `limit`.
fn widen(range: [f64; 2], span: f64, limit: [f64; 2]) -> [f64; 2] {
    let span = span.min(limit[1] - limit[0]);
    let mid = (range[0] + range[1]) / 2.0;
    let lo = (mid - span / 2.0).clamp(limit[0], limit[1] - span);
    [lo, lo + span]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heading {
    North,
    South,
    West,
    East,
}

/// The point nearest to `points[from]` in the given heading: within 60° of
/// it, preferring points close to the heading's axis. Ties go to the earlier
/// point. `None` when nothing lies that way.
pub fn nearest_in_direction(points: &[Option<LonLat>], from: usize, heading: Heading) -> Option<usize> {
    let (x0, y0) = (*points.get(from)?)?;
    // Longitude shrinks towards the poles; compare like with like.
    let cos = y0.to_radians().cos().max(0.2);
    let (dx, dy) = match heading {
        Heading::North => (0.0, 1.0),
        Heading::South => (0.0, -1.0),
        Heading::West => (-1.0, 0.0),
        Heading::East => (1.0, 0.0),
    };
    let mut best: Option<(f64, usize)> = None;
    // Actors without coordinates are not on the map.
    for (i, (x, y)) in points.iter().enumerate().filter_map(|(i, p)| Some((i, (*p)?))) {
        if i == from {
            continue;
        }
        let (vx, vy) = ((x - x0) * cos, y - y0);
        let along = vx * dx + vy * dy;
        let across = (vx * dy - vy * dx).abs();
        // Within 60° of the heading: across <= along * tan(60°).
        if along <= 0.0 || across > along * 3f64.sqrt() {
            continue;
        }
        let score = along + 2.0 * across;
        if best.is_none_or(|(s, _)| score < s) {
            best = Some((score, i));
        }
    }
    best.map(|(_, i)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlines_hold_the_region_and_its_neighbours() {
        let names: Vec<&str> = outlines().iter().map(|c| c.name.as_str()).collect();
        for n in ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan", "Iran", "Afghanistan"] {
            assert!(names.contains(&n), "{n} missing");
        }
        let kaz = outlines().iter().find(|c| c.name == "Kazakhstan").unwrap();
        // Astana lies inside Kazakhstan's bounding box.
        assert!(kaz.rings.iter().any(|r| r.bbox.0 < 71.45 && 71.45 < r.bbox.2 && r.bbox.1 < 51.17 && 51.17 < r.bbox.3));
    }

    #[test]
    fn parse_skips_malformed_points_and_rings() {
        let c = parse_outlines("# x\nC A\nR 1,2 3,4 x,y\nR 5,6\nC B\n");
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].rings.len(), 1);
        assert_eq!(c[0].rings[0].points, [(1.0, 2.0), (3.0, 4.0)]);
        assert!(c[1].rings.is_empty());
    }

    #[test]
    fn bounds_hold_every_point_and_stay_on_the_globe() {
        let pts = [(4.35, 50.85), (116.41, 39.9), (58.33, 37.96)];
        for (cols, rows) in [(100, 30), (58, 20), (1, 1), (300, 100)] {
            let b = Bounds::around(&pts, cols, rows);
            assert!(pts.iter().all(|&p| b.contains(p)), "{b:?}");
            assert!(b.lon[0] >= -180.0 && b.lon[1] <= 180.0 && b.lat[0] >= -90.0 && b.lat[1] <= 90.0, "{b:?}");
        }
        let b = Bounds::around(&[(0.0, 0.0)], 10, 10);
        assert!(b.lon[1] - b.lon[0] > 1.0, "a single point still gets a window: {b:?}");
    }

    #[test]
    fn cells_map_corners_inside_the_area() {
        let b = Bounds { lon: [0.0, 10.0], lat: [0.0, 10.0] };
        assert_eq!(b.cell((0.0, 10.0), 10, 5), Some((0, 0)));
        assert_eq!(b.cell((10.0, 0.0), 10, 5), Some((9, 4)));
        assert_eq!(b.cell((11.0, 0.0), 10, 5), None);
    }
}
