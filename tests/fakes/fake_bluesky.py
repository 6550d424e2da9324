#!/usr/bin/env python3
"""fake_bluesky.py - a fake Bluesky PDS (XRPC) for starling's tests.

Python 3.11 standard library only.  Listens on 127.0.0.1 only, on a free port,
and never opens an outgoing connection.  Views have the shapes of the real
PDS responses in tests/fixtures/bluesky/real/.  It exists for what a real
network cannot easily be made to do: 429 with RateLimit-* headers, 5xx,
malformed JSON, XRPC errors, expired access tokens, a wrong app password.

    python3 tests/fakes/fake_bluesky.py --url-file /tmp/url

prints "http://127.0.0.1:PORT", writes it to --url-file, serves until SIGTERM
or --max-seconds.  Accounts: alice.test (password "alice-app-pass") and
bob.test.  Control endpoints (POST JSON unless said):

  /_control/requests            GET: every XRPC request so far (method, nsid,
                                query, body, auth: "access"/"refresh"/"none")
  /_control/post                bob posts {"text", "facets"?, "labels"?,
                                "embed"?, "reply_to"?}; notifies alice when
                                it mentions or replies to her
  /_control/notify              {"reason": like|repost|follow|mention|reply|
                                quote} from bob
  /_control/fault               {"kind": "429"|"500"|"malformed"|"error",
                                "count": N, "nsid": PREFIX} or {"kind":
                                "clear"}
  /_control/expire              every access token expires now
  /_control/state               GET: seenAt, likes, reposts, records
"""

import argparse
import base64
import json
import os
import signal
import sys
import threading
import time
import urllib.parse
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

B32 = "234567abcdefghijklmnopqrstuvwxyz"
ALICE = "did:plc:alicealicealicealice00"
BOB = "did:plc:bobbobbobbobbobbobbob000"
PROFILES = {
    ALICE: {"did": ALICE, "handle": "alice.test", "displayName": "Alice"},
    BOB: {"did": BOB, "handle": "bob.test", "displayName": "Bob"},
}
PASSWORDS = {"alice.test": "alice-app-pass", "bob.test": "bob-app-pass"}


def iso(t):
    dt = datetime.fromtimestamp(t, tz=timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (int(t * 1000) % 1000)


def b64(d):
    return base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()


class State:
    def __init__(self, args):
        self.lock = threading.RLock()
        self.args = args
        self.clock = 0
        self.tids = set()
        self.posts = {}        # uri -> record dict (with author did)
        self.order = []        # timeline items, newest last:
                               # ("post", uri) or ("repost", uri, repost_uri, by)
        self.notes = []        # notification dicts, newest last
        self.likes = {}        # like uri -> subject uri (alice's)
        self.reposts = {}      # repost uri -> subject uri (alice's)
        self.records = []      # what createRecord received
        self.seen_at = None
        self.requests = []
        self.faults = []
        self.access = {}       # token -> exp
        self.refresh = {}      # token -> did
        self.serial = 0
        self.rl_limit = args.ratelimit_limit
        self.rl_left = args.ratelimit_limit
        self.rl_reset = int(time.time()) + 300
        self.seed()

    def tid(self):
        t = int(time.time() * 1000000) + self.clock
        self.clock += 1
        v = (t << 10) | 7
        s = ""
        for _ in range(13):
            s = B32[v & 31] + s
            v >>= 5
        return s

    def cid(self, uri):
        return "bafyrei" + base64.b32encode(uri.encode()).decode().lower().rstrip("=")[:45]

    def add_post(self, did, text, when, facets=None, labels=None, embed=None,
                 reply_to=None):
        uri = "at://%s/app.bsky.feed.post/%s" % (did, self.tid())
        rec = {"text": text, "$type": "app.bsky.feed.post", "langs": ["en"],
               "createdAt": iso(when)}
        if facets:
            rec["facets"] = facets
        if labels:
            rec["labels"] = {"$type": "com.atproto.label.defs#selfLabels",
                             "values": [{"val": v} for v in labels]}
        if embed:
            rec["embed"] = embed
        if reply_to:
            parent = self.posts[reply_to]
            root = parent["record"].get("reply", {}).get("root") or \
                {"uri": reply_to, "cid": self.cid(reply_to)}
            rec["reply"] = {"root": root, "parent": {"uri": reply_to,
                                                     "cid": self.cid(reply_to)}}
        self.posts[uri] = {"did": did, "record": rec, "indexed": when,
                           "likes": 0, "reposts": 0, "replies": 0}
        self.order.append(("post", uri, when))
        if reply_to:
            self.posts[reply_to]["replies"] += 1
        return uri

    def add_note(self, reason, author, uri, record, when, subject=None):
        n = {"uri": uri, "cid": self.cid(uri), "author": author,
             "reason": reason, "record": record, "isRead": False,
             "indexedAt": iso(when), "labels": [], "_t": when}
        if subject:
            n["reasonSubject"] = subject
        self.notes.append(n)

    def seed(self):
        now = time.time() - 3600
        a1 = self.add_post(ALICE, "hello world from alice, testing the C client", now)
        t = "Bob says hi 👋🏽 to 世界 — see example.com/page and @alice.test #cafe"
        bt = t.encode()
        link = bt.index(b"example.com/page")
        men = bt.index(b"@alice.test")
        tag = bt.index(b"#cafe")
        self.add_post(BOB, t, now + 10, facets=[
            {"index": {"byteStart": link, "byteEnd": link + 16},
             "features": [{"$type": "app.bsky.richtext.facet#link",
                           "uri": "https://example.com/page?full=1"}]},
            {"index": {"byteStart": men, "byteEnd": men + 11},
             "features": [{"$type": "app.bsky.richtext.facet#mention", "did": ALICE}]},
            {"index": {"byteStart": tag, "byteEnd": tag + 5},
             "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "cafe"}]},
            # hostile: out of range, inside a character, overlapping
            {"index": {"byteStart": 5, "byteEnd": 100000},
             "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://evil.example/"}]},
            {"index": {"byteStart": bt.index("👋".encode()) + 1, "byteEnd": link},
             "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://evil.example/2"}]},
            {"index": {"byteStart": link + 2, "byteEnd": link + 8},
             "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://evil.example/3"}]},
        ])
        r = self.add_post(BOB, "hello back from bob", now + 20, reply_to=a1)
        self.add_note("reply", PROFILES[BOB], r, self.posts[r]["record"], now + 20)
        self.add_post(BOB, "a cat on my desk", now + 30, embed={
            "$type": "app.bsky.embed.images",
            "images": [{"alt": "a grey cat asleep on a keyboard",
                        "image": {"$type": "blob", "ref": {"$link": "bafkrei"},
                                  "mimeType": "image/jpeg", "size": 1000}}]})
        self.add_post(BOB, "read this", now + 40, embed={
            "$type": "app.bsky.embed.external",
            "external": {"uri": "https://news.example/story",
                         "title": "The story of the week", "description": "d"}})
        self.add_post(BOB, "quoting alice", now + 50, embed={
            "$type": "app.bsky.embed.record",
            "record": {"uri": a1, "cid": self.cid(a1)}})
        self.add_post(BOB, "spicy content behind a label", now + 60,
                      labels=["porn"])
        rp = "at://%s/app.bsky.feed.repost/%s" % (BOB, self.tid())
        self.order.append(("repost", a1, rp, BOB, now + 70))
        self.posts[a1]["reposts"] += 1
        lk = "at://%s/app.bsky.feed.like/%s" % (BOB, self.tid())
        self.posts[a1]["likes"] += 1
        self.add_note("like", PROFILES[BOB], lk, {
            "$type": "app.bsky.feed.like", "subject": {"uri": a1, "cid": self.cid(a1)},
            "createdAt": iso(now + 80)}, now + 80, subject=a1)
        fo = "at://%s/app.bsky.graph.follow/%s" % (BOB, self.tid())
        self.add_note("follow", PROFILES[BOB], fo, {
            "$type": "app.bsky.graph.follow", "subject": ALICE,
            "createdAt": iso(now + 90)}, now + 90)
        m = self.add_post(BOB, "@alice.test are you there?", now + 100, facets=[
            {"index": {"byteStart": 0, "byteEnd": 11},
             "features": [{"$type": "app.bsky.richtext.facet#mention", "did": ALICE}]}])
        self.add_note("mention", PROFILES[BOB], m, self.posts[m]["record"], now + 100)
        for i in range(self.args.filler):
            self.add_post(BOB, "older filler post number %d" % i, now - 60 * (i + 1))
        self.order.sort(key=lambda it: it[-1])

    # --- views ---------------------------------------------------------
    def author(self, did):
        p = dict(PROFILES[did])
        p["avatar"] = "https://cdn.invalid/img/avatar/%s" % did
        p["viewer"] = {"muted": False, "blockedBy": False}
        p["labels"] = []
        return p

    def viewer_of(self, uri):
        v = {"bookmarked": False, "threadMuted": False}
        for lk, s in self.likes.items():
            if s == uri:
                v["like"] = lk
        for rp, s in self.reposts.items():
            if s == uri:
                v["repost"] = rp
        return v

    def embed_view(self, rec):
        e = rec.get("embed")
        if not e:
            return None
        t = e["$type"]
        if t == "app.bsky.embed.images":
            return {"$type": "app.bsky.embed.images#view", "images": [
                {"thumb": "https://cdn.invalid/thumb", "fullsize": "https://cdn.invalid/full",
                 "alt": im["alt"]} for im in e["images"]]}
        if t == "app.bsky.embed.external":
            return {"$type": "app.bsky.embed.external#view", "external": {
                "uri": e["external"]["uri"], "title": e["external"]["title"],
                "description": e["external"]["description"]}}
        if t == "app.bsky.embed.record":
            q = self.posts.get(e["record"]["uri"])
            if q is None:
                return {"$type": "app.bsky.embed.record#view", "record": {
                    "$type": "app.bsky.embed.record#viewNotFound",
                    "uri": e["record"]["uri"], "notFound": True}}
            return {"$type": "app.bsky.embed.record#view", "record": {
                "$type": "app.bsky.embed.record#viewRecord",
                "uri": e["record"]["uri"], "cid": self.cid(e["record"]["uri"]),
                "author": self.author(q["did"]), "value": q["record"],
                "indexedAt": iso(q["indexed"])}}
        return None

    def post_view(self, uri):
        p = self.posts[uri]
        v = {"uri": uri, "cid": self.cid(uri), "author": self.author(p["did"]),
             "record": p["record"], "bookmarkCount": 0,
             "replyCount": p["replies"], "repostCount": p["reposts"],
             "likeCount": p["likes"], "quoteCount": 0,
             "indexedAt": iso(p["indexed"]), "viewer": self.viewer_of(uri),
             "labels": []}
        ev = self.embed_view(p["record"])
        if ev:
            v["embed"] = ev
        return v

    def feed_item(self, it):
        if it[0] == "post":
            item = {"post": self.post_view(it[1])}
            reply = self.posts[it[1]]["record"].get("reply")
            if reply and reply["parent"]["uri"] in self.posts:
                pv = self.post_view(reply["parent"]["uri"])
                pv["$type"] = "app.bsky.feed.defs#postView"
                root = reply["root"]["uri"]
                rv = self.post_view(root) if root in self.posts else pv
                item["reply"] = {"root": rv, "parent": pv}
            return item
        _, uri, rp, by, when = it
        return {"post": self.post_view(uri), "reason": {
            "$type": "app.bsky.feed.defs#reasonRepost", "by": self.author(by),
            "uri": rp, "cid": self.cid(rp), "indexedAt": iso(when)}}


def page(items, q, limit_default=50):
    """Newest first; the cursor is the index of the next item."""
    try:
        limit = max(1, min(100, int(q.get("limit", [limit_default])[0])))
        start = int(q.get("cursor", ["0"])[0])
    except ValueError:
        return None, None
    chunk = items[start:start + limit]
    cursor = str(start + limit) if start + limit < len(items) else None
    return chunk, cursor


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-bluesky"

    def log_message(self, *a):
        pass

    def send(self, status, body, extra=None, raw=None):
        st = self.server.state
        data = raw if raw is not None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        with st.lock:
            now = int(time.time())
            if now >= st.rl_reset:
                st.rl_left, st.rl_reset = st.rl_limit, now + 300
            st.rl_left = max(0, st.rl_left - 1)
            hdr = {"RateLimit-Limit": str(st.rl_limit),
                   "RateLimit-Remaining": str(st.rl_left),
                   "RateLimit-Reset": str(st.rl_reset),
                   "RateLimit-Policy": "%d;w=300" % st.rl_limit}
        hdr.update(extra or {})
        for k, v in hdr.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def err(self, status, name, msg, extra=None):
        self.send(status, {"error": name, "message": msg}, extra)

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def handle_any(self, method):
        st = self.server.state
        url = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(url.query)
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n else b""
        if url.path.startswith("/_control/"):
            return self.control(url.path[10:], raw)
        if not url.path.startswith("/xrpc/"):
            return self.err(404, "NotFound", "no such path")
        nsid = url.path[6:]
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = "<not json>"
        auth = self.headers.get("Authorization") or ""
        tok = auth[7:] if auth.startswith("Bearer ") else None
        with st.lock:
            kind = "none"
            if tok in st.access:
                kind = "access"
            elif tok in st.refresh:
                kind = "refresh"
            elif tok:
                kind = "other"
            st.requests.append({"method": method, "nsid": nsid, "query": q,
                                "body": body, "auth": kind,
                                "content_type": self.headers.get("Content-Type"),
                                "raw_len": len(raw), "t": time.time()})
            fault = None
            for f in st.faults:
                if f["count"] > 0 and nsid.startswith(f.get("nsid", "")):
                    f["count"] -= 1
                    fault = f
                    break
        if fault:
            k = fault["kind"]
            if k == "429":
                reset = int(time.time()) + int(fault.get("reset", 30))
                return self.send(429, {"error": "RateLimitExceeded",
                                       "message": "Rate Limit Exceeded"},
                                 {"RateLimit-Remaining": "0",
                                  "RateLimit-Reset": str(reset)})
            if k == "500":
                return self.err(502, "UpstreamFailure", "the AppView is down")
            if k == "malformed":
                return self.send(200, None, raw=b'{"feed": [ {"post": tru')
            if k == "error":
                return self.err(400, fault.get("name", "InvalidRequest"),
                                fault.get("message", "something is wrong"))
        if nsid == "com.atproto.server.createSession":
            return self.create_session(body)
        if nsid == "com.atproto.server.refreshSession":
            return self.refresh_session(tok, raw)
        with st.lock:
            exp = st.access.get(tok)
        if exp is None:
            return self.err(401, "AuthenticationRequired", "Invalid token")
        if exp <= time.time():
            return self.err(400, "ExpiredToken", "Token has expired")
        with st.lock:
            return self.xrpc(nsid, q, body)

    def tokens(self, did):
        st = self.server.state
        st.serial += 1
        now = int(time.time())
        acc = "%s.%s.sig%d" % (b64({"typ": "at+jwt", "alg": "HS256"}), b64(
            {"scope": "com.atproto.access", "sub": did, "iat": now,
             "exp": now + st.args.access_ttl}), st.serial)
        ref = "%s.%s.sig%d" % (b64({"typ": "refresh+jwt", "alg": "HS256"}), b64(
            {"scope": "com.atproto.refresh", "sub": did, "iat": now,
             "exp": now + 90 * 86400, "jti": "j%d" % st.serial}), st.serial)
        st.access[acc] = now + st.args.access_ttl
        st.refresh[ref] = did
        h = PROFILES[did]["handle"]
        return {"did": did, "handle": h, "accessJwt": acc, "refreshJwt": ref}

    def create_session(self, body):
        st = self.server.state
        if not isinstance(body, dict):
            return self.err(400, "InvalidRequest", "Input must be an object")
        ident = body.get("identifier")
        pw = body.get("password")
        if PASSWORDS.get(ident) != pw:
            return self.err(401, "AuthenticationRequired",
                            "Invalid identifier or password")
        did = ALICE if ident == "alice.test" else BOB
        with st.lock:
            out = self.tokens(did)
        out.update({"email": "%s@example.com" % ident, "active": True})
        return self.send(200, out)

    def refresh_session(self, tok, raw):
        st = self.server.state
        with st.lock:
            did = st.refresh.pop(tok, None)
            if did is None:
                return self.err(400, "ExpiredToken", "Token has expired")
            if raw:
                return self.err(400, "InvalidRequest", "no body expected")
            return self.send(200, self.tokens(did))

    def xrpc(self, nsid, q, body):
        st = self.server.state
        items = list(reversed(st.order))
        if nsid == "app.bsky.feed.getTimeline":
            chunk, cursor = page(items, q)
            out = {"feed": [st.feed_item(it) for it in chunk]}
            if cursor:
                out["cursor"] = cursor
            return self.send(200, out)
        if nsid == "app.bsky.feed.getAuthorFeed":
            actor = q.get("actor", [""])[0]
            did = next((d for d, p in PROFILES.items() if p["handle"] == actor
                        or d == actor), None)
            if did is None:
                return self.err(400, "InvalidRequest", "Profile not found")
            mine = [it for it in items if (it[0] == "post" and
                    st.posts[it[1]]["did"] == did) or (it[0] == "repost" and it[3] == did)]
            chunk, cursor = page(mine, q)
            out = {"feed": [st.feed_item(it) for it in chunk]}
            if cursor:
                out["cursor"] = cursor
            return self.send(200, out)
        if nsid == "app.bsky.feed.searchPosts":
            term = q.get("q", [""])[0]
            hits = [it for it in items if it[0] == "post" and
                    term in st.posts[it[1]]["record"]["text"]]
            chunk, cursor = page(hits, q, 25)
            out = {"posts": [st.post_view(it[1]) for it in chunk]}
            if cursor:
                out["cursor"] = cursor
            return self.send(200, out)
        if nsid == "app.bsky.notification.listNotifications":
            reasons = q.get("reasons")
            notes = [n for n in reversed(st.notes)
                     if not reasons or n["reason"] in reasons]
            chunk, cursor = page(notes, q)
            out = {"notifications": [], "priority": False}
            for n in chunk:
                n = dict(n)
                t = n.pop("_t")
                n["isRead"] = st.seen_at is not None and t <= st.seen_at
                out["notifications"].append(n)
            if st.seen_at is not None:
                out["seenAt"] = iso(st.seen_at)
            if cursor:
                out["cursor"] = cursor
            return self.send(200, out)
        if nsid == "app.bsky.notification.updateSeen":
            if not isinstance(body, dict) or "seenAt" not in body:
                return self.err(400, "InvalidRequest",
                                'Input must have the property "seenAt"')
            dt = datetime.strptime(body["seenAt"], "%Y-%m-%dT%H:%M:%S.%fZ")
            st.seen_at = dt.replace(tzinfo=timezone.utc).timestamp()
            return self.send(200, {})
        if nsid == "app.bsky.feed.getPosts":
            uris = q.get("uris", [])
            return self.send(200, {"posts": [st.post_view(u) for u in uris
                                             if u in st.posts]})
        if nsid == "app.bsky.feed.getPostThread":
            uri = q.get("uri", [""])[0]
            if uri not in st.posts:
                return self.err(400, "NotFound", "Post not found: %s" % uri)
            return self.send(200, {"thread": self.thread(uri)})
        if nsid == "com.atproto.identity.resolveHandle":
            h = q.get("handle", [""])[0]
            did = next((d for d, p in PROFILES.items() if p["handle"] == h), None)
            if did is None:
                return self.err(400, "InvalidRequest", "Unable to resolve handle")
            return self.send(200, {"did": did})
        if nsid == "com.atproto.repo.createRecord":
            return self.create_record(body)
        if nsid == "com.atproto.repo.deleteRecord":
            if not isinstance(body, dict):
                return self.err(400, "InvalidRequest", "bad body")
            uri = "at://%s/%s/%s" % (body.get("repo"), body.get("collection"),
                                     body.get("rkey"))
            st.records.append({"deleted": uri})
            for table, field in ((st.likes, "likes"), (st.reposts, "reposts")):
                if uri in table:
                    s = table.pop(uri)
                    if s in st.posts:
                        st.posts[s][field] -= 1
            return self.send(200, {"commit": {"cid": "bafyc", "rev": st.tid()}})
        if nsid == "app.bsky.graph.getLists":
            return self.send(200, {"lists": [{
                "uri": "at://%s/app.bsky.graph.list/3lfriends2222" % ALICE,
                "cid": "bafyl", "name": "Friends", "purpose":
                "app.bsky.graph.defs#curatelist"}]})
        if nsid in ("app.bsky.feed.getListFeed", "app.bsky.feed.getFeed"):
            bobs = [it for it in items if it[0] == "post" and
                    st.posts[it[1]]["did"] == BOB]
            chunk, cursor = page(bobs, q)
            out = {"feed": [st.feed_item(it) for it in chunk]}
            if cursor:
                out["cursor"] = cursor
            return self.send(200, out)
        return self.err(501, "MethodNotImplemented", "Method Not Implemented")

    def thread(self, uri):
        st = self.server.state
        node = {"$type": "app.bsky.feed.defs#threadViewPost",
                "post": st.post_view(uri), "replies": []}
        for it in st.order:
            if it[0] == "post":
                r = st.posts[it[1]]["record"].get("reply")
                if r and r["parent"]["uri"] == uri:
                    node["replies"].append({"$type": "app.bsky.feed.defs#threadViewPost",
                                            "post": st.post_view(it[1]), "replies": []})
        r = st.posts[uri]["record"].get("reply")
        if r and r["parent"]["uri"] in st.posts:
            parent = {"$type": "app.bsky.feed.defs#threadViewPost",
                      "post": st.post_view(r["parent"]["uri"])}
            node["parent"] = parent
        return node

    def create_record(self, body):
        st = self.server.state
        if not isinstance(body, dict) or not isinstance(body.get("record"), dict):
            return self.err(400, "InvalidRequest", "bad body")
        coll = body.get("collection")
        rec = body["record"]
        st.records.append(body)
        rkey = st.tid()
        uri = "at://%s/%s/%s" % (body.get("repo"), coll, rkey)
        if coll == "app.bsky.feed.post":
            reply = rec.get("reply")
            st.posts[uri] = {"did": ALICE, "record": rec, "indexed": time.time(),
                             "likes": 0, "reposts": 0, "replies": 0}
            st.order.append(("post", uri, time.time()))
            if reply and reply.get("parent", {}).get("uri") in st.posts:
                st.posts[reply["parent"]["uri"]]["replies"] += 1
        elif coll in ("app.bsky.feed.like", "app.bsky.feed.repost"):
            s = rec.get("subject", {}).get("uri")
            if s not in st.posts:
                return self.err(400, "InvalidRequest", "subject not found")
            table = st.likes if coll.endswith("like") else st.reposts
            table[uri] = s
            st.posts[s]["likes" if coll.endswith("like") else "reposts"] += 1
        return self.send(200, {"uri": uri, "cid": st.cid(uri), "commit": {
            "cid": "bafyc", "rev": rkey}, "validationStatus": "valid"})

    def control(self, what, raw):
        st = self.server.state
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            return self.err(400, "Bad", "bad json")
        with st.lock:
            if what == "requests":
                return self.send(200, st.requests)
            if what == "state":
                return self.send(200, {"seenAt": st.seen_at, "likes": st.likes,
                                       "reposts": st.reposts,
                                       "records": st.records,
                                       "posts": {u: p["record"] for u, p in
                                                 st.posts.items()}})
            if what == "post":
                uri = st.add_post(BOB, body.get("text", "new post"), time.time(),
                                  facets=body.get("facets"),
                                  labels=body.get("labels"),
                                  embed=body.get("embed"),
                                  reply_to=body.get("reply_to"))
                rec = st.posts[uri]["record"]
                if "@alice.test" in rec["text"]:
                    st.add_note("mention", PROFILES[BOB], uri, rec, time.time())
                return self.send(200, {"uri": uri})
            if what == "notify":
                reason = body.get("reason", "like")
                target = next(it[1] for it in reversed(st.order)
                              if it[0] == "post" and st.posts[it[1]]["did"] == ALICE)
                uri = "at://%s/app.bsky.feed.%s/%s" % (BOB, reason, st.tid())
                st.add_note(reason, PROFILES[BOB], uri, {
                    "$type": "app.bsky.feed.%s" % reason,
                    "subject": {"uri": target, "cid": st.cid(target)},
                    "createdAt": iso(time.time())}, time.time(), subject=target)
                return self.send(200, {"uri": uri})
            if what == "fault":
                if body.get("kind") == "clear":
                    st.faults = []
                else:
                    body.setdefault("count", 1)
                    st.faults.append(body)
                return self.send(200, {})
            if what == "expire":
                for k in st.access:
                    st.access[k] = 0
                return self.send(200, {})
        return self.err(404, "NotFound", "no such control")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url-file")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--max-seconds", type=float, default=1800)
    ap.add_argument("--access-ttl", type=int, default=7200)
    ap.add_argument("--filler", type=int, default=60)
    ap.add_argument("--ratelimit-limit", type=int, default=3000)
    args = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    srv.daemon_threads = True
    srv.state = State(args)
    url = "http://127.0.0.1:%d" % srv.server_address[1]
    if args.url_file:
        tmp = args.url_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(url)
        os.replace(tmp, args.url_file)
    print(url, flush=True)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    threading.Timer(args.max_seconds, lambda: os._exit(0)).start()
    try:
        srv.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    os._exit(0)


if __name__ == "__main__":
    main()
