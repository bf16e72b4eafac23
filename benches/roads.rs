//! Road-network benchmarks: OpenStreetMap extracts read into a routable
//! graph, a generated grid of ~100 000 intersections built, read back from a
//! PBF file it was written to, and a 1 000 × 1 000 travel matrix over it.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use rounds::generate::pbf_writer::write_pbf;
use rounds::generate::road_grid::{grid_network, grid_roads, GridOptions};
use rounds::model::LatLon;
use rounds::solver::rng::Rng;
use rounds::travel::road::{RoadNetwork, RoadOptions};
use rounds::travel::TravelTimes;

/// 316² = 99 856 intersections.
const STREETS: usize = 316;

const PLACES: usize = 1_000;

/// `count` places spread uniformly over the grid, seeded.
fn grid_places(grid: &GridOptions, count: usize) -> Vec<LatLon> {
    let half_m = (grid.streets - 1) as f64 * grid.spacing_m / 2.0;
    let metres_per_degree = 111_195.0;
    let mut rng = Rng::new(11);
    (0..count)
        .map(|_| {
            let north_m = (rng.unit() * 2.0 - 1.0) * half_m;
            let east_m = (rng.unit() * 2.0 - 1.0) * half_m;
            LatLon {
                lat: grid.centre.lat + north_m / metres_per_degree,
                lon: grid.centre.lon + east_m / (metres_per_degree * grid.centre.lat.to_radians().cos()),
            }
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let options = RoadOptions::default();
    for file in ["kotka-karhula.osm.pbf", "helsinki-centre.osm.pbf"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/osm").join(file);
        println!("{}", RoadNetwork::from_pbf(&path, &options).unwrap().describe());
        c.bench_function(&format!("PBF to graph: {file}"), |b| {
            b.iter(|| black_box(RoadNetwork::from_pbf(&path, &options).unwrap().node_count()))
        });
    }

    let grid = GridOptions { streets: STREETS, ..GridOptions::default() };
    let network = grid_network(&grid, &options).unwrap();
    println!("{}, {} directed edges", network.describe(), network.edge_count());
    let places = grid_places(&grid, PLACES);

    let (points, segments) = grid_roads(&grid).unwrap();
    let mut pbf = tempfile::NamedTempFile::new().unwrap();
    write_pbf(std::io::BufWriter::new(pbf.as_file_mut()), &points, &segments).unwrap();
    let bytes = pbf.as_file().metadata().unwrap().len();
    let read = RoadNetwork::from_pbf(pbf.path(), &options).unwrap();
    println!("written as a {:.1} MB PBF, read back as {}", bytes as f64 / 1e6, read.describe());
    assert_eq!((read.node_count(), read.edge_count()), (network.node_count(), network.edge_count()));

    let mut group = c.benchmark_group("grid");
    group.sample_size(10);
    group.bench_function(format!("PBF to graph, generated {STREETS} x {STREETS}"), |b| {
        b.iter(|| black_box(RoadNetwork::from_pbf(pbf.path(), &options).unwrap().node_count()))
    });
    group.bench_function(format!("build {STREETS} x {STREETS}"), |b| {
        b.iter(|| black_box(grid_network(&grid, &options).unwrap().node_count()))
    });
    group.bench_function(format!("{PLACES} x {PLACES} matrix"), |b| {
        b.iter(|| black_box(network.matrix(&places).unwrap()))
    });
    group.finish();
}

criterion_group!(roads, benches);
criterion_main!(roads);
