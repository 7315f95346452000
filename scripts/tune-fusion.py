#!/usr/bin/env python3
"""Tunes hybrid fusion and the relevance gate offline from `recall eval retrieval --runs-out FILE`.

    tune-fusion.py RUNS.jsonl QRELS.tsv [--fit]

Prints nDCG@10 of BM25, vector, RRF (k, depth, weights) and the normalised-score combination
(min-max over each list's top `depth`, score = w·bm25 + (1−w)·cosine, missing = 0), and for the relevance
gate the precision/recall of "nothing relevant" at each threshold of the best cosine and of word coverage (the
share of the question's words matched by a top BM25 hit); queries without qrels are the unanswerable ones. nDCG uses linear gains and a log2 discount, as `recall eval retrieval` does.
"""
import json, math, sys
from collections import defaultdict


def load(runs_path, qrels_path):
    runs = [json.loads(l) for l in open(runs_path, encoding="utf-8") if l.strip()]
    qrels = defaultdict(dict)
    for i, line in enumerate(open(qrels_path, encoding="utf-8")):
        f = line.rstrip("\n").split("\t")
        if i == 0 or len(f) < 3:
            continue
        if int(f[2]) > 0:
            qrels[f[0]][f[1]] = int(f[2])
    for r in runs:
        r["bm25"] = [(d, float(s)) for d, s in r["bm25"]]
        r["vector"] = [(d, float(s)) for d, s in r["vector"]]
    return runs, qrels


def ndcg(ranked, rel, k=10):
    dcg = sum(rel.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(rel.values(), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def mean_ndcg(runs, qrels, rank):
    judged = [r for r in runs if qrels.get(r["id"])]
    return sum(ndcg(rank(r), qrels[r["id"]]) for r in judged) / len(judged)


def rrf(r, k=60, depth=20, wb=1.0, wv=1.0):
    s = defaultdict(float)
    for i, (d, _) in enumerate(r["bm25"][:depth]):
        s[d] += wb / (k + i + 1)
    for i, (d, _) in enumerate(r["vector"][:depth]):
        s[d] += wv / (k + i + 1)
    return [d for d, _ in sorted(s.items(), key=lambda x: -x[1])]


def minmax(lst):
    if not lst:
        return {}
    hi, lo = lst[0][1], lst[-1][1]
    span = hi - lo
    return {d: ((v - lo) / span if span > 0 else 1.0) for d, v in lst}


def convex(r, w=0.5, depth=50):
    b, v = minmax(r["bm25"][:depth]), minmax(r["vector"][:depth])
    s = {d: w * b.get(d, 0.0) + (1 - w) * v.get(d, 0.0) for d in set(b) | set(v)}
    return [d for d, _ in sorted(s.items(), key=lambda x: -x[1])]


def gate_table(runs, qrels, key, thresholds):
    rows = []
    for t in thresholds:
        tp = fp = fn = tn = 0
        for r in runs:
            top = r.get("coverage") if key == "coverage" else (r[key][0][1] if r[key] else None)
            nothing = top is None or top < t
            unanswerable = not qrels.get(r["id"])
            if nothing and unanswerable: tp += 1
            elif nothing: fp += 1
            elif unanswerable: fn += 1
            else: tn += 1
        p = tp / (tp + fp) if tp + fp else 1.0
        rc = tp / (tp + fn) if tp + fn else 1.0
        rows.append((t, p, rc, fp, tp, fn))
    return rows


def main():
    runs, qrels = load(sys.argv[1], sys.argv[2])
    print(f"{len(runs)} queries, {sum(1 for r in runs if qrels.get(r['id']))} judged")
    print(f"bm25    {mean_ndcg(runs, qrels, lambda r: [d for d, _ in r['bm25']]):.4f}")
    if not any(r["vector"] for r in runs):
        for t, p, rc, fp, tp, fn in gate_table(runs, qrels, "coverage", [x / 20 for x in range(0, 21)]):
            print(f"    coverage {t:5.2f}  precision {p:.3f}  recall {rc:.3f}  false alarms {fp}")
        return
    print(f"vector  {mean_ndcg(runs, qrels, lambda r: [d for d, _ in r['vector']]):.4f}")
    print("RRF  k  depth  w_bm25  nDCG@10")
    for k in (10, 30, 60):
        for depth in (10, 20, 50, 100):
            for wb in (1.0, 1.5, 2.0):
                print(f"    {k:3d} {depth:5d}  {wb:5.1f}  {mean_ndcg(runs, qrels, lambda r: rrf(r, k, depth, wb)):.4f}")
    print("convex (min-max) depth  w_bm25  nDCG@10")
    for depth in (10, 20, 50, 100):
        for w in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
            print(f"    {depth:5d}  {w:4.1f}  {mean_ndcg(runs, qrels, lambda r: convex(r, w, depth)):.4f}")
    if any(not qrels.get(r["id"]) for r in runs):
        for key, ts in (("vector", [x / 100 for x in range(10, 61, 2)]), ("coverage", [x / 20 for x in range(0, 21)])):
            print(f"gate on top {key}: threshold precision recall (of 'nothing relevant') false-alarms caught missed")
            for t, p, rc, fp, tp, fn in gate_table(runs, qrels, key, ts):
                print(f"    {t:6.2f}  {p:.3f}  {rc:.3f}  {fp:3d} {tp:3d} {fn:3d}")


if __name__ == "__main__":
    main()
