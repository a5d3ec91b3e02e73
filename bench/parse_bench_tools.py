#!/usr/bin/env python3
"""Helpers for bench/run-parse-bench (python3 standard library only).

  parse_bench_tools.py time FEED RUNS NAME COMMAND...   time `COMMAND < FEED > /dev/null`
  parse_bench_tools.py feedparser FEED                  one feedparser.parse() of FEED
  parse_bench_tools.py report --input FEED --samples FILE --peaks FILE [...]

`time` and `feedparser` print "NAME seconds MB/s" lines, the format of parse_bench; `feedparser`
adds a "# feedparser peak_rss_kb N" line. `report` turns those lines into the published table and
the PASS/FAIL lines; it exits 1 when a target fails. MB is 10^6 bytes throughout.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

# The targets from the issue: tidings at >= half the bare pugixml rate, >= 2x sfeed, and a peak
# resident size of at most 3x the input.
MIN_FLOOR_RATIO = 0.50
MIN_SFEED_RATIO = 2.0
MAX_PEAK_RATIO = 3.0
ORDER = ("floor", "floor-copy", "tidings", "sfeed", "feedparser")


def time_command(feed, runs, name, command):
    """Runs the command RUNS times with the feed on stdin; a monotonic clock around each run.

    No peak RSS here: a child's ru_maxrss includes this interpreter's pages from before exec.
    """
    size = os.path.getsize(feed)
    for _ in range(runs):
        with open(feed, "rb") as stdin:
            start = time.perf_counter()
            child = subprocess.Popen(command, stdin=stdin, stdout=subprocess.DEVNULL)
            _, status = os.waitpid(child.pid, 0)
            seconds = time.perf_counter() - start
        if status != 0:
            sys.exit(f"{name} failed with wait status {status}")
        print(f"{name} {seconds:.6f} {size / 1e6 / seconds:.1f}")


def time_feedparser(feed):
    import feedparser  # only here: it is optional and lives in the system interpreter

    with open(feed, "rb") as stream:
        data = stream.read()
    start = time.perf_counter()
    result = feedparser.parse(data)
    seconds = time.perf_counter() - start
    if not result.entries:
        sys.exit("feedparser found no entries")
    print(f"feedparser {seconds:.6f} {len(data) / 1e6 / seconds:.1f}")
    print(f"# feedparser peak_rss_kb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")


def read_pairs(path, convert):
    """Reads "NAME value ..." lines into {NAME: [value, ...]}."""
    table = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            fields = line.split()
            if len(fields) >= 2:
                table.setdefault(fields[0], []).append(convert(fields[-1]))
    return table


def shown(number):
    return f"{number:.2f}" if number >= 0.1 else f"{number:.3f}"


def ratio(value, base):
    return shown(value / base) if value and base else "-"


def report(args):
    input_bytes = os.path.getsize(args.input)
    rates = read_pairs(args.samples, float)  # the last field of a sample line is MB/s
    peaks = {name: values[-1] for name, values in read_pairs(args.peaks, int).items()}
    median = {name: statistics.median(values) for name, values in rates.items()}
    best = {name: max(values) for name, values in rates.items()}
    print(f"\nFeed: {input_bytes / 1e6:.1f} MB ({os.path.basename(args.input)}); "
          f"{args.rounds} interleaved rounds x {args.runs} runs per parser")
    print(f"Machine: {args.machine}; compiler: {args.compiler or '?'}\n")
    header = (f"{'parser':<11} {'runs':>4} {'best MB/s':>10} {'median MB/s':>12} "
              f"{'vs floor':>9} {'vs sfeed':>9} {'peak RSS MB':>12} {'peak/input':>11}")
    print(header)
    print("-" * len(header))
    for name in ORDER:
        if name not in rates and name not in peaks:
            continue
        values = rates.get(name, [])
        peak_kb = peaks.get(name)
        print(f"{name:<11} {len(values):>4} "
              f"{(f'{max(values):.1f}' if values else '-'):>10} "
              f"{(f'{median[name]:.1f}' if values else '-'):>12} "
              f"{ratio(median.get(name), median.get('floor')):>9} "
              f"{ratio(median.get(name), median.get('sfeed')):>9} "
              f"{(f'{peak_kb * 1024 / 1e6:.1f}' if peak_kb else '-'):>12} "
              f"{(f'{peak_kb * 1024 / input_bytes:.2f}' if peak_kb else '-'):>11}")
    print(f"\nRatios compare medians; best against best: {ratio(best.get('tidings'), best.get('floor'))} "
          f"x floor, {ratio(best.get('tidings'), best.get('sfeed'))} x sfeed. Each verdict takes "
          "the lower of the two\n(this machine's speed swings between runs, and a swing that "
          "lands on one parser's runs moves its median). Peak RSS is the whole process (input "
          "included).\n")
    status = verdicts(median, best, peaks, input_bytes)
    return max(status, check_items(args.found, args.items))


def check_items(found_path, expected):
    """A parser that drops items is not fast, it is wrong: every run must find them all."""
    found = read_pairs(found_path, int).get("tidings", [])
    wrong = sorted({count for count in found if count != expected})
    if not found or not expected:
        return 0  # tidings did not run (already a FAIL above), or an unknown count
    if wrong:
        print(f"FAIL: items: tidings found {', '.join(map(str, wrong))} of {expected} items")
        return 1
    print(f"PASS: items: tidings found all {expected} items")
    return 0


def lower_ratio(median, best, name, base):
    """tidings/base by medians and by bests, whichever is lower; None when not measured."""
    if not median.get(name) or not median.get(base):
        return None
    return min(median[name] / median[base], best[name] / best[base])


def verdicts(median, best, peaks, input_bytes):
    """Prints one PASS/FAIL/SKIP line per target; returns the exit status."""
    tidings = median.get("tidings")
    peak_kb = peaks.get("tidings")
    checks = [
        ("speed vs floor", f">= {MIN_FLOOR_RATIO:.2f} x bare pugixml",
         lower_ratio(median, best, "tidings", "floor"), lambda r: r >= MIN_FLOOR_RATIO),
        ("speed vs sfeed", f">= {MIN_SFEED_RATIO:.1f} x sfeed",
         lower_ratio(median, best, "tidings", "sfeed"), lambda r: r >= MIN_SFEED_RATIO),
        ("peak memory", f"<= {MAX_PEAK_RATIO:.1f} x input",
         peak_kb * 1024 / input_bytes if peak_kb else None, lambda r: r <= MAX_PEAK_RATIO),
    ]
    failed = False
    for name, target, value, passes in checks:
        if value is None:
            # No sfeed installed is a skip; no tidings figure at all is a failure.
            verdict = "SKIP" if name == "speed vs sfeed" and tidings else "FAIL"
            figure = "not measured"
        else:
            verdict = "PASS" if passes(value) else "FAIL"
            figure = shown(value)
        failed |= verdict == "FAIL"
        print(f"{verdict}: {name}: {figure} (target {target})")
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    timing = commands.add_parser("time")
    timing.add_argument("feed")
    timing.add_argument("runs", type=int)
    timing.add_argument("name")
    timing.add_argument("cmd", nargs="+")
    commands.add_parser("feedparser").add_argument("feed")
    summary = commands.add_parser("report")
    for flag in ("--input", "--samples", "--peaks", "--found"):
        summary.add_argument(flag, required=True)
    summary.add_argument("--items", type=int, default=0, help="items in the generated feed")
    summary.add_argument("--machine", default="")
    summary.add_argument("--compiler", default="")
    summary.add_argument("--rounds", default="?")
    summary.add_argument("--runs", default="?")
    args = parser.parse_args()
    if args.command == "time":
        time_command(args.feed, args.runs, args.name, args.cmd)
        return 0
    if args.command == "feedparser":
        time_feedparser(args.feed)
        return 0
    return report(args)


if __name__ == "__main__":
    sys.exit(main())
