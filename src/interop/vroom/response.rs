//! VROOM's response JSON: [`VroomResponse`] with its [`VroomSummary`],
//! [`VroomRoute`]s of [`VroomStep`]s and [`VroomUnassigned`] jobs, written by
//! [`response_json`] and read back by [`parse_vroom_response`].
//!
//! Keys follow VROOM's output in name, order and presence: `load`, `delivery`
//! and `pickup` only when the request has amounts, `distance` only when
//! distances are known, `location` / `location_index` / `description` only
//! when the request gave them. `violations` is always empty, as in VROOM's
//! solving mode. When reading, keys VROOM versions add or drop are tolerated.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::io::InputError;

/// What kind of step a [`VroomStep`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum StepKind {
    /// Leaving the vehicle's start.
    Start,
    /// Serving a job.
    Job,
    /// Taking the vehicle's break.
    Break,
    /// Arriving at the vehicle's end.
    End,
    /// A shipment's pickup (VROOM writes it; rounds never does).
    Pickup,
    /// A shipment's delivery (VROOM writes it; rounds never does).
    Delivery,
}

/// One step of a route.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct VroomStep {
    /// What happens.
    #[serde(rename = "type")]
    pub kind: StepKind,
    /// `[lon, lat]`, when the request gave coordinates for this place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<[f64; 2]>,
    /// Matrix row, when the request gave one for this place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_index: Option<usize>,
    /// The job's or break's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
    /// The job's or break's description, when the request gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Setup seconds spent here.
    #[serde(default)]
    pub setup: i64,
    /// Service seconds spent here.
    #[serde(default)]
    pub service: i64,
    /// Seconds waited between arrival and the start of setup or service.
    #[serde(default)]
    pub waiting_time: i64,
    /// Load on board after this step, when the request has amounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load: Option<Vec<i64>>,
    /// When the vehicle gets here.
    pub arrival: i64,
    /// Travel seconds from the route's start up to this step.
    pub duration: i64,
    /// Metres travelled from the route's start up to this step, when distances are known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance: Option<i64>,
    /// Always empty: every constraint holds.
    #[serde(default)]
    pub violations: Vec<serde_json::Value>,
}

/// One vehicle's route.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct VroomRoute {
    /// The vehicle's id.
    pub vehicle: u64,
    /// What the route costs: its travel seconds (VROOM's default costs).
    pub cost: i64,
    /// Total delivered, when the request has amounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Vec<i64>>,
    /// Total picked up, when the request has amounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pickup: Option<Vec<i64>>,
    /// Total setup seconds.
    #[serde(default)]
    pub setup: i64,
    /// Total service seconds (breaks included, as in VROOM).
    pub service: i64,
    /// Total travel seconds.
    pub duration: i64,
    /// Total waiting seconds.
    pub waiting_time: i64,
    /// Sum of the priorities of the route's jobs.
    #[serde(default)]
    pub priority: i64,
    /// Total metres, when distances are known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance: Option<i64>,
    /// The vehicle's description, when the request gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The steps in order.
    pub steps: Vec<VroomStep>,
    /// Always empty: every constraint holds.
    #[serde(default)]
    pub violations: Vec<serde_json::Value>,
}

/// A job left out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct VroomUnassigned {
    /// The job's id.
    pub id: u64,
    /// `[lon, lat]`, when the request gave coordinates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<[f64; 2]>,
    /// Matrix row, when the request gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_index: Option<usize>,
    /// The job's description, when the request gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Always `job`.
    #[serde(rename = "type")]
    pub kind: StepKind,
}

/// Milliseconds spent, as VROOM reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ComputingTimes {
    /// Reading the request and pricing the legs.
    pub loading: u64,
    /// Searching.
    pub solving: u64,
}

/// Totals over all routes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct VroomSummary {
    /// Sum of the routes' costs.
    pub cost: i64,
    /// Number of routes.
    pub routes: usize,
    /// Number of unassigned jobs.
    pub unassigned: usize,
    /// Total delivered, when the request has amounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Vec<i64>>,
    /// Total picked up, when the request has amounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pickup: Option<Vec<i64>>,
    /// Total setup seconds.
    #[serde(default)]
    pub setup: i64,
    /// Total service seconds.
    pub service: i64,
    /// Total travel seconds.
    pub duration: i64,
    /// Total waiting seconds.
    pub waiting_time: i64,
    /// Sum of the priorities of all assigned jobs.
    #[serde(default)]
    pub priority: i64,
    /// Total metres, when distances are known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance: Option<i64>,
    /// Always empty: every constraint holds.
    #[serde(default)]
    pub violations: Vec<serde_json::Value>,
    /// Time spent; the only part of a response that differs between identical runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub computing_times: Option<ComputingTimes>,
}

/// A whole response. rounds writes only successful ones (`code` 0): a
/// request it cannot solve is an error on the command line, not a file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct VroomResponse {
    /// 0: solved.
    pub code: i64,
    /// VROOM's error message when `code` is not 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Totals.
    pub summary: VroomSummary,
    /// Jobs left out.
    pub unassigned: Vec<VroomUnassigned>,
    /// One route per vehicle used.
    pub routes: Vec<VroomRoute>,
}

/// The response as pretty-printed JSON with a final newline.
pub fn response_json(response: &VroomResponse) -> String {
    let mut text = serde_json::to_string_pretty(response)
        .expect("a response always serialises: plain structs with string keys and finite numbers");
    text.push('\n');
    text
}

/// Reads a response back (ours, or one VROOM wrote for jobs); `path` names it in errors.
pub fn parse_vroom_response(text: &str, path: &Path) -> Result<VroomResponse, InputError> {
    serde_json::from_str(text).map_err(|e| InputError::json(path, &e))
}
