//! The drivable roads of an OpenStreetMap PBF file: which ways a car may use,
//! in which direction, and how fast.
//!
//! The file is decoded twice, in parallel over its blobs: the first pass keeps
//! the ways a car may drive and the node ids they use, the second keeps the
//! coordinates of just those nodes (plain and dense nodes alike). Two passes
//! cost a second decompression but never hold the coordinates of every node of
//! a country in memory. Blob results are put back in file order, so the
//! network never depends on thread scheduling.

use std::path::Path;

use osmpbf::{BlobDecode, BlobReader, PrimitiveBlock};
use rayon::prelude::*;

use super::{valid_coordinates, RoadSegment};
use crate::model::LatLon;

/// Speed for `maxspeed=walk` (and `XX:walk`): a car at walking pace.
const WALK_KMH: f64 = 10.0;

/// Lowest and highest `maxspeed` taken as a real limit; anything else is junk.
const MAXSPEED_RANGE_KMH: std::ops::RangeInclusive<f64> = 5.0..=150.0;

/// Kilometres per statute mile.
const KM_PER_MILE: f64 = 1.609_344;

/// The nodes and directed road segments of a file, ready for the graph builder.
pub(super) struct OsmRoads {
    /// Coordinates of every node a kept way uses and the file has.
    pub points: Vec<LatLon>,
    /// One segment per pair of consecutive way nodes, oriented so that a
    /// one-way segment runs `from` to `to`.
    pub segments: Vec<RoadSegment>,
}

/// Reads the car roads of `path`; the error is a message for the caller to
/// wrap with the path.
pub(super) fn read_pbf(path: &Path) -> Result<OsmRoads, String> {
    let mut ways: Vec<CarWay> = in_file_order(path, block_ways)?.into_iter().flatten().collect();
    ways.sort_by_key(|way| way.id);

    let mut needed: Vec<i64> = ways.iter().flat_map(|way| way.refs.iter().copied()).collect();
    needed.sort_unstable();
    needed.dedup();
    if u32::try_from(needed.len()).is_err() {
        return Err(format!("{} road nodes are more than this program can index", needed.len()));
    }

    let found: Vec<Vec<(u32, LatLon)>> = in_file_order(path, |block| block_nodes(block, &needed))?;
    let mut coordinates: Vec<Option<LatLon>> = vec![None; needed.len()];
    for (slot, at) in found.into_iter().flatten() {
        coordinates[slot as usize] = Some(at);
    }

    // Nodes the extract cut off have no coordinates: number only the others.
    let mut point_of = vec![u32::MAX; needed.len()];
    let mut points = Vec::with_capacity(needed.len());
    for (slot, at) in coordinates.iter().enumerate() {
        if let Some(at) = at {
            point_of[slot] = points.len() as u32;
            points.push(*at);
        }
    }

    let mut segments = Vec::new();
    for way in &ways {
        let nodes: Vec<u32> = way
            .refs
            .iter()
            .map(|id| needed.binary_search(id).map_or(u32::MAX, |slot| point_of[slot]))
            .collect();
        for pair in nodes.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if a == u32::MAX || b == u32::MAX || a == b {
                continue;
            }
            let (from, to) = if way.rules.direction == Direction::Backward { (b, a) } else { (a, b) };
            segments.push(RoadSegment {
                from: from as usize,
                to: to as usize,
                speed_kmh: way.rules.speed_kmh,
                oneway: way.rules.direction != Direction::Both,
            });
        }
    }
    if segments.is_empty() {
        return Err("no roads a car may drive".to_string());
    }
    Ok(OsmRoads { points, segments })
}

/// Decodes every data blob of `path` in parallel with `per_block` and returns
/// the results in file order; the first error in file order wins.
fn in_file_order<T, F>(path: &Path, per_block: F) -> Result<Vec<T>, String>
where
    T: Send,
    F: Fn(&PrimitiveBlock) -> T + Sync + Send,
{
    let blobs = BlobReader::from_path(path).map_err(|e| e.to_string())?;
    let mut results: Vec<(usize, Result<Option<T>, osmpbf::Error>)> = blobs
        .enumerate()
        .par_bridge()
        .map(|(position, blob)| {
            let decoded = blob.and_then(|blob| match blob.decode()? {
                BlobDecode::OsmData(block) => Ok(Some(per_block(&block))),
                BlobDecode::OsmHeader(_) | BlobDecode::Unknown(_) => Ok(None),
            });
            (position, decoded)
        })
        .collect();
    results.sort_by_key(|&(position, _)| position);
    let mut out = Vec::with_capacity(results.len());
    for (_, result) in results {
        if let Some(value) = result.map_err(|e| e.to_string())? {
            out.push(value);
        }
    }
    if out.is_empty() {
        return Err("no OpenStreetMap data blocks".to_string());
    }
    Ok(out)
}

/// A way a car may drive, with its node ids in order.
struct CarWay {
    id: i64,
    refs: Vec<i64>,
    rules: WayRules,
}

fn block_ways(block: &PrimitiveBlock) -> Vec<CarWay> {
    let mut ways = Vec::new();
    for group in block.groups() {
        for way in group.ways() {
            let mut tags = WayTags::default();
            for (key, value) in way.tags() {
                tags.set(key, value);
            }
            if let Some(rules) = tags.rules() {
                let refs: Vec<i64> = way.refs().collect();
                if refs.len() >= 2 {
                    ways.push(CarWay { id: way.id(), refs, rules });
                }
            }
        }
    }
    ways
}

/// The coordinates of the nodes in `needed` (sorted ids) that this block
/// holds, as (position in `needed`, coordinates); invalid coordinates are
/// left out, as if the node were missing.
fn block_nodes(block: &PrimitiveBlock, needed: &[i64]) -> Vec<(u32, LatLon)> {
    let mut found = Vec::new();
    let mut keep = |id: i64, lat: f64, lon: f64| {
        let at = LatLon { lat, lon };
        if let Ok(slot) = needed.binary_search(&id) {
            if valid_coordinates(at) {
                found.push((slot as u32, at));
            }
        }
    };
    for group in block.groups() {
        for node in group.dense_nodes() {
            keep(node.id(), node.lat(), node.lon());
        }
        for node in group.nodes() {
            keep(node.id(), node.lat(), node.lon());
        }
    }
    found
}

/// Which way cars may drive a way, relative to its node order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Direction {
    Both,
    Forward,
    Backward,
}

/// What a kept way contributes to the network.
#[derive(Clone, Copy, Debug, PartialEq)]
struct WayRules {
    speed_kmh: f64,
    direction: Direction,
}

/// The tags that decide whether and how a car drives a way.
#[derive(Default)]
struct WayTags<'a> {
    highway: Option<&'a str>,
    access: Option<&'a str>,
    vehicle: Option<&'a str>,
    motor_vehicle: Option<&'a str>,
    motorcar: Option<&'a str>,
    oneway: Option<&'a str>,
    junction: Option<&'a str>,
    maxspeed: Option<&'a str>,
    area: Option<&'a str>,
}

impl<'a> WayTags<'a> {
    fn set(&mut self, key: &str, value: &'a str) {
        let slot = match key {
            "highway" => &mut self.highway,
            "access" => &mut self.access,
            "vehicle" => &mut self.vehicle,
            "motor_vehicle" => &mut self.motor_vehicle,
            "motorcar" => &mut self.motorcar,
            "oneway" => &mut self.oneway,
            "junction" => &mut self.junction,
            "maxspeed" => &mut self.maxspeed,
            "area" => &mut self.area,
            _ => return,
        };
        *slot = Some(value);
    }

    /// The way's speed and direction, or `None` when a car may not drive it.
    fn rules(&self) -> Option<WayRules> {
        let highway = self.highway?;
        let class_kmh = class_speed_kmh(highway)?;
        if self.area == Some("yes") || !self.car_allowed() {
            return None;
        }
        let direction = self.direction(highway)?;
        let speed_kmh = self.maxspeed.and_then(maxspeed_kmh).unwrap_or(class_kmh);
        Some(WayRules { speed_kmh, direction })
    }

    /// The most specific access tag decides (`motorcar`, then
    /// `motor_vehicle`, `vehicle`, `access`), so `access=no` with
    /// `motor_vehicle=yes` is open to cars. Destination, delivery and
    /// customer-only roads stay open: a rep visiting an account is all three.
    fn car_allowed(&self) -> bool {
        let rule = self.motorcar.or(self.motor_vehicle).or(self.vehicle).or(self.access);
        !matches!(
            rule,
            Some("no" | "private" | "agricultural" | "forestry" | "agricultural;forestry" | "emergency")
        )
    }

    /// `oneway` as tagged, else one-way along the way for roundabouts and
    /// motorways; `None` for reversible roads, whose direction changes with
    /// the time of day.
    fn direction(&self, highway: &str) -> Option<Direction> {
        match self.oneway {
            Some("yes" | "true" | "1") => Some(Direction::Forward),
            Some("-1" | "reverse") => Some(Direction::Backward),
            Some("no" | "false" | "0") => Some(Direction::Both),
            Some("reversible" | "alternating") => None,
            _ => {
                let implied = matches!(self.junction, Some("roundabout" | "circular"))
                    || matches!(highway, "motorway" | "motorway_link");
                Some(if implied { Direction::Forward } else { Direction::Both })
            }
        }
    }
}

/// The speed, in km/h, a car averages on a road class without a `maxspeed`
/// tag; `None` for classes a car may not drive. Below the usual limits,
/// since junctions, bends and traffic slow the average; links are slower
/// than the roads they join.
fn class_speed_kmh(highway: &str) -> Option<f64> {
    Some(match highway {
        "motorway" => 100.0,
        "motorway_link" => 60.0,
        "trunk" => 80.0,
        "trunk_link" => 50.0,
        "primary" => 60.0,
        "primary_link" => 45.0,
        "secondary" => 50.0,
        "secondary_link" => 40.0,
        "tertiary" => 40.0,
        "tertiary_link" => 30.0,
        "unclassified" | "residential" | "road" => 30.0,
        "living_street" | "service" => 15.0,
        _ => return None,
    })
}

/// A `maxspeed` value in km/h: a number (`50`, `50 km/h`), miles
/// (`30 mph`), `walk`, or a zone code (`FI:urban` 50, `FI:rural` 80,
/// `FI:motorway` 120, `XX:urban` 50, `XX:living_street` 20). Of several
/// values (`50;30`) the first counts. `None`, `signals`, `variable`, unknown
/// codes and numbers outside 5..=150 km/h fall back to the class speed.
fn maxspeed_kmh(text: &str) -> Option<f64> {
    let text = text.split(';').next()?.trim();
    if text == "walk" {
        return Some(WALK_KMH);
    }
    if let Some((country, zone)) = text.split_once(':') {
        return match (country, zone) {
            (_, "urban") => Some(50.0),
            (_, "living_street") => Some(20.0),
            (_, "walk") => Some(WALK_KMH),
            ("FI", "rural") => Some(80.0),
            ("FI", "motorway") => Some(120.0),
            _ => None,
        };
    }
    let digits = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(text.len());
    let value: f64 = text[..digits].parse().ok()?;
    let kmh = match text[digits..].trim() {
        "" | "km/h" | "kmh" | "kph" => value,
        "mph" => value * KM_PER_MILE,
        _ => return None,
    };
    MAXSPEED_RANGE_KMH.contains(&kmh).then_some(kmh)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(tags: &[(&'static str, &'static str)]) -> Option<WayRules> {
        let mut way = WayTags::default();
        for &(key, value) in tags {
            way.set(key, value);
        }
        way.rules()
    }

    #[test]
    fn maxspeed_numbers_units_and_zones() {
        assert_eq!(maxspeed_kmh("50"), Some(50.0));
        assert_eq!(maxspeed_kmh("40 km/h"), Some(40.0));
        assert_eq!(maxspeed_kmh("80;60"), Some(80.0));
        assert!((maxspeed_kmh("30 mph").unwrap() - 48.28).abs() < 0.01);
        assert_eq!(maxspeed_kmh("FI:urban"), Some(50.0));
        assert_eq!(maxspeed_kmh("FI:rural"), Some(80.0));
        assert_eq!(maxspeed_kmh("DE:living_street"), Some(20.0));
        assert_eq!(maxspeed_kmh("walk"), Some(WALK_KMH));
        for junk in ["none", "signals", "0", "999", "", "fast", "50 knots", "DE:rural", "1.2.3"] {
            assert_eq!(maxspeed_kmh(junk), None, "{junk}");
        }
    }

    #[test]
    fn class_speed_unless_a_sane_maxspeed() {
        assert_eq!(rules(&[("highway", "residential")]).unwrap().speed_kmh, 30.0);
        assert_eq!(rules(&[("highway", "primary"), ("maxspeed", "70")]).unwrap().speed_kmh, 70.0);
        assert_eq!(rules(&[("highway", "primary"), ("maxspeed", "junk")]).unwrap().speed_kmh, 60.0);
        assert!(rules(&[("highway", "footway")]).is_none());
        assert!(rules(&[("highway", "cycleway")]).is_none());
        assert!(rules(&[("building", "yes")]).is_none());
    }

    #[test]
    fn oneway_explicit_and_implied() {
        let direction = |tags: &[(&'static str, &'static str)]| rules(tags).map(|r| r.direction);
        assert_eq!(direction(&[("highway", "residential")]), Some(Direction::Both));
        assert_eq!(direction(&[("highway", "residential"), ("oneway", "yes")]), Some(Direction::Forward));
        assert_eq!(direction(&[("highway", "residential"), ("oneway", "1")]), Some(Direction::Forward));
        assert_eq!(direction(&[("highway", "residential"), ("oneway", "-1")]), Some(Direction::Backward));
        assert_eq!(
            direction(&[("highway", "tertiary"), ("junction", "roundabout")]),
            Some(Direction::Forward)
        );
        assert_eq!(direction(&[("highway", "motorway")]), Some(Direction::Forward));
        assert_eq!(direction(&[("highway", "motorway_link"), ("oneway", "no")]), Some(Direction::Both));
        assert_eq!(direction(&[("highway", "secondary"), ("oneway", "reversible")]), None);
    }

    #[test]
    fn access_most_specific_tag_decides() {
        assert!(rules(&[("highway", "service"), ("access", "private")]).is_none());
        assert!(rules(&[("highway", "service"), ("access", "agricultural")]).is_none());
        assert!(rules(&[("highway", "residential"), ("motor_vehicle", "no")]).is_none());
        assert!(rules(&[("highway", "residential"), ("motorcar", "forestry")]).is_none());
        assert!(rules(&[("highway", "service"), ("access", "no"), ("motor_vehicle", "yes")]).is_some());
        assert!(rules(&[("highway", "service"), ("access", "destination")]).is_some());
        assert!(rules(&[("highway", "service"), ("area", "yes")]).is_none());
    }

    #[test]
    fn not_a_pbf_is_an_error_not_a_panic() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
        assert!(read_pbf(&path).is_err());
        let empty = tempfile::NamedTempFile::new().unwrap();
        assert!(read_pbf(empty.path()).is_err());
    }
}
