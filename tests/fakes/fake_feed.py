#!/usr/bin/env python3
"""fake_feed.py — a feed server for the tmux tests, on 127.0.0.1 only.

Serves the files of DIR (--dir) by name, with an ETag (a hash of the bytes)
and a Last-Modified (the file's time), and answers a conditional GET whose
validator matches with 304. Every request is appended to --log as one line:
"METHOD PATH STATUS if-none-match=... if-modified-since=...". The URL it
listens on goes to --url-file. It exits by itself after --max-seconds.
"""
import argparse
import email.utils
import hashlib
import http.server
import os
import sys
import threading


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--url-file", required=True)
    ap.add_argument("--max-seconds", type=float, default=300)
    args = ap.parse_args()
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, fmt, *a):
            pass

        def record(self, status):
            inm = self.headers.get("If-None-Match", "-")
            ims = self.headers.get("If-Modified-Since", "-")
            with lock, open(args.log, "a") as f:
                f.write("%s %s %d if-none-match=%s if-modified-since=%s\n" % (
                    self.command, self.path, status, inm, ims))

        def do_GET(self):
            name = os.path.basename(self.path.split("?")[0])
            path = os.path.join(args.dir, name)
            if not name or not os.path.isfile(path):
                self.record(404)
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            with open(path, "rb") as f:
                body = f.read()
            etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
            stamp = email.utils.formatdate(os.path.getmtime(path), usegmt=True)
            if (self.headers.get("If-None-Match") == etag or
                    (self.headers.get("If-None-Match") is None and
                     self.headers.get("If-Modified-Since") == stamp)):
                self.record(304)
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.record(200)
            self.send_response(200)
            ctype = "text/html" if name.endswith(".html") else \
                "application/rss+xml"
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", stamp)
            self.end_headers()
            self.wfile.write(body)

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    with open(args.url_file + ".tmp", "w") as f:
        f.write("http://127.0.0.1:%d" % srv.server_address[1])
    os.rename(args.url_file + ".tmp", args.url_file)
    threading.Timer(args.max_seconds, srv.shutdown).start()
    srv.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
