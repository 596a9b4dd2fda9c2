//! A still picture of a page's first screen, sent inside its HTML.
//!
//! On a phone with a slow network the app's wasm takes seconds to arrive; the page's
//! header, title and introduction (or menu) need none of it. For the pages of [`SHELLS`], when the
//! logged-in account is the page's kind of user, the server writes them into the page's
//! HTML as `<div id="shell">`: in the markup the app renders (the header of
//! `web/src/app.rs`, the first lines of the page) and with the words it uses
//! (`shebao_core::words`). The app removes the picture and renders its own page in the
//! same task (`web/src/main.rs`), so nothing on screen moves; `e2e/tests/shell.rs` checks
//! that the two stay the same.
//!
//! With the picture comes the session (`#session-info`), which the app would otherwise
//! ask for first.
//!
//! The page's loader (`Trunk.toml`) fetches the wasm once the picture is on screen, so
//! here the wasm is not preloaded: fetching it first would only hold the paint back.
//! The picture is in Chinese; a reader who chose English does not see it (the inline
//! script in each page's HTML).

use crate::app::AppState;
use crate::auth::sessions;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use shebao_core::api::ServerTime;
use shebao_core::text::escape_html;
use shebao_core::views::{Role, SessionInfo};
use shebao_core::words::{self, Words};

/// A page with a picture: its path, whose page it is, and its first lines (the inside
/// of `<main>`, in the app's markup).
pub struct Shell {
    pub path: &'static str,
    pub role: Role,
    pub main: fn() -> String,
}

/// The pages whose first screen is words that need no data: the resident's home and
/// 个人参保证明 (on a phone), and 社会保险职工参保登记, what an employer's agent does most.
pub const SHELLS: [Shell; 3] = [
    Shell {
        path: "/resident",
        role: Role::Resident,
        main: resident_home,
    },
    Shell {
        path: "/resident/certificate",
        role: Role::Resident,
        main: || {
            titled(
                ("/resident", words::RESIDENT_TITLE),
                words::CERT_PERSONAL_TITLE,
                words::CERT_PERSONAL_INTRO,
            )
        },
    },
    Shell {
        path: "/employer/enrol",
        role: Role::Employer,
        main: || {
            titled(
                ("/employer", words::EMPLOYER_MENU_TITLE),
                words::ENROL_TITLE,
                words::ENROL_INTRO,
            )
        },
    },
];

/// A breadcrumb, the title and the introduction (`web/src/pages/…`: the first lines of
/// most pages).
fn titled(breadcrumb: (&str, Words), title: Words, intro: Words) -> String {
    format!(
        r#"<p class="breadcrumb"><a href="{}">{}</a></p><h1>{}</h1><p>{}</p>"#,
        breadcrumb.0, breadcrumb.1 .0, title.0, intro.0
    )
}

/// The resident's home down to its status heading (`web/src/pages/resident/home.rs`).
fn resident_home() -> String {
    let item = |href: &str, id: &str, title: Words, hint: Option<Words>| {
        let hint = hint.map_or(String::new(), |h| {
            format!(r#"<span class="menu-hint">{}</span>"#, h.0)
        });
        format!(
            r#"<li><a class="menu-item" href="{href}" id="{id}"><span class="menu-title">{}</span>{hint}</a></li>"#,
            title.0
        )
    };
    format!(
        r#"<h1>{title}</h1><nav aria-label="{title}"><ul class="menu">{}{}{}{}</ul></nav><h2>{}</h2>"#,
        item(
            "/resident/contributions",
            "menu-contributions",
            words::CONTRIBUTIONS_TITLE,
            None
        ),
        item(
            "/resident/pension",
            "menu-pension",
            words::PENSION_TITLE,
            None
        ),
        item(
            "/resident/flexible",
            "menu-flexible",
            words::FLEX_TITLE,
            Some(words::FLEX_MENU_HINT)
        ),
        item(
            "/resident/certificate",
            "menu-certificate",
            words::CERT_PERSONAL_TITLE,
            Some(words::CERT_PERSONAL_MENU_HINT)
        ),
        words::CURRENT_STATUS.0,
        title = words::RESIDENT_TITLE.0,
    )
}

/// Middleware around the web app's files: adds the picture to the HTML of a page of
/// [`SHELLS`] asked for by that page's kind of user. Anything else passes untouched.
pub async fn add_shell(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let shell = SHELLS.iter().find(|s| s.path == request.uri().path());
    let Some(shell) = shell.filter(|_| request.method() == Method::GET) else {
        return next.run(request).await;
    };
    let token = state.cookie.token(request.headers());
    let Some(session) = session_info(&state, token, shell.role).await else {
        return next.run(request).await;
    };
    // The HTML plain, to write into (the compression layer outside compresses it again).
    let mut request = request;
    request.headers_mut().remove(header::ACCEPT_ENCODING);
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    if !response.status().is_success() || !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, 1 << 20).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let html = String::from_utf8_lossy(&bytes);
    let with_shell = insert(
        &html,
        &format!(
            "{}{}{}",
            session_script(&session),
            clock_script(state.clock.now_ms()),
            markup(shell, &user_name(&session))
        ),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    // The page now names the user and carries the session's CSRF token: never kept in
    // any cache, the browser's included.
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    parts
        .headers
        .insert(header::VARY, HeaderValue::from_static("cookie"));
    Response::from_parts(parts, Body::from(with_shell))
}

/// The logged-in account, if it is a `role`: what `GET /api/v1/session` would answer.
async fn session_info(state: &AppState, token: Option<String>, role: Role) -> Option<SessionInfo> {
    let token = token?;
    let actor = sessions::lookup(
        &state.store,
        state.session_cache(),
        &token,
        state.clock.now_ms(),
        state.session_idle_ms,
    )
    .await
    .ok()??;
    // A session that must change its password sees no page but the change.
    if actor.role != role || actor.must_change_password {
        return None;
    }
    state
        .store
        .read(move |tx| {
            crate::auth::session_info::of_account(tx, actor.account_id, &actor.csrf_token)
        })
        .await
        .ok()
}

/// The name the header shows: the employer's for an agent, the person's for a resident.
fn user_name(session: &SessionInfo) -> String {
    let employer = session.employer.as_ref().map(|e| e.name.clone());
    let person = session.person.as_ref().map(|p| p.name.clone());
    employer
        .or(person)
        .unwrap_or_else(|| session.username.clone())
}

/// The session as the app's first `GET /session` would get it (`web/src/session.rs`
/// reads it instead of asking): the page shows at once, without a "loading" between the
/// picture and the page. `<` is escaped so that no value can close the script element.
fn session_script(session: &SessionInfo) -> String {
    let json = serde_json::to_string(session)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    format!(r#"<script type="application/json" id="session-info">{json}</script>"#)
}

/// The server's clock as `GET /api/v1/time` would answer it, read as the page is sent:
/// the app learns the clock from it (with the moment the page arrived) instead of asking,
/// and so has nothing to redo when the answer would have come.
fn clock_script(now_ms: i64) -> String {
    let json = serde_json::to_string(&ServerTime::at(now_ms)).unwrap_or_default();
    format!(r#"<script type="application/json" id="server-clock">{json}</script>"#)
}

/// The picture: the app's header and the page's first lines, in the app's markup.
pub fn markup(shell: &Shell, user_name: &str) -> String {
    format!(
        concat!(
            r#"<div id="shell">"#,
            r##"<a class="skip-link" href="#main">{skip}</a>"##,
            r#"<header class="site-header"><a class="site-title" href="{home}">{site}</a>"#,
            r#"<nav class="site-prefs" aria-label="{prefs}">"#,
            r#"<span class="site-user" id="site-user">{user}</span>"#,
            r#"<a class="pref-button" href="/password" id="change-password">{password}</a>"#,
            r#"<button class="pref-button" type="button" id="logout">{logout}</button>"#,
            r#"<button class="pref-button" type="button" id="lang-switch">{lang}</button>"#,
            r#"<button class="pref-button" type="button" id="elder-switch" aria-pressed="false">{elder}</button>"#,
            r#"</nav></header>"#,
            r#"<main id="main" tabindex="-1">{main}</main></div>"#,
        ),
        skip = words::SKIP_TO_CONTENT.0,
        home = shell.role.home(),
        site = words::SITE_TITLE.0,
        prefs = words::PREFERENCES.0,
        user = escape_html(user_name),
        password = words::CHANGE_PASSWORD.0,
        logout = words::LOGOUT.0,
        lang = words::LANG_SWITCH.0,
        elder = words::ELDER_MODE.0,
        main = (shell.main)(),
    )
}

/// `html` with `shell` first in its body and without the wasm's preload link.
pub fn insert(html: &str, shell: &str) -> String {
    let mut out = String::with_capacity(html.len() + shell.len());
    let mut rest = html;
    // Trunk writes the preload as one `<link rel="preload" … _bg.wasm" …>` element.
    while let Some(start) = rest.find("<link rel=\"preload\"") {
        let end = rest[start..]
            .find('>')
            .map_or(rest.len(), |e| start + e + 1);
        out.push_str(&rest[..start]);
        if !rest[start..end].contains("_bg.wasm") {
            out.push_str(&rest[start..end]);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    match out.find("<body>") {
        Some(at) => out.insert_str(at + "<body>".len(), shell),
        None => return html.to_string(),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{clock_script, insert, markup, session_script, SHELLS};
    use shebao_core::api::ServerTime;
    use shebao_core::views::{Role, SessionInfo};

    const TRUNK_HTML: &str = concat!(
        r#"<html><head><link rel="stylesheet" href="/style-1.css"/>"#,
        r#"<link rel="modulepreload" href="/app-1.js" crossorigin="anonymous">"#,
        r#"<link rel="preload" href="/app-1_bg.wasm" crossorigin="anonymous" as="fetch" type="application/wasm">"#,
        r#"</head><body></body></html>"#
    );

    #[test]
    fn the_picture_opens_the_body_and_the_wasm_is_no_longer_preloaded() {
        let html = insert(TRUNK_HTML, "<div id=\"shell\">picture</div>");
        assert!(
            html.contains("<body><div id=\"shell\">picture</div></body>"),
            "{html}"
        );
        assert!(!html.contains("_bg.wasm"), "{html}");
        assert!(
            html.contains(r#"<link rel="modulepreload" href="/app-1.js""#),
            "{html}"
        );
        assert!(
            html.contains(r#"<link rel="stylesheet" href="/style-1.css"/>"#),
            "{html}"
        );
    }

    #[test]
    fn the_session_cannot_close_its_script_element() {
        let session = SessionInfo {
            username: "</script><script>alert(1)</script>".into(),
            role: Role::Resident,
            employer: None,
            person: None,
            csrf_token: "t".into(),
            must_change_password: false,
        };
        let script = session_script(&session);
        assert_eq!(script.matches("</script>").count(), 1, "{script}");
        let json = script
            .strip_prefix(r#"<script type="application/json" id="session-info">"#)
            .and_then(|s| s.strip_suffix("</script>"))
            .unwrap();
        let back: SessionInfo = serde_json::from_str(json).unwrap();
        assert_eq!(back, session);
    }

    #[test]
    fn the_clock_is_the_time_endpoints_answer() {
        let now_ms = 1_795_000_000_000;
        let script = clock_script(now_ms);
        let json = script
            .strip_prefix(r#"<script type="application/json" id="server-clock">"#)
            .and_then(|s| s.strip_suffix("</script>"))
            .unwrap();
        let back: ServerTime = serde_json::from_str(json).unwrap();
        assert_eq!(back, ServerTime::at(now_ms));
    }

    #[test]
    fn without_a_body_the_html_is_left_as_it_is() {
        assert_eq!(insert("<html></html>", "picture"), "<html></html>");
    }

    #[test]
    fn the_picture_has_the_pages_words_and_the_escaped_user_name() {
        let page = SHELLS
            .iter()
            .find(|s| s.path == "/resident/certificate")
            .unwrap();
        let html = markup(page, "A & <B>");
        assert!(html.contains("<h1>个人参保证明</h1>"), "{html}");
        assert!(
            html.contains(r#"<a href="/resident">个人参保</a>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"id="site-user">A &amp; &lt;B&gt;</span>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<a class="site-title" href="/resident">"#),
            "{html}"
        );
    }
}
