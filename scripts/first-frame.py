#!/usr/bin/env python3
"""Times how long a terminal program takes to show something, as a user sees
it: the command runs in a fresh 200x60 tmux pane, and the pane is read every
10 ms until it shows TEXT. Used to compare greatgame with VisiData on the same
data (see README, Performance); scripts/perf-table.py uses it to measure both
at several sizes and print the README's table.

usage: scripts/first-frame.py RUNS TEXT COMMAND...
  scripts/first-frame.py 5 'Relations of' ./target/release/greatgame --data /tmp/synth-100k.json
  scripts/first-frame.py 5 '│ S189 │' vd /tmp/synth-100k.csv               # VisiData's first rows
  scripts/first-frame.py 5 '165879 rows' vd /tmp/synth-100k.csv            # ... fully loaded
(/tmp/synth-100k.csv is `greatgame --data /tmp/synth-100k.json export --format csv
-o /tmp/synth-100k.csv`: one row per edge.) Prints the median and the range in
milliseconds. Needs tmux. If the program exits before TEXT shows, says so with
what it printed.
"""
import os, shlex, statistics, subprocess, sys, tempfile, time

# remain-on-exit keeps a pane whose program exited, so its last words can be read;
# -f also keeps the user's ~/.tmux.conf out of the measurement.
CONF = os.path.join(tempfile.gettempdir(), "first-frame-tmux.conf")
DEAD = "\x1fdead "  # marks the line with the pane's state after the screen

class Exited(Exception):
    """The program exited (status, what it printed) before all milestones showed."""

def _tmux(socket):
    if not os.path.exists(CONF):
        with open(CONF, "w") as f:
            f.write("set -g remain-on-exit on\n")
    return ["tmux", "-L", socket, "-f", CONF]

def milestones(marks, command, env=None, socket="first-frame", timeout=120.0, width=200, height=60):
    """Runs COMMAND in a fresh WIDTHxHEIGHT tmux pane and reads the pane every
    10 ms. MARKS is a list of (name, test), a test being a text to find or a
    function of the screen's text; returns {name: ms from start until the test
    first passed}, once every test has passed. Raises Exited if the program
    exits first, TimeoutError (with .times, those that passed) after TIMEOUT
    seconds."""
    tmux = _tmux(socket)
    tests = [(name, (lambda s, t=t: t in s) if isinstance(t, str) else t) for name, t in marks]
    subprocess.run(tmux + ["kill-server"], capture_output=True)
    times = {}
    for attempt in range(5):  # a server still shutting down can make the new one fail to start
        start = time.perf_counter()
        started = subprocess.run(tmux + ["new-session", "-d", "-x", str(width), "-y", str(height), shlex.join(command)],
                                 env=env, capture_output=True, text=True)
        if started.returncode == 0:
            break
        time.sleep(0.2)
    else:
        raise RuntimeError(f"tmux new-session failed: {started.stderr.strip()}")
    try:
        while time.perf_counter() - start < timeout:
            out = subprocess.run(tmux + ["capture-pane", "-p", ";", "display", "-p", DEAD + "#{pane_dead} #{pane_dead_status}"],
                                 capture_output=True, text=True).stdout
            now = (time.perf_counter() - start) * 1000
            screen, _, state = out.rpartition(DEAD)
            for name, test in tests:
                if name not in times and test(screen):
                    times[name] = now
            if len(times) == len(tests):
                return times
            if state.startswith("1"):
                text = subprocess.run(tmux + ["capture-pane", "-p", "-J", "-S", "-"], capture_output=True, text=True).stdout
                said = " ".join(l.strip() for l in text.splitlines() if l.strip() and not l.startswith("Pane is dead"))
                raise Exited(f"exited with status {state.split()[1] if len(state.split()) > 1 else '?'}"
                             + (f": {said}" if said else ""))
            time.sleep(0.01)
        missing = ", ".join(repr(n) for n, _ in marks if n not in times)
        e = TimeoutError(f"{missing} never showed in {timeout:.0f} s")
        e.times = times  # the milestones that did show
        raise e
    finally:
        subprocess.run(tmux + ["kill-server"], capture_output=True)

def once(text, command):
    try:
        return milestones([(text, text)], command)[text]
    except (Exited, TimeoutError) as e:
        sys.exit(f"{shlex.join(command)}: {e}")

def main(args):
    if len(args) < 3:
        sys.exit(__doc__)
    runs, text, command = int(args[0]), args[1], args[2:]
    times = sorted(once(text, command) for _ in range(runs))
    print(f"{shlex.join(command)} until {text!r}: median {statistics.median(times):.0f} ms "
          f"(min {times[0]:.0f}, max {times[-1]:.0f}, {runs} runs)")

if __name__ == "__main__":
    main(sys.argv[1:])
