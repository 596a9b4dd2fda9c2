//! `GET /health`: the process is up and answering, and how many write transactions
//! its store has committed (the load benchmark divides submissions by it).

use crate::app::AppState;
use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

pub async fn get(State(state): State<AppState>) -> Json<Value> {
    Json(
        json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION"), "commits": state.store.commits() }),
    )
}
