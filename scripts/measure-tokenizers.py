#!/usr/bin/env python3
"""Measures FTS5 tokenizers for Recall's BM25 index on a BEIR-layout dataset (nDCG@10, Recall@10, MRR@10).

Usage: scripts/measure-tokenizers.py DATASET_DIR   (corpus.jsonl, queries.jsonl, qrels.tsv)
Queries are built the way Recall builds them: words quoted, English stop words removed, ORed; BM25 weights title 4x.
The evidence for DECISIONS.md D3. Uses only Python's standard library and the system SQLite.
"""
import json, math, re, sqlite3, sys

STOP = set("""a about above after again against all am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her here hers
herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only
or other our ours ourselves out over own same she should so some such than that the their theirs them themselves then
there these they this those through to too under until up very was we were what when where which while who whom why
will with would you your yours yourself yourselves s t don doesn isn aren use used using tell explain much many""".split())

def load(d):
    corpus = [json.loads(l) for l in open(f"{d}/corpus.jsonl", encoding="utf-8") if l.strip()]
    queries = [json.loads(l) for l in open(f"{d}/queries.jsonl", encoding="utf-8") if l.strip()]
    qrels = {}
    for i, line in enumerate(open(f"{d}/qrels.tsv", encoding="utf-8")):
        parts = line.rstrip("\n").split("\t")
        if i == 0 and not parts[-1].isdigit():
            continue
        qrels.setdefault(parts[0], {})[parts[1]] = int(parts[2])
    return corpus, queries, qrels

def fts_query(text):
    words = re.findall(r"\w+", text.lower())
    content = [w for w in words if w not in STOP] or words
    return " OR ".join('"%s"' % w for w in content)

def evaluate(tokenizer, corpus, queries, qrels):
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE f USING fts5(doc_id UNINDEXED, title, text, tokenize = '{tokenizer}')")
    db.executemany("INSERT INTO f VALUES (?, ?, ?)", [(c["_id"], c.get("title", ""), c["text"]) for c in corpus])
    ndcg = rec = mrr = 0.0
    n = 0
    for q in queries:
        rel = qrels.get(q["_id"])
        if not rel:
            continue
        n += 1
        ids = [r[0] for r in db.execute("SELECT doc_id FROM f WHERE f MATCH ? ORDER BY bm25(f, 0, 4.0, 1.0) LIMIT 10", (fts_query(q["text"]),))]
        dcg = sum((2 ** rel.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ids))
        ideal = sorted(rel.values(), reverse=True)[:10]
        idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
        ndcg += dcg / idcg if idcg else 0
        rec += len([d for d in ids if rel.get(d, 0) > 0]) / len([g for g in rel.values() if g > 0])
        mrr += next((1 / (i + 1) for i, d in enumerate(ids) if rel.get(d, 0) > 0), 0)
    return ndcg / n, rec / n, mrr / n, n

if __name__ == "__main__":
    corpus, queries, qrels = load(sys.argv[1])
    print(f"{len(corpus)} documents, {len(queries)} queries")
    for tok in ["unicode61", "unicode61 remove_diacritics 2", "porter unicode61", "porter unicode61 remove_diacritics 2", "trigram"]:
        ndcg, rec, mrr, n = evaluate(tok, corpus, queries, qrels)
        print(f"{tok:40s} nDCG@10 {ndcg:.3f}  Recall@10 {rec:.3f}  MRR@10 {mrr:.3f}")
