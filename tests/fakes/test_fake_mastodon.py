#!/usr/bin/env python3
"""Self-test for tests/fakes/fake_mastodon.py.

Starts the fake as a subprocess (127.0.0.1 only) and checks its endpoints,
pagination, streaming and faults with the standard library's HTTP client.
Prints one line per check and ends with "tally: N passed, M failed"; exits
non-zero when anything failed.  Runs in well under 30 s.
"""

import base64
import hashlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
FAKE = os.path.join(HERE, "fake_mastodon.py")
FIXTURES = os.path.normpath(os.path.join(HERE, "..", "fixtures", "mastodon"))

PASSED = 0
FAILED = 0
TOKEN = "test-token"


def check(name, cond, detail=""):
    global PASSED, FAILED
    if cond:
        PASSED += 1
        print("ok   - %s" % name)
    else:
        FAILED += 1
        print("FAIL - %s%s" % (name, (": " + str(detail)[:500]) if detail != "" else ""))
    return cond


def fixture(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
        return json.load(f)


class Fake:
    def __init__(self, *extra):
        self.dir = tempfile.mkdtemp(prefix="fake-mastodon-test-")
        self.url_file = os.path.join(self.dir, "url")
        self.err = open(os.path.join(self.dir, "stderr"), "w+")
        self.p = subprocess.Popen([sys.executable, FAKE, "--url-file", self.url_file, "--heartbeat", "1",
                                   "--max-seconds", "120"] + list(extra),
                                  stdout=subprocess.PIPE, stderr=self.err, text=True)
        self.stdout_line = self.p.stdout.readline().strip()
        deadline = time.time() + 10
        while not os.path.exists(self.url_file) and time.time() < deadline:
            time.sleep(0.05)
        with open(self.url_file) as f:
            self.base = f.read()
        u = urllib.parse.urlsplit(self.base)
        self.host, self.port = u.hostname, u.port

    def req(self, method, path, token=TOKEN, json_body=None, form=None, headers=None, timeout=10, raw=None):
        c = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        h = {}
        if token:
            h["Authorization"] = "Bearer " + token
        body = raw
        if json_body is not None:
            body = json.dumps(json_body).encode()
            h["Content-Type"] = "application/json"
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True).encode()
            h["Content-Type"] = "application/x-www-form-urlencoded"
        h.update(headers or {})
        try:
            c.request(method, path, body=body, headers=h)
            r = c.getresponse()
            data = r.read()
            return r.status, r.headers, data
        finally:
            c.close()

    def get(self, path, **kw):
        return self.req("GET", path, **kw)

    def getj(self, path, **kw):
        st, hd, data = self.req("GET", path, **kw)
        return st, hd, json.loads(data) if data else None

    def post(self, path, **kw):
        st, hd, data = self.req("POST", path, **kw)
        try:
            return st, hd, json.loads(data)
        except ValueError:
            return st, hd, data

    def control(self, what, body=None):
        st, hd, data = self.req("POST", "/_control/" + what, token=None, json_body=body or {})
        return json.loads(data) if data else None

    def state(self):
        return json.loads(self.req("GET", "/_control/state", token=None)[2])

    def stop(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
            try:
                return self.p.wait(5)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
                return None
        return self.p.returncode


class SSE:
    """Raw-socket SSE client that decodes HTTP/1.1 chunked framing itself."""

    def __init__(self, fake, path, token=TOKEN):
        self.s = socket.create_connection((fake.host, fake.port), timeout=5)
        auth = "Authorization: Bearer %s\r\n" % token if token else ""
        self.s.sendall(("GET %s HTTP/1.1\r\nHost: %s:%d\r\n%sAccept: text/event-stream\r\n\r\n"
                        % (path, fake.host, fake.port, auth)).encode())
        self.raw = b""
        self.buf = b""
        self.eof = False
        self.clean_end = False
        while b"\r\n\r\n" not in self.raw:
            d = self.s.recv(65536)
            if not d:
                break
            self.raw += d
        head, _, self.raw = self.raw.partition(b"\r\n\r\n")
        lines = head.decode().split("\r\n")
        self.status = int(lines[0].split()[1])
        self.headers = {l.split(":", 1)[0].lower(): l.split(":", 1)[1].strip() for l in lines[1:] if ":" in l}
        self._decode()

    def _decode(self):
        if self.headers.get("transfer-encoding") != "chunked":
            self.buf += self.raw
            self.raw = b""
            return
        while True:
            i = self.raw.find(b"\r\n")
            if i < 0:
                return
            n = int(self.raw[:i].split(b";")[0], 16)
            if n == 0:
                self.clean_end = True
                self.raw = b""
                return
            if len(self.raw) < i + 2 + n + 2:
                return
            self.buf += self.raw[i + 2:i + 2 + n]
            self.raw = self.raw[i + 2 + n + 2:]

    def wait_for(self, pred, timeout=4.0):
        deadline = time.time() + timeout
        while not pred(self.buf) and not self.eof and time.time() < deadline:
            self.s.settimeout(max(0.05, deadline - time.time()))
            try:
                d = self.s.recv(65536)
            except socket.timeout:
                break
            except OSError:
                self.eof = True
                break
            if not d:
                self.eof = True
                break
            self.raw += d
            self._decode()
        return pred(self.buf)

    def events(self):
        out = []
        for block in self.buf.decode("utf-8", "replace").split("\n\n"):
            ev, data = None, None
            for line in block.split("\n"):
                if line.startswith("event: "):
                    ev = line[7:]
                elif line.startswith("data: "):
                    data = line[6:]
            if ev:
                out.append((ev, data))
        return out

    def event(self, name, pred=lambda d: True, timeout=4.0):
        def has(_):
            return any(e == name and d is not None and pred(d) for e, d in self.events())
        self.wait_for(lambda b: b.endswith(b"\n\n") and has(b), timeout)
        for e, d in self.events():
            if e == name and d is not None and pred(d):
                return d
        return None

    def close(self):
        try:
            self.s.close()
        except OSError:
            pass


def link_urls(hd):
    link = hd.get("Link") or ""
    return dict((rel, url) for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', link))


def path_of(url):
    u = urllib.parse.urlsplit(url)
    return u.path + ("?" + u.query if u.query else "")


def walk(fake, path, limit=40, cap=20):
    out = []
    while path and cap:
        st, hd, d = fake.getj(path)
        if st != 200 or not d:
            break
        out += d
        nxt = link_urls(hd).get("next")
        path = path_of(nxt) if nxt else None
        cap -= 1
    return out


MENTION_RE = re.compile(r'<span class="h-card" translate="no"><a href="[^"]+/@\w+" class="u-url mention">'
                        r'@<span>\w+</span></a></span>')
HASHTAG_RE = re.compile(r'<a href="[^"]+/tags/[^"]+" class="mention hashtag" rel="tag">#<span>[^<]+</span></a>')
LINK_RE = re.compile(r'<a href="https?://[^"]+" target="_blank" rel="nofollow noopener" translate="no">'
                     r'<span class="invisible">[^<]*</span><span class="ellipsis">[^<]+</span>'
                     r'<span class="invisible">[^<]+</span></a>')


def main():
    t_start = time.time()
    home_full = fixture("timeline-home-full.json")
    own_keys = set(home_full[0].keys())
    other_keys = set(home_full[2].keys())
    remote_keys = set(fixture("status-custom-emoji.json").keys())
    wrapper_keys = set(fixture("status-reblog-full.json").keys())
    local_acc_keys = set(home_full[2]["account"].keys())
    remote_acc_keys = set(fixture("status-custom-emoji.json")["account"].keys())

    F = Fake("--seed", "3")
    try:
        # -- startup ---------------------------------------------------------
        check("url file and stdout agree", F.base == F.stdout_line and F.base.startswith("http://127.0.0.1:"),
              (F.base, F.stdout_line))
        st, hd, body = F.get("/api/v1/streaming/health", token=None)
        check("streaming health OK", st == 200 and body == b"OK", (st, body))

        st, hd, d = F.getj("/api/v2/instance", token=None)
        check("v2 instance without auth", st == 200)
        check("v2 instance streaming url = base", d["configuration"]["urls"]["streaming"] == F.base)
        check("v2 instance max_characters 500", d["configuration"]["statuses"]["max_characters"] == 500)
        check("v2 instance shape = fixture", set(d) == set(fixture("instance-v2.json")))
        check("v2 instance rate-limit headers", hd.get("X-RateLimit-Limit") == "300"
              and hd.get("X-RateLimit-Remaining") is not None and "T" in (hd.get("X-RateLimit-Reset") or ""))
        st, hd, d = F.getj("/api/v1/instance", token=None)
        check("v1 instance without auth", st == 200 and d["urls"]["streaming_api"] == F.base)

        # -- auth --------------------------------------------------------------
        st, hd, d = F.getj("/api/v1/timelines/home", token=None)
        check("home without token is 401 with fixture body", st == 401 and d == fixture("error-unauthorized.json"),
              (st, d))
        st, hd, d = F.getj("/api/v1/timelines/home", token="wrong")
        check("home with wrong token is 401", st == 401 and "WWW-Authenticate" in hd)
        st, hd, d = F.getj("/api/v1/timelines/home?access_token=" + TOKEN, token=None)
        check("access_token query param accepted", st == 200)

        # -- home pagination ---------------------------------------------------------
        st, hd, raw = F.get("/api/v1/timelines/home")
        p1 = json.loads(raw)
        ids = [int(s["id"]) for s in p1]
        check("home default limit 20", st == 200 and len(p1) == 20, len(p1))
        check("home newest first", ids == sorted(ids, reverse=True))
        check("home content type", hd.get("Content-Type") == "application/json; charset=utf-8")
        check("REST JSON escapes < > & like Rails", b"\\u003cp\\u003e" in raw and b"<p>" not in raw)
        links = link_urls(hd)
        check("Link rel=next max_id=last", links.get("next") == F.base + "/api/v1/timelines/home?max_id=%d" % ids[-1],
              hd.get("Link"))
        check("Link rel=prev min_id=first", links.get("prev") == F.base + "/api/v1/timelines/home?min_id=%d" % ids[0])
        st, hd2, p2 = F.getj(path_of(links["next"]))
        ids2 = [int(s["id"]) for s in p2]
        check("next page strictly older", len(p2) == 20 and max(ids2) < min(ids))
        st, hd3, d = F.getj("/api/v1/timelines/home?limit=100")
        check("limit capped at 40", len(d) == 40, len(d))
        check("Link keeps limit param", "limit=100&max_id=" in (hd3.get("Link") or ""), hd3.get("Link"))
        st, _, d = F.getj("/api/v1/timelines/home?limit=5")
        check("limit=5", len(d) == 5)
        st, _, d = F.getj("/api/v1/timelines/home?since_id=%d" % ids[10])
        check("since_id gives newest newer", [int(s["id"]) for s in d] == ids[:10], [s["id"] for s in d])
        st, _, d = F.getj("/api/v1/timelines/home?min_id=%d&limit=3" % ids[10])
        check("min_id gives page just newer, newest first", [int(s["id"]) for s in d] == ids[7:10],
              ([s["id"] for s in d], ids[7:10]))
        st, _, d = F.getj("/api/v1/timelines/home?since_id=%d&limit=3" % ids[10])
        check("since_id with limit gives the newest ones", [int(s["id"]) for s in d] == ids[:3])
        st, _, d = F.getj("/api/v1/timelines/home?max_id=%d&since_id=%d" % (ids[2], ids[6]))
        check("max_id+since_id window", [int(s["id"]) for s in d] == ids[3:6])
        st, hd, d = F.getj("/api/v1/timelines/home?since_id=%d" % ids[0])
        check("empty page has no Link", d == [] and hd.get("Link") is None)

        # -- shapes and content ----------------------------------------------------------
        home = walk(F, "/api/v1/timelines/home?limit=40")
        public = walk(F, "/api/v1/timelines/public?limit=40")
        check("home walk reaches the seeded statuses", len(home) >= 120, len(home))
        shape_bad = []
        for s in home + public:
            if s["reblog"] is not None:
                ok = set(s) == wrapper_keys or set(s) == wrapper_keys - {"application"}
                inner = s["reblog"]
            else:
                inner = s
                ok = True
            acct = inner["account"]["acct"]
            ks = set(inner)
            if inner["account"]["username"] == "starling" and "@" not in acct:
                ok = ok and ks == own_keys
            elif "@" in acct:
                ok = ok and ks == remote_keys
            else:
                ok = ok and ks == other_keys
            ak = set(inner["account"])
            ok = ok and (ak == (remote_acc_keys if "@" in acct else local_acc_keys))
            if not ok:
                shape_bad.append(s["id"])
        check("every status/account has a real Mastodon key set", not shape_bad, shape_bad[:5])
        origs = [s["reblog"] or s for s in home + public]
        contents = " ".join(o["content"] for o in origs)
        check("mention HTML exactly as Mastodon", MENTION_RE.search(contents) is not None)
        check("hashtag HTML exactly as Mastodon", HASHTAG_RE.search(contents) is not None)
        check("long link with invisible/ellipsis spans", LINK_RE.search(contents) is not None)
        check("<p> paragraphs and <br />", "</p><p>" in contents and "<br />" in contents)
        for ent in ("&amp;", "&lt;", "&gt;", "&quot;", "&#39;"):
            check("entity %s present" % ent, ent in contents)
        check("numeric entities present", re.search(r"&#\d+;", contents) and re.search(r"&#x[0-9a-fA-F]+;", contents))
        check("custom emoji :blobcat: with emojis[]", any(":blobcat:" in o["content"] and
                                                          any(e["shortcode"] == "blobcat" for e in o["emojis"])
                                                          for o in origs))
        check("spoiler_text with sensitive", any(o["spoiler_text"] and o["sensitive"] for o in origs))
        media = [m for o in origs for m in o["media_attachments"]]
        check("media of every type", {m["type"] for m in media} >= {"image", "video", "gifv", "audio"})
        check("media with descriptions (and some null)", any(m["description"] for m in media)
              and any(m["description"] is None for m in media))
        check("poll", any(o["poll"] and len(o["poll"]["options"]) >= 2 for o in origs))
        replies = [o for o in origs if o["in_reply_to_id"]]
        check("reply with in_reply_to_account_id and mention",
              any(o["in_reply_to_account_id"] and o["mentions"] and
                  o["mentions"][0]["id"] == o["in_reply_to_account_id"] for o in replies))
        wrappers = [s for s in home if s["reblog"]]
        check("reblog wrapper", wrappers and all(w["content"] == "" and w["reblog"]["id"] != w["id"]
                                                 for w in wrappers))
        allc = contents + " ".join(o["account"]["display_name"] for o in origs)
        for label, pat in (("CJK", "今日は"), ("Arabic", "مرحبا"), ("Hebrew", "שלום"),
                           ("emoji ZWJ", "\u200d"), ("skin tone", "\U0001F3FF"), ("flag", "\U0001F1EF\U0001F1F5"),
                           ("combining mark", "e\u0301")):
            check("unicode: " + label, pat in allc)
        check("Pleroma-style content without <p>", any(not o["content"].startswith("<p>") and o["content"]
                                                       for o in origs))

        # -- other timelines ---------------------------------------------------------------
        st, _, d = F.getj("/api/v1/timelines/public?local=true&limit=40")
        check("public local=true only local accounts", d and all("@" not in s["account"]["acct"] for s in d))
        st, _, d = F.getj("/api/v1/timelines/public?remote=true&limit=40")
        check("public remote=true only remote accounts", d and all("@" in s["account"]["acct"] for s in d))
        check("public has no reblogs", all(s["reblog"] is None for s in public))
        st, hd, d = F.getj("/api/v1/timelines/tag/cats?limit=40")
        check("tag timeline", st == 200 and d and all(any(t["name"] == "cats" for t in s["tags"]) for s in d), len(d))
        st, _, d = F.getj("/api/v1/timelines/list/12249")
        check("list timeline", st == 200 and len(d) > 0)
        st, _, d = F.getj("/api/v1/timelines/list/999")
        check("unknown list 404", st == 404 and d == fixture("error-not-found.json"))
        st, _, d = F.getj("/api/v1/lists")
        check("lists = fixture", d == fixture("lists.json"))

        # -- accounts -------------------------------------------------------------------------
        st, _, me = F.getj("/api/v1/accounts/verify_credentials")
        check("verify_credentials", st == 200 and me["username"] == "starling" and "source" in me and "role" in me)
        st, _, ada = F.getj("/api/v1/accounts/lookup?acct=ada")
        check("lookup local", st == 200 and ada["acct"] == "ada")
        st, _, bob = F.getj("/api/v1/accounts/lookup?acct=bob@remote.example")
        check("lookup remote", st == 200 and bob["acct"] == "bob@remote.example")
        st, _, d = F.getj("/api/v1/accounts/lookup?acct=nobody")
        check("lookup unknown 404", st == 404 and d == fixture("error-not-found.json"))
        st, hd, d = F.getj("/api/v1/accounts/%s/statuses?limit=5" % ada["id"])
        check("account statuses", st == 200 and d and all(s["account"]["id"] == ada["id"] for s in d)
              and "rel=\"next\"" in (hd.get("Link") or ""))

        # -- notifications -------------------------------------------------------------------------
        st, hd, d = F.getj("/api/v1/notifications")
        check("notifications", st == 200 and len(d) == 30, len(d))
        check("notification shape", set(d[0]) <= set(fixture("notification-status.json")) and
              all(("status" in n) == (n["type"] not in ("follow", "follow_request")) for n in d))
        st, hd, d = F.getj("/api/v1/notifications?types[]=mention&limit=5")
        check("types[] filter", d and all(n["type"] == "mention" for n in d))
        check("Link keeps types[]", "types%5B%5D=mention" in (hd.get("Link") or ""), hd.get("Link"))
        st, hd, d = F.getj("/api/v1/notifications?exclude_types[]=mention&exclude_types[]=favourite")
        check("exclude_types[] filter", d and all(n["type"] not in ("mention", "favourite") for n in d))

        # -- search ------------------------------------------------------------------------------------
        st, _, d = F.getj("/api/v2/search?q=coffee&type=statuses")
        check("search statuses", st == 200 and d["statuses"] and
              all("coffee" in s["content"].lower() for s in d["statuses"]) and d["accounts"] == [])
        st, _, d = F.getj("/api/v2/search?q=cat")
        check("search hashtags+accounts", any(t["name"] == "cats" for t in d["hashtags"]))

        # -- posting ---------------------------------------------------------------------------------
        n0 = F.state()["statuses"]
        st, _, s1 = F.post("/api/v1/statuses", form={"status": "Hello & <b>world</b> #StarlingDeck @ada",
                                                      "visibility": "public"},
                           headers={"Idempotency-Key": "key-1"})
        check("POST status (form)", st == 200 and s1["content"].startswith("<p>Hello &amp; &lt;b&gt;world&lt;/b&gt; ")
              and HASHTAG_RE.search(s1["content"]) and MENTION_RE.search(s1["content"])
              and s1["tags"][0]["name"] == "starlingdeck" and s1["mentions"][0]["acct"] == "ada", s1)
        check("posted status has own key set", set(s1) == own_keys)
        st, _, s2 = F.post("/api/v1/statuses", form={"status": "Hello again"}, headers={"Idempotency-Key": "key-1"})
        check("Idempotency-Key returns the same status", s2["id"] == s1["id"])
        check("Idempotency-Key creates nothing", F.state()["statuses"] == n0 + 1)
        st, _, d = F.getj("/api/v1/timelines/home?limit=1")
        check("new status tops home", d[0]["id"] == s1["id"])
        st, _, d = F.post("/api/v1/statuses", form={"status": ""})
        check("empty status 422 fixture", st == 422 and d == fixture("error-validation.json"), (st, d))
        st, _, d = F.post("/api/v1/statuses", form={"status": "x" * 501})
        check("over 500 chars 422", st == 422)
        st, _, d = F.post("/api/v1/statuses", form={"status": "é" * 250 + " https://example.com/" + "a" * 300})
        check("URL counts as 23 chars", st == 200, d)
        target = next(s for s in home if s["reblog"] is None and s["account"]["username"] != "starling"
                      and s["visibility"] == "public")
        st, _, s3 = F.post("/api/v1/statuses", json_body={"status": "@%s reply via JSON" % target["account"]["acct"],
                                                          "in_reply_to_id": target["id"], "visibility": "unlisted",
                                                          "spoiler_text": "cw", "language": "de"})
        check("POST status (JSON) reply", st == 200 and s3["in_reply_to_id"] == target["id"]
              and s3["in_reply_to_account_id"] == target["account"]["id"] and s3["spoiler_text"] == "cw"
              and s3["sensitive"] and s3["visibility"] == "unlisted" and s3["language"] == "de", s3)
        st, _, d = F.getj("/api/v1/timelines/public?limit=5")
        check("unlisted not in public", all(s["id"] != s3["id"] for s in d))
        st, _, ctx = F.getj("/api/v1/statuses/%s/context" % target["id"])
        check("context descendants include reply", st == 200 and any(s["id"] == s3["id"] for s in ctx["descendants"]))
        st, _, ctx = F.getj("/api/v1/statuses/%s/context" % s3["id"])
        check("context ancestors", ctx["ancestors"] and ctx["ancestors"][-1]["id"] == target["id"])
        st, _, d = F.getj("/api/v1/statuses/%s" % target["id"])
        check("GET status", st == 200 and d["id"] == target["id"] and d["replies_count"] == target["replies_count"] + 1)
        st, _, d = F.getj("/api/v1/statuses/1")
        check("GET unknown status 404", st == 404)

        # -- actions ------------------------------------------------------------------------------------
        tid = target["id"]
        st, _, d = F.post("/api/v1/statuses/%s/favourite" % tid)
        check("favourite", st == 200 and d["favourited"] and d["favourites_count"] == target["favourites_count"] + 1
              or (target["favourited"] and d["favourites_count"] == target["favourites_count"]), d.get("favourites_count"))
        fc = d["favourites_count"]
        st, _, d = F.post("/api/v1/statuses/%s/favourite" % tid)
        check("favourite twice counts once", d["favourites_count"] == fc)
        st, _, d = F.post("/api/v1/statuses/%s/unfavourite" % tid)
        check("unfavourite", not d["favourited"] and d["favourites_count"] == fc - 1)
        st, _, d = F.post("/api/v1/statuses/%s/bookmark" % tid)
        check("bookmark", d["bookmarked"])
        st, _, d = F.post("/api/v1/statuses/%s/unbookmark" % tid)
        check("unbookmark", not d["bookmarked"])
        rc = F.getj("/api/v1/statuses/%s" % tid)[2]["reblogs_count"]
        st, _, w = F.post("/api/v1/statuses/%s/reblog" % tid)
        check("reblog returns wrapper", st == 200 and w["reblog"]["id"] == tid and w["reblogged"]
              and w["reblog"]["reblogged"] and w["reblog"]["reblogs_count"] == rc + 1 and set(w) == wrapper_keys, w)
        st, _, d = F.getj("/api/v1/timelines/home?limit=1")
        check("own reblog tops home", d[0]["id"] == w["id"])
        st, _, d = F.post("/api/v1/statuses/%s/unreblog" % tid)
        check("unreblog returns original", d["id"] == tid and not d["reblogged"] and d["reblogs_count"] == rc)
        st, _, d = F.post("/api/v1/statuses/1/favourite")
        check("action on unknown status 404", st == 404)

        # -- markers -------------------------------------------------------------------------------------
        st, _, d = F.getj("/api/v1/markers?timeline[]=home&timeline[]=notifications")
        check("markers empty at start", st == 200 and d == {})
        st, _, d = F.post("/api/v1/markers", form={"home[last_read_id]": tid})
        check("POST markers form", d.get("home", {}).get("last_read_id") == tid and d["home"]["version"] == 0, d)
        st, _, d = F.post("/api/v1/markers", json_body={"home": {"last_read_id": s1["id"]},
                                                        "notifications": {"last_read_id": "105"}})
        check("POST markers JSON", d["home"]["last_read_id"] == s1["id"] and d["home"]["version"] == 1
              and d["notifications"]["last_read_id"] == "105", d)
        st, _, d = F.getj("/api/v1/markers?timeline[]=home")
        check("GET markers", list(d) == ["home"] and d["home"]["last_read_id"] == s1["id"]
              and set(d["home"]) == {"last_read_id", "version", "updated_at"})

        # -- apps and OAuth --------------------------------------------------------------------------------
        st, _, app = F.post("/api/v1/apps", token=None, form={"client_name": "starling", "redirect_uris":
                            "urn:ietf:wg:oauth:2.0:oob", "scopes": "read write"})
        check("POST apps", st == 200 and set(app) == set(fixture("app-create.json")) and app["name"] == "starling")
        st, _, d = F.post("/api/v1/apps", token=None, form={"client_name": "x", "redirect_uris": "not a uri"})
        check("POST apps bad redirect 422 fixture", st == 422 and d == fixture("app-create-error.json"))
        verifier = "v" * 50
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
        st, hd, page = F.get("/oauth/authorize?response_type=code&client_id=%s&redirect_uri=urn:ietf:wg:oauth:2.0:oob"
                             "&scope=read+write&code_challenge=%s&code_challenge_method=S256"
                             % (app["client_id"], challenge), token=None)
        check("authorize page", st == 200 and b"good-code" in page and "text/html" in hd.get("Content-Type"))
        tok = {"grant_type": "authorization_code", "client_id": app["client_id"], "client_secret":
               app["client_secret"], "redirect_uri": "urn:ietf:wg:oauth:2.0:oob", "scope": "read write"}
        st, _, d = F.post("/oauth/token", token=None, form=dict(tok, code="good-code", code_verifier="wrong"))
        check("token with wrong PKCE verifier 400", st == 400 and d == fixture("error.json"))
        st, _, d = F.post("/oauth/token", token=None, form=dict(tok, code="bad-code", code_verifier=verifier))
        check("token with bad code 400", st == 400 and d["error"] == "invalid_grant")
        st, _, d = F.post("/oauth/token", token=None, form=dict(tok, code="good-code", code_verifier=verifier))
        check("token with good code + verifier", st == 200 and d["access_token"] == TOKEN
              and set(d) == set(fixture("oauth-token.json")), d)
        st, _, d = F.post("/oauth/token", token=None, form=dict(tok, code="good-code", client_id=""))
        check("token without client_id 401 fixture", st == 401 and d == fixture("oauth-token-error-invalid-client.json"))
        st, _, d = F.post("/oauth/token", token=None, form=dict(tok, code="good-code", scope="read bogus"))
        check("token with bad scope 400 fixture", st == 400 and d == fixture("oauth-token-error-invalid-scope.json"))

        # -- streaming --------------------------------------------------------------------------------------
        user = SSE(F, "/api/v1/streaming/user")
        check("user stream headers", user.status == 200 and user.headers.get("content-type") == "text/event-stream"
              and user.headers.get("transfer-encoding") == "chunked", user.headers)
        check("stream starts with ':)'", user.wait_for(lambda b: b.startswith(b":)\n"), 2))
        check(":thump heartbeat", user.wait_for(lambda b: b":thump\n" in b, 2.5), user.buf[:100])
        tagst = SSE(F, "/api/v1/streaming/hashtag?tag=cats&access_token=" + TOKEN, token=None)
        localst = SSE(F, "/api/v1/streaming/public/local")
        notif = SSE(F, "/api/v1/streaming/user/notification")
        liststream = SSE(F, "/api/v1/streaming/list?list=12249")
        bad = SSE(F, "/api/v1/streaming/user", token="wrong")
        check("stream with bad token 401", bad.status == 401)
        bad.close()
        st = F.state()
        check("state counts open streams", st["open_streams"] == 5, st["open_streams"])
        p = F.control("post", {"timeline": "home", "content_html": "<p>pushed</p>", "account": "ada"})
        d = user.event("update", lambda d: json.loads(d)["id"] == p["id"])
        check("control post → update on user stream", d is not None and json.loads(d)["content"] == "<p>pushed</p>")
        check("stream data is one line of JSON", d is not None and "\n" not in d and "<p>" in d)
        st, _, d = F.getj("/api/v1/timelines/home?limit=1")
        check("control post tops home", d[0]["id"] == p["id"])
        pt = F.control("post", {"timeline": "tag:cats", "text": "cat pics", "account": "hanako"})
        check("tag post → hashtag stream", tagst.event("update", lambda d: json.loads(d)["id"] == pt["id"]) is not None)
        check("local tag post → public/local stream",
              localst.event("update", lambda d: json.loads(d)["id"] == pt["id"]) is not None)
        pr = F.control("post", {"timeline": "public", "text": "remote hello", "account": "bob@remote.example"})
        localst.wait_for(lambda b: False, 0.3)
        check("remote post not on public/local", all(json.loads(d)["id"] != pr["id"]
                                                     for e, d in localst.events() if e == "update"))
        pl = F.control("post", {"timeline": "list:12249", "text": "list post"})
        check("list post → list stream", liststream.event("update", lambda d: json.loads(d)["id"] == pl["id"])
              is not None)
        n = F.control("post", {"timeline": "notifications", "type": "mention", "account": "bob@remote.example"})
        d = notif.event("notification", lambda d: json.loads(d)["id"] == n["id"])
        check("notification → user/notification stream", d is not None and json.loads(d)["type"] == "mention")
        check("notification → user stream", user.event("notification") is not None)
        F.control("edit/%s" % p["id"], {"content_html": "<p>edited</p>"})
        d = user.event("status.update", lambda d: json.loads(d)["id"] == p["id"])
        check("edit → status.update", d is not None and json.loads(d)["edited_at"] is not None
              and json.loads(d)["content"] == "<p>edited</p>")
        F.control("delete/%s" % p["id"])
        check("delete → delete event with bare id", user.event("delete", lambda d: d == p["id"]) is not None)
        st, _, d = F.getj("/api/v1/statuses/%s" % p["id"])
        check("deleted status 404", st == 404)
        st, _, s4 = F.post("/api/v1/statuses", form={"status": "via API"})
        check("API post → user stream", user.event("update", lambda d: json.loads(d)["id"] == s4["id"]) is not None)
        st, _, d = F.post("/api/v1/statuses/%s/favourite" % s4["id"])
        F.control("event", {"event": "filters_changed", "data": "undefined"})
        check("raw control event", user.event("filters_changed") == "undefined")

        # drop-stream
        r = F.control("fault", {"kind": "drop-stream"})
        check("drop-stream reports streams", r["dropped"] == 5, r)
        user.wait_for(lambda b: False, 2)
        check("drop-stream: half an event then close", user.eof and not user.clean_end and
              user.buf.endswith(b'"created_at":"2026-') and b"event: update\ndata: {" in user.buf[-80:],
              user.buf[-80:])
        for s in (tagst, localst, notif, liststream, user):
            s.close()
        time.sleep(0.3)
        check("dropped streams no longer counted", F.state()["open_streams"] == 0)

        # no-streaming
        user = SSE(F, "/api/v1/streaming/user")
        user.wait_for(lambda b: b.startswith(b":)"), 1)
        r = F.control("fault", {"kind": "no-streaming"})
        user.wait_for(lambda b: False, 1)
        check("no-streaming closes open streams cleanly", user.eof and user.clean_end, (user.eof, user.clean_end))
        user.close()
        st, _, _ = F.get("/api/v1/streaming/health", token=None)
        check("no-streaming: health 404", st == 404)
        s = SSE(F, "/api/v1/streaming/public")
        check("no-streaming: stream 404", s.status == 404)
        s.close()
        st, _, _ = F.get("/api/v1/timelines/home")
        check("no-streaming: REST still works", st == 200)
        F.control("fault", {"kind": "clear"})
        st, _, _ = F.get("/api/v1/streaming/health", token=None)
        check("fault clear restores streaming", st == 200)

        # -- faults ---------------------------------------------------------------------------------------------
        F.control("fault", {"kind": "429", "count": 1})
        st, hd, d = F.get("/api/v1/timelines/home")
        check("429 with Remaining 0, Reset, Retry-After", st == 429 and hd.get("X-RateLimit-Remaining") == "0"
              and hd.get("Retry-After") and hd.get("X-RateLimit-Reset"), dict(hd))
        st, hd, d = F.get("/api/v1/timelines/home")
        check("429 count 1 then OK", st == 200 and int(hd.get("X-RateLimit-Remaining")) > 0)
        F.control("fault", {"kind": "429", "seconds": 2})
        st, hd, d = F.get("/api/v1/notifications")
        st2 = F.get("/api/v1/timelines/home")[0]
        check("429 for a window: Retry-After = window", st == 429 and st2 == 429 and hd.get("Retry-After") == "2",
              dict(hd))
        F.control("fault", {"kind": "clear"})
        F.control("fault", {"kind": "500"})
        check("500", F.get("/api/v1/timelines/home")[0] == 500)
        F.control("fault", {"kind": "503", "count": 2})
        check("503 x2", F.get("/api/v1/timelines/home")[0] == 503 and F.get("/api/v1/timelines/home")[0] == 503
              and F.get("/api/v1/timelines/home")[0] == 200)
        F.control("fault", {"kind": "500", "path_prefix": "/api/v1/notifications"})
        check("path_prefix leaves other paths alone", F.get("/api/v1/timelines/home")[0] == 200)
        check("path_prefix hits its path", F.get("/api/v1/notifications")[0] == 500)
        F.control("fault", {"kind": "slow", "seconds": 1})
        t = time.time()
        st = F.get("/api/v1/timelines/home")[0]
        check("slow delays ~1 s", st == 200 and time.time() - t >= 0.9, time.time() - t)
        F.control("fault", {"kind": "hang"})
        t = time.time()
        try:
            F.get("/api/v1/timelines/home", timeout=1)
            check("hang never answers", False, "got a response")
        except (socket.timeout, TimeoutError):
            check("hang never answers", time.time() - t >= 0.9)
        check("after hang, OK again", F.get("/api/v1/timelines/home")[0] == 200)
        F.control("fault", {"kind": "truncated"})
        try:
            F.get("/api/v1/timelines/home")
            check("truncated body cut short", False, "full body")
        except http.client.IncompleteRead as e:
            check("truncated body cut short", 0 < len(e.partial) < e.partial.__len__() + e.expected)
        F.control("fault", {"kind": "truncated", "mode": "clean"})
        st, hd, body = F.get("/api/v1/timelines/home")
        try:
            json.loads(body)
            check("truncated clean: invalid JSON", False)
        except ValueError:
            check("truncated clean: invalid JSON", st == 200 and int(hd["Content-Length"]) == len(body))
        F.control("fault", {"kind": "malformed"})
        st, hd, body = F.get("/api/v1/timelines/home")
        try:
            json.loads(body)
            check("malformed is not JSON", False)
        except ValueError:
            check("malformed is not JSON", st == 200)
        F.control("fault", {"kind": "huge"})
        c = http.client.HTTPConnection(F.host, F.port, timeout=10)
        c.request("GET", "/api/v1/timelines/home", headers={"Authorization": "Bearer " + TOKEN})
        r = c.getresponse()
        first = r.read(1 << 20)
        check("huge: 50 MB body", r.status == 200 and int(r.headers["Content-Length"]) == 50 * 1024 * 1024
              and first.startswith(b"[{"), r.headers.get("Content-Length"))
        c.close()
        F.control("fault", {"kind": "huge", "size": 200000})
        st, hd, body = F.get("/api/v1/timelines/home")
        check("huge: size honoured and valid JSON", len(body) == 200000 and isinstance(json.loads(body), list))
        F.control("fault", {"kind": "401"})
        check("401 fault rejects the token", F.get("/api/v1/timelines/home")[0] == 401
              and F.get("/api/v1/notifications")[0] == 401)
        check("401 fault leaves instance alone", F.get("/api/v2/instance", token=None)[0] == 200)
        F.control("fault", {"kind": "clear"})
        check("clear ends 401 fault", F.get("/api/v1/timelines/home")[0] == 200)
        F.control("fault", {"kind": "500", "seconds": 0.5})
        a = F.get("/api/v1/timelines/home")[0]
        time.sleep(0.6)
        check("fault for N seconds", a == 500 and F.get("/api/v1/timelines/home")[0] == 200)
        r = F.control("fault", {"kind": "nonsense"})
        check("unknown fault kind rejected", "error" in r)

        # -- requests log ----------------------------------------------------------------------------------------------
        reqs = json.loads(F.req("GET", "/_control/requests?path_prefix=/api/v1/statuses", token=None)[2])
        posts = [r for r in reqs if r["method"] == "POST" and r["path"] == "/api/v1/statuses"]
        check("requests log records POST with Idempotency-Key and Authorization",
              posts and posts[0]["idempotency_key"] == "key-1" and posts[0]["authorization"] == "Bearer " + TOKEN
              and posts[0]["parsed_body"]["status"].startswith("Hello &") and
              posts[0]["headers"].get("Idempotency-Key") == "key-1", posts[:1])
        js = [r for r in posts if r["content_type"] == "application/json"]
        check("requests log parses JSON bodies", js and js[0]["parsed_body"]["in_reply_to_id"] == target["id"])

        r = F.control("clear-requests")
        reqs = json.loads(F.req("GET", "/_control/requests", token=None)[2])
        check("clear-requests empties the log", reqs == [] and r["last_seq"] > 0)

        # -- rate, reset --------------------------------------------------------------------------------------------------
        n1 = F.state()["home"]
        user = SSE(F, "/api/v1/streaming/user")
        F.control("rate", {"rate": 20})
        time.sleep(0.6)
        F.control("rate", {"rate": 0})
        n2 = F.state()["home"]
        check("--rate adds statuses over time", n2 - n1 >= 5, (n1, n2))
        check("--rate pushes to streams", len([e for e, d in user.events() if e == "update"]) >= 5
              or user.wait_for(lambda b: b.count(b"event: update") >= 5, 1))
        user.close()
        F.control("reset")
        st = F.state()
        check("reset restores the seeded corpus", st["statuses"] == n0 and st["requests"] == 0 and st["markers"] == {},
              (st["statuses"], n0))
    finally:
        rc = F.stop()
        check("SIGTERM → clean exit 0", rc == 0, rc)

    # -- determinism and --max-seconds ---------------------------------------------------------------------------
    A = Fake("--seed", "5", "--domain", "fake.test")
    B = Fake("--seed", "5", "--domain", "fake.test")
    C = Fake("--seed", "6", "--domain", "fake.test", "--max-seconds", "1")
    try:
        a = A.get("/api/v1/timelines/home?limit=40")[2]
        b = B.get("/api/v1/timelines/home?limit=40")[2]
        c = C.get("/api/v1/timelines/home?limit=40")[2]
        check("same seed → identical timeline bytes", a == b and len(a) > 1000)
        check("other seed → different timeline", a != c)
        check("--domain used in URLs", b"https://fake.test/@" in a and b"127.0.0.1" not in a.replace(b"\\u003c", b""))
        try:
            rc = C.p.wait(5)
        except subprocess.TimeoutExpired:
            rc = None
        check("--max-seconds exits by itself with 0", rc == 0, rc)
    finally:
        for x in (A, B, C):
            x.stop()

    elapsed = time.time() - t_start
    check("self-test under 30 s", elapsed < 30, "%.1f s" % elapsed)
    print("tally: %d passed, %d failed" % (PASSED, FAILED))
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
