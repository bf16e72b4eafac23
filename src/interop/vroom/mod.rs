//! VROOM's JSON API: requests in ([`read_vroom_request`] → [`VroomRequest`]),
//! responses out ([`VroomResponse`], [`response_json`]), so a team that
//! already feeds VROOM can call `rounds solve request.json --format vroom`.
//!
//! Semantics follow VROOM's `docs/API.md`: coordinates are `[lon, lat]`,
//! times are whole seconds on whatever absolute or relative scale the request
//! uses, a time window `[start, end]` includes both ends and bounds the
//! *start* of a task (setup and service may run past it), `location_index`
//! picks a row of the request's matrix.
//!
//! What is read:
//! - top level: `jobs`, `vehicles`, `matrices.<profile>.durations` and
//!   `.distances` (the profile all vehicles share, default `car`), or the older
//!   top-level `matrix` of durations. Without a matrix for that profile, legs
//!   are priced by rounds' travel model from the coordinates.
//! - job: `id`, `description`, `location`, `location_index`, `setup`,
//!   `service`, `delivery`, `pickup`, `amount` (VROOM's older `delivery`),
//!   `skills`, `priority` (0 to 100), `time_windows` (several allowed).
//! - vehicle: `id`, `description`, `profile`, `start`, `start_index`, `end`,
//!   `end_index` (either may be left out for an open route, not both),
//!   `capacity`, `skills`, `time_window` (left out: unbounded), `breaks` (one,
//!   with at most one window), `max_tasks`, and `costs` / `speed_factor` at
//!   their defaults.
//!
//! Amounts have one dimension (rounds has one capacity per vehicle). As in
//! VROOM, when a request has amounts a vehicle without `capacity` carries
//! nothing, and `max_tasks` cannot also limit such a vehicle (unless it is at
//! least the number of jobs, when it never binds).
//!
//! Rejected with an [`InputError::Field`](crate::io::InputError::Field) naming the key, e.g.
//! `jobs[3].setup_per_type`, because ignoring them would change the answer:
//! `shipments`, per-type setup or service times, amounts of several
//! dimensions, several breaks or break windows, break `max_load`, vehicles with
//! different profiles, custom `costs` (matrices or vehicle costs other than
//! VROOM's defaults), `speed_factor` other than 1, `max_travel_time`,
//! `max_distance`, and vehicle `steps`. Empty values (`"shipments": []`) are
//! accepted. Every other key (`type`, `options`, custom data) is ignored, as
//! VROOM ignores keys it does not know.

pub mod check;
mod json_path;
pub mod problem;
mod request;
mod response;

pub use request::{
    parse_vroom_request, read_vroom_request, VroomBreak, VroomJob, VroomMatrix, VroomPlace, VroomRequest,
    VroomVehicle, VroomWindow, MAX_TIME_S,
};
pub use response::{
    parse_vroom_response, response_json, ComputingTimes, StepKind, VroomResponse, VroomRoute, VroomStep,
    VroomSummary, VroomUnassigned,
};
