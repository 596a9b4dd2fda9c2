//! Reading a chosen spreadsheet file in the browser (批量增员, and 开办企业's employees
//! from the same format): its bytes, then its rows by `shebao-sheet`.

use shebao_sheet::{self as spreadsheet, SheetError};

/// The bytes of the chosen file.
pub async fn read_file(file: &web_sys::File) -> Option<Vec<u8>> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The rows of a file; a CSV that is not UTF-8 is decoded as GB 18030 (GBK), as older
/// Excel versions save it in China.
pub fn rows_of(bytes: &[u8]) -> Result<Vec<Vec<String>>, SheetError> {
    match spreadsheet::parse(bytes) {
        Err(SheetError::NotUtf8) => {
            let text = web_sys::TextDecoder::new_with_label("gb18030")
                .and_then(|d| d.decode_with_u8_array(bytes))
                .map_err(|_| SheetError::NotUtf8)?;
            spreadsheet::parse_text(&text)
        }
        other => other,
    }
}
