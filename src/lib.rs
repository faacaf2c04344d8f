//! greatgame: a terminal explorer of influence relationships between states,
//! with the quoted evidence for every link.
//!
//! Layers, each testable alone: `data` (serde types, validation) -> `graph`
//! (petgraph model and queries) -> `app` (state, `update`) -> `ui` (widgets).
//! `main.rs` owns the terminal and the command line.

pub mod app;
pub mod data;
pub mod geo;
pub mod graph;
pub mod keys;
pub mod layout;
pub mod synth;
pub mod text;
pub mod theme;
pub mod ui;
