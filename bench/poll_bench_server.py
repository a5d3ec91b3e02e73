#!/usr/bin/env python3
"""A local feed server for bench/run-poll-bench (python3 standard library only).

Serves N generated RSS feeds at http://127.0.0.1:PORT/feed/<i>.xml, each with ITEMS items of
realistic size, an ETag per feed (If-None-Match gets a 304), and a random 50-200 ms delay before
every answer, as a distant server would have. The same seed gives the same bytes.

  bench/poll_bench_server.py --port 8099 --feeds 1000 --items 55 --seed 1
"""

import argparse
import http.server
import random
import socketserver
import sys
import time

WORDS = ("quantum computer robot space station cancer drug model research team said new study "
         "results energy battery chip satellite launch genome protein climate data network "
         "security open source software release physics telescope galaxy vaccine trial").split()


def make_feed(index, items, rng):
    parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
             f"<title>Site {index}</title><link>https://site{index}.example.com/</link>"
             f"<description>Feed {index}</description>"]
    for n in range(items):
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(120, 220)))
        title = " ".join(rng.choice(WORDS) for _ in range(8)).capitalize()
        day = 1 + (n % 28)
        parts.append(
            f"<item><title>{title}</title><link>https://site{index}.example.com/p/{n}</link>"
            f"<guid>https://site{index}.example.com/p/{n}</guid>"
            f"<pubDate>Sat, {day:02d} Nov 2026 {n % 24:02d}:00:00 GMT</pubDate>"
            f"<description><![CDATA[<p>{words}</p>]]></description></item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    feeds = {}

    def do_GET(self):
        time.sleep(random.uniform(0.05, 0.2))
        body = self.feeds.get(self.path)
        if body is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        etag = f'"{hash(self.path) & 0xffffffff:x}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    request_queue_size = 256


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=55)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    Handler.feeds = {f"/feed/{i}.xml": make_feed(i, args.items, rng) for i in range(args.feeds)}
    server = Server(("127.0.0.1", args.port), Handler)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
