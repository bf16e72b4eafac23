use std::path::PathBuf;

use super::*;
use crate::generate::road_grid::{grid_network, GridOptions};
use crate::solver::rng::Rng;
use crate::travel::StraightLine;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/osm").join(name)
}

fn kotka() -> RoadNetwork {
    RoadNetwork::from_pbf(&fixture("kotka-karhula.osm.pbf"), &RoadOptions::default()).unwrap()
}

fn at(lat: f64, lon: f64) -> LatLon {
    LatLon { lat, lon }
}

/// The point `share` of the way from `a` to `b`.
fn between(a: LatLon, b: LatLon, share: f64) -> LatLon {
    at(a.lat + (b.lat - a.lat) * share, a.lon + (b.lon - a.lon) * share)
}

fn two_way(from: usize, to: usize) -> RoadSegment {
    RoadSegment { from, to, speed_kmh: 36.0, oneway: false }
}

/// A block of four corners, about 220 m a side, whose southern side runs
/// one-way east (0 -> 1).
fn block() -> (Vec<LatLon>, Vec<RoadSegment>) {
    let points = vec![at(60.0, 25.0), at(60.0, 25.004), at(60.002, 25.004), at(60.002, 25.0)];
    let segments =
        vec![RoadSegment { oneway: true, ..two_way(0, 1) }, two_way(1, 2), two_way(2, 3), two_way(3, 0)];
    (points, segments)
}

/// `count` places within ~20 m of Kotka's road nodes.
fn kotka_places(network: &RoadNetwork, count: usize, seed: u64) -> Vec<LatLon> {
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|_| {
            let node = network.roads.points[rng.below(network.node_count())];
            at(node.lat + (rng.unit() - 0.5) * 0.0004, node.lon + (rng.unit() - 0.5) * 0.0008)
        })
        .collect()
}

#[test]
fn one_way_street_is_driven_one_way() {
    let (points, segments) = block();
    let network = RoadNetwork::from_segments("block", &points, &segments, &RoadOptions::default()).unwrap();
    assert_eq!((network.node_count(), network.edge_count()), (4, 7));
    let side_m = network.roads.segments[0].cost.distance_m;
    let west = between(points[0], points[1], 0.25);
    let east = between(points[0], points[1], 0.75);
    let m = network.matrix(&[west, east, points[0], points[1]]).unwrap();
    // West to east straight along the one-way side; back round the block.
    assert_eq!(m.distance_m(0, 1), (side_m / 2.0).round() as i64);
    assert_eq!(m.drive_s(0, 1), (side_m / 2.0 / 10.0).round() as i64);
    assert!(m.distance_m(1, 0) > 3 * m.distance_m(0, 1) + 400, "{}", m.distance_m(1, 0));
    assert!(m.drive_s(1, 0) > m.drive_s(0, 1));
    // Corner to corner likewise.
    assert_eq!(m.distance_m(2, 3), side_m.round() as i64);
    assert!(m.distance_m(3, 2) > 2 * m.distance_m(2, 3));
}

#[test]
fn two_way_street_is_direct_both_ways() {
    let (points, _) = block();
    let segments: Vec<RoadSegment> = (0..4).map(|i| two_way(i, (i + 1) % 4)).collect();
    let network = RoadNetwork::from_segments("block", &points, &segments, &RoadOptions::default()).unwrap();
    let places = [between(points[0], points[1], 0.25), between(points[0], points[1], 0.75)];
    let m = network.matrix(&places).unwrap();
    assert_eq!(m.distance_m(0, 1), m.distance_m(1, 0));
    assert_eq!(m.drive_s(0, 1), m.drive_s(1, 0));
    assert!(m.distance_m(0, 1) < 120, "{}", m.distance_m(0, 1));
}

#[test]
fn snap_offset_is_driven_at_the_snap_speed_both_ends() {
    let (points, segments) = block();
    let options = RoadOptions { max_snap_m: 500.0, snap_speed_kmh: 3.6 };
    let network = RoadNetwork::from_segments("block", &points, &segments, &options).unwrap();
    // 50 m south of the middle of the one-way side, then on it.
    let south = at(60.0 - 50.0 / 111_195.0, 25.002);
    let on = between(points[0], points[1], 0.5);
    let m = network.matrix(&[south, on]).unwrap();
    assert_eq!(m.distance_m(0, 1), 50);
    assert_eq!(m.drive_s(0, 1), 50);
}

#[test]
fn kotka_one_way_segment_is_honoured() {
    let network = kotka();
    let oneway = network.roads.segments.iter().filter(|s| !s.backward).collect::<Vec<_>>();
    assert!(oneway.len() > 10, "{} one-way segments", oneway.len());
    let longest = oneway.iter().max_by(|x, y| x.cost.order(&y.cost)).unwrap();
    let (a, b) = (network.roads.points[longest.a as usize], network.roads.points[longest.b as usize]);
    let m = network.matrix(&[between(a, b, 0.3), between(a, b, 0.7)]).unwrap();
    assert_eq!(m.distance_m(0, 1), (longest.cost.distance_m * 0.4).round() as i64);
    assert!(m.drive_s(1, 0) > m.drive_s(0, 1), "{} vs {}", m.drive_s(1, 0), m.drive_s(0, 1));
}

#[test]
fn kotka_thirty_places_full_matrix_never_shorter_than_straight() {
    let network = kotka();
    let places = kotka_places(&network, 30, 7);
    let m = network.matrix(&places).unwrap();
    assert_eq!(m.len(), 30);
    let straight = StraightLine { detour: 1.0, speed_kmh: 30.0 };
    let mut asymmetric = 0;
    for i in 0..30 {
        assert_eq!((m.drive_s(i, i), m.distance_m(i, i)), (0, 0));
        for j in 0..30 {
            if i == j {
                continue;
            }
            assert!(m.drive_s(i, j) > 0 && m.drive_s(i, j) < 3_600, "{i}->{j}: {} s", m.drive_s(i, j));
            let (crow_m, _) = straight.leg(places[i], places[j]);
            assert!(
                m.distance_m(i, j) + 1 >= i64::from(crow_m),
                "{i}->{j}: {} < {crow_m}",
                m.distance_m(i, j)
            );
            asymmetric += usize::from(m.drive_s(i, j) != m.drive_s(j, i));
        }
    }
    assert!(asymmetric > 0, "one-way streets should make some legs asymmetric");
}

#[test]
fn matrix_is_deterministic() {
    let network = kotka();
    let places = kotka_places(&network, 12, 3);
    assert_eq!(network.matrix(&places).unwrap(), network.matrix(&places).unwrap());
    assert_eq!(network.matrix(&[]).unwrap().len(), 0);
}

#[test]
fn far_place_is_a_snap_error_naming_it() {
    let network = kotka();
    let mut places = kotka_places(&network, 3, 1);
    places.insert(2, at(60.58, 26.95)); // ~5 km north of the extract's roads
    match network.matrix(&places) {
        Err(TravelError::OffRoad { place: 2, distance_m, max_snap_m }) => {
            assert!(distance_m > 4_000.0, "{distance_m}");
            assert_eq!(max_snap_m, 500.0);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn place_on_a_dropped_island_is_an_error() {
    let (mut points, mut segments) = block();
    // A two-way road 3 km east: its own island, dropped by pruning.
    points.extend([at(60.001, 25.06), at(60.001, 25.061)]);
    segments.push(two_way(4, 5));
    let network = RoadNetwork::from_segments("islands", &points, &segments, &RoadOptions::default()).unwrap();
    assert_eq!(network.node_count(), 4);
    let places = [points[0], between(points[4], points[5], 0.5)];
    let err = network.matrix(&places).unwrap_err();
    assert!(
        matches!(err, TravelError::OffRoad { place: 1, distance_m, .. } if distance_m > 2_500.0),
        "{err:?}"
    );
    assert!(err.to_string().starts_with("place 1 is "), "{err}");
    // A place on the island but within reach of the block joins the block.
    let near = RoadOptions { max_snap_m: 5_000.0, ..RoadOptions::default() };
    let network = RoadNetwork::from_segments("islands", &points, &segments, &near).unwrap();
    let m = network.matrix(&places).unwrap();
    assert!(m.distance_m(0, 1) > 3_000);
}

#[test]
fn invalid_places_and_options_are_errors() {
    let (points, segments) = block();
    let network = RoadNetwork::from_segments("block", &points, &segments, &RoadOptions::default()).unwrap();
    for bad in [at(f64::NAN, 25.0), at(60.0, f64::INFINITY), at(91.0, 25.0)] {
        assert!(matches!(network.matrix(&[points[0], bad]), Err(TravelError::InvalidPlace { place: 1, .. })));
    }
    for options in [
        RoadOptions { max_snap_m: f64::NAN, ..RoadOptions::default() },
        RoadOptions { snap_speed_kmh: 0.0, ..RoadOptions::default() },
    ] {
        assert!(matches!(
            RoadNetwork::from_segments("block", &points, &segments, &options),
            Err(TravelError::InvalidRoads(_))
        ));
    }
}

#[test]
fn unreadable_pbf_is_an_osm_file_error() {
    let missing = fixture("no-such-file.osm.pbf");
    match RoadNetwork::from_pbf(&missing, &RoadOptions::default()) {
        Err(TravelError::OsmFile { path, .. }) => assert_eq!(path, missing),
        other => panic!("{:?}", other.map(|n| n.describe())),
    }
    let not_pbf = fixture("README.md");
    assert!(matches!(
        RoadNetwork::from_pbf(&not_pbf, &RoadOptions::default()),
        Err(TravelError::OsmFile { .. })
    ));
}

#[test]
fn kotka_reads_with_its_checksum_and_description() {
    let network = kotka();
    assert_eq!(network.source_sha256(), "39a274a125205531b4d1de7d0059802ffbb3f1a4cec915d0399c8b195274767b");
    assert!(network.node_count() > 500, "{}", network.node_count());
    assert!(network.edge_count() > network.node_count());
    let describe = network.describe();
    assert!(describe.starts_with("OSM roads kotka-karhula.osm.pbf ("), "{describe}");
    assert!(describe.ends_with(" nodes)"), "{describe}");
}

#[test]
fn grid_keeps_every_intersection() {
    let grid = GridOptions { streets: 120, ..GridOptions::default() };
    let network = grid_network(&grid, &RoadOptions::default()).unwrap();
    assert_eq!(network.node_count(), 120 * 120);
    let segments = 2 * 120 * 119;
    assert!(network.edge_count() > segments && network.edge_count() < 2 * segments);
    assert_eq!(network.describe(), "generated grid 120 x 120 streets, seed 1 (14 400 nodes)");

    let again = grid_network(&grid, &RoadOptions::default()).unwrap();
    assert_eq!(again.source_sha256(), network.source_sha256());
    let other = grid_network(&GridOptions { seed: 2, ..grid }, &RoadOptions::default()).unwrap();
    assert_ne!(other.source_sha256(), network.source_sha256());

    let mut rng = Rng::new(5);
    let places: Vec<LatLon> = (0..20).map(|_| network.roads.points[rng.below(120 * 120)]).collect();
    let m = network.matrix(&places).unwrap();
    assert!((0..20).all(|i| (0..20).all(|j| i == j || m.drive_s(i, j) > 0)));
}

#[test]
fn bad_grid_options_are_errors() {
    for grid in [
        GridOptions { streets: 1, ..GridOptions::default() },
        GridOptions { streets: 1_000_000, ..GridOptions::default() },
        GridOptions { spacing_m: -1.0, ..GridOptions::default() },
        GridOptions { spacing_m: 1e9, ..GridOptions::default() },
        GridOptions { arterial_every: 0, ..GridOptions::default() },
        GridOptions { oneway_share: 1.5, ..GridOptions::default() },
    ] {
        assert!(matches!(grid_network(&grid, &RoadOptions::default()), Err(TravelError::InvalidRoads(_))));
    }
}

#[test]
fn thousands_are_spaced() {
    assert_eq!(spaced_thousands(0), "0");
    assert_eq!(spaced_thousands(999), "999");
    assert_eq!(spaced_thousands(12_345), "12 345");
    assert_eq!(spaced_thousands(1_234_567), "1 234 567");
}
