#!/usr/bin/env python3
"""Topic model quality over several random re-splits of one language's training part.

The fixed held-out 20% (bench/topics_split.py) is one sample of ~1,000 Chinese headlines: F1
moves by +-0.04 between samples of that size, and a held-out set whose errors have been read
while writing training items is no longer unseen. This script never touches the fixed held-out
part: it takes the *training* part of LANG's data, gives every id a salt per split (so the
trainer's own 20% hash split falls differently), trains with `tidings topics train` on it plus
the hand-written items of LANG, scores the split's held-out items with score_topics.py, and
prints each split and the means. With several --modern files the same splits are scored for
each, so the numbers are paired.

  bench/topics_resplit.py [--lang zh] [--splits 8] [--modern FILE ...]
                          [--train-args "--l2 1e-5 --epochs 48"]
                          [--tidings build/release/cli/tidings] [--work build/topics/resplit]

Needs ../shared/data/topics/ and ../shared/tools/score_topics.py (docs/topics.md, "Quality").
"""
import argparse, json, os, re, subprocess, sys

from topics_split import bucket

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def write_split(path, lines, salt):
    with open(path, "w", encoding="utf-8") as out:
        for item in lines:
            item = dict(item, id="%s-%s" % (salt, item["id"]))
            out.write(json.dumps(item, ensure_ascii=False) + "\n")


def score(a, model_dir, heldout):
    env = dict(os.environ, TIDINGS_MODEL_DIR=model_dir)
    cmd = "%s match --topic sci-tech --jsonl --config /dev/null" % a.tidings
    text = subprocess.run([sys.executable, a.scorer, "--data", heldout, "--cmd", cmd], env=env,
                          check=True, capture_output=True, text=True).stdout
    best = re.search(r"best F1 over all cut-offs: ([\d.]+)", text)
    row = re.search(r"F1=([\d.]+) P=([\d.]+) R=([\d.]+) AUC=([\d.]+)", text)
    if not best or not row:
        sys.exit("topics_resplit.py: unexpected scorer output:\n" + text)
    return [float(x) for x in row.groups()] + [float(best.group(1))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", default="zh", choices=("en", "zh"))
    ap.add_argument("--splits", type=int, default=8)
    ap.add_argument("--modern", nargs="+",
                    default=[os.path.join(ROOT, "match", "models", "sci-tech-modern.jsonl")])
    ap.add_argument("--data-dir", default=os.path.join(ROOT, "..", "shared", "data", "topics"))
    ap.add_argument("--scorer",
                    default=os.path.join(ROOT, "..", "shared", "tools", "score_topics.py"))
    ap.add_argument("--tidings", default=os.path.join(ROOT, "build", "release", "cli", "tidings"))
    ap.add_argument("--work", default=os.path.join(ROOT, "build", "topics", "resplit"))
    ap.add_argument("--train-args", default="", help="more options for `tidings topics train`")
    a = ap.parse_args()
    for path in (a.scorer, a.tidings):
        if not os.path.exists(path):
            sys.exit("topics_resplit.py: cannot find %s" % path)
    marker = "-%s-" % a.lang
    source = os.path.join(a.data_dir, a.lang + "_train.jsonl")
    items = [json.loads(l) for l in open(source, encoding="utf-8") if l.strip()]
    train_part = [i for i in items if bucket(str(i["id"])) >= 20]  # never the fixed held-out
    print("%s: %d items of the training part, %d splits" % (a.lang, len(train_part), a.splits))
    print("%-40s %5s %6s %6s %6s %6s %7s" % ("modern file", "split", "F1", "P", "R", "AUC",
                                             "bestF1"))
    means = []
    for m, modern in enumerate(a.modern):
        hand = [json.loads(l) for l in open(modern, encoding="utf-8") if l.strip()]
        hand = [i for i in hand if marker in i["id"]]
        rows = []
        for k in range(a.splits):
            work = os.path.join(a.work, "%d-%d" % (m, k))
            os.makedirs(os.path.join(work, "heldout"), exist_ok=True)
            write_split(os.path.join(work, a.lang + ".jsonl"), train_part, "s%d" % k)
            write_split(os.path.join(work, "hand.jsonl"), hand, "s%d" % k)
            subprocess.run([a.tidings, "topics", "train", "sci-tech", "--data",
                            os.path.join(work, a.lang + ".jsonl"),
                            os.path.join(work, "hand.jsonl"), "--no-labels", "--config",
                            "/dev/null", "--out", os.path.join(work, "sci-tech.model"),
                            "--holdout-out", os.path.join(work, "heldout")] + a.train_args.split(),
                           check=True, capture_output=True)
            row = score(a, work, os.path.join(work, "heldout", a.lang + "_heldout.jsonl"))
            rows.append(row)
            print("%-40s %5d %6.3f %6.3f %6.3f %6.3f %7.3f" % ((os.path.basename(modern), k) +
                                                               tuple(row)), flush=True)
        means.append([sum(r[i] for r in rows) / len(rows) for i in range(5)])
    for modern, mean in zip(a.modern, means):
        print("%-40s %5s %6.3f %6.3f %6.3f %6.3f %7.3f" % ((os.path.basename(modern), "mean") +
                                                           tuple(mean)))


if __name__ == "__main__":
    main()
