//! Times the streaming loader alone (no browser): header, first batch, all
//! relations in, the check. `cargo run --release --example stream_time -- FILE`
use greatgame::data::digest::Digests;
use greatgame::data::stream::{self, Message};
use std::sync::{Arc, atomic::AtomicBool};
use std::time::Instant;
fn main() {
    let path = std::path::PathBuf::from(std::env::args().nth(1).expect("a dataset file"));
    let t = Instant::now();
    let mut data = None;
    let mut digests = Digests::default();
    for m in stream::start(path.clone(), Arc::new(AtomicBool::new(false))) {
        match m {
            Message::Header { dataset, .. } => {
                eprintln!("header       {:>8.1} ms", t.elapsed().as_secs_f64() * 1e3);
                data = Some(dataset)
            }
            Message::Batch { relations, digests: more, .. } => {
                digests.append(more);
                let d = data.as_mut().expect("a header");
                if d.relations.is_empty() {
                    eprintln!("first batch  {:>8.1} ms", t.elapsed().as_secs_f64() * 1e3)
                }
                d.relations.extend(relations)
            }
            Message::Done { .. } => {
                eprintln!(
                    "all in       {:>8.1} ms ({} relations)",
                    t.elapsed().as_secs_f64() * 1e3,
                    data.as_ref().map_or(0, |d| d.relations.len())
                );
                break;
            }
            Message::Whole { .. } => {
                eprintln!("loaded whole {:>8.1} ms", t.elapsed().as_secs_f64() * 1e3);
                return;
            }
            Message::Failed(p) => {
                eprintln!("failed: {p:?}");
                return;
            }
        }
    }
    let ok = stream::finish(data.as_ref().expect("a header"), &path, Some(&digests)).is_ok();
    eprintln!("checked      {:>8.1} ms (valid: {ok})", t.elapsed().as_secs_f64() * 1e3);
    std::process::exit(0);
}
