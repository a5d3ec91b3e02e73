#!/usr/bin/python3
"""What the hand-written Chinese items cost on Toutiao's labels and buy on the probes.

A one-off check with scikit-learn (Debian's python3-sklearn; not a dependency of tidings) that
mirrors the trainer's Chinese features and scaling: characters and character bigrams, TF-IDF with
log-damped counts, unit length, each feature scaled by the signed square root of its naive Bayes
log-count ratio, then L2 logistic regression. For each weight it trains on stratified 80/20 splits
of the Toutiao training part plus the Chinese items of match/models/sci-tech-modern.jsonl at that
weight, and prints AUC / best F1 on the held-out Toutiao items and on the Chinese probes.

    bench/topics_handwritten_weight.py [--splits 4] [--weights 0,0.3,1,3] [--only relevant|other]

--only keeps just the hand-written items of one class (which of them cost Toutiao its F1).

Needs build/topics/zh_train.jsonl (bench/topics_split.py). docs/topics.md, "Quality", has the
results.
"""
import argparse
import json
import pathlib
import re

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_curve, roc_auc_score
from sklearn.model_selection import StratifiedShuffleSplit
from sklearn.preprocessing import normalize

ROOT = pathlib.Path(__file__).resolve().parent.parent
PROBES = ["topics-zh-probe2", "topics-zh-probe3b", "topics-zh-probe4"]
HAN = re.compile(r"[\u4e00-\u9fff]")


def read(path):
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def text(item):
    return item.get("title", "") + item.get("summary", "")


def features(value):
    value = re.sub(r"\s+", "", value.lower())
    return list(value) + [value[i:i + 2] for i in range(len(value) - 1)]


def nb_ratios(x, relevant):
    p = np.asarray((x[relevant] > 0).sum(0)).ravel() + 1.0
    q = np.asarray((x[~relevant] > 0).sum(0)).ravel() + 1.0
    r = np.log((p / p.sum()) / (q / q.sum()))
    return np.sign(r) * np.sqrt(np.abs(r))


def auc_and_best_f1(relevant, scores):
    precision, recall, _ = precision_recall_curve(relevant, scores)
    best = np.max(2 * precision * recall / (precision + recall + 1e-12))
    return roc_auc_score(relevant, scores), best


def evaluate(toutiao, handwritten, probes, splits, weight):
    texts = [text(item) for item in toutiao]
    labels = np.array([bool(item["sci_tech"]) for item in toutiao])
    extra = handwritten if weight > 0 else []
    results = []
    for train, test in splits:
        train_texts = [texts[i] for i in train] + [text(item) for item in extra]
        train_labels = np.concatenate(
            [labels[train], np.array([bool(item["sci_tech"]) for item in extra], dtype=bool)])
        weights = np.concatenate([np.ones(len(train)), np.full(len(extra), weight)])
        vectorizer = TfidfVectorizer(analyzer=features, sublinear_tf=True, min_df=2)
        x = normalize(vectorizer.fit_transform(train_texts))
        ratios = nb_ratios(x, train_labels)
        model = LogisticRegression(C=4, max_iter=3000)
        model.fit(csr_matrix(x.multiply(ratios)), train_labels, sample_weight=weights)

        def score(items):
            v = normalize(vectorizer.transform(items))
            return model.decision_function(csr_matrix(v.multiply(ratios)))

        row = [auc_and_best_f1(labels[test], score([texts[i] for i in test]))]
        for probe in probes:
            row.append(auc_and_best_f1(np.array([bool(p["sci_tech"]) for p in probe]),
                                       score([text(p) for p in probe])))
        results.append(row)
    return np.mean(np.array(results), axis=0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--splits", type=int, default=4)
    parser.add_argument("--weights", default="0,0.3,1,3")
    parser.add_argument("--only", choices=["relevant", "other"])
    args = parser.parse_args()
    split = ROOT / "build/topics/zh_train.jsonl"
    if not split.exists():
        parser.exit(2, f"{parser.prog}: {split} is missing: run bench/topics_split.py first\n")
    toutiao = [i for i in read(split) if i["id"].startswith("tt-")]
    handwritten = [i for i in read(ROOT / "match/models/sci-tech-modern.jsonl")
                   if HAN.search(text(i))]
    if args.only:
        handwritten = [i for i in handwritten if bool(i["sci_tech"]) == (args.only == "relevant")]
    probes = [read(ROOT / "bench" / f"{name}.jsonl") for name in PROBES]
    labels = [bool(item["sci_tech"]) for item in toutiao]
    splits = list(StratifiedShuffleSplit(n_splits=args.splits, test_size=0.2, random_state=7)
                  .split(np.zeros(len(labels)), labels))
    print(f"{len(toutiao)} Toutiao items, {len(handwritten)} hand-written Chinese items, "
          f"{args.splits} splits; AUC / best F1")
    print("weight  Toutiao        " + "  ".join(f"{name[7:]:<13}" for name in PROBES))
    for weight in (float(w) for w in args.weights.split(",")):
        means = evaluate(toutiao, handwritten, probes, splits, weight)
        print(f"{weight:<7g} " + "  ".join(f"{auc:.3f} / {f1:.3f}" for auc, f1 in means))


if __name__ == "__main__":
    main()
