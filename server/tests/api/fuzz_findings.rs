//! What the API fuzzer (`scripts/api-fuzz.sh`, schemathesis against
//! `/api/openapi.json`) found, kept as tests.

use super::openapi::document;
use serde_json::Value;
use shebao_core::{application, certificate};

/// The string values the document allows for `property` of the schema `schema`,
/// following a `$ref`.
fn allowed_values(doc: &Value, schema: &str, property: &str) -> Vec<String> {
    let mut node = &doc["components"]["schemas"][schema]["properties"][property];
    if let Some(reference) = node["$ref"].as_str() {
        let name = reference.trim_start_matches("#/components/schemas/");
        node = &doc["components"]["schemas"][name];
    }
    node["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("{schema}.{property} is not an enum: {node}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// Both `application::Kind` and `certificate::Kind` were the schema `Kind`: one
/// overwrote the other, and every application summary (`"kind": "enrol"`) broke the
/// document's own schema.
#[tokio::test]
async fn an_applications_kind_and_a_certificates_kind_are_described_apart() {
    let doc = document().await;
    let application_kinds: Vec<String> = application::Kind::ALL
        .iter()
        .map(|k| k.code().to_string())
        .collect();
    let certificate_kinds: Vec<String> = certificate::Kind::ALL
        .iter()
        .map(|k| k.code().to_string())
        .collect();
    for schema in ["ApplicationSummary", "SubmissionReceipt"] {
        assert_eq!(
            allowed_values(&doc, schema, "kind"),
            application_kinds,
            "{schema}"
        );
    }
    for schema in ["Certificate", "IssuedAnswer"] {
        assert_eq!(
            allowed_values(&doc, schema, "kind"),
            certificate_kinds,
            "{schema}"
        );
    }
}
