//! Reading a VROOM request (`jobs`, `vehicles`, `matrices`) into a
//! [`VroomRequest`]; see the [parent module](super) for what is supported.

use std::collections::HashSet;
use std::path::Path;

use serde_json::{Map, Value};

use super::json_path::{line_of, JsonPath};
use crate::io::{read_input, InputError};
use crate::model::limits;

/// The largest time or duration accepted, in seconds: far beyond any
/// timestamp (VROOM's own limit is 2^32 - 1), and small enough that sums of
/// many of them never overflow.
pub const MAX_TIME_S: i64 = 1 << 40;

/// A `[start, end]` pair of seconds, both ends inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct VroomWindow {
    /// Earliest moment.
    pub start: i64,
    /// Latest moment.
    pub end: i64,
}

impl VroomWindow {
    /// Whether `time` lies inside the window.
    pub fn contains(&self, time: i64) -> bool {
        self.start <= time && time <= self.end
    }
}

/// Where a task or a vehicle's start or end is: coordinates, a row of the
/// request's matrix, or both (then the row prices the legs and the
/// coordinates are only echoed in the response).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VroomPlace {
    /// `[lon, lat]` in degrees, as the request gives them.
    pub coordinates: Option<[f64; 2]>,
    /// Row and column in the request's matrix.
    pub index: Option<usize>,
}

/// One job: a place to visit once.
#[derive(Clone, Debug, PartialEq)]
pub struct VroomJob {
    /// The job's id, unique among jobs.
    pub id: u64,
    /// `description`, echoed in the response.
    pub description: Option<String>,
    /// Where it is.
    pub place: VroomPlace,
    /// Seconds to get started, spent unless the previous step was at the same location.
    pub setup_s: i64,
    /// Seconds of service.
    pub service_s: i64,
    /// Load brought from the start (`delivery`, or the older `amount`); 0 without amounts.
    pub delivery: i64,
    /// Load picked up and carried to the end; 0 without amounts.
    pub pickup: i64,
    /// Skills a vehicle must all have, sorted.
    pub skills: Vec<u64>,
    /// 0 to 100; higher is kept first when not every job fits.
    pub priority: i64,
    /// When service may start, sorted and disjoint; empty means any time.
    pub time_windows: Vec<VroomWindow>,
}

/// A vehicle's break.
#[derive(Clone, Debug, PartialEq)]
pub struct VroomBreak {
    /// The break's id.
    pub id: u64,
    /// `description`, echoed in the response.
    pub description: Option<String>,
    /// When the break may start; `None` means any time.
    pub window: Option<VroomWindow>,
    /// How long it lasts, in seconds.
    pub service_s: i64,
}

/// One vehicle.
#[derive(Clone, Debug, PartialEq)]
pub struct VroomVehicle {
    /// The vehicle's id, unique among vehicles.
    pub id: u64,
    /// `description`, echoed in the response.
    pub description: Option<String>,
    /// Where the route starts; `None`: at its first task.
    pub start: Option<VroomPlace>,
    /// Where the route ends; `None`: at its last task.
    pub end: Option<VroomPlace>,
    /// Most load on board at any step; 0 when jobs have amounts and the
    /// vehicle gives none (as in VROOM); `None` when the request has no amounts.
    pub capacity: Option<i64>,
    /// The vehicle's skills, sorted.
    pub skills: Vec<u64>,
    /// Working hours: leave no earlier than the start, be done by the end; `None`: unbounded.
    pub time_window: Option<VroomWindow>,
    /// The break every route of this vehicle takes, if any.
    pub break_rule: Option<VroomBreak>,
    /// Most jobs in one route.
    pub max_tasks: Option<usize>,
}

/// A travel matrix given in the request, one row and column per `location_index`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VroomMatrix {
    /// Rows and columns.
    pub size: usize,
    /// Seconds, row-major.
    pub durations: Vec<i64>,
    /// Metres, row-major, when given.
    pub distances: Option<Vec<i64>>,
}

impl VroomMatrix {
    /// Seconds from row `from` to column `to`.
    pub fn duration(&self, from: usize, to: usize) -> i64 {
        self.durations[from * self.size + to]
    }

    /// Metres from row `from` to column `to`, when distances are given.
    pub fn distance(&self, from: usize, to: usize) -> Option<i64> {
        self.distances.as_ref().map(|d| d[from * self.size + to])
    }
}

/// A VROOM request as far as rounds supports it.
#[derive(Clone, Debug, PartialEq)]
pub struct VroomRequest {
    /// The jobs, in request order.
    pub jobs: Vec<VroomJob>,
    /// The vehicles, in request order; never empty.
    pub vehicles: Vec<VroomVehicle>,
    /// The request's own durations (and distances) for the vehicles' profile, if given.
    pub matrix: Option<VroomMatrix>,
    /// Whether the request uses amounts (`delivery`, `pickup`, `amount`,
    /// `capacity`): then loads are reported and capacities hold at every step.
    pub has_amounts: bool,
}

impl VroomRequest {
    /// Whether two places are one location in VROOM's sense (no setup time
    /// between tasks there): the same matrix row when the request has a
    /// matrix, else the same coordinates.
    pub fn same_location(&self, a: &VroomPlace, b: &VroomPlace) -> bool {
        if self.matrix.is_some() {
            a.index == b.index
        } else {
            a.coordinates == b.coordinates
        }
    }
}

/// Reads a VROOM request file; see the [module docs](super) for what is
/// supported, rejected and ignored.
pub fn read_vroom_request(path: &Path) -> Result<VroomRequest, InputError> {
    let bytes = read_input(path, &limits::FILE_BYTES)?;
    let text = String::from_utf8_lossy(&bytes);
    parse_vroom_request(&text, path)
}

/// Parses the text of a VROOM request; `path` names the file in errors.
pub fn parse_vroom_request(text: &str, path: &Path) -> Result<VroomRequest, InputError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root: Value = serde_json::from_str(text).map_err(|e| InputError::json(path, &e))?;
    Reader { text, path }.request(&root)
}

/// Top-level keys that change what a request means and that rounds does not support.
const REJECTED_TOP: [(&str, &str); 1] =
    [("shipments", "pickup-and-delivery pairs are not supported; give each stop as a job")];

/// Job keys that change what a job means and that rounds does not support.
const REJECTED_JOB: [(&str, &str); 2] = [
    ("setup_per_type", "setup times per vehicle type are not supported; give one `setup`"),
    ("service_per_type", "service times per vehicle type are not supported; give one `service`"),
];

/// Vehicle keys that change what a vehicle means and that rounds does not support.
const REJECTED_VEHICLE: [(&str, &str); 3] = [
    ("max_travel_time", "a cap on a route's travel time is not supported"),
    ("max_distance", "a cap on a route's distance is not supported"),
    ("steps", "prescribed routes (VROOM's plan mode and warm starts) are not supported"),
];

/// Turns JSON values into request types, naming the path and line of every problem.
struct Reader<'a> {
    text: &'a str,
    path: &'a Path,
}

/// How the request prices legs: the size of its matrix, when it has one
/// (then places are rows), else places are coordinates.
struct Pricing {
    matrix_size: Option<usize>,
}

/// The amounts seen so far: how many dimensions (VROOM requires one count
/// for all) and where that count was first seen.
#[derive(Default)]
struct Amounts {
    first: Option<(usize, JsonPath)>,
}

impl Reader<'_> {
    fn error(&self, at: &JsonPath, problem: impl Into<String>) -> InputError {
        InputError::Field {
            file: self.path.to_path_buf(),
            line: line_of(self.text, at) as u64,
            field: at.to_string(),
            problem: problem.into(),
        }
    }

    fn object<'v>(&self, value: &'v Value, at: &JsonPath) -> Result<&'v Map<String, Value>, InputError> {
        value.as_object().ok_or_else(|| self.error(at, format!("expected an object, found {}", kind(value))))
    }

    fn array<'v>(&self, value: &'v Value, at: &JsonPath) -> Result<&'v [Value], InputError> {
        value
            .as_array()
            .map(Vec::as_slice)
            .ok_or_else(|| self.error(at, format!("expected an array, found {}", kind(value))))
    }

    /// A whole number from 0 to `max` (`300.0` counts as 300).
    fn whole(&self, value: &Value, at: &JsonPath, max: i64) -> Result<i64, InputError> {
        let number = value
            .as_i64()
            .or_else(|| value.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15).map(|f| f as i64));
        match number {
            Some(n) if (0..=max).contains(&n) => Ok(n),
            Some(n) => Err(self.error(at, format!("{n} is out of range; expected 0 to {max}"))),
            None if value.is_u64() => {
                Err(self.error(at, format!("{value} is too large; expected 0 to {max}")))
            }
            None => {
                Err(self.error(at, format!("expected a whole number from 0 to {max}, found {}", kind(value))))
            }
        }
    }

    fn id(&self, value: &Value, at: &JsonPath) -> Result<u64, InputError> {
        value.as_u64().ok_or_else(|| {
            self.error(at, format!("expected a whole number of 0 or more as the id, found {}", kind(value)))
        })
    }

    fn seconds(&self, value: &Value, at: &JsonPath) -> Result<i64, InputError> {
        self.whole(value, at, MAX_TIME_S)
    }

    fn text(&self, value: &Value, at: &JsonPath) -> Result<String, InputError> {
        value
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| self.error(at, format!("expected a string, found {}", kind(value))))
    }

    fn coordinates(&self, value: &Value, at: &JsonPath) -> Result<[f64; 2], InputError> {
        let pair = self.array(value, at)?;
        let numbers: Vec<f64> = pair.iter().filter_map(Value::as_f64).collect();
        let [lon, lat] = numbers[..] else {
            return Err(self.error(at, "expected [lon, lat], two numbers in degrees"));
        };
        if numbers.len() != pair.len() || !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
            return Err(self.error(
                at,
                format!("[{lon}, {lat}] is not [lon, lat] in degrees (lon -180 to 180, lat -90 to 90)"),
            ));
        }
        Ok([lon, lat])
    }

    fn window(&self, value: &Value, at: &JsonPath) -> Result<VroomWindow, InputError> {
        let pair = self.array(value, at)?;
        let [start, end] = pair else {
            return Err(
                self.error(at, format!("expected [start, end] in seconds, found {} values", pair.len()))
            );
        };
        let start = self.seconds(start, &at.index(0))?;
        let end = self.seconds(end, &at.index(1))?;
        if end < start {
            return Err(self.error(at, format!("[{start}, {end}] ends before it starts")));
        }
        Ok(VroomWindow { start, end })
    }

    /// A non-empty list of windows, sorted, with overlapping ones merged.
    fn windows(&self, value: &Value, at: &JsonPath) -> Result<Vec<VroomWindow>, InputError> {
        let list = self.array(value, at)?;
        if list.is_empty() {
            return Err(self.error(at, "an empty list allows no time at all; leave the key out for any time"));
        }
        let mut windows = list
            .iter()
            .enumerate()
            .map(|(k, w)| self.window(w, &at.index(k)))
            .collect::<Result<Vec<_>, _>>()?;
        windows.sort();
        let mut merged: Vec<VroomWindow> = Vec::with_capacity(windows.len());
        for window in windows {
            match merged.last_mut() {
                Some(last) if window.start <= last.end => last.end = last.end.max(window.end),
                _ => merged.push(window),
            }
        }
        Ok(merged)
    }

    fn skills(&self, value: &Value, at: &JsonPath) -> Result<Vec<u64>, InputError> {
        let mut skills = self
            .array(value, at)?
            .iter()
            .enumerate()
            .map(|(k, s)| {
                s.as_u64().ok_or_else(|| {
                    self.error(
                        &at.index(k),
                        format!("expected a whole number of 0 or more, found {}", kind(s)),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        skills.sort_unstable();
        skills.dedup();
        Ok(skills)
    }

    /// A one-dimensional amount (`[n]`); `[]` is no amount. Every amount in a
    /// request must have the same number of dimensions, as in VROOM.
    fn amount(&self, value: &Value, at: &JsonPath, seen: &mut Amounts) -> Result<Option<i64>, InputError> {
        let list = self.array(value, at)?;
        match &seen.first {
            Some((size, first)) if *size != list.len() => {
                return Err(self.error(
                    at,
                    format!(
                    "has {} values but {first} has {size}; every amount and capacity needs the same number",
                    list.len()
                ),
                ))
            }
            Some(_) => {}
            None => seen.first = Some((list.len(), at.clone())),
        }
        match list {
            [] => Ok(None),
            [one] => Ok(Some(self.whole(one, &at.index(0), MAX_TIME_S)?)),
            _ => Err(self.error(
                at,
                format!(
                    "has {} dimensions; rounds supports amounts of one dimension (one capacity per vehicle)",
                    list.len()
                ),
            )),
        }
    }

    /// Fails if `key` holds a value that would change the request's meaning.
    fn reject(
        &self,
        object: &Map<String, Value>,
        at: &JsonPath,
        rejected: &[(&str, &str)],
    ) -> Result<(), InputError> {
        for (key, why) in rejected {
            if object.get(*key).is_some_and(meaningful) {
                return Err(self.error(&at.key(key), *why));
            }
        }
        Ok(())
    }

    fn request(&self, root: &Value) -> Result<VroomRequest, InputError> {
        let top = JsonPath::default();
        let object = root.as_object().ok_or_else(|| InputError::File {
            file: self.path.to_path_buf(),
            problem: format!(
                "expected a VROOM request, a JSON object with `jobs` and `vehicles`, found {}",
                kind(root)
            ),
        })?;
        self.reject(object, &top, &REJECTED_TOP)?;
        let vehicles_at = top.key("vehicles");
        let vehicle_values = match object.get("vehicles") {
            Some(value) => self.array(value, &vehicles_at)?,
            None => &[],
        };
        if vehicle_values.is_empty() {
            return Err(self.error(&vehicles_at, "a request needs at least one vehicle"));
        }
        limits::VROOM_VEHICLES.check(vehicle_values.len() as u64).map_err(|e| self.error(&vehicles_at, e))?;
        let profile = self.profile(vehicle_values, &vehicles_at)?;
        let matrix = self.matrix(object, &top, &profile)?;
        let pricing = Pricing { matrix_size: matrix.as_ref().map(|m| m.size) };

        let mut amounts = Amounts::default();
        let jobs_at = top.key("jobs");
        let job_values = match object.get("jobs") {
            Some(value) => self.array(value, &jobs_at)?,
            None => &[],
        };
        limits::VROOM_JOBS.check(job_values.len() as u64).map_err(|e| self.error(&jobs_at, e))?;
        let jobs = job_values
            .iter()
            .enumerate()
            .map(|(k, value)| self.job(value, &jobs_at.index(k), &pricing, &mut amounts))
            .collect::<Result<Vec<_>, _>>()?;
        let mut vehicles = vehicle_values
            .iter()
            .enumerate()
            .map(|(k, value)| self.vehicle(value, &vehicles_at.index(k), &pricing, &mut amounts))
            .collect::<Result<Vec<_>, _>>()?;

        let has_amounts = amounts.first.is_some_and(|(size, _)| size > 0);
        for (k, vehicle) in vehicles.iter_mut().enumerate() {
            if has_amounts {
                vehicle.capacity.get_or_insert(0);
                // One capacity dimension cannot hold both a load and a task count.
                if vehicle.max_tasks.is_some_and(|max| max < jobs.len()) {
                    return Err(self.error(
                        &vehicles_at.index(k).key("max_tasks"),
                        "cannot be combined with amounts (`delivery`, `pickup`, `capacity`): rounds has one \
                         capacity per vehicle",
                    ));
                }
            } else {
                vehicle.capacity = None;
            }
        }
        unique(jobs.iter().map(|j| j.id), |k| {
            self.error(&jobs_at.index(k).key("id"), "repeats the id of an earlier job")
        })?;
        unique(vehicles.iter().map(|v| v.id), |k| {
            self.error(&vehicles_at.index(k).key("id"), "repeats the id of an earlier vehicle")
        })?;
        Ok(VroomRequest { jobs, vehicles, matrix, has_amounts })
    }

    /// The routing profile every vehicle uses (default `car`): rounds plans with one matrix.
    fn profile(&self, vehicles: &[Value], at: &JsonPath) -> Result<String, InputError> {
        let mut first: Option<String> = None;
        for (k, vehicle) in vehicles.iter().enumerate() {
            let profile_at = at.index(k).key("profile");
            let profile = match vehicle.get("profile") {
                Some(value) => self.text(value, &profile_at)?,
                None => "car".to_string(),
            };
            match &first {
                Some(p) if *p != profile => {
                    return Err(self.error(
                        &profile_at,
                        format!("is `{profile}` but vehicles[0] uses `{p}`; rounds plans every vehicle with one travel matrix"),
                    ))
                }
                Some(_) => {}
                None => first = Some(profile),
            }
        }
        Ok(first.unwrap_or_else(|| "car".to_string()))
    }

    /// The durations (and distances) for `profile`: `matrices.<profile>`, or the older top-level `matrix`.
    fn matrix(
        &self,
        object: &Map<String, Value>,
        top: &JsonPath,
        profile: &str,
    ) -> Result<Option<VroomMatrix>, InputError> {
        let legacy = object.get("matrix").filter(|v| !v.is_null());
        let matrices_at = top.key("matrices");
        let given = match object.get("matrices").filter(|v| !v.is_null()) {
            Some(value) => self.object(value, &matrices_at)?.get(profile),
            None => None,
        };
        match (given, legacy) {
            (Some(_), Some(_)) => Err(self.error(
                &top.key("matrix"),
                format!("both `matrix` and `matrices.{profile}` give durations; keep one"),
            )),
            (None, Some(durations)) => {
                let durations = self.table(durations, &top.key("matrix"), None)?;
                Ok(Some(VroomMatrix { size: durations.0, durations: durations.1, distances: None }))
            }
            (Some(entry), None) => {
                let at = matrices_at.key(profile);
                let entry = self.object(entry, &at)?;
                if entry.get("costs").is_some_and(meaningful) {
                    return Err(self.error(
                        &at.key("costs"),
                        "custom cost matrices are not supported; rounds minimises travel time, as VROOM does by default",
                    ));
                }
                let Some(durations) = entry.get("durations") else {
                    return Err(self.error(&at, "has no `durations`; rounds needs travel times to plan"));
                };
                let (size, durations) = self.table(durations, &at.key("durations"), None)?;
                let distances = match entry.get("distances").filter(|v| !v.is_null()) {
                    Some(value) => Some(self.table(value, &at.key("distances"), Some(size))?.1),
                    None => None,
                };
                Ok(Some(VroomMatrix { size, durations, distances }))
            }
            (None, None) => Ok(None),
        }
    }

    /// A square table of whole numbers, row-major; `size` when it must match another table.
    fn table(
        &self,
        value: &Value,
        at: &JsonPath,
        size: Option<usize>,
    ) -> Result<(usize, Vec<i64>), InputError> {
        let rows = self.array(value, at)?;
        let side = size.unwrap_or(rows.len());
        if rows.len() != side || side == 0 {
            return Err(self.error(at, format!("has {} rows; expected {}", rows.len(), side.max(1))));
        }
        limits::PLACES.check(side as u64).map_err(|e| self.error(at, e))?;
        let mut values = Vec::with_capacity(side * side);
        for (r, row) in rows.iter().enumerate() {
            let row_at = at.index(r);
            let row = self.array(row, &row_at)?;
            if row.len() != side {
                return Err(
                    self.error(&row_at, format!("has {} values; the table is {side} x {side}", row.len()))
                );
            }
            for (c, cell) in row.iter().enumerate() {
                values.push(self.whole(cell, &row_at.index(c), i64::from(i32::MAX))?);
            }
        }
        Ok((side, values))
    }

    /// A place from `location` / `location_index` (or `start` / `start_index`, ...).
    fn place(
        &self,
        object: &Map<String, Value>,
        at: &JsonPath,
        keys: (&str, &str),
        pricing: &Pricing,
        required: bool,
    ) -> Result<Option<VroomPlace>, InputError> {
        let (coordinates_key, index_key) = keys;
        let coordinates = match object.get(coordinates_key) {
            Some(value) => Some(self.coordinates(value, &at.key(coordinates_key))?),
            None => None,
        };
        let index = match object.get(index_key) {
            Some(value) => Some(self.whole(value, &at.key(index_key), i64::MAX)? as usize),
            None => None,
        };
        if coordinates.is_none() && index.is_none() && !required {
            return Ok(None);
        }
        match pricing.matrix_size {
            Some(size) => match index {
                Some(index) if index < size => {}
                Some(index) => {
                    return Err(self.error(
                        &at.key(index_key),
                        format!("{index} is not a row of the matrix (rows 0 to {})", size - 1),
                    ))
                }
                None => {
                    return Err(self.error(
                        &at.key(index_key),
                        "missing: with a matrix in the request, every place needs its row",
                    ))
                }
            },
            None if coordinates.is_none() => {
                return Err(self.error(
                    &at.key(coordinates_key),
                    "missing: without a matrix in the request, every place needs [lon, lat] coordinates",
                ))
            }
            None => {}
        }
        Ok(Some(VroomPlace { coordinates, index }))
    }

    fn job(
        &self,
        value: &Value,
        at: &JsonPath,
        pricing: &Pricing,
        amounts: &mut Amounts,
    ) -> Result<VroomJob, InputError> {
        let object = self.object(value, at)?;
        self.reject(object, at, &REJECTED_JOB)?;
        let field = |key: &str| object.get(key).filter(|v| !v.is_null());
        let Some(id) = field("id") else { return Err(self.error(at, "has no `id`")) };
        let id = self.id(id, &at.key("id"))?;
        let place =
            self.place(object, at, ("location", "location_index"), pricing, true)?.expect("required place");
        let seconds = |key: &str| field(key).map_or(Ok(0), |v| self.seconds(v, &at.key(key)));
        let mut amount = |key: &str| match field(key) {
            Some(v) => self.amount(v, &at.key(key), amounts).map(|a| a.unwrap_or(0)),
            None => Ok(0),
        };
        // `amount` is VROOM's older name for what is now `delivery`.
        let delivery = amount("delivery")? + amount("amount")?;
        let pickup = amount("pickup")?;
        let priority = match field("priority") {
            Some(v) => self.whole(v, &at.key("priority"), 100)?,
            None => 0,
        };
        Ok(VroomJob {
            id,
            description: field("description").map(|v| self.text(v, &at.key("description"))).transpose()?,
            place,
            setup_s: seconds("setup")?,
            service_s: seconds("service")?,
            delivery,
            pickup,
            skills: field("skills").map_or(Ok(Vec::new()), |v| self.skills(v, &at.key("skills")))?,
            priority,
            time_windows: field("time_windows")
                .map_or(Ok(Vec::new()), |v| self.windows(v, &at.key("time_windows")))?,
        })
    }

    fn vehicle(
        &self,
        value: &Value,
        at: &JsonPath,
        pricing: &Pricing,
        amounts: &mut Amounts,
    ) -> Result<VroomVehicle, InputError> {
        let object = self.object(value, at)?;
        self.reject(object, at, &REJECTED_VEHICLE)?;
        let field = |key: &str| object.get(key).filter(|v| !v.is_null());
        let Some(id) = field("id") else { return Err(self.error(at, "has no `id`")) };
        let id = self.id(id, &at.key("id"))?;
        let start = self.place(object, at, ("start", "start_index"), pricing, false)?;
        let end = self.place(object, at, ("end", "end_index"), pricing, false)?;
        if start.is_none() && end.is_none() {
            return Err(self.error(at, "has neither a start nor an end; give at least one"));
        }
        if let Some(costs) = field("costs") {
            self.default_costs(costs, &at.key("costs"))?;
        }
        if let Some(factor) = field("speed_factor") {
            if factor.as_f64() != Some(1.0) {
                return Err(self.error(
                    &at.key("speed_factor"),
                    "only 1 is supported: every vehicle drives at the travel model's speed",
                ));
            }
        }
        let capacity = match field("capacity") {
            Some(v) => self.amount(v, &at.key("capacity"), amounts)?,
            None => None,
        };
        let max_tasks = match field("max_tasks") {
            Some(v) => Some(self.whole(v, &at.key("max_tasks"), i64::MAX)? as usize),
            None => None,
        };
        Ok(VroomVehicle {
            id,
            description: field("description").map(|v| self.text(v, &at.key("description"))).transpose()?,
            start,
            end,
            capacity,
            skills: field("skills").map_or(Ok(Vec::new()), |v| self.skills(v, &at.key("skills")))?,
            time_window: field("time_window").map(|v| self.window(v, &at.key("time_window"))).transpose()?,
            break_rule: field("breaks").map(|v| self.break_rule(v, &at.key("breaks"))).transpose()?.flatten(),
            max_tasks,
        })
    }

    /// Vehicle costs are accepted only at VROOM's defaults, under which cost is travel time.
    fn default_costs(&self, value: &Value, at: &JsonPath) -> Result<(), InputError> {
        let object = self.object(value, at)?;
        for (key, default) in [("fixed", 0.0), ("per_hour", 3600.0), ("per_task_hour", 0.0), ("per_km", 0.0)]
        {
            if let Some(v) = object.get(key).filter(|v| v.as_f64() != Some(default)) {
                return Err(self.error(
                    &at.key(key),
                    format!("{v} is not supported; rounds minimises travel time (VROOM's default costs, {key} = {default})"),
                ));
            }
        }
        Ok(())
    }

    /// At most one break, with at most one window.
    fn break_rule(&self, value: &Value, at: &JsonPath) -> Result<Option<VroomBreak>, InputError> {
        let list = self.array(value, at)?;
        let [one] = list else {
            if list.is_empty() {
                return Ok(None);
            }
            return Err(self.error(&at.index(1), "rounds supports one break per vehicle"));
        };
        let at = at.index(0);
        let object = self.object(one, &at)?;
        let field = |key: &str| object.get(key).filter(|v| !v.is_null());
        if field("max_load").is_some_and(meaningful) {
            return Err(self.error(&at.key("max_load"), "a load limit for breaks is not supported"));
        }
        let Some(id) = field("id") else { return Err(self.error(&at, "has no `id`")) };
        let window =
            match field("time_windows") {
                Some(v) => {
                    let windows_at = at.key("time_windows");
                    match self.windows(v, &windows_at)?[..] {
                        [window] => Some(window),
                        _ => return Err(self.error(
                            &windows_at,
                            "rounds supports one window per break; give the one range the break may start in",
                        )),
                    }
                }
                None => None,
            };
        Ok(Some(VroomBreak {
            id: self.id(id, &at.key("id"))?,
            description: field("description").map(|v| self.text(v, &at.key("description"))).transpose()?,
            window,
            service_s: field("service").map_or(Ok(0), |v| self.seconds(v, &at.key("service")))?,
        }))
    }
}

/// Fails with `error(k)` at the first `k` whose id came before.
fn unique(ids: impl Iterator<Item = u64>, error: impl Fn(usize) -> InputError) -> Result<(), InputError> {
    let mut seen = HashSet::new();
    for (k, id) in ids.enumerate() {
        if !seen.insert(id) {
            return Err(error(k));
        }
    }
    Ok(())
}

/// Whether a value says anything: not null, not an empty array or object.
fn meaningful(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
        _ => true,
    }
}

/// A value's kind, for messages: `a string ("abc")`.
fn kind(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "an array".to_string(),
        Value::Object(_) => "an object".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/vroom");

    fn parse(text: &str) -> Result<VroomRequest, InputError> {
        parse_vroom_request(text, Path::new("request.json"))
    }

    /// A minimal request with `job` as its only job and `vehicle` as its only vehicle.
    fn request(job: &str, vehicle: &str) -> String {
        format!(
            "{{\"vehicles\": [{{\"id\": 1, \"start\": [2.35, 48.71]{vehicle}}}],\n\
             \"jobs\": [{{\"id\": 7, \"location\": [2.0, 48.7]{job}}}]}}"
        )
    }

    /// The error's line, field and problem; panics if parsing succeeds.
    fn field_error(text: &str) -> (u64, String, String) {
        match parse(text) {
            Err(InputError::Field { line, field, problem, .. }) => (line, field, problem),
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn reads_vrooms_first_example_without_its_shipment() {
        let request = read_vroom_request(&Path::new(FIXTURES).join("example_1_jobs.json")).unwrap();
        assert_eq!(request.jobs.iter().map(|j| j.id).collect::<Vec<_>>(), [1, 2, 5, 6]);
        assert!(request.has_amounts && request.matrix.is_none());
        let job = &request.jobs[0];
        assert_eq!(job.place.coordinates, Some([1.98935, 48.701]));
        assert_eq!((job.service_s, job.delivery, job.pickup), (300, 1, 0));
        assert_eq!(job.time_windows, [VroomWindow { start: 32400, end: 36000 }]);
        let vehicle = &request.vehicles[1];
        assert_eq!((vehicle.id, vehicle.capacity, vehicle.skills.as_slice()), (2, Some(4), &[2, 14][..]));
        assert_eq!(vehicle.time_window, Some(VroomWindow { start: 28800, end: 43200 }));
        let rest = vehicle.break_rule.as_ref().unwrap();
        assert_eq!(
            (rest.id, rest.service_s, rest.window),
            (2, 300, Some(VroomWindow { start: 36000, end: 37800 }))
        );
    }

    #[test]
    fn reads_the_older_top_level_matrix() {
        let request = read_vroom_request(&Path::new(FIXTURES).join("example_2.json")).unwrap();
        let matrix = request.matrix.as_ref().unwrap();
        assert_eq!((matrix.size, matrix.duration(0, 1), matrix.duration(3, 2)), (4, 2104, 1102));
        assert_eq!(matrix.distance(0, 1), None);
        assert_eq!(request.vehicles[0].start, Some(VroomPlace { coordinates: None, index: Some(0) }));
        assert_eq!(request.vehicles[0].end.and_then(|p| p.index), Some(3));
        assert!(!request.has_amounts && request.vehicles[0].capacity.is_none());
    }

    #[test]
    fn reads_matrices_per_profile_with_distances() {
        let request = read_vroom_request(&Path::new(FIXTURES).join("matrices.json")).unwrap();
        let matrix = request.matrix.as_ref().unwrap();
        assert_eq!((matrix.duration(1, 2), matrix.distance(1, 2)), (400, Some(4000)));
        assert_eq!(request.vehicles[1].end, None);
        assert_eq!(request.vehicles[1].max_tasks, Some(3));
        assert_eq!(request.jobs[0].setup_s, 120);
        assert_eq!(request.jobs[0].description.as_deref(), Some("shop A, front"));
        assert!(request.same_location(&request.jobs[0].place, &request.jobs[1].place));
    }

    #[test]
    fn rejects_shipments_naming_the_field_and_line() {
        let err = read_vroom_request(&Path::new(FIXTURES).join("example_1.json")).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("example_1.json line 61, field `shipments`"), "{text}");
        assert!(text.contains("not supported"), "{text}");
        // An empty list changes nothing and is accepted.
        let empty = request("", "").replacen('{', "{\"shipments\": [], ", 1);
        assert!(parse(&empty).is_ok());
    }

    #[test]
    fn rejects_what_would_change_the_answer() {
        let cases = [
            (request(", \"pickup\": [1, 2]", ""), "jobs[0].pickup", "one dimension"),
            (request(", \"setup_per_type\": {\"van\": 60}", ""), "jobs[0].setup_per_type", "not supported"),
            (
                request(", \"service_per_type\": {\"van\": 60}", ""),
                "jobs[0].service_per_type",
                "not supported",
            ),
            (request("", ", \"max_travel_time\": 3600"), "vehicles[0].max_travel_time", "not supported"),
            (request("", ", \"max_distance\": 3600"), "vehicles[0].max_distance", "not supported"),
            (request("", ", \"steps\": [{\"type\": \"start\"}]"), "vehicles[0].steps", "not supported"),
            (request("", ", \"costs\": {\"fixed\": 100}"), "vehicles[0].costs.fixed", "not supported"),
            (request("", ", \"costs\": {\"per_km\": 5}"), "vehicles[0].costs.per_km", "not supported"),
            (request("", ", \"speed_factor\": 1.5"), "vehicles[0].speed_factor", "only 1"),
            (
                request("", ", \"breaks\": [{\"id\": 1}, {\"id\": 2}]"),
                "vehicles[0].breaks[1]",
                "one break per vehicle",
            ),
            (
                request("", ", \"breaks\": [{\"id\": 1, \"time_windows\": [[0, 10], [20, 30]]}]"),
                "vehicles[0].breaks[0].time_windows",
                "one window per break",
            ),
            (
                request("", ", \"breaks\": [{\"id\": 1, \"max_load\": [3]}]"),
                "vehicles[0].breaks[0].max_load",
                "not supported",
            ),
        ];
        for (text, field, problem) in cases {
            let (_, found, message) = field_error(&text);
            assert_eq!(found, field, "{text}");
            assert!(message.contains(problem), "{field}: {message}");
        }
    }

    #[test]
    fn rejects_malformed_values_with_their_line() {
        let cases = [
            (request(", \"priority\": 101", ""), 2, "jobs[0].priority", "out of range"),
            (
                request(", \"time_windows\": [[50, 40]]", ""),
                2,
                "jobs[0].time_windows[0]",
                "ends before it starts",
            ),
            (request(", \"time_windows\": []", ""), 2, "jobs[0].time_windows", "empty list"),
            (request(", \"service\": \"5 min\"", ""), 2, "jobs[0].service", "the string \"5 min\""),
            (request(", \"service\": -5", ""), 2, "jobs[0].service", "out of range"),
            (request("", ", \"start\": [248.7, 2.35]"), 1, "vehicles[0].start", "[lon, lat]"),
            (request(", \"id\": 8, \"skills\": [\"cold\"]", ""), 2, "jobs[0].skills[0]", "whole number"),
        ];
        for (text, line, field, problem) in cases {
            let (found_line, found, message) = field_error(&text);
            assert_eq!((found_line, found.as_str()), (line, field), "{text}");
            assert!(message.contains(problem), "{field}: {message}");
        }
    }

    #[test]
    fn checks_places_against_the_matrix() {
        let with_matrix = |job: &str| {
            format!(
                "{{\"vehicles\": [{{\"id\": 1, \"start_index\": 0}}],\n\"jobs\": [{{\"id\": 7{job}}}],\n\
                 \"matrices\": {{\"car\": {{\"durations\": [[0, 5], [5, 0]]}}}}}}"
            )
        };
        let (line, field, problem) = field_error(&with_matrix(", \"location_index\": 2"));
        assert_eq!((line, field.as_str()), (2, "jobs[0].location_index"));
        assert!(problem.contains("rows 0 to 1"), "{problem}");
        let (_, field, problem) = field_error(&with_matrix(", \"location\": [2.0, 48.7]"));
        assert_eq!(field, "jobs[0].location_index");
        assert!(problem.contains("every place needs its row"), "{problem}");
        assert!(parse(&with_matrix(", \"location_index\": 1, \"location\": [2.0, 48.7]")).is_ok());

        let (_, field, problem) =
            field_error(&request("", "").replace("\"location\": [2.0, 48.7]", "\"location_index\": 0"));
        assert_eq!(field, "jobs[0].location");
        assert!(problem.contains("without a matrix"), "{problem}");
    }

    #[test]
    fn rejects_inconsistent_requests() {
        let two_vehicles = "{\"vehicles\": [{\"id\": 1, \"start\": [2.3, 48.7]},\n\
                            {\"id\": 1, \"start\": [2.3, 48.7], \"profile\": \"bike\"}], \"jobs\": []}";
        let (line, field, problem) = field_error(two_vehicles);
        assert_eq!((line, field.as_str()), (2, "vehicles[1].profile"));
        assert!(problem.contains("one travel matrix"), "{problem}");
        let (_, field, _) = field_error(&two_vehicles.replace(", \"profile\": \"bike\"", ""));
        assert_eq!(field, "vehicles[1].id");

        let (_, field, problem) = field_error(&request(", \"delivery\": [1]", ", \"capacity\": [2, 3]"));
        assert_eq!(field, "vehicles[0].capacity");
        assert!(problem.contains("jobs[0].delivery has 1"), "{problem}");
        let (_, field, _) = field_error(&request(", \"delivery\": [1]", ", \"max_tasks\": 0"));
        assert_eq!(field, "vehicles[0].max_tasks");
        let (_, field, _) =
            field_error(&request("", "").replace("\"start\": [2.35, 48.71]", "\"skills\": []"));
        assert_eq!(field, "vehicles[0]");
        let (_, field, _) = field_error("{\"vehicles\": [], \"jobs\": []}");
        assert_eq!(field, "vehicles");
        let both = request("", "").replacen(
            '{',
            "{\"matrix\": [[0, 1], [1, 0]], \"matrices\": {\"car\": {\"durations\": [[0, 1], [1, 0]]}}, ",
            1,
        );
        assert_eq!(field_error(&both).1, "matrix");
    }

    #[test]
    fn accepts_defaults_and_ignores_unknown_keys() {
        let text = request(
            ", \"amount\": [2], \"time_windows\": [[50, 60], [0, 10], [5, 20]], \"custom\": {\"crm\": 12}",
            ", \"costs\": {\"per_hour\": 3600}, \"speed_factor\": 1, \"type\": \"van\", \"max_tasks\": 9",
        );
        let request = parse(&text).unwrap();
        let job = &request.jobs[0];
        assert_eq!(job.delivery, 2);
        let windows: Vec<_> = job.time_windows.iter().map(|w| (w.start, w.end)).collect();
        assert_eq!(windows, [(0, 20), (50, 60)]);
        // As in VROOM, a vehicle without a capacity carries nothing once jobs have amounts.
        assert_eq!(request.vehicles[0].capacity, Some(0));
    }

    #[test]
    fn reports_malformed_json_with_line_and_column() {
        let err = parse("{\"vehicles\": [\n  {\"id\": 1 \"start\": [2.3, 48.7]}]}").unwrap_err();
        assert!(matches!(err, InputError::Json { line: 2, column: 12, .. }), "{err:?}");
        assert!(matches!(parse("[1, 2]"), Err(InputError::File { .. })));
    }
}
