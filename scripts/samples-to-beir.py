#!/usr/bin/env python3
"""Writes corpus.jsonl for a BEIR-layout dataset from a sample-notebooks folder.

One document per `## ` section (outside fenced code), id = `<file-stem>--<heading-slug>`,
title = the heading, text = the section body. Usage: samples-to-beir.py SAMPLES_DIR OUT_DIR
"""
import json, os, re, sys

def slug(s):
    return re.sub(r'[^a-z0-9]+', '-', s.lower()).strip('-')[:60]

def sections(path):
    lines = open(path, encoding='utf-8').read().split('\n')
    if lines and lines[0].strip() == '---':
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == '---')
        lines = lines[end + 1:]
    out, title, body, fence = [], None, [], False
    for line in lines:
        if line.lstrip().startswith('```'):
            fence = not fence
        if not fence and line.startswith('## '):
            if title: out.append((title, '\n'.join(body).strip()))
            title, body = line[3:].strip(), []
        else:
            body.append(line)
    if title: out.append((title, '\n'.join(body).strip()))
    return out

src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst, exist_ok=True)
with open(os.path.join(dst, 'corpus.jsonl'), 'w', encoding='utf-8') as f:
    for project in sorted(os.listdir(src)):
        pdir = os.path.join(src, project)
        if not os.path.isdir(pdir): continue
        for name in sorted(os.listdir(pdir)):
            if not name.endswith('.md'): continue
            stem = name[:-3]
            for title, text in sections(os.path.join(pdir, name)):
                f.write(json.dumps({'_id': f'{stem}--{slug(title)}', 'title': title, 'text': text}, ensure_ascii=False) + '\n')
