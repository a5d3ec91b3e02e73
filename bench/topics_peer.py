#!/usr/bin/python3
"""The shipped sci-tech model against a plain linear model of the corpus alone, side by side.

The issue puts "a linear model trained on 13,000 English items" at F1 about 0.86 on news from other
sources. This trains that peer with scikit-learn (Debian's python3-sklearn; not a dependency of
tidings) on the training part of the fixed split (bench/topics_split.py): TF-IDF of words and word
pairs (English) or characters and character pairs (Chinese), log-damped counts, L2 logistic
regression. Both the peer and `tidings match --topic sci-tech` then score the same sets: the
corpus's held-out part and the hand-written probes in bench/, per language, and it prints F1 at
0.5, ROC AUC and best F1 of each, and tidings' F1 at 0.5 over the peer's. The peer's cut-off is
logistic regression's own 0.5, not tuned: its best F1 is the fairer comparison.

    bench/topics_peer.py [--tidings build/release/cli/tidings]

The probes were written by the same hand as match/models/sci-tech-modern.jsonl, which tidings
trains on and the peer does not: they stand in for "other sources", they are not them.
docs/topics.md, "Quality", has the results.
"""
import argparse
import json
import pathlib
import subprocess

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_recall_curve, roc_auc_score

ROOT = pathlib.Path(__file__).resolve().parent.parent
PROBES = {
    "en": ["topics-en-probe", "topics-en-probe3a", "topics-en-probe3b", "topics-medicine-probe",
           "topics-medicine-probe2"],
    "zh": ["topics-zh-probe", "topics-zh-probe2", "topics-zh-probe3a", "topics-zh-probe3b",
           "topics-zh-probe4", "topics-zh-tw-probe", "topics-medicine-probe2"],
}


def read(path):
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def is_chinese(item):
    return any("\u4e00" <= c <= "\u9fff" for c in item.get("title") or item.get("summary") or "")


def text(item):
    return (item.get("title") or "") + " " + (item.get("summary") or "")


def peer(lang, train):
    if lang == "en":
        vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    else:
        vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), min_df=2,
                                     sublinear_tf=True)
    labels = [int(bool(item["sci_tech"])) for item in train]
    model = LogisticRegression(C=4, max_iter=3000, class_weight=None)
    model.fit(vectorizer.fit_transform([text(item) for item in train]), labels)
    return lambda items: model.predict_proba(vectorizer.transform([text(i) for i in items]))[:, 1]


def tidings(binary, items):
    lines = "".join(json.dumps({"id": str(n), "title": item.get("title") or "",
                                "summary": item.get("summary") or ""}, ensure_ascii=False) + "\n"
                    for n, item in enumerate(items))
    out = subprocess.run([binary, "match", "--topic", "sci-tech", "--jsonl", "--config",
                          "/dev/null"], input=lines, capture_output=True, text=True, check=True)
    scores = {answer["id"]: answer["score"] for answer in map(json.loads, out.stdout.splitlines())}
    return np.array([scores[str(n)] for n in range(len(items))])


def figures(labels, scores):
    precision, recall, _ = precision_recall_curve(labels, scores)
    best = np.max(2 * precision * recall / np.maximum(precision + recall, 1e-12))
    return f1_score(labels, scores >= 0.5), roc_auc_score(labels, scores), best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tidings", default=str(ROOT / "build/release/cli/tidings"))
    args = parser.parse_args()
    print(f"{'set':<34}{'n':>6}   {'peer F1 / AUC / best':<22}{'tidings F1 / AUC / best':<25}"
          "F1 ratio")
    for lang in ("en", "zh"):
        score_peer = peer(lang, read(ROOT / f"build/topics/{lang}_train.jsonl"))
        sets = [(f"{lang}: corpus held-out", read(ROOT / f"build/topics/{lang}_heldout.jsonl"))]
        pooled = []
        for name in PROBES[lang]:
            items = [i for i in read(ROOT / f"bench/{name}.jsonl")
                     if is_chinese(i) == (lang == "zh")]
            pooled += items
            sets.append((f"{lang}: {name}", items))
        sets.append((f"{lang}: the probes pooled", pooled))
        for name, items in sets:
            labels = np.array([int(bool(item["sci_tech"])) for item in items])
            theirs = figures(labels, score_peer(items))
            ours = figures(labels, tidings(args.tidings, items))
            ratio = f"{ours[0] / theirs[0]:.2f}" if theirs[0] > 0 else "-"
            print(f"{name:<34}{len(items):>6}   {'%.3f / %.3f / %.3f' % theirs:<22}"
                  f"{'%.3f / %.3f / %.3f' % ours:<25}{ratio}")


if __name__ == "__main__":
    main()
