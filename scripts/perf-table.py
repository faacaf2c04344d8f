#!/usr/bin/env python3
"""Measures greatgame and VisiData side by side on synthetic datasets of several
sizes, as a user sees them (a fresh 200x60 tmux pane, read every 10 ms, see
scripts/first-frame.py), and prints a Markdown table for the README with the
machine and the date.

usage: scripts/perf-table.py [--sizes 10k,100k,1M] [--runs 3] [--dir /tmp] [--vd PATH] [-o FILE]

For each size N (relations; 200 actors, 2 quotes each, seed 1):
- the dataset DIR/synth-<N/1000>k.json: reused when it is the generator's output
  for N relations, else written with the `synth` example;
- the CSV VisiData opens, DIR/synth-<N/1000>k-<table>.csv, `greatgame export
  --format csv --table edges` (one row per edge: what the issue-15 and README
  tables used) unless --csv-table evidence (one row per edge and quote). VisiData
  is not given the JSON: it would show one row, the whole document.
- greatgame's first frame: until the pane shows --gg-first ('Relations of',
  drawn only with the first actor's relations);
- greatgame fully loaded: until the pane shows --gg-loaded and not --gg-loading.
  Today greatgame loads everything before its first frame, so the default is the
  first frame's text and the two columns are one moment. Once the loader streams
  relations, point these at the loaded state, e.g. --gg-loading 'Loading'
  (a text the progress bar shows while it runs) or --gg-loaded '{relations:,}
  relations' ({relations} is N; {relations:,} is N with commas);
- greatgame's peak memory (ru_maxrss): the browser in a 200x60 pty with
  --memory-env (GREATGAME_EXIT_AFTER_FIRST_FRAME=1: it quits once its first
  frame is written, before the search index is built), and examples/load, which
  also builds the search index;
- VisiData (`vd CSV`, no options): first rows when the pane shows the first CSV
  row's first field, all rows when its status line says '<rows in the CSV> rows'.
  VisiData is skipped, with a note, when `vd` is neither on PATH nor given with --vd.

Every cell is the median of --runs runs (ranges are listed under the table);
runs of the two programs alternate. Progress goes to stderr, the table to stdout
(and to -o FILE). Builds the release binary and examples first (cargo build).
Needs tmux; nothing is downloaded.
"""
import argparse, csv, datetime, importlib.util, os, pty, re, shlex, shutil, statistics, subprocess, sys, time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("first_frame", REPO / "scripts" / "first-frame.py")
ff = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ff)

ACTORS, QUOTES, SEED = 200, 2, 1
SOCKET = "perf-table"  # its own tmux server, killed after each run

def log(*a):
    print(*a, file=sys.stderr, flush=True)

def parse_size(s):
    s = s.strip().lower().replace("_", "").replace(",", "")
    mult = {"k": 1_000, "m": 1_000_000}.get(s[-1:], 1)
    return int(float(s.rstrip("km")) * mult)

def label(n):
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)

def stem(n):  # synth-1000k.json, as the README and earlier runs named them
    return f"synth-{n // 1000}k" if n % 1000 == 0 else f"synth-{n}"

def count(path, needles):
    """How often each byte string occurs in the file, read in chunks."""
    counts = dict.fromkeys(needles, 0)
    keep = max(map(len, needles)) - 1
    tail = b""
    with open(path, "rb") as f:
        while chunk := f.read(1 << 24):
            buf = tail + chunk
            for n in needles:
                counts[n] += buf.count(n)
            tail = buf[-keep:] if keep else b""
            # a needle wholly inside the tail was counted already: the tail is shorter than any needle
    return counts

def is_synth(path, n):
    """Whether PATH is the generator's output for N relations (200 actors, 2 quotes, seed 1)."""
    with open(path, "rb") as f:
        head = f.read(4096)
    if f'"title": "Synthetic dataset (seed {SEED})"'.encode() not in head:
        return False
    c = count(path, [b'"summary": ', b'"quote": ', b'"capital": '])
    return c[b'"summary": '] == n and c[b'"quote": '] == QUOTES * n and c[b'"capital": '] == ACTORS

def dataset(directory, n):
    path = directory / f"{stem(n)}.json"
    if path.exists() and is_synth(path, n):
        log(f"{label(n)}: reusing {path}")
        return path
    log(f"{label(n)}: writing {path}")
    tmp = path.with_suffix(".json.part")
    with open(tmp, "wb") as out:
        subprocess.run([str(REPO / "target/release/examples/synth"), "--actors", str(ACTORS), "--relations", str(n),
                        "--quotes-per-relation", str(QUOTES), "--seed", str(SEED)], stdout=out, check=True)
    tmp.rename(path)
    return path

def csv_for(exporter, json_path, table):
    """The CSV VisiData opens, made by `greatgame export` (reused when newer than
    the JSON); (path, rows, None) or (None, None, why not)."""
    path = json_path.with_name(f"{json_path.stem}-{table}.csv")
    if not (path.exists() and path.stat().st_mtime >= json_path.stat().st_mtime):
        log(f"  exporting {path}")
        r = subprocess.run([exporter, "--data", str(json_path), "export", "--format", "csv", "--table", table,
                            "-o", str(path)], capture_output=True, text=True)
        if r.returncode != 0:
            return None, None, f"`greatgame export` failed: {r.stderr.strip()}"
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        first = next(reader)[0]
        rows = 1 + sum(1 for _ in reader)
    return path, rows, first

def peak_rss(argv, env=None, tty=False):
    """Runs ARGV to its end (in a 200x60 pty if TTY) and returns (its peak
    resident memory in bytes, exit status, what it printed last)."""
    if tty:
        pid, fd = pty.fork()
        if pid == 0:
            import fcntl, struct, termios
            fcntl.ioctl(sys.stdout.fileno(), termios.TIOCSWINSZ, struct.pack("HHHH", 60, 200, 0, 0))
            os.execve(argv[0], argv, env or os.environ)
        out = b""
        while True:  # drain the pty so the child never blocks on output
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out = (out + chunk)[-2000:]
        _, status, usage = os.wait4(pid, 0)
        os.close(fd)
    else:
        p = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        out = p.stderr.read()
        _, status, usage = os.wait4(p.pid, 0)
    said = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|[\x00-\x1f]", " ", out.decode(errors="replace"))
    return usage.ru_maxrss * 1024, os.waitstatus_to_exitcode(status), " ".join(said.split())[-300:]

def median(xs):
    return statistics.median(xs) if xs else None

def ms(x):
    return "–" if x is None else f"{x:,.0f} ms"

def mb(b):
    return f"{b / 1e6:,.0f} MB" if b >= 10e6 else f"{b / 1e6:,.1f} MB"

def spread(xs):
    return "" if not xs else f"{min(xs):,.0f}–{max(xs):,.0f}"

def machine():
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal"))
        ram = f"{mem / 2**20:.0f} GiB RAM"
    except (OSError, StopIteration):
        ram = "RAM unknown"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{cpu}, {cores} cores, {ram}"

def load_average():
    try:
        return open("/proc/loadavg").read().split()[0]
    except OSError:
        return "?"

def git_rev():
    r = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"], capture_output=True, text=True)
    return r.stdout.strip() or "unknown"

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("--sizes", default="10k,100k,1M", help="relations, comma-separated (10k, 500k, 1M, 250000)")
    ap.add_argument("--runs", type=int, default=3, help="runs per cell (median)")
    ap.add_argument("--dir", type=Path, default=Path("/tmp"), help="where the datasets and CSVs are kept (default /tmp)")
    ap.add_argument("--greatgame", default=str(REPO / "target/release/greatgame"), help="the binary measured")
    ap.add_argument("--export-with", help="the greatgame binary that writes the CSVs (default --greatgame)")
    ap.add_argument("--vd", help="VisiData's vd (default: vd on PATH)")
    ap.add_argument("--no-vd", action="store_true", help="measure greatgame only")
    ap.add_argument("--csv-table", choices=["edges", "evidence"], default="edges")
    ap.add_argument("--gg-first", default="Relations of", help="text that shows when greatgame's first rows are drawn")
    ap.add_argument("--gg-loaded", help="text that shows when greatgame has loaded everything (default --gg-first)")
    ap.add_argument("--gg-loading", help="text that shows while greatgame is loading (loaded = --gg-loaded shown and this gone)")
    ap.add_argument("--memory-env", default="GREATGAME_EXIT_AFTER_FIRST_FRAME=1",
                    help="VAR=VALUE that makes the browser quit once loaded, for its peak memory")
    ap.add_argument("--timeout", type=float, default=180, help="seconds before a run is given up")
    ap.add_argument("--no-build", action="store_true", help="do not run cargo build first")
    ap.add_argument("-o", "--output", type=Path, help="also write the table to this file")
    a = ap.parse_args()

    if not shutil.which("tmux"):
        sys.exit("perf-table: needs tmux")
    sizes = [parse_size(s) for s in a.sizes.split(",") if s.strip()]
    if not a.no_build:
        log("cargo build --release --bin greatgame --example synth --example load")
        subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "greatgame", "--example", "synth",
                        "--example", "load"], cwd=REPO, check=True)
    gg = str(Path(a.greatgame).resolve())
    exporter = str(Path(a.export_with).resolve()) if a.export_with else gg
    load_example = str(REPO / "target/release/examples/load")
    vd = None if a.no_vd else (a.vd or shutil.which("vd"))
    vd_note = "VisiData not measured: --no-vd" if a.no_vd else None
    if vd and not os.access(vd, os.X_OK):
        sys.exit(f"perf-table: {vd} is not an executable")
    vd_version = ""
    if vd:
        r = subprocess.run([vd, "--version"], capture_output=True, text=True)
        vd_version = r.stdout.strip().split()[-1] if r.returncode == 0 and r.stdout.strip() else "?"
    elif not vd_note:
        vd_note = ("VisiData not measured: no `vd` on PATH (install it outside the repo, e.g. "
                   "`python3 -m venv /tmp/vd-venv && /tmp/vd-venv/bin/pip install visidata`, and pass --vd /tmp/vd-venv/bin/vd)")
    var, _, value = a.memory_env.partition("=")
    mem_env = dict(os.environ, TERM="xterm-256color", **{var: value})
    loaded_same = (a.gg_loaded is None or a.gg_loaded == a.gg_first) and not a.gg_loading
    a.dir.mkdir(parents=True, exist_ok=True)

    load_before = load_average()  # other work on the machine shows in the timings
    rows, notes, ranges = [], [], []
    def note(text):
        if text not in notes:
            notes.append(text)
        i = notes.index(text) + 1
        return "¹²³⁴⁵⁶⁷⁸⁹"[i - 1] if i < 10 else f"[{i}]"

    for n in sizes:
        path = dataset(a.dir, n)
        size = path.stat().st_size
        csv_path = csv_rows = first_cell = None
        vd_cell_note = vd_note
        if vd:
            csv_path, csv_rows, first_cell = csv_for(exporter, path, a.csv_table)
            if csv_path is None:
                vd_cell_note, first_cell = f"VisiData not measured at {label(n)}: no CSV, {first_cell}", None
        for p in [path] + ([csv_path] if csv_path else []):  # into the page cache, as a second open would find it
            count(p, [b"\n"])

        loaded_text = (a.gg_loaded or a.gg_first).format(relations=n)
        gg_marks = [("first", a.gg_first)]
        if not loaded_same:
            # A frame is written top to bottom: until its last line is on
            # the pane, the footer that says "loading" may not be there yet.
            def loaded(s, loaded_text=loaded_text):
                rows = s.splitlines()  # one per row of the pane, blank ones too
                drawn = bool(rows) and rows[-1].strip() != ""
                return drawn and loaded_text in s and not (a.gg_loading and a.gg_loading in s)
            gg_marks.append(("loaded", loaded))
        vd_marks = []
        if csv_path:
            prefix = first_cell[:12]
            rows_re = re.compile(rf"(?<![\d,.]){csv_rows} rows\b")
            vd_marks = [("first", prefix), ("all", lambda s: bool(rows_re.search(s)))]

        t = {"gg first": [], "gg loaded": [], "vd first": [], "vd all": []}
        gg_fail = vd_fail = None
        command = [gg, "--data", str(path)]
        if n == sizes[0]:  # one run of each, not counted: Python compiles VisiData's modules on its first start
            for cmd, marks in ([(command, gg_marks)] + ([([vd, str(csv_path)], vd_marks[:1])] if vd_marks else [])):
                try:
                    ff.milestones(marks, cmd, socket=SOCKET, timeout=a.timeout)
                except (ff.Exited, TimeoutError):
                    pass
        for run in range(a.runs):
            log(f"  {label(n)} run {run + 1}/{a.runs}")
            if not gg_fail:
                try:
                    r = ff.milestones(gg_marks, command, socket=SOCKET, timeout=a.timeout)
                    t["gg first"].append(r["first"])
                    t["gg loaded"].append(r.get("loaded", r["first"]))
                except (ff.Exited, TimeoutError) as e:
                    gg_fail = f"greatgame at {label(n)}: {e}"
                    if "first" in getattr(e, "times", {}):  # drawn, but never showed it had loaded
                        t["gg first"].append(e.times["first"])
            if vd_marks and not vd_fail:
                try:
                    r = ff.milestones(vd_marks, [vd, str(csv_path)], socket=SOCKET, timeout=a.timeout)
                    t["vd first"].append(r["first"])
                    t["vd all"].append(r["all"])
                except (ff.Exited, TimeoutError) as e:
                    vd_fail = f"VisiData at {label(n)}: {e}"
                    if "first" in getattr(e, "times", {}):
                        t["vd first"].append(e.times["first"])

        log(f"  {label(n)} peak memory")
        mem, mem_fail = [], None
        for _ in range(a.runs):
            rss, code, said = peak_rss([gg, "--data", str(path)], env=mem_env, tty=True)
            if code != 0:
                mem_fail = f"greatgame at {label(n)}, {a.memory_env}: exited with status {code}: {said}"
                break
            mem.append(rss)
        idx, idx_fail = [], None
        for _ in range(a.runs):
            rss, code, said = peak_rss([load_example, str(path)])
            if code != 0:
                idx_fail = f"examples/load at {label(n)}: exited with status {code}: {said}"
                break
            idx.append(rss)

        def cell(xs, fail, fmt=ms):
            return f"– {note(fail)}" if fail else fmt(median(xs))
        def mem_cell(xs, fail):
            return f"– {note(fail)}" if fail else f"{median(xs) / 1e6:,.0f} MB ({median(xs) / size:.1f}x)"
        first = cell(t["gg first"], None if t["gg first"] else gg_fail)
        loaded = cell(t["gg loaded"], gg_fail)
        if loaded_same and not gg_fail:
            loaded += " " + note("greatgame reads, validates and builds the graph of every relation before its first frame: "
                                 "its full load is its first frame (the same runs).")
        if csv_path:
            vd_file = f"{mb(csv_path.stat().st_size)}, {csv_rows:,} rows"
            vd_first = cell(t["vd first"], None if t["vd first"] else vd_fail)
            vd_all = cell(t["vd all"], vd_fail)
        else:
            vd_file = vd_first = vd_all = f"– {note(vd_cell_note)}"
        rows.append([label(n), mb(size), first, loaded, mem_cell(mem, mem_fail),
                     mem_cell(idx, idx_fail), vd_file, vd_first, vd_all])
        parts = [f"{what} {spread(t[key])} ms" for what, key in
                 [("greatgame first frame", "gg first"), ("full load", "gg loaded"),
                  ("VisiData first rows", "vd first"), ("all rows", "vd all")]
                 if t[key] and not (key == "gg loaded" and loaded_same)]
        if parts:
            ranges.append(f"{label(n)}: " + ", ".join(parts))
        log("  " + " | ".join(rows[-1]))

    today = datetime.date.today().isoformat()
    out = [f"Measured {today} with `{shlex.join(['scripts/perf-table.py'] + sys.argv[1:])}` on {machine()}; "
           + (f"greatgame {git_rev()} (release build)" if Path(gg) == (REPO / "target/release/greatgame").resolve()
            else f"greatgame {gg} (not this build; the repo is at {git_rev()})") + (f", VisiData {vd_version}" if vd else "") + "; "
           f"medians of {a.runs} run{'s' if a.runs != 1 else ''} in a fresh 200x60 tmux pane read every 10 ms "
           f"(load average {load_before} before, {load_average()} after). "
           f"Synthetic datasets ({ACTORS} actors, {QUOTES} quotes per relation, seed {SEED})" + ("; " if vd else ".")
           + (f"VisiData opens the same graph as CSV (`greatgame export --format csv --table {a.csv_table}`, "
              + ("one row per edge" if a.csv_table == "edges" else "one row per edge and quote") + ")." if vd else ""),
           "",
           "| relations | JSON | greatgame first frame | greatgame full load | greatgame peak memory (x file) "
           "| with search index (`examples/load`) | CSV for VisiData | VisiData first rows | VisiData all rows |",
           "|---|---|---|---|---|---|---|---|---|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    out += ["",
            (f"First frame: until the pane shows {a.gg_first!r}. Full load: until it shows {(a.gg_loaded or a.gg_first)!r}"
            + (f" and not {a.gg_loading!r}" if a.gg_loading else "") + ", its last row drawn. "
            f"Peak memory: the browser's maximum resident set (in a 200x60 pty, {a.memory_env}), and `examples/load`'s, "
            "which also draws every view and builds the search index. "
            + ("VisiData: first rows when the first CSV row's first field shows, all rows when its status line says "
               "the CSV's row count." if vd else "")).rstrip(),
            ]
    if notes:
        out += [""] + [("¹²³⁴⁵⁶⁷⁸⁹"[i] if i < 9 else f"[{i + 1}]") + f" {text}" for i, text in enumerate(notes)]
    if ranges:
        out += ["", "Ranges (min–max): " + "; ".join(ranges) + "."]
    text = "\n".join(out) + "\n"
    print(text, end="")
    if a.output:
        a.output.write_text(text)

if __name__ == "__main__":
    main()
