//! An on-disk cache for travel matrices that take long to compute.
//!
//! Pricing a region on a road network takes seconds; planning the same region
//! again, the next morning or with other options, must not pay that twice.
//! [`Cached`] wraps any [`TravelTimes`] model and keeps each matrix it computes
//! in a directory, keyed by a *model key* and the exact coordinates asked for.
//!
//! The model key must name everything that changes the matrix apart from the
//! places: for a road model, the SHA-256 of the map extract plus the speed
//! profile and the version of the pricing code. Two models given the same key
//! share entries, so a key that leaves something out serves stale matrices.
//!
//! # File format
//!
//! One file per matrix, `matrix-<first 16 hex digits of the key>.bin`, all
//! integers little-endian:
//!
//! | offset       | bytes | content                                               |
//! |--------------|-------|-------------------------------------------------------|
//! | 0            | 8     | magic `RNDSMTRX`                                      |
//! | 8            | 4     | format version, `u32` (1)                             |
//! | 12           | 8     | number of places `n`, `u64`                           |
//! | 20           | 32    | the full key (below)                                  |
//! | 52           | 4n²   | `drive_s`, `i32`, row-major                           |
//! | 52 + 4n²     | 4n²   | `distance_m`, `i32`, row-major                        |
//! | 52 + 8n²     | 32    | SHA-256 of every byte before it                       |
//!
//! The key is the SHA-256 of the model key's length in bytes (`u64`), the model
//! key (UTF-8), the number of places (`u64`), and each place's latitude then
//! longitude as the bits of the `f64` (`u64` each). A file is used only when
//! its length, magic, version, place count and full key match the request
//! and its checksum is right; anything else (a truncated, corrupt or foreign
//! file, or another key sharing the first 16 hex digits) is treated as
//! missing, so the matrix is recomputed and the file replaced. A damaged cache
//! costs time, never a wrong matrix.

use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{TravelError, TravelMatrix, TravelTimes};
use crate::model::LatLon;

/// First bytes of every cache file.
const MAGIC: [u8; 8] = *b"RNDSMTRX";
/// Bumped whenever the layout changes, so old files are recomputed rather than misread.
const VERSION: u32 = 1;
/// Magic, version, place count and key.
const HEADER_BYTES: usize = 8 + 4 + 8 + 32;
/// The trailing checksum.
const CHECKSUM_BYTES: usize = 32;

/// A travel model whose matrices are kept on disk and reused.
///
/// Reading or writing the cache never fails a request: an unreadable file is a
/// miss, and when the file cannot be written (the directory cannot be created,
/// the disk is full, ...) the computed matrix is still returned, just not kept.
/// Files are replaced atomically (a temporary file renamed into place), so
/// concurrent runs never see each other's partial files.
#[derive(Clone, Debug)]
pub struct Cached<T: TravelTimes> {
    inner: T,
    dir: PathBuf,
    model_key: String,
}

impl<T: TravelTimes> Cached<T> {
    /// Caches `inner`'s matrices in `dir` (created when first written to)
    /// under `model_key`, which must identify everything that shapes the
    /// matrix apart from the places (see the [module docs](self)).
    pub fn new(inner: T, dir: PathBuf, model_key: impl Into<String>) -> Self {
        Cached { inner, dir, model_key: model_key.into() }
    }

    /// The model that computes matrices on a miss.
    pub fn inner(&self) -> &T {
        &self.inner
    }

    /// The cache file for `key`.
    fn path(&self, key: &[u8; 32]) -> PathBuf {
        let hex: String = key[..8].iter().map(|byte| format!("{byte:02x}")).collect();
        self.dir.join(format!("matrix-{hex}.bin"))
    }
}

impl<T: TravelTimes> TravelTimes for Cached<T> {
    /// The stored matrix for these places when there is a valid one; otherwise
    /// the inner model's, stored for next time when possible.
    fn price(&self, places: &[LatLon]) -> Result<TravelMatrix, TravelError> {
        let key = cache_key(&self.model_key, places);
        let path = self.path(&key);
        if let Some(matrix) = read_matrix(&path, &key, places.len()) {
            return Ok(matrix);
        }
        let matrix = self.inner.matrix(places)?;
        // Not keeping the matrix only costs the next run time; see the type's docs.
        let _ = write_matrix(&self.dir, &path, &key, &matrix);
        Ok(matrix)
    }

    /// The inner model's description: a cached matrix is the same matrix, so
    /// reports read the same whether or not it came from disk.
    fn describe(&self) -> String {
        self.inner.describe()
    }
}

/// The full key of a request: see the [module docs](self).
fn cache_key(model_key: &str, places: &[LatLon]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update((model_key.len() as u64).to_le_bytes());
    hasher.update(model_key.as_bytes());
    hasher.update((places.len() as u64).to_le_bytes());
    for place in places {
        hasher.update(place.lat.to_bits().to_le_bytes());
        hasher.update(place.lon.to_bits().to_le_bytes());
    }
    hasher.finalize().into()
}

/// The header a file for `key` and `places` places must start with.
fn header(key: &[u8; 32], places: usize) -> [u8; HEADER_BYTES] {
    let mut header = [0; HEADER_BYTES];
    header[..8].copy_from_slice(&MAGIC);
    header[8..12].copy_from_slice(&VERSION.to_le_bytes());
    header[12..20].copy_from_slice(&(places as u64).to_le_bytes());
    header[20..].copy_from_slice(key);
    header
}

/// The length of a valid file for `places` places, if it can be represented.
fn file_bytes(places: usize) -> Option<u64> {
    let places = u64::try_from(places).ok()?;
    places.checked_mul(places)?.checked_mul(8)?.checked_add((HEADER_BYTES + CHECKSUM_BYTES) as u64)
}

/// The stored matrix, or `None` when there is no valid file for this request.
fn read_matrix(path: &Path, key: &[u8; 32], places: usize) -> Option<TravelMatrix> {
    let file = File::open(path).ok()?;
    // Checked first so a truncated or padded file is not read at all.
    if file.metadata().ok()?.len() != file_bytes(places)? {
        return None;
    }
    let mut reader = BufReader::new(file);
    let mut hasher = Sha256::new();
    let mut found = [0; HEADER_BYTES];
    reader.read_exact(&mut found).ok()?;
    if found != header(key, places) {
        return None;
    }
    hasher.update(found);
    let matrix = TravelMatrix::filled(places, |drive_s, distance_m| {
        read_table(&mut reader, &mut hasher, places, drive_s)?;
        read_table(&mut reader, &mut hasher, places, distance_m)
    })
    .ok()?;
    let mut checksum = [0; CHECKSUM_BYTES];
    reader.read_exact(&mut checksum).ok()?;
    if checksum != <[u8; CHECKSUM_BYTES]>::from(hasher.finalize()) {
        return None;
    }
    Some(matrix)
}

/// Reads `table`, `places` rows of little-endian `i32`s, hashing the bytes.
fn read_table(
    reader: &mut impl Read,
    hasher: &mut Sha256,
    places: usize,
    table: &mut [i32],
) -> io::Result<()> {
    let mut row = vec![0; places * 4];
    for values in table.chunks_mut(places.max(1)) {
        reader.read_exact(&mut row)?;
        hasher.update(&row);
        for (value, b) in values.iter_mut().zip(row.chunks_exact(4)) {
            *value = i32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        }
    }
    Ok(())
}

/// Stores `matrix` at `path` through a temporary file in `dir`.
///
/// Not synced to disk: a file torn by a crash fails its length or checksum
/// test and is recomputed, so durability is not worth the wait.
fn write_matrix(dir: &Path, path: &Path, key: &[u8; 32], matrix: &TravelMatrix) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    let mut temp = tempfile::Builder::new().prefix(".rounds-").suffix(".tmp").tempfile_in(dir)?;
    encode(BufWriter::new(temp.as_file_mut()), key, matrix)?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Writes the whole file: header, tables, checksum.
fn encode(out: impl Write, key: &[u8; 32], matrix: &TravelMatrix) -> io::Result<()> {
    let mut out = HashingWriter { out, hasher: Sha256::new() };
    let places = matrix.len();
    out.put(&header(key, places))?;
    let mut row = Vec::with_capacity(places * 4);
    for table in [TravelMatrix::drive_s, TravelMatrix::distance_m] {
        for from in 0..places {
            row.clear();
            for to in 0..places {
                // Always fits: the matrix stores i32. Refuse rather than truncate should that change.
                let value = i32::try_from(table(matrix, from, to)).map_err(io::Error::other)?;
                row.extend_from_slice(&value.to_le_bytes());
            }
            out.put(&row)?;
        }
    }
    let HashingWriter { mut out, hasher } = out;
    out.write_all(&hasher.finalize())?;
    out.flush()
}

/// Writes bytes while hashing them, for the trailing checksum.
struct HashingWriter<W: Write> {
    out: W,
    hasher: Sha256,
}

impl<W: Write> HashingWriter<W> {
    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.hasher.update(bytes);
        self.out.write_all(bytes)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::travel::StraightLine;

    /// Straight-line legs, counting how often they are computed.
    #[derive(Debug, Default)]
    struct Counting {
        calls: AtomicUsize,
    }

    impl Counting {
        fn calls(&self) -> usize {
            self.calls.load(Ordering::SeqCst)
        }
    }

    impl TravelTimes for Counting {
        fn price(&self, places: &[LatLon]) -> Result<TravelMatrix, TravelError> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            StraightLine::default().matrix(places)
        }

        fn describe(&self) -> String {
            "counting".to_string()
        }
    }

    /// A model that cannot price anything.
    struct Failing;

    impl TravelTimes for Failing {
        fn price(&self, _: &[LatLon]) -> Result<TravelMatrix, TravelError> {
            Err(TravelError::Unreachable { from: 0, to: 1 })
        }

        fn describe(&self) -> String {
            "failing".to_string()
        }
    }

    fn places() -> Vec<LatLon> {
        vec![
            LatLon { lat: 60.17, lon: 24.94 },
            LatLon { lat: 60.20, lon: 24.90 },
            LatLon { lat: 60.25, lon: 25.05 },
        ]
    }

    fn fresh(places: &[LatLon]) -> TravelMatrix {
        StraightLine::default().matrix(places).unwrap()
    }

    fn cached(dir: &Path, model_key: &str) -> Cached<Counting> {
        Cached::new(Counting::default(), dir.to_path_buf(), model_key)
    }

    /// The cache files in `dir`, sorted.
    fn files(dir: &Path) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        files
    }

    /// The only file in `dir`, after checking its name.
    fn only_file(dir: &Path) -> PathBuf {
        let files = files(dir);
        assert_eq!(files.len(), 1, "{files:?}");
        let name = files[0].file_name().unwrap().to_str().unwrap().to_string();
        assert!(name.starts_with("matrix-") && name.ends_with(".bin") && name.len() == 27, "{name}");
        files[0].clone()
    }

    #[test]
    fn the_second_call_reads_what_the_first_stored() {
        let dir = tempfile::tempdir().unwrap();
        let model = cached(dir.path(), "straight line v1");
        assert_eq!(model.describe(), "counting");
        assert_eq!(model.matrix(&places()).unwrap(), fresh(&places()));
        assert_eq!(model.inner().calls(), 1);
        assert_eq!(fs::metadata(only_file(dir.path())).unwrap().len(), 52 + 8 * 9 + 32);

        assert_eq!(model.matrix(&places()).unwrap(), fresh(&places()));
        assert_eq!(model.inner().calls(), 1, "read from disk, not recomputed");
        // As does the next run.
        let next_run = cached(dir.path(), "straight line v1");
        assert_eq!(next_run.matrix(&places()).unwrap(), fresh(&places()));
        assert_eq!(next_run.inner().calls(), 0);
    }

    #[test]
    fn the_file_follows_the_documented_layout() {
        let dir = tempfile::tempdir().unwrap();
        let model = cached(dir.path(), "k");
        let matrix = model.matrix(&places()).unwrap();
        let bytes = fs::read(only_file(dir.path())).unwrap();
        let int = |at: usize| i64::from(i32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()));
        assert_eq!(&bytes[..8], b"RNDSMTRX");
        assert_eq!(bytes[8..12], 1u32.to_le_bytes());
        assert_eq!(bytes[12..20], 3u64.to_le_bytes());
        assert_eq!(bytes[20..52], cache_key("k", &places()));
        assert_eq!(int(52 + 4 * (3 + 2)), matrix.drive_s(1, 2));
        assert_eq!(int(52 + 36 + 4 * 2), matrix.distance_m(0, 2));
        let checksum: [u8; 32] = Sha256::digest(&bytes[..bytes.len() - 32]).into();
        assert_eq!(bytes[bytes.len() - 32..], checksum);
    }

    #[test]
    fn other_places_or_another_model_key_get_their_own_file() {
        let dir = tempfile::tempdir().unwrap();
        let model = cached(dir.path(), "a");
        let mut reversed = places();
        reversed.reverse();
        model.matrix(&places()).unwrap();
        model.matrix(&places()[..2]).unwrap();
        assert_eq!(model.matrix(&reversed).unwrap(), fresh(&reversed));
        let other = cached(dir.path(), "b");
        other.matrix(&places()).unwrap();
        assert_eq!((model.inner().calls(), other.inner().calls()), (3, 1));
        assert_eq!(files(dir.path()).len(), 4);
        // The key's parts cannot run into each other.
        assert_ne!(cache_key("ab", &[]), cache_key("a", &[]));
        assert_ne!(cache_key("", &places()[..1]), cache_key("", &places()[..0]));
    }

    #[test]
    fn an_empty_request_is_cached_too() {
        let dir = tempfile::tempdir().unwrap();
        let model = cached(dir.path(), "k");
        assert!(model.matrix(&[]).unwrap().is_empty());
        assert!(model.matrix(&[]).unwrap().is_empty());
        assert_eq!(model.inner().calls(), 1);
    }

    /// Damages the one cache file, then checks it is recomputed and replaced.
    fn recomputes_after(damage: impl Fn(&Path)) {
        let dir = tempfile::tempdir().unwrap();
        let model = cached(dir.path(), "k");
        model.matrix(&places()).unwrap();
        let path = only_file(dir.path());
        let good = fs::read(&path).unwrap();
        damage(&path);
        assert_eq!(model.matrix(&places()).unwrap(), fresh(&places()));
        assert_eq!(model.inner().calls(), 2, "damaged file not used");
        assert_eq!(fs::read(&path).unwrap(), good, "file replaced");
        model.matrix(&places()).unwrap();
        assert_eq!(model.inner().calls(), 2);
    }

    fn edit(path: &Path, change: impl Fn(&mut Vec<u8>)) {
        let mut bytes = fs::read(path).unwrap();
        change(&mut bytes);
        fs::write(path, bytes).unwrap();
    }

    #[test]
    fn a_truncated_file_is_replaced() {
        recomputes_after(|path| edit(path, |b| b.truncate(b.len() - 5)));
        recomputes_after(|path| edit(path, |b| b.truncate(10)));
        recomputes_after(|path| edit(path, |b| b.clear()));
        recomputes_after(|path| edit(path, |b| b.push(0)));
    }

    #[test]
    fn a_corrupted_file_is_replaced() {
        // A flipped bit in a table, in the checksum, and in each header field.
        for at in [60, 52 + 72 + 3, 0, 8, 12, 30] {
            recomputes_after(|path| edit(path, |b| b[at] ^= 1));
        }
        // A directory where the file should be cannot be read or replaced; it is just a miss.
        let dir = tempfile::tempdir().unwrap();
        let model = cached(dir.path(), "k");
        model.matrix(&places()).unwrap();
        let path = only_file(dir.path());
        fs::remove_file(&path).unwrap();
        fs::create_dir(&path).unwrap();
        assert_eq!(model.matrix(&places()).unwrap(), fresh(&places()));
        assert_eq!(model.inner().calls(), 2);
    }

    #[test]
    fn another_request_s_file_under_this_name_is_not_used() {
        // As if two keys shared their first 16 hex digits: a valid file, for other places.
        let dir = tempfile::tempdir().unwrap();
        let model = cached(dir.path(), "k");
        model.matrix(&places()).unwrap();
        let theirs = only_file(dir.path());
        let mut moved = places();
        moved[0].lat += 1e-9;
        let ours = model.path(&cache_key("k", &moved));
        fs::copy(&theirs, &ours).unwrap();
        assert_eq!(model.matrix(&moved).unwrap(), fresh(&moved));
        assert_eq!(model.inner().calls(), 2);
        assert_ne!(fs::read(&ours).unwrap(), fs::read(&theirs).unwrap(), "replaced");
    }

    #[test]
    fn an_unwritable_directory_still_returns_the_matrix() {
        let dir = tempfile::tempdir().unwrap();
        // A file where the directory should be: it can be neither created nor written into.
        let not_a_dir = dir.path().join("cache");
        fs::write(&not_a_dir, "").unwrap();
        let model = cached(&not_a_dir, "k");
        assert_eq!(model.matrix(&places()).unwrap(), fresh(&places()));
        assert_eq!(model.matrix(&places()).unwrap(), fresh(&places()));
        assert_eq!(model.inner().calls(), 2);
        assert_eq!(files(dir.path()), vec![not_a_dir]);
    }

    #[test]
    fn a_missing_directory_is_created() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a").join("b");
        let model = cached(&nested, "k");
        model.matrix(&places()).unwrap();
        only_file(&nested);
    }

    #[test]
    fn a_failing_model_stores_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let model = Cached::new(Failing, dir.path().to_path_buf(), "k");
        assert!(matches!(model.matrix(&places()), Err(TravelError::Unreachable { from: 0, to: 1 })));
        assert!(files(dir.path()).is_empty());
    }
}
