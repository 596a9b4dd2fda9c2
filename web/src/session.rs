//! Who is logged in, and the server's clock.
//!
//! The session is read once at start-up (`GET /session`, which also gives back the CSRF
//! token after a reload, or the copy the server wrote into the page) and replaced by the
//! login answer. The clock is the server's: the page learns the difference between the
//! server's clock and the device's at start-up, and every rule is judged at "device
//! now + that difference", so a phone with a wrong clock is still offered the right
//! months. A tick every 20 seconds keeps
//! the handling month right across midnight at the end of a month.

use crate::api::{self, SessionInfo};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shebao_core::api::ServerTime;
use shebao_core::time::{cst_date, handling_month, Date, YearMonth};
use std::time::Duration;

#[derive(Clone, Copy)]
pub struct Session {
    pub info: RwSignal<Option<SessionInfo>>,
    /// False until `GET /session` has answered.
    pub loaded: RwSignal<bool>,
}

impl Session {
    pub fn start() -> Session {
        let session = Session {
            info: RwSignal::new(None),
            loaded: RwSignal::new(false),
        };
        // A page the server sent with its still picture carries the session too
        // (`server/src/shell.rs`): no need to ask, nor to show "loading" meanwhile.
        if let Some(info) = sent_with_page() {
            session.set(info);
            return session;
        }
        spawn_local(async move {
            if let Ok(info) = api::get::<SessionInfo>("/session").await {
                session.set(info);
            }
            session.loaded.set(true);
        });
        session
    }

    pub fn set(self, info: SessionInfo) {
        api::set_csrf(&info.csrf_token);
        self.info.set(Some(info));
        self.loaded.set(true);
    }

    /// The logged-in user name, for keying drafts.
    pub fn username(self) -> String {
        self.info
            .with_untracked(|i| i.as_ref().map(|i| i.username.clone()))
            .unwrap_or_default()
    }
}

/// The session the server wrote into the page (`#session-info`), taken out of it.
fn sent_with_page() -> Option<SessionInfo> {
    let element = leptos::prelude::document().get_element_by_id("session-info")?;
    element.remove();
    serde_json::from_str(&element.text_content()?).ok()
}

#[derive(Clone, Copy)]
pub struct Clock {
    /// Server clock minus device clock, once known.
    offset: RwSignal<Option<i64>>,
    tick: RwSignal<u64>,
}

fn device_now() -> i64 {
    js_sys::Date::now() as i64
}

impl Clock {
    pub fn start() -> Clock {
        let clock = Clock {
            offset: RwSignal::new(None),
            tick: RwSignal::new(0),
        };
        clock.sync();
        set_interval(
            move || clock.tick.update(|t| *t += 1),
            Duration::from_secs(20),
        );
        clock
    }

    /// Asks the server for its clock again (at start-up, and after a refusal that says
    /// the month changed).
    pub fn sync(self) {
        spawn_local(async move {
            let sent = device_now();
            if let Ok(time) = api::get::<ServerTime>("/time").await {
                let received = device_now();
                // The server read its clock about halfway through the round trip.
                self.offset
                    .set(Some(time.now_ms - (sent + (received - sent) / 2)));
            }
        });
    }

    /// True once the server's clock is known.
    pub fn is_synced(self) -> bool {
        self.offset.get().is_some()
    }

    /// Now, by the server's clock (tracked: re-read every tick).
    pub fn now_ms(self) -> i64 {
        self.tick.track();
        device_now() + self.offset.get().unwrap_or(0)
    }

    pub fn today(self) -> Date {
        cst_date(self.now_ms())
    }

    pub fn handling_month(self) -> YearMonth {
        handling_month(self.now_ms())
    }
}
