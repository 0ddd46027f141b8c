//! One headless Chromium per test, behind its own `chromedriver` on a free port, and the few
//! things the tests do with it: tap, press keys, measure, screenshot.

use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions, PointerAction, TouchActions};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use tempfile::TempDir;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The flags Chromium needs on this kind of machine: no sandbox as root, and no background
/// connections, which a closed network refuses by the dozen.
const CHROMIUM_FLAGS: [&str; 9] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
];

/// A cheap Android phone's browser, as Chromium's device emulation presents it.
const PHONE_USER_AGENT: &str = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 \
     (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36";

pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: TempDir,
}

impl Browser {
    /// A phone: `width`×`height` CSS pixels at twice the density, with touch.
    pub async fn phone(width: u32, height: u32) -> Browser {
        let emulation = json!({
            "deviceMetrics": { "width": width, "height": height, "pixelRatio": 2.0, "touch": true, "mobile": true },
            "userAgent": PHONE_USER_AGENT,
        });
        Browser::start(width, height, Some(emulation)).await
    }

    /// A desktop window whose page area is `width`×`height`.
    pub async fn desktop(width: u32, height: u32) -> Browser {
        Browser::start(width, height, None).await
    }

    async fn start(width: u32, height: u32, emulation: Option<Value>) -> Browser {
        let phone = emulation.is_some();
        let port = free_port();
        let driver_path =
            std::env::var("SIPAS_CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_owned());
        let driver = Command::new(&driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so that a failed test can stop it and its Chromium at once.
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {driver_path} (apt-get install chromium-driver): {e}")
            });
        let profile = tempfile::tempdir().unwrap();
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|f| (*f).to_owned()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.push(format!("--window-size={width},{height}"));
        let mut options = json!({
            "binary": std::env::var("SIPAS_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned()),
            "args": args,
            "prefs": { "intl.accept_languages": "vi-VN,vi" },
        });
        if let Some(emulation) = emulation {
            options["mobileEmulation"] = emulation;
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("chrome"));
        capabilities.insert("goog:chromeOptions".into(), options);

        let address = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&address)
                .await
            {
                Ok(client) => break client,
                // chromedriver is still starting.
                Err(_) if Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("no WebDriver session from {driver_path} at {address}: {e}"),
            }
        };
        let browser = Browser {
            client,
            driver,
            _profile: profile,
        };
        // A phone's viewport is the emulated screen (once a page with a viewport tag is open);
        // a desktop's `--window-size` sizes the window, not the page: make the page area
        // exactly what was asked.
        if !phone {
            browser.fit_viewport(width, height).await;
        }
        browser
    }

    async fn fit_viewport(&self, width: u32, height: u32) {
        let (inner_w, inner_h) = self.viewport().await;
        if (inner_w, inner_h) != (width, height) {
            let (outer_w, outer_h) = self.client.get_window_size().await.unwrap();
            let grow = |outer: u64, want: u32, inner: u32| {
                (outer as i64 + i64::from(want) - i64::from(inner)).max(1) as u32
            };
            self.client
                .set_window_size(
                    grow(outer_w, width, inner_w),
                    grow(outer_h, height, inner_h),
                )
                .await
                .unwrap();
        }
    }

    /// `window.innerWidth`×`window.innerHeight`.
    pub async fn viewport(&self) -> (u32, u32) {
        let size = self
            .js("return [window.innerWidth, window.innerHeight];")
            .await;
        (
            size[0].as_u64().unwrap() as u32,
            size[1].as_u64().unwrap() as u32,
        )
    }

    /// Runs `script` (a function body) in the page and returns what it returns.
    pub async fn js(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.unwrap()
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.unwrap();
    }

    /// The page's visible text.
    pub async fn text(&self) -> String {
        self.js("return document.body.innerText;")
            .await
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub async fn path(&self) -> String {
        self.client.current_url().await.unwrap().path().to_owned()
    }

    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        match self.client.find(Locator::Css(css)).await {
            Ok(element) => element,
            Err(e) => panic!("no {css} on {}: {e}", self.path().await),
        }
    }

    /// A finger's tap in the middle of the element, as touch events (the phone has no mouse).
    pub async fn tap(&self, css: &str) {
        self.mark_page().await;
        let element = self.find(css).await;
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center'});",
                vec![serde_json::to_value(&element).unwrap()],
            )
            .await
            .unwrap();
        let finger = TouchActions::new("finger".into())
            .then(PointerAction::MoveToElement {
                element,
                duration: None,
                x: 0.0,
                y: 0.0,
            })
            .then(PointerAction::Down {
                button: fantoccini::actions::MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::Up {
                button: fantoccini::actions::MOUSE_BUTTON_LEFT,
            });
        self.client.perform_actions(finger).await.unwrap();
    }

    /// One key pressed and released, sent to whatever has the focus.
    pub async fn press(&self, key: Key) {
        self.mark_page().await;
        let keyboard = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: key.into() })
            .then(KeyAction::Up { value: key.into() });
        self.client.perform_actions(keyboard).await.unwrap();
    }

    /// Marks the document now shown, so that `wait_for_path` can tell a new one from it (a form
    /// may send the browser back to the same path).
    pub async fn mark_page(&self) {
        self.js("window.sipasShownBefore = true;").await;
    }

    /// Waits until a new document (not the one marked by `mark_page`, which every tap, click and
    /// key press does) has loaded at `path`.
    pub async fn wait_for_path(&self, path: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let now = self.path().await;
            let state = self
                .client
                .execute(
                    "return [document.readyState, window.sipasShownBefore === true];",
                    vec![],
                )
                .await;
            // A script may meet the document between two pages: ask again.
            if let Ok(state) = state
                && now == path
                && state[0] == "complete"
                && state[1] == false
            {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "still on {now}, waited for a new page at {path}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// A mouse click on the element (staff pages).
    pub async fn click(&self, css: &str) {
        self.mark_page().await;
        self.find(css).await.click().await.unwrap();
    }

    /// Saves what the screen shows as `target/browser/NAME.png` and returns the PNG.
    pub async fn screenshot(&self, name: &str) -> Vec<u8> {
        let png = self.client.screenshot().await.unwrap();
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, &png).unwrap();
        png
    }

    /// Ends the session, letting Chromium close itself; `Drop` does the rest.
    pub async fn quit(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // The whole group: chromedriver and the Chromium it started, even after a panic.
        let _ = Command::new("kill")
            .args(["-s", "KILL", "--"])
            .arg(format!("-{}", self.driver.id()))
            .status();
        let _ = self.driver.wait();
    }
}

/// `target/browser/` in the workspace (not `CARGO_TARGET_DIR`, which may live elsewhere).
pub fn screenshot_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/browser");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A relay to `upstream` (`http://host:port`) that holds every chunk the server sends back for
/// `delay`: a slow mobile link, on which a first tap's answer has not arrived when a second tap
/// comes. What the browser sends goes through at once.
pub async fn slow_link(upstream: &str, delay: Duration) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let upstream = upstream.trim_start_matches("http://").to_owned();
    tokio::spawn(async move {
        while let Ok((phone, _)) = listener.accept().await {
            let upstream = upstream.clone();
            tokio::spawn(async move {
                let Ok(server) = tokio::net::TcpStream::connect(&upstream).await else {
                    return;
                };
                let (mut from_phone, mut to_phone) = phone.into_split();
                let (mut from_server, mut to_server) = server.into_split();
                let sending = tokio::spawn(async move {
                    let _ = tokio::io::copy(&mut from_phone, &mut to_server).await;
                });
                let mut chunk = vec![0_u8; 16 * 1024];
                while let Ok(n @ 1..) = from_server.read(&mut chunk).await {
                    tokio::time::sleep(delay).await;
                    if to_phone.write_all(&chunk[..n]).await.is_err() {
                        break;
                    }
                }
                sending.abort();
            });
        }
    });
    format!("http://{address}")
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// The text of the only QR code in a PNG image, and its corners.
///
/// The image is set on a white margin first, as a phone sees a code on its paper: a screenshot
/// of just the code's element is cut at its edge.
pub fn decode_qr(png: &[u8]) -> (String, [rqrr::Point; 4]) {
    const MARGIN: u32 = 24;
    let image = image::load_from_memory(png).unwrap().to_luma8();
    let mut framed = image::GrayImage::from_pixel(
        image.width() + 2 * MARGIN,
        image.height() + 2 * MARGIN,
        image::Luma([255]),
    );
    image::imageops::replace(&mut framed, &image, i64::from(MARGIN), i64::from(MARGIN));
    let mut prepared = rqrr::PreparedImage::prepare(framed);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the image");
    let (_, text) = grids[0].decode().unwrap();
    (text, grids[0].bounds)
}
