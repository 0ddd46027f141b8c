//! Survey URL → QR code, as SVG (for posters and the web) or PNG (for anything else).
//!
//! Error correction level M: a poster that is a little scuffed or creased still scans, and a
//! 60-character URL stays a small code.

use std::io::Cursor;

use image::{ImageFormat, Luma};
use qrcode::{EcLevel, QrCode, render::svg};

use crate::domain::CounterToken;

#[derive(Debug, thiserror::Error)]
pub enum QrError {
    #[error("cannot encode this URL as a QR code: {0}")]
    Encode(#[from] qrcode::types::QrError),
    #[error("cannot write the PNG: {0}")]
    Png(#[from] image::ImageError),
}

/// Exactly what each counter's QR code encodes.
pub fn survey_url(public_url: &str, token: &CounterToken) -> String {
    let path = templates::paths::Survey::href(token);
    format!("{}{path}", public_url.trim_end_matches('/'))
}

fn encode(data: &str) -> Result<QrCode, QrError> {
    Ok(QrCode::with_error_correction_level(
        data.as_bytes(),
        EcLevel::M,
    )?)
}

/// A standalone SVG document (with its XML declaration).
pub fn svg(data: &str) -> Result<String, QrError> {
    Ok(encode(data)?
        .render::<svg::Color>()
        .min_dimensions(256, 256)
        .quiet_zone(true)
        .build())
}

/// The `<svg>` element alone, to place inside an HTML page.
pub fn inline_svg(data: &str) -> Result<String, QrError> {
    let document = svg(data)?;
    Ok(match document.find("<svg") {
        Some(start) => document[start..].to_owned(),
        None => document,
    })
}

/// A PNG with 10-pixel modules and the quiet zone the standard asks for.
pub fn png(data: &str) -> Result<Vec<u8>, QrError> {
    let image = encode(data)?
        .render::<Luma<u8>>()
        .module_dimensions(10, 10)
        .quiet_zone(true)
        .build();
    let mut bytes = Cursor::new(Vec::new());
    image.write_to(&mut bytes, ImageFormat::Png)?;
    Ok(bytes.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_png(bytes: &[u8]) -> String {
        let image = image::load_from_memory(bytes).unwrap().to_luma8();
        let mut prepared = rqrr::PreparedImage::prepare(image);
        let grids = prepared.detect_grids();
        assert_eq!(grids.len(), 1);
        grids[0].decode().unwrap().1
    }

    #[test]
    fn png_decodes_to_the_survey_url() {
        let token = CounterToken::parse("Ab3-_xYz09QwErTy").unwrap();
        let url = survey_url("https://sipas.example.gov.vn/", &token);
        assert_eq!(url, "https://sipas.example.gov.vn/s/Ab3-_xYz09QwErTy");
        assert_eq!(decode_png(&png(&url).unwrap()), url);
    }

    #[test]
    fn inline_svg_has_no_xml_declaration() {
        let svg = inline_svg("http://127.0.0.1:8080/s/AAAAAAAAAAAAAAAA").unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.ends_with("</svg>"));
    }
}
