//! The one way a page sends what a person submits: the forms (增员, 减员, 灵活就业, a
//! batch's rows), and the other sends with a busy flag and an answer to show (logging
//! in, changing the password, a person search, a reviewer's decision, a withdrawal, an
//! uploaded file, a verification).
//!
//! [`post`] sends one request under the attempt's `Idempotency-Key`; a refusal because
//! the handling month changed (`MONTH_CHANGED`: the page judged the form at a clock that
//! has since moved on) re-syncs the clock first, so the page judges the next attempt
//! at the server's new month. [`Submit`] wraps a page's sending in a Leptos `Action`:
//! the busy flag is up while it is in flight, the page's draft is cleared once the
//! server has saved, and the page is handed the answer (the receipt, or the refusal it
//! shows).

use crate::api::{self, Problem};
use crate::drafts;
use crate::session::Clock;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use shebao_core::Code;
use std::future::Future;
use std::rc::Rc;

/// `POST`s a submission under its idempotency key; see the module's comment.
pub async fn post<B: Serialize, T: DeserializeOwned>(
    clock: Clock,
    path: &str,
    body: &B,
    idempotency_key: &str,
) -> Result<T, Problem> {
    let answer = api::post::<B, T>(path, body, Some(idempotency_key)).await;
    if let Err(problem) = &answer {
        if problem.has(Code::MonthChanged) {
            clock.sync();
        }
    }
    answer
}

/// How a page's submissions are sent: see the module's comment.
#[derive(Clone)]
pub struct Submit {
    busy: RwSignal<bool>,
    /// The user and the name of the draft cleared once the server has saved.
    draft: Option<(String, &'static str)>,
}

impl Submit {
    /// Submissions that hold `busy` up while they are in flight.
    pub fn new(busy: RwSignal<bool>) -> Submit {
        Submit { busy, draft: None }
    }

    /// … and clear `user`'s draft `name` once the server has saved one.
    pub fn clearing_draft(mut self, user: String, name: &'static str) -> Submit {
        self.draft = Some((user, name));
        self
    }

    /// The action a page dispatches (`dispatch_local`) with what it sends: `send` makes
    /// the request (usually with [`post`]) and `answered` gets its answer.
    pub fn action<I, T, Fu>(
        self,
        send: impl Fn(&I) -> Fu + 'static,
        answered: impl Fn(Result<T, Problem>) + 'static,
    ) -> Action<I, ()>
    where
        I: 'static,
        T: 'static,
        Fu: Future<Output = Result<T, Problem>> + 'static,
    {
        let Submit { busy, draft } = self;
        let answered = Rc::new(answered);
        Action::new_local(move |input: &I| {
            busy.set(true);
            let sent = send(input);
            let answered = Rc::clone(&answered);
            let draft = draft.clone();
            async move {
                let answer = sent.await;
                busy.set(false);
                if let (Ok(_), Some((user, name))) = (&answer, &draft) {
                    drafts::clear(user, name);
                }
                answered(answer);
            }
        })
    }
}
