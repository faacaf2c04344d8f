//! A write killed at any moment (`kill -9`) leaves the old file or the new
//! one, whole, never a part: every file greatgame writes goes through
//! `atomic::write` (the browser's saves too). Here `greatgame fmt` rewrites
//! a big file in place and is killed at a different moment each time.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use greatgame::synth::{self, Params};

#[test]
fn a_write_killed_at_any_moment_leaves_a_whole_file() {
    let dir = std::env::temp_dir().join(format!("greatgame-kill-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("data.json");
    // A few MB, so that writing takes long enough to be caught in the act;
    // written compact, so that fmt has a new (canonical) file to write.
    let data = synth::generate(&Params { actors: 40, relations: 6_000, quotes_per_relation: 2, seed: 9 });
    let old = serde_json::to_string(&data).unwrap();
    let new = data.to_canonical_json();
    assert_ne!(old, new);
    // A temporary file of a killed write stays (nothing can remove it).
    let temporaries = || {
        (std::fs::read_dir(&dir).unwrap())
            .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().ends_with(".tmp"))
            .count()
    };
    let (mut killed, mut finished, mut mid_write) = (0, 0, 0);
    for round in 0..30u64 {
        std::fs::write(&path, &old).unwrap();
        let before = temporaries();
        let mut child = Command::new(env!("CARGO_BIN_EXE_greatgame"))
            .args(["fmt", path.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Half the rounds are killed once the temporary file is there
        // (mid-write), a little later each time; the others at a moment
        // from at once to after the end.
        let start = Instant::now();
        let mut writing: Option<Instant> = None;
        while child.try_wait().unwrap().is_none() && start.elapsed() < Duration::from_secs(30) {
            let due = match writing {
                Some(since) => since.elapsed() >= Duration::from_micros(round * 100),
                None if round % 2 == 0 => {
                    if temporaries() > before {
                        writing = Some(Instant::now());
                    }
                    false
                }
                None => start.elapsed() >= Duration::from_millis(round * round % 97 * 2),
            };
            if due {
                break;
            }
            std::thread::sleep(Duration::from_micros(100));
        }
        match child.try_wait().unwrap() {
            Some(_) => finished += 1,
            None => {
                child.kill().unwrap(); // SIGKILL: no chance to clean up
                child.wait().unwrap();
                killed += 1;
                mid_write += usize::from(writing.is_some());
            }
        }
        let now = std::fs::read_to_string(&path).unwrap();
        assert!(now == old || now == new, "round {round}: a file that is neither the old one nor the new one");
    }
    assert!(mid_write > 0, "some rounds were killed while writing ({killed} killed, {finished} finished)");
    let _ = std::fs::remove_dir_all(&dir);
}
