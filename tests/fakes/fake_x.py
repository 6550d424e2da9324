#!/usr/bin/env python3
"""fake_x.py - a fake X (formerly Twitter) API v2 server for starling's tests.

Python 3 standard library only.  Listens on 127.0.0.1 only, on a free port,
and never opens an outgoing connection.  Tweets, users, media and errors are
copied from the recorded responses in tests/fixtures/x/ (shapes as X sends
them; only ids and values the tests need are changed).

    python3 tests/fakes/fake_x.py --url-file /tmp/url [--expires-in 7200]

writes "http://127.0.0.1:PORT" to --url-file and serves until SIGTERM, its
parent goes away, or --max-seconds have passed.

API (what starling uses):
  GET  /2/users/me, /2/users/by/username/:name
  GET  /2/users/:id/timelines/reverse_chronological, /2/users/:id/mentions,
       /2/users/:id/tweets, /2/tweets/search/recent?query=, /2/lists/:id/tweets
       (since_id, max_results checked against X's ranges, pagination_token;
       includes: users, tweets, media; meta: newest_id, oldest_id,
       result_count, next_token)
  POST /2/tweets (text, reply.in_reply_to_tweet_id, quote_tweet_id)
  POST /2/users/:id/likes | retweets {tweet_id};
  DELETE /2/users/:id/likes/:tid | retweets/:tid
  GET  /i/oauth2/authorize (302 to redirect_uri?code=&state=)
  POST /2/oauth2/token (authorization_code with PKCE S256; refresh_token,
       one use each)
Every answer carries x-rate-limit-limit/-remaining/-reset (per endpoint, 15
minute windows).  A bearer that is not the current access token (or the app
token) gets 401 problem+json; so does an access token past its expiry.

Control (tests):
  GET  /_control/requests          every request: method, path, query, body,
                                   bearer ("user", "app", "bad", "none")
  POST /_control/clear-requests
  POST /_control/post {text, urls?: [[short, expanded, display]], author?}
  POST /_control/fault {kind: 429|problem|partial|clear, count, path_prefix,
                        reset_in, status}
  POST /_control/expire            the access token expires now
  GET  /_control/state             tokens issued, likes, retweets
"""

import argparse
import base64
import copy
import hashlib
import json
import os
import secrets
import signal
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(os.path.dirname(HERE), "fixtures", "x")
FIELDS_OK = {"tweet.fields", "expansions", "user.fields", "media.fields",
             "max_results", "since_id", "until_id", "pagination_token",
             "query", "start_time", "end_time", "place.fields", "poll.fields"}
RANGES = {"search": (10, 100), "mentions": (5, 100), "tweets": (5, 100),
          "home": (1, 100), "list": (1, 100)}
WINDOW = 900


def fixture(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
        return json.load(f)


class State:
    def __init__(self, args):
        self.lock = threading.Lock()
        self.args = args
        self.requests = []
        self.faults = []
        self.tweets = {}            # id -> tweet (fixture shape)
        self.users = {}             # id -> user
        self.media = {}             # media_key -> media
        self.home, self.mentions = [], []
        self.likes, self.retweets = set(), set()
        self.windows = {}           # endpoint -> [remaining, reset]
        self.codes = {}             # code -> (challenge, client_id, redirect)
        self.access = args.token
        self.refresh = args.refresh_token
        self.expires = time.time() + args.expires_in if args.expires_in else 0
        self.issued = 0
        self.next_id = 1900000000000000000
        me = fixture("users-me-fields.json")["data"]
        self.me = copy.deepcopy(me)
        self.users[me["id"]] = self.me
        for name in ("timeline-reverse-chronological.json",
                     "tweet-lookup-reply.json", "tweet-lookup-quote.json",
                     "tweet-lookup-retweet.json"):
            self.load(fixture(name), self.home)
        self.load(fixture("mentions.json"), self.mentions)
        self.load(fixture("search-recent-media.json"), None)

    def load(self, doc, into):
        inc = doc.get("includes", {})
        for u in inc.get("users", []):
            self.users.setdefault(u["id"], u)
        for m in inc.get("media", []):
            self.media[m["media_key"]] = m
        for t in inc.get("tweets", []):
            self.tweets.setdefault(t["id"], t)
        data = doc["data"] if isinstance(doc["data"], list) else [doc["data"]]
        for t in data:
            self.tweets[t["id"]] = t
            if into is not None and t["id"] not in into:
                into.append(t["id"])

    def new_id(self):
        self.next_id += 1000
        return str(self.next_id)


def newest_first(ids):
    return sorted(set(ids), key=lambda i: (len(i), i), reverse=True)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-x"

    def log_message(self, fmt, *args):
        if self.server.state.args.verbose:
            sys.stderr.write("fake_x: " + (fmt % args) + "\n")

    # -- plumbing --------------------------------------------------------
    def send(self, code, body, headers=(), ctype="application/json"):
        if not isinstance(body, (bytes, str)):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def problem(self, status, title, detail, kind="about:blank", headers=()):
        self.send(status, {"title": title, "detail": detail, "type": kind,
                           "status": status}, headers,
                  "application/problem+json")

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def do_DELETE(self):
        self.route("DELETE")

    def route(self, method):
        st = self.server.state
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n else b""
        u = urllib.parse.urlsplit(self.path)
        self.q = {k: v[0] for k, v in urllib.parse.parse_qs(u.query).items()}
        self.raw = raw
        path = u.path
        try:
            self.body = json.loads(raw) if raw and raw[:1] == b"{" else {}
        except ValueError:
            self.body = None
        if path.startswith("/_control/"):
            return self.control(method, path)
        auth = self.headers.get("Authorization", "")
        with st.lock:
            who = "none"
            if auth.startswith("Bearer "):
                tok = auth[7:]
                if tok == st.access and (not st.expires or time.time() < st.expires):
                    who = "user"
                elif st.args.app_token and tok == st.args.app_token:
                    who = "app"
                else:
                    who = "bad"
            form = dict(urllib.parse.parse_qsl(raw.decode("utf-8", "replace"))) \
                if raw and raw[:1] != b"{" else None
            st.requests.append({"method": method, "path": path, "query": self.q,
                                "body": self.body, "form": form, "bearer": who,
                                "time": time.time()})
        if path == "/i/oauth2/authorize" and method == "GET":
            return self.authorize()
        if path == "/2/oauth2/token" and method == "POST":
            return self.token(form or {})
        if who in ("none", "bad"):
            return self.problem(401, "Unauthorized", "Unauthorized")
        if self.fault(path):
            return
        try:
            self.api(method, path, who)
        except Exception as e:  # a fake that breaks says so
            self.problem(500, "Internal Error", repr(e))

    def fault(self, path):
        st = self.server.state
        with st.lock:
            for f in st.faults:
                if f["count"] > 0 and path.startswith(f.get("path_prefix", "/2/")):
                    if f["kind"] == "partial":
                        return False
                    f["count"] -= 1
                    break
            else:
                return False
        if f["kind"] == "429":
            reset = int(time.time() + f.get("reset_in", 3))
            self.send(429, fixture("error-429.json"),
                      [("x-rate-limit-limit", "15"),
                       ("x-rate-limit-remaining", "0"),
                       ("x-rate-limit-reset", str(reset))],
                      "application/problem+json")
        else:
            doc = fixture("error-403-client-forbidden.json")
            self.send(f.get("status", 403), doc, (), "application/problem+json")
        return True

    def partial(self, path):
        st = self.server.state
        with st.lock:
            for f in st.faults:
                if f["kind"] == "partial" and f["count"] > 0 and \
                        path.startswith(f.get("path_prefix", "/2/")):
                    f["count"] -= 1
                    return fixture("partial-error.json")["errors"]
        return None

    def limits(self, endpoint):
        st = self.server.state
        now = time.time()
        with st.lock:
            w = st.windows.get(endpoint)
            if w is None or now >= w[1]:
                w = st.windows[endpoint] = [st.args.limit, int(now + WINDOW)]
            w[0] = max(0, w[0] - 1)
            return [("x-rate-limit-limit", str(st.args.limit)),
                    ("x-rate-limit-remaining", str(w[0])),
                    ("x-rate-limit-reset", str(w[1]))]

    # -- the API ---------------------------------------------------------
    def api(self, method, path, who):
        st = self.server.state
        p = path.strip("/").split("/")
        if method == "GET" and p == ["2", "users", "me"]:
            if who != "user":
                return self.problem(403, "Unsupported Authentication",
                                    "Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.")
            return self.send(200, {"data": st.me}, self.limits("me"))
        if method == "GET" and p[:4] == ["2", "users", "by", "username"] and len(p) == 5:
            for u in st.users.values():
                if u["username"].lower() == p[4].lower():
                    return self.send(200, {"data": u}, self.limits("by"))
            doc = fixture("error-user-not-found.json")
            return self.send(200, doc, self.limits("by"))
        if method == "GET":
            kind, ids = self.timeline(p)
            if kind is not None:
                return self.page(kind, ids, path)
        if method == "POST" and p == ["2", "tweets"]:
            if who != "user":
                return self.problem(403, "Forbidden", "app tokens cannot post")
            return self.create()
        if len(p) >= 4 and p[:2] == ["2", "users"] and p[3] in ("likes", "retweets"):
            if who != "user" or p[2] != st.me["id"]:
                return self.problem(403, "Forbidden", "not your user id")
            coll = st.likes if p[3] == "likes" else st.retweets
            word = "liked" if p[3] == "likes" else "retweeted"
            if method == "POST" and len(p) == 4:
                tid = (self.body or {}).get("tweet_id")
                if tid not in st.tweets:
                    return self.send(200, fixture("error-tweet-not-found.json"))
                with st.lock:
                    coll.add(tid)
                return self.send(200, {"data": {word: True}}, self.limits(p[3]))
            if method == "DELETE" and len(p) == 5:
                with st.lock:
                    coll.discard(p[4])
                return self.send(200, {"data": {word: False}}, self.limits(p[3]))
        return self.problem(404, "Not Found Error", "no such endpoint: " + path)

    def timeline(self, p):
        st = self.server.state
        if p[:2] == ["2", "users"] and len(p) == 5 and p[3:] == ["timelines", "reverse_chronological"]:
            return "home", st.home
        if p[:2] == ["2", "users"] and len(p) == 4 and p[3] == "mentions":
            return "mentions", st.mentions
        if p[:2] == ["2", "users"] and len(p) == 4 and p[3] == "tweets":
            return "tweets", [i for i, t in st.tweets.items() if t.get("author_id") == p[2]]
        if p == ["2", "tweets", "search", "recent"]:
            words = [w for w in self.q.get("query", "").lower().split()
                     if ":" not in w and not w.startswith("-")]
            return "search", [i for i, t in st.tweets.items()
                              if all(w in t.get("text", "").lower() for w in words)]
        if p[:2] == ["2", "lists"] and len(p) == 4 and p[3] == "tweets":
            return "list", st.home
        return None, None

    def page(self, kind, ids, path):
        st = self.server.state
        for k in self.q:
            if k not in FIELDS_OK:
                return self.send(400, fixture("error-400-invalid-request.json"), (),
                                 "application/problem+json")
        lo, hi = RANGES[kind]
        try:
            mx = int(self.q.get("max_results", "10"))
        except ValueError:
            mx = -1
        if not lo <= mx <= hi:
            return self.problem(400, "Invalid Request",
                                "The `max_results` query parameter value [%s] is not between %d and %d" % (self.q.get("max_results"), lo, hi),
                                "https://api.twitter.com/2/problems/invalid-request")
        with st.lock:
            ids = newest_first(ids)
            since = self.q.get("since_id")
            if since:
                ids = [i for i in ids if (len(i), i) > (len(since), since)]
            off = 0
            tok = self.q.get("pagination_token")
            if tok:
                if not tok.startswith("next") or not tok[4:].isdigit():
                    return self.problem(400, "Invalid Request", "bad pagination_token")
                off = int(tok[4:])
            chunk = ids[off:off + mx]
            data, users, tweets, media = [], {}, {}, {}
            for i in chunk:
                t = copy.deepcopy(st.tweets[i])
                data.append(t)
                self.expand(t, users, tweets, media)
                for r in t.get("referenced_tweets", []):
                    rt = st.tweets.get(r["id"])
                    if rt is not None:
                        tweets[rt["id"]] = rt
                        self.expand(rt, users, tweets, media)
            doc = {"meta": {"result_count": len(data)}}
            if data:
                doc["data"] = data
                doc["meta"]["newest_id"] = data[0]["id"]
                doc["meta"]["oldest_id"] = data[-1]["id"]
                inc = {}
                if users:
                    inc["users"] = list(users.values())
                if tweets:
                    inc["tweets"] = list(tweets.values())
                if media:
                    inc["media"] = list(media.values())
                if inc:
                    doc["includes"] = inc
            if off + mx < len(ids):
                doc["meta"]["next_token"] = "next%d" % (off + mx)
        errs = self.partial(path)
        if errs:
            doc["errors"] = errs
        self.send(200, doc, self.limits(kind))

    def expand(self, t, users, tweets, media):
        st = self.server.state
        for key in ("author_id", "in_reply_to_user_id"):
            u = st.users.get(t.get(key))
            if u is not None:
                users[u["id"]] = u
        for k in t.get("attachments", {}).get("media_keys", []):
            if k in st.media:
                media[k] = st.media[k]

    def create(self):
        st = self.server.state
        b = self.body or {}
        if not isinstance(b.get("text"), str) or not b["text"]:
            return self.problem(400, "Invalid Request", "text is required")
        with st.lock:
            tid = st.new_id()
            t = {"id": tid, "text": b["text"], "author_id": st.me["id"],
                 "created_at": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()),
                 "edit_history_tweet_ids": [tid]}
            refs = []
            rep = (b.get("reply") or {}).get("in_reply_to_tweet_id")
            if rep:
                refs.append({"type": "replied_to", "id": rep})
            if b.get("quote_tweet_id"):
                refs.append({"type": "quoted", "id": b["quote_tweet_id"]})
            if refs:
                t["referenced_tweets"] = refs
            st.tweets[tid] = t
        self.send(201, {"data": {"id": tid, "text": b["text"],
                                 "edit_history_tweet_ids": [tid]}}, self.limits("create"))

    # -- OAuth 2.0 -------------------------------------------------------
    def authorize(self):
        st = self.server.state
        q = self.q
        if q.get("response_type") != "code" or q.get("code_challenge_method") != "S256" \
                or not q.get("code_challenge") or not q.get("client_id") or not q.get("redirect_uri"):
            return self.problem(400, "Invalid Request", "bad authorize request")
        code = secrets.token_urlsafe(16)
        with st.lock:
            st.codes[code] = (q["code_challenge"], q["client_id"], q["redirect_uri"])
        loc = q["redirect_uri"] + "?" + urllib.parse.urlencode({"state": q.get("state", ""), "code": code})
        self.send(302, b"", [("Location", loc)], "text/plain")

    def tokens(self):
        st = self.server.state
        st.access = "acc-" + secrets.token_urlsafe(12)
        st.refresh = "ref-" + secrets.token_urlsafe(12)
        st.expires = time.time() + st.args.expires_in if st.args.expires_in else 0
        st.issued += 1
        doc = {"token_type": "bearer", "access_token": st.access,
               "scope": "tweet.read users.read tweet.write like.read like.write offline.access",
               "refresh_token": st.refresh}
        if st.args.expires_in:
            doc["expires_in"] = st.args.expires_in
        return doc

    def token(self, form):
        st = self.server.state
        with st.lock:
            g = form.get("grant_type")
            if g == "authorization_code":
                c = st.codes.pop(form.get("code", ""), None)
                v = form.get("code_verifier", "")
                want = base64.urlsafe_b64encode(hashlib.sha256(v.encode()).digest()).rstrip(b"=").decode()
                if c is None or c[0] != want or c[1] != form.get("client_id") or c[2] != form.get("redirect_uri"):
                    return self.send(400, {"error": "invalid_request",
                                           "error_description": "Value passed for the authorization code was invalid."})
                return self.send(200, self.tokens())
            if g == "refresh_token":
                if not st.refresh or form.get("refresh_token") != st.refresh or \
                        form.get("client_id") != st.args.client_id:
                    return self.send(400, {"error": "invalid_request",
                                           "error_description": "Value passed for the token was invalid."})
                return self.send(200, self.tokens())
        self.send(400, {"error": "unsupported_grant_type"})

    # -- control ---------------------------------------------------------
    def control(self, method, path):
        st = self.server.state
        b = self.body or {}
        with st.lock:
            if path == "/_control/requests":
                return self.send(200, [r for r in st.requests
                                       if r["path"].startswith(self.q.get("path_prefix", "/"))])
            if path == "/_control/clear-requests":
                st.requests.clear()
                return self.send(200, {})
            if path == "/_control/state":
                return self.send(200, {"issued": st.issued, "likes": sorted(st.likes),
                                       "retweets": sorted(st.retweets)})
            if path == "/_control/expire":
                st.expires = time.time() - 1
                return self.send(200, {})
            if path == "/_control/fault":
                if b.get("kind") == "clear":
                    st.faults.clear()
                else:
                    f = dict(b)
                    f.setdefault("count", 1)
                    st.faults.append(f)
                return self.send(200, {})
            if path == "/_control/post":
                tid = st.new_id()
                author = b.get("author", "2244994945")
                t = {"id": tid, "text": b.get("text", ""), "author_id": author,
                     "created_at": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())}
                urls = b.get("urls") or []
                if urls:
                    t["entities"] = {"urls": [{"start": 0, "end": 0, "url": s,
                                               "expanded_url": e, "display_url": d}
                                              for s, e, d in urls]}
                st.tweets[tid] = t
                st.home.append(tid)
                if b.get("mention"):
                    st.mentions.append(tid)
                return self.send(200, {"id": tid})
        self.send(404, {"error": "unknown control endpoint"})


def main():
    ap = argparse.ArgumentParser(description="Fake X API v2 server (loopback only).")
    ap.add_argument("--url-file", required=True)
    ap.add_argument("--token", default="user-token", help="the valid user access token")
    ap.add_argument("--refresh-token", default="refresh-1")
    ap.add_argument("--client-id", default="test-client")
    ap.add_argument("--app-token", default="app-token", help="a valid app bearer token")
    ap.add_argument("--expires-in", type=int, default=0, help="access tokens' life (0: forever)")
    ap.add_argument("--limit", type=int, default=180, help="requests per 15 minutes per endpoint")
    ap.add_argument("--max-seconds", type=float, default=600)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.state = State(args)
    tmp = args.url_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("http://127.0.0.1:%d" % srv.server_address[1])
    os.rename(tmp, args.url_file)
    parent = os.getppid()
    deadline = time.time() + args.max_seconds

    def watch():
        while time.time() < deadline and os.getppid() == parent:
            time.sleep(0.5)
        srv.shutdown()
    threading.Thread(target=watch, daemon=True).start()
    signal.signal(signal.SIGTERM, lambda *a: threading.Thread(target=srv.shutdown).start())
    srv.serve_forever()


if __name__ == "__main__":
    main()
