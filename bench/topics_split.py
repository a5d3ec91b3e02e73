#!/usr/bin/env python3
"""Deterministic held-out split of the labelled topic data (docs/topics.md).

An item is held out when FNV-1a (64-bit) of its id, modulo 100, is below PERCENT (20): the same
rule `tidings topics train` applies, so the shipped model never sees a held-out item.

  bench/topics_split.py [--data-dir ../shared/data/topics] [--out-dir build/topics] [--percent 20]

Writes OUT/{en,zh}_train.jsonl and OUT/{en,zh}_heldout.jsonl (lines copied unchanged).
"""
import argparse, json, os, sys


def bucket(item_id):
    h = 0xCBF29CE484222325
    for byte in item_id.encode("utf-8"):
        h ^= byte
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h % 100


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", default=os.path.join(root, "..", "shared", "data", "topics"))
    ap.add_argument("--out-dir", default=os.path.join(root, "build", "topics"))
    ap.add_argument("--percent", type=int, default=20)
    a = ap.parse_args()
    os.makedirs(a.out_dir, exist_ok=True)
    for lang in ("en", "zh"):
        source = os.path.join(a.data_dir, lang + "_train.jsonl")
        if not os.path.exists(source):
            sys.exit("topics_split.py: cannot read %s (pass --data-dir)" % source)
        parts = {"train": [], "heldout": []}
        for line in open(source, encoding="utf-8"):
            if not line.strip():
                continue
            item = json.loads(line)
            item_id = item["id"] if isinstance(item["id"], str) else json.dumps(item["id"])
            parts["heldout" if bucket(item_id) < a.percent else "train"].append(line)
        for part, lines in parts.items():
            with open(os.path.join(a.out_dir, "%s_%s.jsonl" % (lang, part)), "w",
                      encoding="utf-8") as out:
                out.writelines(lines)
        print("%s: %d train, %d held out (%d sci-tech)" % (
            lang, len(parts["train"]), len(parts["heldout"]),
            sum(json.loads(l)["sci_tech"] for l in parts["heldout"])))


if __name__ == "__main__":
    main()
