#!/usr/bin/env python3
"""Measures greatgame's process start to first frame in a real pseudo-terminal.

usage: scripts/startup.py [RUNS] [-- greatgame ARGS...]
Runs ./target/release/greatgame (build it first: cargo build --release) with
GREATGAME_EXIT_AFTER_FIRST_FRAME=1, which makes it quit as soon as its first
frame is written, in a fresh 200x60 pty each run, and prints the median and
the range of the wall time from fork to exit.
"""
import fcntl, os, pty, statistics, struct, sys, termios, time

def one(argv):
    env = dict(os.environ, GREATGAME_EXIT_AFTER_FIRST_FRAME="1", TERM="xterm-256color")
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(sys.stdout.fileno(), termios.TIOCSWINSZ, struct.pack("HHHH", 60, 200, 0, 0))
        os.execve(argv[0], argv, env)
    while True:  # drain the pty so the child never blocks on output
        try:
            if not os.read(fd, 65536):
                break
        except OSError:
            break
    _, status = os.waitpid(pid, 0)
    elapsed = time.perf_counter() - start
    os.close(fd)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{argv} exited with {os.waitstatus_to_exitcode(status)}")
    return elapsed * 1000

def main(args):
    runs = int(args[0]) if args and args[0] != "--" else 30
    extra = args[args.index("--") + 1:] if "--" in args else []
    argv = ["./target/release/greatgame"] + extra
    one(argv)  # warm the page cache
    times = sorted(one(argv) for _ in range(runs))
    print(f"{' '.join(argv)}: median {statistics.median(times):.1f} ms "
          f"(min {times[0]:.1f}, max {times[-1]:.1f}, {runs} runs)")

if __name__ == "__main__":
    main(sys.argv[1:])
