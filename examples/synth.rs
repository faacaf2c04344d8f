//! Writes a synthetic dataset (valid in the documented format, deterministic
//! for a seed) to standard output, to measure greatgame with:
//!
//! ```sh
//! cargo run --release --example synth -- --actors 200 --relations 100000 \
//!     --quotes-per-relation 2 --seed 1 > /tmp/synth-100k.json
//! ```
//!
//! The generation itself is `greatgame::synth`, shared with `benches/perf.rs`.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use clap::Parser;
use greatgame::synth::{self, Params};

/// Write a synthetic greatgame dataset (JSON) to standard output.
///
/// Everything in it is made up and marked so: the title is "Synthetic dataset
/// (seed S)", the publisher of every source "Synthetic", and no source has a URL.
/// The same arguments always give the same bytes.
#[derive(Parser)]
struct Cli {
    /// Number of actors (a tenth outside any group, the rest in groups of about 12).
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(2..))]
    actors: u32,
    /// Number of relations (about one in 16 targets a whole group).
    #[arg(long, default_value_t = 100_000)]
    relations: u32,
    /// Quotes behind each relation.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..))]
    quotes_per_relation: u32,
    /// Seed of the generator.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let dataset = synth::generate(&Params {
        actors: cli.actors as usize,
        relations: cli.relations as usize,
        quotes_per_relation: cli.quotes_per_relation as usize,
        seed: cli.seed,
    });
    let mut out = BufWriter::new(io::stdout().lock());
    match synth::write_json(&dataset, &mut out).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("synth: cannot write the dataset: {e}");
            ExitCode::FAILURE
        }
    }
}
