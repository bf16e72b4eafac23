//! Writes a road network as an OpenStreetMap PBF file, so that generated
//! cities of any size can be read back through [`RoadNetwork::from_pbf`] and
//! the PBF reader measured at scale; real extracts small enough to ship as
//! fixtures are too small for that.
//!
//! The file is the smallest the format allows: blobs stored uncompressed
//! (the `raw` field), nodes as dense nodes without metadata, ways tagged with
//! just what the reader's rules need, so that a network written here reads
//! back as the same graph as [`RoadNetwork::from_segments`] over the same
//! points and segments, up to the format's 1e-7° coordinate precision:
//! - point `i` is node `i + 1`;
//! - each run of consecutive segments (one's `to` is the next's `from`) with
//!   the same speed and direction is one way, in segment order, so the
//!   reader rebuilds the segments in the same order;
//! - every way has `highway` (`primary` from 50 km/h, else `residential`,
//!   for a viewer's sake), `maxspeed` with the exact speed, and `oneway=yes`
//!   when one-way.
//!
//! [`RoadNetwork::from_pbf`]: crate::travel::road::RoadNetwork::from_pbf
//! [`RoadNetwork::from_segments`]: crate::travel::road::RoadNetwork::from_segments

use std::collections::HashMap;
use std::io::{self, Write};

use crate::model::LatLon;
use crate::travel::road::{check_roads, RoadSegment};

/// Speeds a `maxspeed` tag carries back exactly: the reader takes only
/// 5..=150 km/h as a real limit.
const SPEED_RANGE_KMH: std::ops::RangeInclusive<f64> = 5.0..=150.0;

/// Nodes or ways per data block: the 8 000 entities per block the format
/// recommends.
const ENTITIES_PER_BLOCK: usize = 8_000;

/// Way node references per data block, to keep a block of long ways far
/// below the 32 MiB a reader accepts (at most 10 bytes each).
const REFS_PER_BLOCK: usize = 200_000;

/// Nodes per way, as OpenStreetMap itself allows; longer runs are split.
const NODES_PER_WAY: usize = 2_000;

/// Units of 1e-7° per degree, at the default granularity of 100 nanodegrees.
const UNITS_PER_DEGREE: f64 = 1e7;

/// Protobuf wire type of varint fields.
const VARINT: u8 = 0;
/// Protobuf wire type of length-delimited fields.
const LEN: u8 = 2;

/// Writes `points` and `segments` to `out` as an OpenStreetMap PBF file.
///
/// Fails with [`io::ErrorKind::InvalidInput`], before writing anything, when
/// a point has invalid coordinates, a segment names a point that does not
/// exist, or a speed is outside 5..=150 km/h (a `maxspeed` tag cannot carry
/// it back); otherwise only when `out` fails.
pub fn write_pbf<W: Write>(mut out: W, points: &[LatLon], segments: &[RoadSegment]) -> io::Result<()> {
    check(points, segments).map_err(|message| io::Error::new(io::ErrorKind::InvalidInput, message))?;

    let mut header = Vec::new();
    put_bytes(&mut header, 4, b"OsmSchema-V0.6");
    put_bytes(&mut header, 4, b"DenseNodes");
    put_bytes(&mut header, 16, b"rounds");
    put_blob(&mut out, "OSMHeader", &header)?;

    let mut first = 0;
    for chunk in points.chunks(ENTITIES_PER_BLOCK) {
        put_blob(&mut out, "OSMData", &node_block(first, chunk))?;
        first += chunk.len();
    }

    let mut block = WayBlock::default();
    for way in ways(segments) {
        if block.ways >= ENTITIES_PER_BLOCK || block.refs + way.refs.len() > REFS_PER_BLOCK {
            put_blob(&mut out, "OSMData", &block.finish())?;
        }
        block.push(&way);
    }
    if block.ways > 0 {
        put_blob(&mut out, "OSMData", &block.finish())?;
    }
    out.flush()
}

/// Why `points` and `segments` cannot be written, if they cannot: they must
/// describe roads, and every speed must be one the reader takes from `maxspeed`.
fn check(points: &[LatLon], segments: &[RoadSegment]) -> Result<(), String> {
    check_roads(points, segments)?;
    match segments.iter().position(|s| !SPEED_RANGE_KMH.contains(&s.speed_kmh)) {
        Some(index) => Err(format!(
            "segment {index} has speed {} km/h, not a maxspeed of 5..=150",
            segments[index].speed_kmh
        )),
        None => Ok(()),
    }
}

/// The OSM id of point `index`: ids start at 1.
fn node_id(index: usize) -> i64 {
    index as i64 + 1
}

/// Degrees in units of 1e-7°, as stored; in range for valid coordinates.
fn units(degrees: f64) -> i64 {
    (degrees * UNITS_PER_DEGREE).round() as i64
}

/// A `PrimitiveBlock` of the dense nodes `chunk`, the first being point `first`.
fn node_block(first: usize, chunk: &[LatLon]) -> Vec<u8> {
    let mut dense = Vec::new();
    put_deltas(&mut dense, 1, (0..chunk.len()).map(|i| node_id(first + i)));
    put_deltas(&mut dense, 8, chunk.iter().map(|p| units(p.lat)));
    put_deltas(&mut dense, 9, chunk.iter().map(|p| units(p.lon)));
    let mut group = Vec::new();
    put_bytes(&mut group, 2, &dense);
    let mut block = Vec::new();
    put_bytes(&mut block, 1, &string_table(&[]));
    put_bytes(&mut block, 2, &group);
    block
}

/// A way to write: its node ids in order and its tags.
struct Way {
    refs: Vec<i64>,
    speed_kmh: f64,
    oneway: bool,
}

/// `segments` as ways: runs of consecutive segments alike in speed and
/// direction, each at most [`NODES_PER_WAY`] nodes long.
fn ways(segments: &[RoadSegment]) -> impl Iterator<Item = Way> + '_ {
    let mut rest = segments;
    std::iter::from_fn(move || {
        let (first, _) = rest.split_first()?;
        let mut run = 1;
        while run + 1 < NODES_PER_WAY
            && rest.get(run).is_some_and(|s| {
                s.from == rest[run - 1].to && s.speed_kmh == first.speed_kmh && s.oneway == first.oneway
            })
        {
            run += 1;
        }
        let (taken, left) = rest.split_at(run);
        rest = left;
        let refs = std::iter::once(first.from).chain(taken.iter().map(|s| s.to)).map(node_id).collect();
        Some(Way { refs, speed_kmh: first.speed_kmh, oneway: first.oneway })
    })
}

/// Fixed strings of every way block's string table; index 0 must be empty.
const STRINGS: [&str; 7] = ["", "highway", "primary", "residential", "maxspeed", "oneway", "yes"];
const HIGHWAY: u32 = 1;
const PRIMARY: u32 = 2;
const RESIDENTIAL: u32 = 3;
const MAXSPEED: u32 = 4;
const ONEWAY: u32 = 5;
const YES: u32 = 6;

/// A `PrimitiveBlock` of ways being filled.
#[derive(Default)]
struct WayBlock {
    /// The encoded `Way` messages, each as field 3 of a `PrimitiveGroup`.
    group: Vec<u8>,
    /// Speed texts beyond [`STRINGS`], in string-table order.
    speeds: Vec<String>,
    /// String-table index of each speed's text, by the speed's bits.
    speed_index: HashMap<u64, u32>,
    /// The way id the next way gets.
    next_id: i64,
    /// Ways in this block.
    ways: usize,
    /// Node references in this block.
    refs: usize,
}

impl WayBlock {
    fn push(&mut self, way: &Way) {
        let speeds = &mut self.speeds;
        let speed = *self.speed_index.entry(way.speed_kmh.to_bits()).or_insert_with(|| {
            // `Display` writes the shortest decimal that parses back to the same f64.
            speeds.push(way.speed_kmh.to_string());
            (STRINGS.len() + speeds.len() - 1) as u32
        });
        let class = if way.speed_kmh >= 50.0 { PRIMARY } else { RESIDENTIAL };
        let (keys, vals) = if way.oneway {
            (vec![HIGHWAY, MAXSPEED, ONEWAY], vec![class, speed, YES])
        } else {
            (vec![HIGHWAY, MAXSPEED], vec![class, speed])
        };
        self.next_id += 1;
        let mut message = Vec::new();
        put_key(&mut message, 1, VARINT);
        put_varint(&mut message, self.next_id as u64);
        put_packed(&mut message, 2, keys.into_iter().map(u64::from));
        put_packed(&mut message, 3, vals.into_iter().map(u64::from));
        put_deltas(&mut message, 8, way.refs.iter().copied());
        put_bytes(&mut self.group, 3, &message);
        self.ways += 1;
        self.refs += way.refs.len();
    }

    /// The block's bytes; the builder is left empty for the next block,
    /// way ids continuing.
    fn finish(&mut self) -> Vec<u8> {
        let strings: Vec<&str> = self.speeds.iter().map(String::as_str).collect();
        let mut block = Vec::new();
        put_bytes(&mut block, 1, &string_table(&strings));
        put_bytes(&mut block, 2, &self.group);
        *self = WayBlock { next_id: self.next_id, ..WayBlock::default() };
        block
    }
}

/// A `StringTable` of [`STRINGS`] then `extra`.
fn string_table(extra: &[&str]) -> Vec<u8> {
    let mut table = Vec::new();
    for s in STRINGS.iter().chain(extra) {
        put_bytes(&mut table, 1, s.as_bytes());
    }
    table
}

/// Writes one file block: the `BlobHeader`'s length, the header, and a
/// `Blob` holding `data` uncompressed.
fn put_blob<W: Write>(out: &mut W, kind: &str, data: &[u8]) -> io::Result<()> {
    let mut blob = Vec::with_capacity(data.len() + 8);
    put_bytes(&mut blob, 1, data);
    // Blocks are bounded far below this; the check keeps `datasize` honest.
    if i32::try_from(blob.len()).is_err() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "a PBF block over 2 GiB"));
    }
    let mut header = Vec::new();
    put_bytes(&mut header, 1, kind.as_bytes());
    put_key(&mut header, 3, VARINT);
    put_varint(&mut header, blob.len() as u64);
    out.write_all(&(header.len() as u32).to_be_bytes())?;
    out.write_all(&header)?;
    out.write_all(&blob)
}

fn put_varint(buf: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        buf.push((value as u8) | 0x80);
        value >>= 7;
    }
    buf.push(value as u8);
}

fn put_key(buf: &mut Vec<u8>, field: u32, wire: u8) {
    put_varint(buf, u64::from(field) << 3 | u64::from(wire));
}

/// A length-delimited field: bytes, a string or an embedded message.
fn put_bytes(buf: &mut Vec<u8>, field: u32, bytes: &[u8]) {
    put_key(buf, field, LEN);
    put_varint(buf, bytes.len() as u64);
    buf.extend_from_slice(bytes);
}

/// A packed repeated varint field.
fn put_packed(buf: &mut Vec<u8>, field: u32, values: impl Iterator<Item = u64>) {
    let mut packed = Vec::new();
    for value in values {
        put_varint(&mut packed, value);
    }
    put_bytes(buf, field, &packed);
}

/// A packed repeated `sint64` field, delta coded.
fn put_deltas(buf: &mut Vec<u8>, field: u32, values: impl Iterator<Item = i64>) {
    let mut previous = 0i64;
    put_packed(
        buf,
        field,
        values.map(|value| {
            let delta = value.wrapping_sub(previous);
            previous = value;
            ((delta << 1) ^ (delta >> 63)) as u64
        }),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::road_grid::{grid_network, grid_roads, GridOptions};
    use crate::solver::rng::Rng;
    use crate::travel::road::{RoadNetwork, RoadOptions};
    use crate::travel::{TravelMatrix, TravelTimes};

    fn at(lat: f64, lon: f64) -> LatLon {
        LatLon { lat, lon }
    }

    /// `points` as the file stores them and `osmpbf` reads them back.
    fn as_stored(points: &[LatLon]) -> Vec<LatLon> {
        let read = |degrees: f64| 1e-9 * (100 * units(degrees)) as f64;
        points.iter().map(|p| at(read(p.lat), read(p.lon))).collect()
    }

    /// The network written to a PBF file and read back.
    fn round_trip(points: &[LatLon], segments: &[RoadSegment]) -> RoadNetwork {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        write_pbf(io::BufWriter::new(file.as_file_mut()), points, segments).unwrap();
        RoadNetwork::from_pbf(file.path(), &RoadOptions::default()).unwrap()
    }

    fn direct(points: &[LatLon], segments: &[RoadSegment]) -> RoadNetwork {
        RoadNetwork::from_segments("direct", points, segments, &RoadOptions::default()).unwrap()
    }

    /// `count` places within the bounding box of `points`, seeded.
    fn places(points: &[LatLon], count: usize) -> Vec<LatLon> {
        let (lat0, lat1) = points.iter().fold((90.0f64, -90.0f64), |(a, b), p| (a.min(p.lat), b.max(p.lat)));
        let (lon0, lon1) =
            points.iter().fold((180.0f64, -180.0f64), |(a, b), p| (a.min(p.lon), b.max(p.lon)));
        let mut rng = Rng::new(5);
        (0..count).map(|_| at(lat0 + rng.unit() * (lat1 - lat0), lon0 + rng.unit() * (lon1 - lon0))).collect()
    }

    fn assert_within_one(a: &TravelMatrix, b: &TravelMatrix) {
        for i in 0..a.len() {
            for j in 0..a.len() {
                assert!((a.drive_s(i, j) - b.drive_s(i, j)).abs() <= 1, "drive {i} -> {j}");
                assert!((a.distance_m(i, j) - b.distance_m(i, j)).abs() <= 1, "distance {i} -> {j}");
            }
        }
    }

    #[test]
    fn a_block_reads_back_as_the_same_graph() {
        // A block, its southern side one-way east (0 -> 1) at an odd speed,
        // a two-way spur north at another; a self-loop the reader drops too.
        let points =
            vec![at(60.0, 25.0), at(60.0, 25.004), at(60.002, 25.004), at(60.002, 25.0), at(60.003, 25.0)];
        let road = |from, to, speed_kmh, oneway| RoadSegment { from, to, speed_kmh, oneway };
        let segments = vec![
            road(0, 1, 48.280_32, true),
            road(1, 2, 36.0, false),
            road(2, 3, 36.0, false),
            road(3, 0, 50.0, false),
            road(3, 4, 7.5, false),
            road(4, 4, 30.0, false),
        ];
        let read = round_trip(&points, &segments);
        let stored = direct(&as_stored(&points), &segments);
        assert_eq!((read.node_count(), read.edge_count()), (5, 9));
        assert_eq!((read.node_count(), read.edge_count()), (stored.node_count(), stored.edge_count()));

        let west = at(60.0, 25.001);
        let east = at(60.0, 25.003);
        let places = [west, east, points[2], points[4], at(60.001, 25.002)];
        let m = read.matrix(&places).unwrap();
        assert_eq!(m, stored.matrix(&places).unwrap());
        assert_within_one(&m, &direct(&points, &segments).matrix(&places).unwrap());
        // One way honoured: east to west goes round the block.
        assert!(m.distance_m(1, 0) > 3 * m.distance_m(0, 1), "{} {}", m.distance_m(1, 0), m.distance_m(0, 1));
    }

    #[test]
    fn a_grid_reads_back_as_the_same_graph() {
        let grid = GridOptions { streets: 60, ..GridOptions::default() };
        let (points, segments) = grid_roads(&grid).unwrap();
        let read = round_trip(&points, &segments);
        let generated = grid_network(&grid, &RoadOptions::default()).unwrap();
        assert_eq!(read.node_count(), 3_600);
        assert_eq!((read.node_count(), read.edge_count()), (generated.node_count(), generated.edge_count()));

        let places = places(&points, 10);
        let m = read.matrix(&places).unwrap();
        assert_eq!(m, direct(&as_stored(&points), &segments).matrix(&places).unwrap());
        assert_within_one(&m, &generated.matrix(&places).unwrap());
    }

    #[test]
    fn long_runs_split_into_ways_and_read_back() {
        // One two-way street of 4 500 segments: three ways sharing end nodes.
        let points: Vec<LatLon> = (0..4_501).map(|i| at(60.0, 25.0 + i as f64 * 1e-4)).collect();
        let segments: Vec<RoadSegment> =
            (0..4_500).map(|i| RoadSegment { from: i, to: i + 1, speed_kmh: 30.0, oneway: false }).collect();
        assert_eq!(ways(&segments).map(|way| way.refs.len()).collect::<Vec<_>>(), [2_000, 2_000, 503]);
        let read = round_trip(&points, &segments);
        assert_eq!((read.node_count(), read.edge_count()), (4_501, 9_000));
        let ends = [points[0], points[4_500]];
        assert_eq!(
            read.matrix(&ends).unwrap(),
            direct(&as_stored(&points), &segments).matrix(&ends).unwrap()
        );
    }

    #[test]
    fn what_cannot_round_trip_is_refused_before_writing() {
        let points = [at(60.0, 25.0), at(60.001, 25.0)];
        let road = RoadSegment { from: 0, to: 1, speed_kmh: 30.0, oneway: false };
        for (points, segment) in [
            (&points[..], RoadSegment { to: 2, ..road }),
            (&points[..], RoadSegment { speed_kmh: 4.9, ..road }),
            (&points[..], RoadSegment { speed_kmh: 151.0, ..road }),
            (&points[..], RoadSegment { speed_kmh: f64::NAN, ..road }),
            (&[at(f64::NAN, 25.0), at(60.0, 25.0)][..], road),
            (&[at(91.0, 25.0), at(60.0, 25.0)][..], road),
        ] {
            let mut out = Vec::new();
            let error = write_pbf(&mut out, points, &[segment]).unwrap_err();
            assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
            assert!(out.is_empty());
        }
    }

    #[test]
    fn varints_and_zigzag_as_protobuf_encodes_them() {
        let mut buf = Vec::new();
        put_varint(&mut buf, 300);
        assert_eq!(buf, [0xac, 0x02]);
        let mut buf = Vec::new();
        put_deltas(&mut buf, 1, [0, -1, 1, i64::MIN].into_iter());
        // Deltas 0, -1, 2, MIN - 1 (wrapping to MAX) zigzag to 0, 1, 4, u64::MAX - 1.
        let mut want = vec![0x0a, 13, 0, 1, 4];
        put_varint(&mut want, u64::MAX - 1);
        assert_eq!(buf, want);
    }
}
