//! How applications are shown through the API, to their employer, their resident or a
//! reviewer. Citizen IDs are masked (`3302**********123X`) for everyone but the person
//! themself; mobiles likewise.

use crate::repo::applications::Application;
use serde_json::Value;
pub use shebao_core::views::{ApplicationDetail, ApplicationEvent, ApplicationSummary, Page};

pub fn mask_id(id: &str) -> String {
    if id.len() == 18 && id.is_ascii() {
        format!("{}**********{}", &id[..4], &id[14..])
    } else {
        "******".to_string()
    }
}

fn mask_mobile(mobile: &str) -> String {
    if mobile.len() == 11 && mobile.is_ascii() {
        format!("{}****{}", &mobile[..3], &mobile[7..])
    } else {
        "****".to_string()
    }
}

pub fn summary(app: &Application, show_id: bool) -> ApplicationSummary {
    ApplicationSummary {
        number: app.number.clone(),
        kind: app.kind,
        state: app.state,
        citizen_id: if show_id {
            app.citizen_id.clone()
        } else {
            mask_id(&app.citizen_id)
        },
        person_name: app.person_name.clone(),
        handling_month: app.handling_month.clone(),
        flags: app.flags.clone(),
        submitted_at_ms: app.submitted_ms,
        decided_at_ms: app.decided_ms,
        decision_reason: app.decision_reason.clone(),
    }
}

pub fn detail(
    app: &Application,
    history: Vec<ApplicationEvent>,
    employer_name: Option<String>,
    show_id: bool,
) -> ApplicationDetail {
    let mut plan: Value = serde_json::from_str(&app.plan).unwrap_or(Value::Null);
    if !show_id {
        if let Some(object) = plan.as_object_mut() {
            if let Some(Value::String(id)) = object.get("citizen_id") {
                let masked = mask_id(id);
                object.insert("citizen_id".into(), Value::String(masked));
            }
            if let Some(Value::String(mobile)) = object.get("mobile") {
                let masked = mask_mobile(mobile);
                object.insert("mobile".into(), Value::String(masked));
            }
        }
    }
    ApplicationDetail {
        summary: summary(app, show_id),
        employer_name,
        plan,
        history,
        name_on_record: None,
    }
}

/// One page of the applications `filter` selects, as summaries, newest first.
pub async fn list_page(
    state: &crate::app::AppState,
    filter: crate::repo::applications::Filter,
    show_id: bool,
) -> Result<Page<ApplicationSummary>, crate::problem::ApiError> {
    let (page, per_page) = (filter.page, filter.per_page);
    let (items, total) = state
        .store
        .read(move |tx| crate::repo::applications::list(tx, &filter))
        .await?;
    Ok(Page {
        total,
        page,
        per_page,
        items: items.iter().map(|a| summary(a, show_id)).collect(),
    })
}
