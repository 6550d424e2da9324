#!/usr/bin/env python3
"""A tiny HTTP server for tests/unit/test_http.c, standard library only.

    python3 tests/fakes/http_test_server.py PORTFILE

Listens on 127.0.0.1 (never anything else) on a port the kernel picks, writes
that port number to PORTFILE (atomically, through a rename) and serves until
killed, or until its parent process goes away.

Paths (the query string carries parameters):
  /ok                       200 "hello"
  /echo                     the request as seen: method, content type,
                            idempotency key, authorization, user agent, body
  /link                     200 with a Link header of next and prev
  /ratelimit                200 with X-RateLimit-Remaining/-Reset (?remaining=)
  /429?after=N              429 with Retry-After: N
  /flaky?key=K&fail=N       500 for the first N hits of K, then 200 "recovered"
  /status?code=C&key=K      status C (counting hits of K)
  /hits?key=K               how many times K was hit
  /echoauth?code=C          status C (401) with a JSON error echoing the
                            Authorization header, as a careless server does
  /redirect-to?port=P       302 to /echo on 127.0.0.1:P (another origin)
  /big?n=N[&chunked=1]      N bytes of 'x', with Content-Length or chunked
  /hang                     reads the request, never answers
  /redirect?n=N             302 to /redirect?n=N-1, to /ok at 0
  /stream?chunks=N&gap=MS   text/event-stream: N events MS apart, then idles
                            (":thump" every ?thump=MS if given)
"""
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HITS = {}
HITS_LOCK = threading.Lock()


def hit(key):
    with HITS_LOCK:
        HITS[key] = HITS.get(key, 0) + 1
        return HITS[key]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake"

    def log_message(self, fmt, *args):
        pass

    def reply(self, code, body=b"", headers=()):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(code)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def chunk(self, data):
        if isinstance(data, str):
            data = data.encode()
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def do_GET(self):
        self.route()

    def do_POST(self):
        self.route()

    def do_PUT(self):
        self.route()

    def do_DELETE(self):
        self.route()

    def route(self):
        url = urlsplit(self.path)
        q = {k: v[-1] for k, v in parse_qs(url.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = url.path
        if path == "/ok":
            self.reply(200, "hello", [("Content-Type", "text/plain")])
        elif path == "/echo":
            h = self.headers
            text = ("method=%s\nctype=%s\nidem=%s\nauth=%s\nua=%s\nbody=" % (
                self.command, h.get("Content-Type", ""),
                h.get("Idempotency-Key", ""), h.get("Authorization", ""),
                h.get("User-Agent", ""))).encode() + body
            self.reply(200, text)
        elif path == "/link":
            self.reply(200, "[]", [("Link",
                '<http://127.0.0.1/api/v1/timelines/home?max_id=7>; '
                'rel="next", <http://127.0.0.1/api/v1/timelines/home?'
                'min_id=9>; rel="prev"')])
        elif path == "/ratelimit":
            reset = time.strftime("%Y-%m-%dT%H:%M:%S.000Z",
                                  time.gmtime(time.time() + 300))
            self.reply(200, "{}", [
                ("X-RateLimit-Limit", "300"),
                ("X-RateLimit-Remaining", q.get("remaining", "299")),
                ("X-RateLimit-Reset", reset)])
        elif path == "/429":
            self.reply(429, '{"error":"Too many requests"}',
                       [("Retry-After", q.get("after", "30"))])
        elif path == "/flaky":
            n = hit(q.get("key", "flaky"))
            if n <= int(q.get("fail", "2")):
                self.reply(500, "oops")
            else:
                self.reply(200, "recovered")
        elif path == "/status":
            hit(q.get("key", "status"))
            self.reply(int(q.get("code", "200")), "status")
        elif path == "/echoauth":
            auth = self.headers.get("Authorization", "")
            self.reply(int(q.get("code", "401")),
                       '{"error":"invalid_token: token %s is not valid '
                       '(Authorization: Basic dXNlcjpwYXNz; raw %s)"}' % (
                           auth, auth.split(" ")[-1]))
        elif path == "/redirect-to":
            self.reply(302, "", [("Location", "http://127.0.0.1:%s/echo" %
                                  q.get("port", "1"))])
        elif path == "/hits":
            with HITS_LOCK:
                self.reply(200, str(HITS.get(q.get("key", ""), 0)))
        elif path == "/big":
            n = int(q.get("n", "0"))
            if q.get("chunked"):
                self.send_response(200)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                sent = 0
                try:
                    while sent < n:
                        m = min(65536, n - sent)
                        self.chunk(b"x" * m)
                        sent += m
                    self.wfile.write(b"0\r\n\r\n")
                except OSError:
                    pass
            else:
                self.reply(200, b"x" * n)
        elif path == "/cond":
            # Conditional GET: 304 when either validator matches.
            etag, stamp = '"v1"', "Tue, 24 Nov 2026 10:00:00 GMT"
            if (self.headers.get("If-None-Match") == etag or
                    self.headers.get("If-Modified-Since") == stamp):
                self.reply(304, "", [("ETag", etag)])
            else:
                self.reply(200, "fresh", [("ETag", etag),
                                          ("Last-Modified", stamp)])
        elif path == "/hang":
            time.sleep(3600)
        elif path == "/redirect":
            n = int(q.get("n", "0"))
            where = "/ok" if n <= 0 else "/redirect?n=%d" % (n - 1)
            self.reply(302, "", [("Location", where)])
        elif path == "/stream":
            self.stream(int(q.get("chunks", "3")), int(q.get("gap", "50")),
                        int(q.get("thump", "0")))
        else:
            self.reply(404, "not found")

    def stream(self, chunks, gap_ms, thump_ms):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            self.chunk(":)\n\n")
            for i in range(chunks):
                time.sleep(gap_ms / 1000.0)
                self.chunk("event: update\ndata: %d\n\n" % i)
            while True:
                if thump_ms:
                    time.sleep(thump_ms / 1000.0)
                    self.chunk(":thump\n")
                else:
                    time.sleep(3600)
        except OSError:
            pass


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass    # clients hang up on purpose (caps, timeouts, stops)


def watch_parent(parent):
    while True:
        time.sleep(0.2)
        if os.getppid() != parent:
            os._exit(0)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: http_test_server.py PORTFILE")
    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=watch_parent, args=(os.getppid(),),
                     daemon=True).start()
    tmp = sys.argv[1] + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(tmp, sys.argv[1])
    server.serve_forever()


if __name__ == "__main__":
    main()
