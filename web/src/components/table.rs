//! Tables and lists: a definition list of facts, a scrollable table, and paging.

use crate::api::Page;
use crate::i18n::{tr, trf, Key};
use crate::prefs::Prefs;
use leptos::prelude::*;
use shebao_core::Lang;

/// A table that scrolls sideways on a narrow screen instead of breaking the page; or,
/// `stacked`, shows each row as a card of "label: value" lines on a phone (its cells then
/// carry their column's name in `data-label`, which style.css shows before the value).
#[component]
pub fn DataTable(
    caption: Key,
    headers: Vec<Key>,
    children: Children,
    #[prop(optional)] stacked: bool,
    /// The table's own id, for a page that points at it.
    #[prop(optional)]
    id: Option<&'static str>,
) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=move || tr(lang.get(), caption)>
            <table id=id class=("table-stack", stacked)>
                <caption class="visually-hidden">{move || tr(lang.get(), caption)}</caption>
                <thead>
                    <tr>
                        {headers
                            .into_iter()
                            .map(|h| view! { <th scope="col">{move || tr(lang.get(), h)}</th> })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// A page of a list, as loaded: `empty`'s words (`#no-results`) when it holds nothing,
/// else a [`DataTable`] of its items (`row` makes each one's `<tr>`) with the [`Pager`]
/// below.
pub struct PagedTable {
    pub caption: Key,
    pub headers: Vec<Key>,
    pub empty: Key,
    pub page: RwSignal<u32>,
    pub per_page: u32,
}

impl PagedTable {
    pub fn show<T, V: IntoView + 'static>(
        self,
        lang: Lang,
        list: Page<T>,
        row: impl Fn(T) -> V,
    ) -> AnyView {
        let PagedTable {
            caption,
            headers,
            empty,
            page,
            per_page,
        } = self;
        if list.items.is_empty() {
            return view! { <p id="no-results">{tr(lang, empty)}</p> }.into_any();
        }
        let total = list.total;
        let rows = list.items.into_iter().map(row).collect_view();
        view! {
            <DataTable caption=caption headers=headers>{rows}</DataTable>
            <Pager page=page total=Signal::derive(move || total) per_page=per_page/>
        }
        .into_any()
    }
}

/// 上一页 / 下一页 with "第 n / m 页".
#[component]
pub fn Pager(page: RwSignal<u32>, total: Signal<i64>, per_page: u32) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let pages = move || ((total.get().max(0) as u32).div_ceil(per_page)).max(1);
    // Computed here, not inside `view!`: there a bare `>=` in an attribute ends the tag,
    // and the rest of the button (its click handler included) became its text.
    let on_first = move || page.get() <= 1;
    let on_last = move || page.get() >= pages();
    view! {
        <nav class="pager" aria-label=move || tr(lang.get(), Key::Paging)>
            <button type="button" class="button button-secondary" id="page-prev"
                disabled=on_first
                on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))>
                {move || tr(lang.get(), Key::PrevPage)}
            </button>
            <span class="pager-status">
                {move || trf(lang.get(), Key::PagerStatus, &[
                    ("page", &page.get()), ("pages", &pages()), ("total", &total.get()),
                ])}
            </span>
            <button type="button" class="button button-secondary" id="page-next"
                disabled=on_last
                on:click=move |_| page.update(|p| *p += 1)>
                {move || tr(lang.get(), Key::NextPage)}
            </button>
        </nav>
    }
}
