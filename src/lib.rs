//! greatgame: a terminal explorer of influence relationships between states,
//! with the quoted evidence for every link.
//!
//! Layers, each testable alone: `data` (serde types, validation) -> `graph`
//! (petgraph model and queries) -> `app` (state, `update`) -> `ui` (widgets).
//! `main.rs` owns the terminal. Beside the browser, `cli` (clap types and
//! the commands), `export` (the graph in other tools' formats), `report`
//! (`show`'s text, Markdown and JSON) and `atomic` (every file written, whole
//! or not at all).

pub mod action;
pub mod app;
pub mod atomic;
pub mod cli;
pub mod data;
pub mod edit;
pub mod export;
pub mod geo;
pub mod graph;
pub mod import;
pub mod keys;
pub mod osc;
pub mod reader;
pub mod report;
pub mod save;
pub mod search;
pub mod synth;
pub mod text;
pub mod theme;
pub mod ui;
pub mod watch;
