#!/usr/bin/env python3
"""Times how long a terminal program takes to show something, as a user sees
it: the command runs in a fresh 200x60 tmux pane, and the pane is read every
10 ms until it shows TEXT. Used to compare greatgame with VisiData on the same
data (see README, Performance).

usage: scripts/first-frame.py RUNS TEXT COMMAND...
  scripts/first-frame.py 5 'Relations of' ./target/release/greatgame --data /tmp/synth-100k.json
  scripts/first-frame.py 5 'sheet' vd /tmp/synth-100k.csv                  # VisiData's first frame
  scripts/first-frame.py 5 '165879 rows' vd /tmp/synth-100k.csv            # ... fully loaded
Prints the median and the range in milliseconds. Needs tmux.
"""
import shlex, statistics, subprocess, sys, time

def once(text, command):
    tmux = ["tmux", "-L", "first-frame"]
    subprocess.run(tmux + ["kill-server"], capture_output=True)
    start = time.perf_counter()
    subprocess.run(tmux + ["new-session", "-d", "-x", "200", "-y", "60", shlex.join(command)], check=True)
    try:
        while time.perf_counter() - start < 120:
            screen = subprocess.run(tmux + ["capture-pane", "-p"], capture_output=True, text=True).stdout
            if text in screen:
                return (time.perf_counter() - start) * 1000
            time.sleep(0.01)
        sys.exit(f"{text!r} never showed")
    finally:
        subprocess.run(tmux + ["kill-server"], capture_output=True)

def main(args):
    if len(args) < 3:
        sys.exit(__doc__)
    runs, text, command = int(args[0]), args[1], args[2:]
    times = sorted(once(text, command) for _ in range(runs))
    print(f"{shlex.join(command)} until {text!r}: median {statistics.median(times):.0f} ms "
          f"(min {times[0]:.0f}, max {times[-1]:.0f}, {runs} runs)")

if __name__ == "__main__":
    main(sys.argv[1:])
