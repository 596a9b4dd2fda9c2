//! CSV (RFC 4180) as spreadsheets save it: comma-separated (or tab-separated when the
//! first line has tabs and no commas), fields optionally quoted with `""` for a quote
//! inside, line breaks inside quotes kept, CRLF or LF, a UTF-8 BOM ignored.

/// The rows of a CSV text.
pub fn parse_str(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let sep = separator(text);
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    // Whether the current row has anything yet (so a final line break adds no row).
    let mut started = false;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => {
                quoted = true;
                started = true;
            }
            c if c == sep => {
                row.push(std::mem::take(&mut field));
                started = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                started = false;
            }
            c => {
                field.push(c);
                started = true;
            }
        }
    }
    if started || !field.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// Tab when the first record has a tab and no comma outside quotes, else comma. Quoted
/// text does not count: a quoted first cell holding a tab is not a tab-separated file.
fn separator(text: &str) -> char {
    // The same quoting rules as the reader below: a quote opens only at the start of
    // a field, and `""` inside quotes is a quote.
    let (mut quoted, mut tab, mut field_start) = (false, false, true);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' && chars.next_if_eq(&'"').is_none() {
                quoted = false;
            }
            continue;
        }
        match c {
            '"' if field_start => quoted = true,
            ',' => return ',',
            '\t' => tab = true,
            '\n' | '\r' => break,
            _ => {}
        }
        field_start = c == '\t';
    }
    if tab {
        '\t'
    } else {
        ','
    }
}

#[cfg(test)]
mod tests {
    use super::parse_str;

    #[test]
    fn plain_rows_with_crlf_and_bom() {
        assert_eq!(
            parse_str("\u{feff}姓名,月工资\r\n张三,6500\r\n"),
            vec![vec!["姓名", "月工资"], vec!["张三", "6500"]]
        );
    }

    #[test]
    fn quotes_commas_and_line_breaks_inside_fields() {
        assert_eq!(
            parse_str("a,\"b,c\",\"say \"\"hi\"\"\"\n\"two\nlines\",,x"),
            vec![vec!["a", "b,c", "say \"hi\""], vec!["two\nlines", "", "x"]]
        );
    }

    #[test]
    fn last_line_without_break_and_empty_lines() {
        assert_eq!(
            parse_str("a,b\n\n1,2"),
            vec![vec!["a", "b"], vec![""], vec!["1", "2"]]
        );
        assert!(parse_str("").is_empty());
    }

    /// Found by the fuzzer: a tab inside the quoted first cell made the whole file
    /// tab-separated, so the commas of the next rows were read as text.
    #[test]
    fn quoted_tabs_do_not_make_a_file_tab_separated() {
        assert_eq!(
            parse_str("\"a\tb\"\r\nc,d\r\n"),
            vec![vec!["a\tb"], vec!["c", "d"]]
        );
        assert_eq!(parse_str("a\t\"b,c\"\n"), vec![vec!["a", "b,c"]]);
    }

    #[test]
    fn tab_separated() {
        assert_eq!(
            parse_str("姓名\t月工资\n张三\t6500\n"),
            vec![vec!["姓名", "月工资"], vec!["张三", "6500"]]
        );
    }
}
