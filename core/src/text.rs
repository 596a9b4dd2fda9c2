//! Normalising what people type.
//!
//! Chinese input methods often produce full-width characters (`１２３`, `Ｘ`), the
//! ideographic space (U+3000) and lowercase `x`. Identifiers are normalised before they
//! are checked, so these never cause a refusal; anything else that is not allowed is
//! reported with its position.

/// Maps a full-width ASCII variant (U+FF01..=U+FF5E) to its ASCII character and the
/// ideographic space to a space; every other character is returned unchanged.
pub fn to_halfwidth(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Normalises an identifier as typed: half-width, surrounding white space removed,
/// ASCII letters upper-cased. Inner white space is kept, so that it can be reported.
pub fn normalize_identifier(input: &str) -> String {
    // One allocation: this runs on every keystroke and for every field of a submission.
    let mut out = String::with_capacity(input.len());
    out.extend(input.chars().map(|c| to_halfwidth(c).to_ascii_uppercase()));
    trim_in_place(out)
}

/// `text.trim()`, reusing the allocation when nothing needs trimming.
fn trim_in_place(text: String) -> String {
    let trimmed = text.trim();
    if trimmed.len() == text.len() {
        text
    } else {
        trimmed.to_string()
    }
}

/// Normalises free text such as a name: half-width ASCII, surrounding white space
/// removed. Letters keep their case.
pub fn normalize_text(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    out.extend(input.chars().map(to_halfwidth));
    trim_in_place(out)
}

/// Appends `text` to `html` with the characters that mean something in HTML (`& < > " '`)
/// escaped, so it shows as text in an element or an attribute. The server's still
/// picture of a page and the web app's drop-down options both write HTML with it.
pub fn push_escaped_html(html: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            c => html.push(c),
        }
    }
}

/// `text` escaped for HTML (see [`push_escaped_html`]).
pub fn escape_html(text: &str) -> String {
    let mut html = String::with_capacity(text.len());
    push_escaped_html(&mut html, text);
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_digits_letters_and_spaces_are_normalised() {
        assert_eq!(
            normalize_identifier("\u{3000}１１０１０５１９４９１２３１００２ｘ "),
            "11010519491231002X"
        );
        assert_eq!(normalize_identifier(" 9135 "), "9135");
        assert_eq!(normalize_text(" 张三\u{3000}"), "张三");
    }

    #[test]
    fn inner_spaces_are_kept_for_reporting() {
        assert_eq!(normalize_identifier("1101 05"), "1101 05");
    }

    #[test]
    fn html_escaping_leaves_only_text() {
        assert_eq!(
            super::escape_html(r#"<b>A & "B" 'C'</b> 谢明亮"#),
            "&lt;b&gt;A &amp; &quot;B&quot; &#39;C&#39;&lt;/b&gt; 谢明亮"
        );
    }
}
