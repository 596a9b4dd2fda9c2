//! The public key of the certificates' electronic seal, for verifying a PDF offline.

use crate::app::AppState;
use axum::extract::State;
use axum::Json;
use serde::Serialize;

/// The key that verifies certificates' signatures.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicKey {
    /// `Ed25519`
    pub algorithm: String,
    /// The 32-byte public key, base64.
    pub public_key_base64: String,
    /// The same, hex.
    pub public_key_hex: String,
    /// How the signatures are made.
    pub description: String,
}

/// The public key of the certificates' electronic seal, for offline verification.
#[utoipa::path(
    get,
    path = "/certificates/public-key",
    operation_id = "certificate_public_key",
    tag = "public",
    responses((status = 200, description = "The Ed25519 public key", body = PublicKey))
)]
pub(super) async fn get(State(state): State<AppState>) -> Json<PublicKey> {
    let key = state.sealer.signer.public_key();
    Json(PublicKey {
        algorithm: "Ed25519".into(),
        public_key_base64: state.sealer.signer.public_key_base64(),
        public_key_hex: hex::encode(key.as_bytes()),
        description: "The PDF ends with `%SHEBAO-SEAL Ed25519 <code> <signature>`: the signature \
                      (base64) covers every byte before that line. Its attachment certificate.json \
                      holds the content and the signature (base64) of the content's canonical JSON \
                      (keys sorted, no whitespace)."
            .into(),
    })
}
