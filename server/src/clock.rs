//! The server's clock. Core never reads a clock; the server reads this one and passes
//! "now" to core. Tests shift it to cross a month boundary on purpose.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// The system clock plus an adjustable offset.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    pub fn with_offset(offset_ms: i64) -> Clock {
        Clock {
            offset_ms: Arc::new(AtomicI64::new(offset_ms)),
        }
    }

    /// Milliseconds since the Unix epoch, UTC.
    pub fn now_ms(&self) -> i64 {
        let system = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0);
        system + self.offset_ms.load(Ordering::Relaxed)
    }

    /// Moves the clock so that it reads `instant_ms` now.
    pub fn set_now_ms(&self, instant_ms: i64) {
        let system = self.now_ms() - self.offset_ms.load(Ordering::Relaxed);
        self.offset_ms.store(instant_ms - system, Ordering::Relaxed);
    }
}
