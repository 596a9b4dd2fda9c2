//! The captcha of the personal certificate: a small sum, drawn as an SVG (scalable, so
//! it can be enlarged without blurring) and asked in words in Chinese and English for
//! those who cannot see it (the non-visual alternative the spec asks for).

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;

/// A made captcha: its answer stays on the server.
pub struct Made {
    pub answer: String,
    /// `data:image/svg+xml;base64,…`
    pub image: String,
    pub question_zh: String,
    pub question_en: String,
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::getrandom(&mut bytes).expect("the system's random numbers");
    bytes
}

/// A random id for a captcha (128 bits, hex).
pub fn new_id() -> String {
    hex::encode(random_bytes::<16>())
}

const DIGITS_ZH: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

fn number_zh(n: u32) -> String {
    match n {
        0..=9 => DIGITS_ZH[n as usize].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", DIGITS_ZH[(n - 10) as usize]),
        _ => n.to_string(),
    }
}

/// A new captcha: `a + b` or `a − b` (never negative), a and b below 10.
pub fn make() -> Made {
    let r = random_bytes::<8>();
    let a = u32::from(r[0]) % 9 + 1;
    let b = u32::from(r[1]) % 9 + 1;
    let plus = r[2].is_multiple_of(2);
    let (a, b) = if plus || a >= b { (a, b) } else { (b, a) };
    let (answer, symbol, zh, en) = if plus {
        (a + b, "+", "加", "plus")
    } else {
        (a - b, "−", "减", "minus")
    };
    let question_zh = format!("{}{}{}等于几？", number_zh(a), zh, number_zh(b));
    let question_en = format!("What is {a} {en} {b}?");
    let shown = format!("{a} {symbol} {b} = ?");
    Made {
        answer: answer.to_string(),
        image: format!(
            "data:image/svg+xml;base64,{}",
            B64.encode(svg(&shown, &r[3..]))
        ),
        question_zh,
        question_en,
    }
}

/// The drawing: each character slightly turned and shifted, over a few noise lines.
fn svg(text: &str, noise: &[u8]) -> String {
    let mut out = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 160 56\" width=\"160\" height=\"56\" role=\"img\" aria-label=\"captcha\">\
         <rect width=\"160\" height=\"56\" fill=\"#f4f6f8\"/>",
    );
    for (i, pair) in noise.chunks(2).enumerate() {
        let (a, b) = (u32::from(pair[0]), u32::from(*pair.get(1).unwrap_or(&7)));
        out.push_str(&format!(
            "<line x1=\"0\" y1=\"{}\" x2=\"160\" y2=\"{}\" stroke=\"#{}\" stroke-width=\"1\"/>",
            a % 56,
            b % 56,
            ["9aa5b1", "b0a8c0", "a8c0b0"][i % 3]
        ));
    }
    let mut x = 14;
    for (i, c) in text.chars().enumerate() {
        if c == ' ' {
            x += 8;
            continue;
        }
        let turn = i32::from(noise.get(i % noise.len().max(1)).copied().unwrap_or(0) % 31) - 15;
        let y = 38 + (i as i32 % 3) - 1;
        out.push_str(&format!(
            "<text x=\"{x}\" y=\"{y}\" transform=\"rotate({turn} {x} {y})\" font-family=\"monospace\" font-size=\"28\" font-weight=\"bold\" fill=\"#1f2d3d\">{}</text>",
            shebao_core::text::escape_html(c.encode_utf8(&mut [0; 4]))
        ));
        x += 18;
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_question_in_words_has_the_answer_of_the_picture() {
        for _ in 0..50 {
            let m = make();
            let answer: u32 = m.answer.parse().unwrap();
            assert!(answer <= 18);
            let digits: Vec<u32> = m
                .question_en
                .split(|c: char| !c.is_ascii_digit())
                .filter_map(|s| s.parse().ok())
                .collect();
            let expected = if m.question_en.contains("plus") {
                digits[0] + digits[1]
            } else {
                digits[0] - digits[1]
            };
            assert_eq!(answer, expected, "{}", m.question_en);
            assert!(m.question_zh.ends_with("等于几？"));
            assert!(m.image.starts_with("data:image/svg+xml;base64,"));
        }
        assert_eq!(number_zh(7), "七");
        assert_eq!(number_zh(10), "十");
    }
}
