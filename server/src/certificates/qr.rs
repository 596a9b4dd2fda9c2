//! A QR code's dark modules as horizontal runs, and as an SVG picture for screens: the
//! phone shows the open-on-computer page's address this way, and the PDF draws the same
//! runs as rectangles (`pdf::layout`). One path of runs, so it is small and scales
//! sharply.

/// Modules of quiet zone around the code (the standard's four).
const QUIET: usize = 4;

/// A horizontal run of dark modules: row, first column, length.
pub type Run = (usize, usize, usize);

/// The dark modules of `text`'s QR code: its width and, row by row, its runs.
pub fn runs(text: &str) -> Result<(usize, Vec<Run>), String> {
    let code = qrcode::QrCode::new(text.as_bytes()).map_err(|e| e.to_string())?;
    let n = code.width();
    let colors = code.to_colors();
    let mut runs = Vec::new();
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if colors[row * n + col] == qrcode::Color::Dark {
                let start = col;
                while col < n && colors[row * n + col] == qrcode::Color::Dark {
                    col += 1;
                }
                runs.push((row, start, col - start));
            } else {
                col += 1;
            }
        }
    }
    Ok((n, runs))
}

/// `text`'s QR code as a standalone SVG document, one unit per module.
pub fn svg(text: &str) -> Result<String, String> {
    let (n, runs) = runs(text)?;
    let side = n + 2 * QUIET;
    let mut path = String::with_capacity(runs.len() * 16);
    for (row, col, len) in runs {
        path.push_str(&format!("M{} {}h{len}v1h-{len}z", col + QUIET, row + QUIET));
    }
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" \
         shape-rendering=\"crispEdges\"><rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/>\
         <path fill=\"#000\" d=\"{path}\"/></svg>"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dark_module_is_drawn_once() {
        let text = "http://127.0.0.1:8080/open?code=123456";
        let (n, runs) = runs(text).unwrap();
        let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
        let dark = code
            .to_colors()
            .iter()
            .filter(|c| **c == qrcode::Color::Dark)
            .count();
        assert_eq!(n, code.width());
        assert_eq!(runs.iter().map(|r| r.2).sum::<usize>(), dark);
        let svg = svg(text).unwrap();
        assert_eq!(svg.matches('M').count(), runs.len());
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    }
}
