//! The electronic seal's digital part: Ed25519 signatures.
//!
//! Two signatures, one key:
//!
//! - the **content signature**, over the certificate's canonical JSON
//!   ([`super::content::Certificate::canonical`]); it is recorded with the certificate
//!   and embedded in the PDF as the attachment `certificate.json` (`{"alg",
//!   "certificate","public_key","signature"}`; `pdfdetach -save 1` extracts it);
//! - the **file seal**, over every byte of the PDF before it, appended after the PDF's
//!   end as a comment line (readers ignore it):
//!
//!   ```text
//!   %SHEBAO-SEAL Ed25519 <code> <base64 signature>
//!   %%EOF
//!   ```
//!
//!   Changing any byte of the file (text, drawing, the embedded JSON) breaks it.
//!
//! To verify a file offline: split it at the last `\n%SHEBAO-SEAL `, check the seal's
//! signature over the bytes before it (including that `\n`) with the public key from
//! `GET /api/v1/certificates/public-key`; then, if wanted, read `certificate.json` and
//! check its signature over the canonical JSON of its `certificate` member.
//!
//! The signing key is a 32-byte Ed25519 seed in `signing-key.bin` in the data directory
//! (mode 0600), made on first start. Several server processes (PostgreSQL deployments)
//! must share that file.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier, VerifyingKey};
use std::io::Write;
use std::path::Path;

pub const KEY_FILE: &str = "signing-key.bin";
pub const SEAL_MARK: &[u8] = b"\n%SHEBAO-SEAL ";

/// The platform's signing key.
#[derive(Clone)]
pub struct Signer {
    key: SigningKey,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Signer(public {})", self.public_key_base64())
    }
}

impl Signer {
    pub fn from_seed(seed: [u8; 32]) -> Signer {
        Signer {
            key: SigningKey::from_bytes(&seed),
        }
    }

    /// Reads `signing-key.bin` from `dir`, making it (0600) on first start.
    pub fn load_or_create(dir: &Path) -> Result<Signer, String> {
        let path = dir.join(KEY_FILE);
        if let Ok(bytes) = std::fs::read(&path) {
            let seed: [u8; 32] = bytes
                .as_slice()
                .try_into()
                .map_err(|_| format!("{}: not a 32-byte Ed25519 seed", path.display()))?;
            return Ok(Signer::from_seed(seed));
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let mut seed = [0u8; 32];
        getrandom::getrandom(&mut seed).map_err(|e| e.to_string())?;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        match options.open(&path) {
            Ok(mut file) => {
                file.write_all(&seed)
                    .and_then(|()| file.sync_all())
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                Ok(Signer::from_seed(seed))
            }
            // Another process made it first: use theirs.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                std::thread::sleep(std::time::Duration::from_millis(50));
                Signer::load_or_create(dir)
            }
            Err(e) => Err(format!("cannot create {}: {e}", path.display())),
        }
    }

    pub fn public_key(&self) -> VerifyingKey {
        self.key.verifying_key()
    }

    pub fn public_key_base64(&self) -> String {
        B64.encode(self.public_key().as_bytes())
    }

    /// The signature of `bytes`, base64.
    pub fn sign(&self, bytes: &[u8]) -> String {
        B64.encode(self.key.sign(bytes).to_bytes())
    }
}

/// Whether `signature` (base64) is `public`'s signature of `bytes`.
pub fn verify(public: &VerifyingKey, bytes: &[u8], signature: &str) -> bool {
    let Ok(raw) = B64.decode(signature.trim()) else {
        return false;
    };
    let Ok(raw): Result<[u8; 64], _> = raw.as_slice().try_into() else {
        return false;
    };
    public.verify(bytes, &Signature::from_bytes(&raw)).is_ok()
}

/// Appends the file seal to a rendered PDF.
pub fn seal_file(mut pdf: Vec<u8>, code: &str, signer: &Signer) -> Vec<u8> {
    if !pdf.ends_with(b"\n") {
        pdf.push(b'\n');
    }
    // The signature covers everything before the seal line, including its leading \n.
    pdf.push(b'\n');
    let signature = signer.sign(&pdf);
    pdf.pop();
    pdf.extend_from_slice(SEAL_MARK);
    pdf.extend_from_slice(format!("Ed25519 {code} {signature}\n%%EOF\n").as_bytes());
    pdf
}

/// What a sealed file says about itself.
#[derive(Clone, Debug, PartialEq)]
pub struct Opened {
    /// The verification code named by the seal.
    pub code: String,
    /// Whether the seal's signature matches every byte before it.
    pub seal_valid: bool,
    /// The bytes the seal covers (the PDF as rendered).
    pub sealed_len: usize,
}

/// Reads the seal of a file and checks it; `None` if the file has no seal.
pub fn open_file(file: &[u8], public: &VerifyingKey) -> Option<Opened> {
    let at = rfind(file, SEAL_MARK)?;
    let signed = &file[..at + 1];
    let line = &file[at + SEAL_MARK.len()..];
    let line = std::str::from_utf8(line).ok()?;
    let mut words = line.lines().next()?.split(' ');
    if words.next()? != "Ed25519" {
        return None;
    }
    let code = words.next()?.to_string();
    let signature = words.next()?;
    let seal_valid = verify(public, signed, signature);
    Some(Opened {
        code,
        seal_valid,
        sealed_len: at + 1,
    })
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_file_verifies_and_any_changed_byte_breaks_it() {
        let signer = Signer::from_seed([7; 32]);
        let pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF".to_vec();
        let sealed = seal_file(pdf, "ABCD-EFGH", &signer);
        let opened = open_file(&sealed, &signer.public_key()).unwrap();
        assert!(opened.seal_valid);
        assert_eq!(opened.code, "ABCD-EFGH");
        for i in [0, 10, 20] {
            let mut bad = sealed.clone();
            bad[i] ^= 1;
            assert!(!open_file(&bad, &signer.public_key()).unwrap().seal_valid);
        }
        let other = Signer::from_seed([8; 32]);
        assert!(!open_file(&sealed, &other.public_key()).unwrap().seal_valid);
    }

    #[test]
    fn the_key_is_made_once_with_owner_only_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let a = Signer::load_or_create(dir.path()).unwrap();
        let b = Signer::load_or_create(dir.path()).unwrap();
        assert_eq!(a.public_key_base64(), b.public_key_base64());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
