//! Who is logged in, and the server's clock.
//!
//! The session is read once at start-up (`GET /session`, which also gives back the CSRF
//! token after a reload, or the copy the server wrote into the page) and replaced by the
//! login answer. The clock is the server's: the page learns the difference between the
//! server's clock and the device's at start-up, and every rule is judged at "device
//! now + that difference", so a phone with a wrong clock is still offered the right
//! months (a page sent with the server's still picture carries that clock, so the app
//! need not ask). A tick every 20 seconds keeps
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

/// The server's clock as the page was sent (`#server-clock`), as an offset from the
/// device's: the server read it just before sending, so it is compared with the moment
/// the page began to arrive (the navigation's `responseStart`).
fn clock_sent_with_page() -> Option<i64> {
    let element = leptos::prelude::document().get_element_by_id("server-clock")?;
    element.remove();
    let time: ServerTime = serde_json::from_str(&element.text_content()?).ok()?;
    let performance = leptos::prelude::window().performance()?;
    let navigation = performance.get_entries_by_type("navigation").get(0);
    let response_start = js_sys::Reflect::get(&navigation, &"responseStart".into())
        .ok()?
        .as_f64()?;
    Some(time.now_ms - (performance.time_origin() + response_start) as i64)
}

/// Offsets closer than this are the same clock (network jitter, not a different clock).
const SAME_CLOCK_MS: i64 = 1000;

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
        // A page sent with its still picture carries the server's clock too
        // (`server/src/shell.rs`): nothing to ask, and nothing to redo when it answers.
        match clock_sent_with_page() {
            Some(offset) => clock.offset.set(Some(offset)),
            None => clock.sync(),
        }
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
                let offset = time.now_ms - (sent + (received - sent) / 2);
                // A difference of a few milliseconds changes no rule's verdict, and
                // setting it would redo everything that reads the clock.
                let known = self.offset.get_untracked();
                if known.is_none_or(|k| (k - offset).abs() > SAME_CLOCK_MS) {
                    self.offset.set(Some(offset));
                }
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
