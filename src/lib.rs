//! sipas: citizen satisfaction at public-administration counters, turned into SIPAS figures.
//!
//! Layers (each module's doc says what it may depend on):
//! - [`domain`]: pure types and rules, no I/O;
//! - [`db`]: the only place that knows sea-orm; `&Db` reads, and every write is one of its
//!   functions (a handler never picks a connection);
//! - [`http`]: router, handlers, errors; turns requests into domain calls and view data;
//! - [`qr`]: survey URL → SVG / PNG;
//! - [`cli`], [`config`], [`startup`], [`serve`], [`telemetry`]: the command line and the server's
//!   assembly.

pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod domain;
pub mod export;
pub mod http;
pub mod qr;
pub mod report;
pub mod serve;
pub mod startup;
pub mod synthetic;
pub mod telemetry;
pub mod unit_import;
