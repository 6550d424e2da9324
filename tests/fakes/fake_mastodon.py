#!/usr/bin/env python3
"""fake_mastodon.py - a fake Mastodon server for starling's tests.

Python 3.11 standard library only.  Listens on 127.0.0.1 only, on a free port,
and never opens an outgoing connection.  Entities are copied from the real
Mastodon fixtures in tests/fixtures/mastodon/ and only their values are
changed, so their shapes are exactly Mastodon's.  See tests/fakes/README.md.

    python3 tests/fakes/fake_mastodon.py --url-file /tmp/url --heartbeat 1

prints "http://127.0.0.1:PORT" on stdout, writes it to --url-file, serves until
SIGTERM/SIGINT or until --max-seconds have passed, then exits 0.
"""

import argparse
import base64
import copy
import email.parser
import email.policy
import hashlib
import json
import os
import queue
import random
import re
import select
import signal
import socket
import sys
import threading
import time
import traceback
import unicodedata
import urllib.parse
import uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_FIXTURES = os.path.join(REPO_ROOT, "tests", "fixtures", "mastodon")

# ---------------------------------------------------------------------------
# small helpers


def iso_ms(ms):
    """Mastodon's created_at format: 2026-08-01T13:55:51.777Z"""
    dt = datetime.fromtimestamp(ms / 1000.0, tz=timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (ms % 1000)


def iso_us(t):
    """Ruby Time#iso8601(6) in UTC: 2026-11-22T13:45:00.453909Z"""
    dt = datetime.fromtimestamp(t, tz=timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def day_of(ms):
    return datetime.fromtimestamp(ms / 1000.0, tz=timezone.utc).strftime("%Y-%m-%d")


def now_ms():
    return int(time.time() * 1000)


def id_partition(n):
    """Mastodon's paperclip id_partition for snowflake ids: 117/020/565/966/271/181"""
    s = "%018d" % int(n)
    return "/".join(s[i:i + 3] for i in range(0, len(s), 3))


def hexname(*parts):
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:16]


def h(s):
    """ERB::Util.html_escape, exactly as Mastodon escapes text."""
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


def rails_json(obj):
    """JSON as Rails renders it for the REST API: compact, raw UTF-8, with
    < > & and U+2028/U+2029 escaped as \\u003c \\u003e \\u0026 \\u2028 \\u2029."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    s = (s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
         .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return s.encode("utf-8")


def stream_json(obj):
    """JSON as the node streaming server sends it (JSON.stringify: no HTML escaping)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def strip_tags(html):
    s = re.sub(r"<br\s*/?>", "\n", html)
    s = re.sub(r"</p><p>", "\n\n", s)
    s = re.sub(r"<[^>]+>", "", s)
    for a, b in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#39;", "'"), ("&amp;", "&")):
        s = s.replace(a, b)
    return s


def truthy(v):
    """ActiveModel::Type::Boolean cast."""
    if isinstance(v, bool):
        return v
    if v is None:
        return False
    return str(v).strip().lower() not in ("", "0", "f", "false", "off", "no", "n")


def as_list(v):
    if v is None:
        return []
    if isinstance(v, list):
        return [str(x) for x in v]
    return [str(v)]


def parse_int(v):
    if v is None:
        return None
    try:
        return int(str(v).strip())
    except ValueError:
        return None


def _assign(container, keys, v):
    k = keys[0]
    if len(keys) == 1:
        container[k] = v
        return
    if keys[1] == "":
        lst = container.get(k)
        if not isinstance(lst, list):
            lst = []
            container[k] = lst
        if len(keys) == 2:
            lst.append(v)
        else:
            if not lst or not isinstance(lst[-1], dict) or keys[2] in lst[-1]:
                lst.append({})
            _assign(lst[-1], keys[2:], v)
        return
    sub = container.get(k)
    if not isinstance(sub, dict):
        sub = {}
        container[k] = sub
    _assign(sub, keys[1:], v)


def rack_params(pairs):
    """Rack/Rails nested parameter parsing: a[]=1&b[c]=2&d[e][]=3."""
    out = {}
    for k, v in pairs:
        m = re.match(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$", k)
        if not m:
            out[k] = v
            continue
        keys = [m.group(1)] + re.findall(r"\[([^\[\]]*)\]", m.group(2))
        _assign(out, keys, v)
    return out


def to_query(params):
    """Rails Hash#to_query: keys sorted, arrays as key[]=v, CGI-escaped."""
    parts = []
    for k in sorted(params):
        v = params[k]
        if isinstance(v, list):
            for x in v:
                parts.append(urllib.parse.quote_plus(k + "[]") + "=" + urllib.parse.quote_plus(str(x)))
        else:
            parts.append(urllib.parse.quote_plus(k) + "=" + urllib.parse.quote_plus(str(v)))
    return "&".join(parts)


def grapheme_count(s):
    """Approximate String#each_grapheme_cluster.size (what Mastodon counts)."""
    n = 0
    prev = None
    ri_pending = False
    for ch in s:
        cp = ord(ch)
        cat = unicodedata.category(ch)
        extend = (cat in ("Mn", "Me", "Mc") or cp == 0x200D or 0xFE00 <= cp <= 0xFE0F
                  or 0x1F3FB <= cp <= 0x1F3FF or 0xE0020 <= cp <= 0xE007F or 0xE0100 <= cp <= 0xE01EF)
        if prev == 0x200D and not extend:
            extend = True
        if 0x1F1E6 <= cp <= 0x1F1FF:
            if ri_pending:
                extend = True
                ri_pending = False
            else:
                ri_pending = True
        else:
            ri_pending = False
        if not extend or n == 0:
            n += 1
        prev = cp
    return n


# ---------------------------------------------------------------------------
# content pools (all invented; deterministic choice via --seed)

TAG_POOL = ["StarlingDeck", "Fediverse", "cats", "TerminalLife", "opensource", "日本語", "ncurses", "SocialMedia"]

PLAIN = [
    "Shipping the new deck layout today & it's looking good <3",
    "Reminder: \"quotes\" and 'apostrophes' are hard when you parse HTML by hand.",
    "1 < 2 && 3 > 2, and yet here we are.",
    "Coffee first. Then code. Then more coffee.",
    "Anyone else think terminals are the best UI? Asking for a friend.",
    "Our support queue is empty for the first time this quarter!",
    "Hot take: columns > tabs for monitoring brand mentions.",
    "Tip: press ? in any column to see the key bindings.",
    "The <script> tag in this post is just text, promise.",
    "Price drop: 50% off & free shipping until Friday (terms apply)",
    "Rock, paper, scissors… lizard, Spock.",
    "New blog post is up. Feedback welcome!",
]

UNICODE = [
    ("今日は良い天気ですね。ターミナルでタイムラインを読むのが好きです。", "ja"),
    ("你好，世界！这是一个用于测试的中文帖子，包含全角标点。", "zh"),
    ("한국어 텍스트도 잘 보여야 합니다.", "ko"),
    ("مرحبا بالعالم! هذا منشور تجريبي باللغة العربية.", "ar"),
    ("שלום עולם! זהו פוסט בדיקה בעברית.", "he"),
    ("Mixed bidi: English, then עברית בתוך, then العربية, then English again.", "en"),
    ("Family: 👩\u200d👩\u200d👧\u200d👦 coder: 🧑🏽\u200d💻 pride: 🏳️\u200d🌈 couple: 👨\u200d❤️\u200d💋\u200d👨", "en"),
    ("Skin tones: 👍🏿 👋🏼 🙌🏻 ✌🏾 and flags: 🇯🇵 🇺🇦 🇧🇷 🇪🇺 🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F", "en"),
    ("Combining marks: e\u0301te\u0301, n\u0303, Z\u0324\u0308a\u0316l\u031dg\u0317o, Vie\u0302\u0323t Nam, a\u030a", "en"),
    ("नमस्ते दुनिया — हिन्दी में एक पोस्ट", "hi"),
    ("สวัสดีชาวโลก นี่คือโพสต์ภาษาไทย", "th"),
    ("Ｆｕｌｌｗｉｄｔｈ ＡＢＣ and zero\u200bwidth space, ❤️ vs ❤︎, ☺️", "en"),
]

LINKS = [
    "https://www.example.com/blog/2026/11/introducing-starling-a-terminal-deck-for-social-media-teams",
    "https://example.org/docs",
    "https://example.net/a/very/long/path/that/keeps/going/and/going?utm_source=mastodon&ref=deck",
    "http://www.example.com/short",
    "https://example.com/abcdefghijklmnopqrstuvwxyz1234",
]

MEDIA_DESCRIPTIONS = [
    "A starling perched on a fence at sunset.",
    "Screenshot of a terminal showing four columns of posts.",
    "夕焼けの写真。空がオレンジ色に染まっている。",
    "صورة لشروق الشمس فوق البحر",
    "",
    None,
    "Chart: mentions per hour over the last week, with a spike on Tuesday at 14:00 when the announcement went out. "
    "The spike reaches about 340 mentions, then decays over roughly six hours back to the usual baseline of 20-30.",
]

POLL_OPTIONS = [
    ["Columns", "Tabs"],
    ["Yes", "No", "Maybe", "Ask me later"],
    ["🐦 starling", "🦣 mastodon", "🦋 butterfly"],
    ["はい", "いいえ"],
]

SPOILERS = ["spoilers for the finale", "politics", "food (eye contact)", "ネタバレ注意", "long post, mental health"]

REPLIES = ["Agreed!", "Thanks for sharing, this is great.", "I don't think that's right, but ok :)",
           "Same here & more.", "Could you say more about that?", "ありがとう！"]


# ---------------------------------------------------------------------------
# fixtures


class Fixtures:
    def __init__(self, d):
        self.dir = d
        self.cache = {}
        if not os.path.isdir(d):
            raise SystemExit("fake_mastodon: fixtures directory not found: %s (use --fixtures DIR)" % d)

    def get(self, name):
        if name not in self.cache:
            with open(os.path.join(self.dir, name), "r", encoding="utf-8") as f:
                self.cache[name] = json.load(f)
        return copy.deepcopy(self.cache[name])


# ---------------------------------------------------------------------------
# Mastodon's text formatter (TextFormatter + simple_format), in Python

URL_RE = re.compile(r"https?://[^\s<>\"]+")
MENTION_RE = re.compile(r"(?<![=/\w@])@([a-z0-9_]+(?:[a-z0-9_.\-]+[a-z0-9_]+)?)(?:@([\w.\-]+\w))?", re.I)
HASHTAG_RE = re.compile(r"(?<![=/)\w#&])#(\w*[^\W\d]\w*)")
URL_PREFIX_RE = re.compile(r"^(https?://(www\.)?|xmpp:)")
EMOJI_RE = re.compile(r":([a-zA-Z0-9_]{2,}):")


def simple_format(s):
    """Rails simple_format(..., sanitize: false).delete("\\n")"""
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    paras = re.split(r"\n\n+", s)
    while paras and paras[-1] == "":
        paras.pop()
    if not paras:
        return "<p></p>"
    out = "".join("<p>" + re.sub(r"([^\n]\n)(?=[^\n])", r"\1<br />", p) + "</p>" for p in paras)
    return out.replace("\n", "")


def shortened_link(url, rel_me=False, remote=False):
    prefix = URL_PREFIX_RE.match(url)
    prefix = prefix.group(0) if prefix else ""
    rest = url[len(prefix):]
    display = rest[:30]
    suffix = rest[30:]
    cutoff = len(rest) > 30
    if len(suffix) == 1:  # Mastodon shows a one-character remainder instead of cutting
        display += suffix
        suffix = ""
        cutoff = False
    rel = "nofollow noopener me" if rel_me else "nofollow noopener"
    if remote:
        attrs = 'href="%s" rel="%s" translate="no" target="_blank"' % (h(url), rel)
    else:
        attrs = 'href="%s" target="_blank" rel="%s" translate="no"' % (h(url), rel)
    return ('<a %s><span class="invisible">%s</span><span class="%s">%s</span>'
            '<span class="invisible">%s</span></a>') % (attrs, h(prefix), "ellipsis" if cutoff else "",
                                                          h(display), h(suffix))


def trim_url(u):
    while u and u[-1] in ".,:;!?'\"":
        u = u[:-1]
    if u.endswith(")") and u.count("(") < u.count(")"):
        u = u[:-1]
    return u


# ---------------------------------------------------------------------------
# the fake instance's state


class Fault:
    PER_REQUEST = ("429", "500", "503", "slow", "hang", "truncated", "malformed", "huge", "escapes")
    MODES = ("no-streaming", "401", "401-echo")
    BODY = ("truncated", "malformed", "huge", "escapes")

    def __init__(self, d):
        self.kind = str(d.get("kind"))
        self.path_prefix = d.get("path_prefix") or None
        self.count = parse_int(d.get("count"))
        secs = d.get("seconds")
        self.delay = float(d["delay"]) if d.get("delay") is not None else None
        if self.kind == "slow" and self.delay is None:
            # {"kind":"slow","seconds":N}: N is the delay; applies to `count` (default 1) requests
            self.delay = float(secs) if secs is not None else 2.0
            secs = None
        self.until = time.time() + float(secs) if secs is not None else None
        if self.count is None and self.until is None and self.kind in self.PER_REQUEST:
            self.count = 1
        self.size = int(d.get("size") or 50 * 1024 * 1024)
        if d.get("reset_in") is not None:
            self.reset_in = float(d["reset_in"])
        elif self.until is not None:
            self.reset_in = None  # the window ends when the fault does
        else:
            self.reset_in = 3.0
        self.mode = d.get("mode") or "short"
        # 429: the Retry-After value sent as it is (e.g. "4102444800", the year 2100)
        self.retry_after = d.get("retry_after")

    def live(self, now):
        if self.count is not None and self.count <= 0:
            return False
        if self.until is not None and now >= self.until:
            return False
        return True

    def to_json(self):
        return {"kind": self.kind, "count": self.count,
                "seconds_left": (round(self.until - time.time(), 3) if self.until else None),
                "path_prefix": self.path_prefix, "delay": self.delay}


class Stream:
    def __init__(self, keys, path):
        self.keys = set(keys)
        self.path = path
        self.q = queue.Queue()
        self.opened = time.time()


class Rec:
    """One stored status: the entity (reblog left None) plus bookkeeping."""
    __slots__ = ("e", "reblog_of", "keys", "author", "text", "local")

    def __init__(self, e, reblog_of, keys, author, text, local):
        self.e, self.reblog_of, self.keys, self.author, self.text, self.local = e, reblog_of, set(keys), author, text, local


class World:
    def __init__(self, args, fixtures):
        self.args = args
        self.fx = fixtures
        self.lock = threading.RLock()
        self.stopping = threading.Event()
        self.streams = set()
        self.base_url = None
        self.rate = float(args.rate)
        self.hang_epoch = 0
        self.req_seq = 0
        self.requests = []
        self.faults = []
        self.rl_window = None
        self.rl_count = 0

    # -- setup -------------------------------------------------------------

    def set_base(self, base_url):
        self.base_url = base_url
        if self.args.domain:
            self.domain = self.args.domain
            self.local = "https://" + self.args.domain
        else:
            self.domain = base_url.split("://", 1)[1]
            self.local = base_url
        self.reset()

    def reset(self):
        with self.lock:
            self.rng = random.Random(self.args.seed)
            self.rt_rng = random.Random(self.args.seed * 7919 + 1)
            self.statuses = {}
            self.order = []
            self.notifs = []
            self.notif_next = 100
            self.markers = {}
            self.idem = {}
            self.apps = []
            self.challenges = {}
            self.last_id = 0
            self.faults = []
            self.requests = []
            self.req_seq = 0
            self.rl_window = None
            self.rl_count = 0
            self.rate = float(self.args.rate)
            self.hang_epoch += 1
            self.app_name = "Web"
            self._build_templates()
            self._build_accounts()
            self._seed()

    def _build_templates(self):
        home = self.fx.get("timeline-home-full.json")
        self.t_own = home[0]
        self.t_local = home[2]
        self.t_remote = self.fx.get("status-custom-emoji.json")
        self.t_reblog = self.fx.get("status-reblog-full.json")
        self.t_poll = home[11]["poll"]
        self.t_card = self.fx.get("status-card-full.json")["card"]
        self.t_notif = self.fx.get("notification-status.json")
        self.t_media = {
            "image": self.fx.get("media-attachment-image.json"),
            "video": self.fx.get("status-media.json")["media_attachments"][0],
            "gifv": self.fx.get("media-attachment-gifv.json"),
            "audio": self.fx.get("media-attachment-audio.json"),
        }
        self.t_emoji = self.fx.get("custom-emoji.json")
        self.t_status_emoji = self.t_remote["emojis"][0]
        self.t_local_account = home[2]["account"]
        self.t_remote_account = self.t_remote["account"]
        L = self.local
        self.custom_emojis = []
        for i, (code, cat) in enumerate((("blobcat", "Blobs"), ("starling", "Birds"), ("party_parrot", "Parrots"))):
            e = copy.deepcopy(self.t_emoji)
            hx = hexname(self.args.seed, "emoji", code)
            e["shortcode"] = code
            e["url"] = "%s/system/custom_emojis/images/000/000/%03d/original/%s.png" % (L, i + 1, hx)
            e["static_url"] = "%s/system/custom_emojis/images/000/000/%03d/static/%s.png" % (L, i + 1, hx)
            e["visible_in_picker"] = True
            e["category"] = cat
            self.custom_emojis.append(e)

    def status_emoji(self, code):
        for e in self.custom_emojis:
            if e["shortcode"] == code:
                s = copy.deepcopy(self.t_status_emoji)
                for k in list(s.keys()):
                    s[k] = e.get(k, s[k])
                return s
        return None

    def _build_accounts(self):
        L = self.local
        self.accounts = {}
        self.by_acct = {}
        base = 117000000000000000
        people = [
            # username, display name, domain (None = local), flags
            ("starling", "Starling Deck", None, {}),
            ("ada", "Ada Lovelace", None, {}),
            ("hanako", "鈴木 花子", None, {}),
            ("layla", "ليلى", None, {}),
            ("noa", "נועה", None, {}),
            ("zoe", "Zoë 🏳️\u200d🌈", None, {}),
            ("zalgo", "Z\u0324\u0308a\u0316l\u031dg\u0317o", None, {}),
            ("newsbot", "News Bot 🤖", None, {"bot": True}),
            ("larry", "Larry (locked)", None, {"locked": True}),
            ("emojifan", "Emoji Fan :blobcat:", None, {"emojis": ["blobcat"]}),
            ("bob", "Bob 🐢", "remote.example", {}),
            ("chen", "陈伟", "social.example.net", {}),
            ("amara", "Amara 👩🏿\u200d💻", "mastodon.example.org", {}),
            ("ada", "Ada (the other one)", "other.example", {}),
            ("sami", "سامي", "toot.example", {"emojis": ["starling"], "display": "سامي :starling:"}),
            ("stranger", "A Stranger", None, {"stranger": True}),
            ("faraway", "Far Away", "far.example", {"stranger": True}),
        ]
        self.followed = []
        self.strangers = []
        for i, (user, name, domain, fl) in enumerate(people):
            acc_id = base + (i + 1) * 1000003
            name = fl.get("display", name)
            emojis = [self.status_emoji(c) for c in fl.get("emojis", [])]
            if domain is None:
                a = copy.deepcopy(self.t_local_account)
                a["id"] = str(acc_id)
                a["username"] = user
                a["acct"] = user
                a["url"] = "%s/@%s" % (L, user)
                a["uri"] = "%s/ap/users/%d" % (L, acc_id)
                hx = hexname(self.args.seed, "avatar", acc_id)
                a["avatar"] = "%s/system/accounts/avatars/%s/original/%s.png" % (L, id_partition(acc_id), hx)
                a["avatar_static"] = a["avatar"]
                a["header"] = "%s/system/accounts/headers/%s/original/%s.jpg" % (L, id_partition(acc_id), hx)
                a["header_static"] = a["header"]
                a["roles"] = []
                a["feature_approval"] = {"automatic": [], "manual": [], "current_user": "automatic"}
                a["noindex"] = False
            else:
                a = copy.deepcopy(self.t_remote_account)
                a["id"] = str(acc_id)
                a["username"] = user
                a["acct"] = "%s@%s" % (user, domain)
                a["url"] = "https://%s/@%s" % (domain, user)
                a["uri"] = "https://%s/users/%s" % (domain, user)
                hx = hexname(self.args.seed, "avatar", acc_id)
                a["avatar"] = "%s/system/cache/accounts/avatars/%s/original/%s.jpg" % (L, id_partition(acc_id), hx)
                a["avatar_static"] = a["avatar"]
                a["header"] = "%s/system/cache/accounts/headers/%s/original/%s.png" % (L, id_partition(acc_id), hx)
                a["header_static"] = a["header"]
            a["display_name"] = name
            a["locked"] = bool(fl.get("locked"))
            a["bot"] = bool(fl.get("bot"))
            a["discoverable"] = True
            a["indexable"] = True
            a["group"] = False
            a["created_at"] = "2025-%02d-%02dT00:00:00.000Z" % (1 + i % 12, 1 + i)
            a["note"] = simple_format(h("Hi, I'm %s. Posting about %s." % (name, TAG_POOL[i % len(TAG_POOL)])))
            a["avatar_description"] = ""
            a["header_description"] = ""
            a["followers_count"] = 10 + i * 37
            a["following_count"] = 5 + i * 11
            a["statuses_count"] = 0
            a["last_status_at"] = None
            a["hide_collections"] = False
            a["emojis"] = [e for e in emojis if e]
            a["fields"] = [
                {"name": "Website", "value": shortened_link("https://%s.example.com/" % user, rel_me=True,
                                                            remote=domain is not None),
                 "verified_at": None},
                {"name": "Pronouns", "value": "they/them", "verified_at": None},
            ]
            rec = {"a": a, "domain": domain, "local": domain is None}
            self.accounts[acc_id] = rec
            self.by_acct[a["acct"].lower()] = acc_id
            if i == 0:
                self.me = acc_id
            elif fl.get("stranger"):
                self.strangers.append(acc_id)
            else:
                self.followed.append(acc_id)
        lists = self.fx.get("lists.json")
        self.lists = lists
        f = self.followed
        self.list_members = {lists[0]["id"]: set(f[0:4]), lists[1]["id"]: set(f[4:9])}

    def acc(self, acc_id):
        return self.accounts[acc_id]["a"]

    def find_account(self, acct):
        acct = (acct or "").strip().lstrip("@").lower()
        if "@" in acct:
            user, dom = acct.split("@", 1)
            if dom == self.domain.lower():
                acct = user
        return self.by_acct.get(acct)

    # -- ids ----------------------------------------------------------------

    def next_id(self, ms, rng):
        i = (ms << 16) | rng.getrandbits(16)
        if i <= self.last_id:
            i = self.last_id + 1
        self.last_id = i
        return i

    # -- formatter ------------------------------------------------------------

    def format_text(self, text, author_domain=None):
        """Return (html, mentions, tags) for plain text, like Mastodon's TextFormatter.
        author_domain: None for a local author; otherwise the remote server's domain,
        whose (sanitised) HTML flavour is imitated."""
        text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
        if not text:
            return "", [], []
        ents = []

        def free(a, b):
            return all(b <= s or a >= e for s, e, _, _ in ents)

        for m in URL_RE.finditer(text):
            u = trim_url(m.group(0))
            ents.append((m.start(), m.start() + len(u), "url", u))
        for m in MENTION_RE.finditer(text):
            if free(m.start(), m.end()):
                ents.append((m.start(), m.end(), "mention", (m.group(1), m.group(2))))
        for m in HASHTAG_RE.finditer(text):
            if free(m.start(), m.end()):
                ents.append((m.start(), m.end(), "tag", m.group(1)))
        ents.sort()
        resolved = []
        for s, e, kind, data in ents:
            if kind == "mention":
                user, dom = data
                aid = self.find_account(user + ("@" + dom if dom else ""))
                resolved.append(aid)
        out = []
        mentions = []
        tags = []
        last = 0
        mi = 0
        tag_base = self.local if author_domain is None else "https://" + author_domain
        for s, e, kind, data in ents:
            out.append(h(text[last:s]))
            if kind == "url":
                out.append(shortened_link(data, remote=author_domain is not None))
            elif kind == "tag":
                url = "%s/tags/%s" % (tag_base, urllib.parse.quote(data))
                if author_domain is None:
                    out.append('<a href="%s" class="mention hashtag" rel="tag">#<span>%s</span></a>' % (h(url), h(data)))
                else:
                    out.append('<a href="%s" class="mention hashtag" rel="nofollow noopener" target="_blank">'
                               '#<span>%s</span></a>' % (h(url), h(data)))
                name = data.lower()
                if name not in [t["name"] for t in tags]:
                    tags.append({"name": name, "url": "%s/tags/%s" % (self.local, urllib.parse.quote(name))})
            else:
                aid = resolved[mi]
                mi += 1
                if aid is None:
                    out.append("@" + h(data[0] + ("@" + data[1] if data[1] else "")))
                else:
                    a = self.acc(aid)
                    same = [x for x in resolved if x is not None and x != aid
                            and self.acc(x)["username"].lower() == a["username"].lower()]
                    disp = a["acct"] if same else a["username"]
                    if author_domain is None:
                        out.append('<span class="h-card" translate="no"><a href="%s" class="u-url mention">'
                                   '@<span>%s</span></a></span>' % (h(a["url"]), h(disp)))
                    else:
                        out.append('<span class="h-card" translate="no"><a href="%s" class="u-url mention" '
                                   'rel="nofollow noopener" target="_blank">@<span>%s</span></a></span>'
                                   % (h(a["url"]), h(disp)))
                    if aid not in [int(x["id"]) for x in mentions]:
                        mentions.append({"id": a["id"], "username": a["username"], "url": a["url"], "acct": a["acct"]})
            last = e
        out.append(h(text[last:]))
        return simple_format("".join(out)), mentions, tags

    def emojis_in(self, *texts):
        seen = []
        for t in texts:
            for m in EMOJI_RE.finditer(t or ""):
                if m.group(1) not in seen and self.status_emoji(m.group(1)):
                    seen.append(m.group(1))
        return [self.status_emoji(c) for c in seen]

    # -- entity builders --------------------------------------------------------

    def make_media(self, kind, desc, sid, n, remote_domain, rng):
        t = copy.deepcopy(self.t_media[kind])
        mid = sid + n + 1
        hx = hexname(self.args.seed, "media", mid)
        ext = {"image": "jpeg", "video": "mp4", "gifv": "mp4", "audio": "mp3"}[kind]
        pext = {"image": "jpeg", "video": "jpg", "gifv": "png", "audio": "mp3"}[kind]
        cache = "cache/" if remote_domain else ""
        m = {}
        for k, v in t.items():
            m[k] = v
            if k == "remote_url" and "preview_remote_url" not in t:
                m["preview_remote_url"] = None
        m["id"] = str(mid)
        m["url"] = "%s/system/%smedia_attachments/files/%s/original/%s.%s" % (self.local, cache, id_partition(mid), hx, ext)
        m["preview_url"] = "%s/system/%smedia_attachments/files/%s/small/%s.%s" % (self.local, cache, id_partition(mid), hx, pext)
        m["remote_url"] = ("https://%s/media/%s.%s" % (remote_domain, hx, ext)) if remote_domain else None
        m["preview_remote_url"] = None
        m["text_url"] = None
        m["description"] = desc
        return m

    def make_poll(self, sid, options, created_ms, expires_in, multiple, own, rng):
        p = copy.deepcopy(self.t_poll)
        p["id"] = str(10 + (sid % 100000))
        exp = created_ms + int(expires_in * 1000)
        p["expires_at"] = iso_ms(exp)
        p["expired"] = exp < now_ms()
        p["multiple"] = bool(multiple)
        votes = [rng.randint(0, 12) for _ in options]
        p["votes_count"] = sum(votes)
        p["voters_count"] = sum(votes) if not multiple else max(votes + [0])
        p["voted"] = bool(own)
        p["own_votes"] = []
        p["options"] = [{"title": o, "votes_count": v} for o, v in zip(options, votes)]
        p["emojis"] = []
        return p

    def make_card(self, url, rng):
        c = copy.deepcopy(self.t_card)
        c["url"] = url
        c["title"] = rng.choice(["Introducing Starling", "Docs", "A very long article title about terminals & decks",
                                 "Example Domain"])
        c["description"] = rng.choice(["", "A terminal deck for social media teams.", "説明文です。"])
        c["provider_name"] = URL_PREFIX_RE.sub("", url).split("/")[0]
        c["provider_url"] = ""
        return c

    def build_status(self, author, created_ms, rng, text=None, html=None, visibility="public", spoiler="",
                     sensitive=False, language="en", reply_to=None, media=(), poll=None, card_url=None,
                     keys=(), app_name=None, sid=None, extra_tags=()):
        """Create, store and return the Rec of an original status."""
        arec = self.accounts[author]
        a = self.acc(author)
        own = author == self.me
        local = arec["local"]
        tpl = self.t_own if own else (self.t_local if local else self.t_remote)
        e = copy.deepcopy(tpl)
        if sid is None:
            sid = self.next_id(created_ms, rng)
        else:
            self.last_id = max(self.last_id, sid)
        mentions, tags = [], []
        if html is None:
            html, mentions, tags = self.format_text(text or "", None if local else arec["domain"])
        else:
            mentions, tags = self.entities_from_html(html)
        for t in extra_tags:
            if t.lower() not in [x["name"] for x in tags]:
                url = "%s/tags/%s" % (self.local, urllib.parse.quote(t))
                link = '<a href="%s" class="mention hashtag" rel="tag">#<span>%s</span></a>' % (h(url), h(t))
                html = html[:-4] + " " + link + "</p>" if html.endswith("</p>") else html + " " + link
                tags.append({"name": t.lower(), "url": "%s/tags/%s" % (self.local, urllib.parse.quote(t.lower()))})
        e["id"] = str(sid)
        e["created_at"] = iso_ms(created_ms)
        if reply_to is not None:
            parent = self.statuses[reply_to]
            e["in_reply_to_id"] = str(reply_to)
            e["in_reply_to_account_id"] = str(parent.author)
            parent.e["replies_count"] += 1
        else:
            e["in_reply_to_id"] = None
            e["in_reply_to_account_id"] = None
        e["sensitive"] = bool(sensitive or spoiler)
        e["spoiler_text"] = spoiler or ""
        e["visibility"] = visibility
        e["language"] = language
        if local:
            e["uri"] = "%s/ap/users/%d/statuses/%d" % (self.local, author, sid)
            e["url"] = "%s/@%s/%d" % (self.local, a["username"], sid)
        else:
            e["uri"] = "https://%s/users/%s/statuses/%d" % (arec["domain"], a["username"], sid)
            e["url"] = "https://%s/@%s/%d" % (arec["domain"], a["username"], sid)
        e["replies_count"] = 0
        e["reblogs_count"] = 0
        e["favourites_count"] = 0
        e["quotes_count"] = 0
        e["edited_at"] = None
        e["favourited"] = False
        e["reblogged"] = False
        e["muted"] = False
        e["bookmarked"] = False
        if "pinned" in e:
            e["pinned"] = False
        e["content"] = html
        e["filtered"] = []
        e["reblog"] = None
        if "application" in e:
            e["application"] = {"name": app_name or "Web", "website": None}
        e["account"] = copy.deepcopy(a)
        e["media_attachments"] = [self.make_media(k, d, sid, n, None if local else arec["domain"], rng)
                                  for n, (k, d) in enumerate(media)]
        e["mentions"] = mentions
        e["tags"] = tags
        e["emojis"] = self.emojis_in(text or strip_tags(html), spoiler)
        e["tagged_collections"] = []
        e["quote"] = None
        e["card"] = self.make_card(card_url, rng) if card_url else None
        e["poll"] = (self.make_poll(sid, poll["options"], created_ms, poll.get("expires_in", 86400),
                                    poll.get("multiple", False), own, rng) if poll else None)
        if own:
            auto = {"public": ["public"], "unlisted": ["followers"]}.get(visibility, [])
            e["quote_approval"] = {"automatic": auto, "manual": [], "current_user": "automatic"}
        elif visibility in ("public", "unlisted"):
            e["quote_approval"] = {"automatic": ["public"], "manual": [], "current_user": "automatic"}
        else:
            e["quote_approval"] = {"automatic": [], "manual": [], "current_user": "denied"}
        rec = Rec(e, None, keys, author, text if text is not None else strip_tags(html), local)
        self._store(rec, sid, created_ms)
        return rec

    def build_reblog(self, author, created_ms, orig_id, rng, keys=("home",)):
        arec = self.accounts[author]
        a = self.acc(author)
        orig = self.statuses[orig_id]
        e = copy.deepcopy(self.t_reblog)
        sid = self.next_id(created_ms, rng)
        e["id"] = str(sid)
        e["created_at"] = iso_ms(created_ms)
        e["in_reply_to_id"] = None
        e["in_reply_to_account_id"] = None
        e["sensitive"] = False
        e["spoiler_text"] = ""
        e["visibility"] = orig.e["visibility"] if orig.e["visibility"] in ("public", "unlisted") else "public"
        e["language"] = None
        if arec["local"]:
            e["uri"] = "%s/ap/users/%d/statuses/%d/activity" % (self.local, author, sid)
            e["url"] = "%s/users/%s/statuses/%d/activity" % (self.local, a["username"], sid)
            e["application"] = {"name": "Web", "website": None}
        else:
            e["uri"] = "https://%s/users/%s/statuses/%d/activity" % (arec["domain"], a["username"], sid)
            e["url"] = "https://%s/users/%s/statuses/%d/activity" % (arec["domain"], a["username"], sid)
            e.pop("application", None)
        for k in ("replies_count", "reblogs_count", "favourites_count", "quotes_count"):
            e[k] = 0
        e["edited_at"] = None
        e["content"] = ""
        e["filtered"] = []
        e["reblog"] = None
        e["account"] = copy.deepcopy(a)
        e["media_attachments"] = []
        e["mentions"] = []
        e["tags"] = []
        e["emojis"] = []
        e["card"] = None
        e["poll"] = None
        orig.e["reblogs_count"] += 1
        rec = Rec(e, orig_id, keys, author, "", arec["local"])
        self._store(rec, sid, created_ms)
        return rec

    def _store(self, rec, sid, created_ms):
        self.statuses[sid] = rec
        if self.order and sid < self.order[-1]:
            import bisect
            bisect.insort(self.order, sid)
        else:
            self.order.append(sid)
        a = self.acc(rec.author)
        a["statuses_count"] += 1
        a["last_status_at"] = day_of(created_ms)

    def entities_from_html(self, html):
        mentions, tags = [], []
        for m in re.finditer(r'href="([^"]+)" class="u-url mention"', html):
            for aid, r in self.accounts.items():
                if r["a"]["url"] == m.group(1):
                    a = r["a"]
                    if a["id"] not in [x["id"] for x in mentions]:
                        mentions.append({"id": a["id"], "username": a["username"], "url": a["url"], "acct": a["acct"]})
        for m in re.finditer(r'href="[^"]*/tags/([^"]+)" class="mention hashtag"', html):
            name = urllib.parse.unquote(m.group(1)).lower()
            if name not in [t["name"] for t in tags]:
                tags.append({"name": name, "url": "%s/tags/%s" % (self.local, urllib.parse.quote(name))})
        return mentions, tags

    # -- serialisation -------------------------------------------------------

    def ser(self, sid):
        rec = self.statuses.get(sid)
        if rec is None:
            return None
        e = dict(rec.e)
        if rec.reblog_of is not None:
            inner = self.ser(rec.reblog_of)
            e["reblog"] = inner
            if inner:
                for k in ("favourited", "reblogged", "bookmarked"):
                    e[k] = inner[k]
        return e

    def proper(self, sid):
        rec = self.statuses.get(sid)
        if rec is not None and rec.reblog_of is not None:
            return rec.reblog_of
        return sid

    def stream_keys(self, sid):
        rec = self.statuses[sid]
        keys = set()
        if "home" in rec.keys:
            keys.add("user")
        for k in rec.keys:
            if k.startswith("list:"):
                keys.add(k)
        if "public" in rec.keys and rec.reblog_of is None and rec.e["visibility"] == "public":
            keys.add("public")
            keys.add("public:local" if rec.local else "public:remote")
            for t in rec.e["tags"]:
                keys.add("hashtag:" + t["name"])
                if rec.local:
                    keys.add("hashtag:local:" + t["name"])
        return keys

    # -- generation ----------------------------------------------------------

    def gen_content(self, rng, author, kind):
        """Return kwargs for build_status for a generated status of `kind`."""
        arec = self.accounts[author]
        kw = {"language": "en", "visibility": "public"}
        others = [x for x in self.followed + self.strangers if x != author]
        text = rng.choice(PLAIN)
        variant = None
        if ":" in kind:
            kind, variant = kind.split(":", 1)
            variant = int(variant)
        if kind == "multi":
            text = "%s\n%s\n\n%s" % (rng.choice(PLAIN), rng.choice(PLAIN), rng.choice(PLAIN))
        elif kind == "mention":
            m1 = self.acc(rng.choice(others))["acct"]
            m2 = self.acc(rng.choice(others))["acct"]
            text = "@%s @%s %s" % (m1, m2, rng.choice(PLAIN)) if m1 != m2 else "@%s %s" % (m1, rng.choice(PLAIN))
            if rng.random() < 0.3:
                text = "@%s " % self.acc(self.me)["username"] + text
        elif kind == "hashtag":
            t1, t2 = rng.sample(TAG_POOL, 2)
            text = "%s #%s #%s" % (rng.choice(PLAIN), t1, t2)
        elif kind == "link":
            url = rng.choice(LINKS) if variant is None else LINKS[variant]
            text = "%s %s" % (rng.choice(PLAIN), url)
            if rng.random() < 0.6:
                kw["card_url"] = url
        elif kind == "emoji":
            text = "%s :blobcat: :starling: :not_an_emoji:" % rng.choice(PLAIN)
        elif kind == "unicode":
            text, lang = rng.choice(UNICODE) if variant is None else UNICODE[variant]
            kw["language"] = lang
        elif kind == "spoiler":
            kw["spoiler"] = rng.choice(SPOILERS)
            text = rng.choice(PLAIN)
            if rng.random() < 0.3:
                kw["spoiler"] += " :blobcat:"
        elif kind == "media":
            n = rng.choice([1, 1, 2, 4])
            kinds = ["image"] * 5 + ["video", "gifv", "audio"]
            kw["media"] = [(rng.choice(kinds), rng.choice(MEDIA_DESCRIPTIONS)) for _ in range(n)]
            if variant is not None:  # showcase: one of each type, with and without descriptions
                kw["media"] = [("image", MEDIA_DESCRIPTIONS[0]), ("video", MEDIA_DESCRIPTIONS[2]),
                               ("gifv", None), ("audio", MEDIA_DESCRIPTIONS[6])]
            kw["sensitive"] = rng.random() < 0.25
        elif kind == "poll":
            opts = rng.choice(POLL_OPTIONS)
            kw["poll"] = {"options": opts, "expires_in": rng.choice([300, 3600, 86400, 604800]),
                          "multiple": rng.random() < 0.3}
            text = "Poll: which do you prefer?"
        elif kind == "remote_html" and not arec["local"]:
            dom = arec["domain"]
            me = self.acc(self.me)
            if (rng.random() < 0.5) if variant is None else variant == 0:
                kw["html"] = ('<p>&#8220;Quoted&#8221; text from %s &#8212; numeric entities &#x2603; &#169; '
                              'and&nbsp;nbsp<br>a bare br</p><p>second paragraph &amp; more</p>' % h(dom))
            else:  # Pleroma/Akkoma style: no <p>, <br/>
                kw["html"] = ('<span class="h-card"><a class="u-url mention" href="%s" rel="nofollow noopener '
                              'noreferrer" target="_blank">@<span>%s</span></a></span> hello from a non-Mastodon '
                              'server<br/>line two' % (h(me["url"]), h(me["username"])))
            return kw
        if variant is None and rng.random() < 0.15 and kind not in ("hashtag",):
            text += " #" + rng.choice(TAG_POOL)
        kw["text"] = text
        return kw

    KINDS = (["plain"] * 14 + ["multi"] * 5 + ["mention"] * 8 + ["hashtag"] * 8 + ["link"] * 7 + ["emoji"] * 4
             + ["unicode"] * 12 + ["spoiler"] * 4 + ["media"] * 7 + ["poll"] * 3 + ["reply"] * 9
             + ["reblog"] * 7 + ["remote_html"] * 3)

    # seeded first (oldest), so every content feature exists whatever the seed
    SHOWCASE = (["plain", "multi", "mention", "hashtag", "link:0", "link:1", "emoji", "spoiler", "media:0", "poll",
                 "remote_html:0", "remote_html:1"] + ["unicode:%d" % k for k in range(len(UNICODE))]
                + ["reply", "reblog"])

    def gen_one(self, rng, created_ms, author, keys, kind=None, allow_refs=True):
        showcase = kind is not None
        kind = kind or rng.choice(self.KINDS)
        if kind.startswith("remote_html") and self.accounts[author]["local"]:
            author = next(a for a in self.followed if not self.accounts[a]["local"])
        originals = [s for s in self.order[-60:] if self.statuses[s].reblog_of is None]
        if kind == "reblog" and allow_refs and originals:
            cands = [o for o in originals if self.statuses[o].e["visibility"] in ("public", "unlisted")
                     and self.statuses[o].author != author]
            if cands:
                return self.build_reblog(author, created_ms, rng.choice(cands), rng,
                                         keys=("home",) if "home" in keys else ())
            kind = "plain"
        reply_to = None
        cands = [o for o in originals[-25:] if not showcase or self.statuses[o].author != author]
        if kind == "reply" and allow_refs and cands:
            reply_to = rng.choice(cands)
            parent = self.statuses[reply_to]
            pa = self.acc(parent.author)
            body = rng.choice(REPLIES)
            text = body if parent.author == author else "@%s %s" % (pa["acct"], body)
            kw = {"text": text}
        else:
            if kind == "reply" or kind == "reblog":
                kind = "plain"
            kw = self.gen_content(rng, author, kind)
        vis = "public"
        r = rng.random()
        if showcase:
            pass
        elif r < 0.08:
            vis = "unlisted"
        elif r < 0.13:
            vis = "private"
        elif r < 0.16 and "text" in kw:
            vis = "direct"
            if "@" + self.acc(self.me)["username"] not in kw["text"] and author != self.me:
                kw["text"] = "@%s %s" % (self.acc(self.me)["username"], kw["text"])
        keys = set(keys)
        if vis != "public":
            keys.discard("public")
        kw.setdefault("visibility", vis)
        kw["visibility"] = vis
        rec = self.build_status(author, created_ms, rng, reply_to=reply_to, keys=keys, **kw)
        for lid, members in self.list_members.items():
            if author in members and "home" in keys:
                rec.keys.add("list:" + lid)
        return rec

    def _seed(self):
        rng = self.rng
        n = int(self.args.statuses)
        base_ms = int(datetime.strptime(self.args.base_time, "%Y-%m-%dT%H:%M:%SZ")
                      .replace(tzinfo=timezone.utc).timestamp() * 1000)
        total = n + n // 2
        spacing = 90 * 1000
        # everything seeded (statuses, reply chains, notifications) ends near base_time
        t = base_ms - (total + 9) * spacing - int(self.args.notifications) * 75000
        home_made = 0
        i = 0
        while i < total:
            t += spacing + rng.randint(-20000, 20000)
            if i < len(self.SHOWCASE):
                author = rng.choice(self.followed)
                rec = self.gen_one(rng, t, author, {"home", "public"}, kind=self.SHOWCASE[i])
                home_made += 1
                i += 1
                continue
            if home_made < n and (rng.random() < 0.67 or total - i <= n - home_made):
                r = rng.random()
                author = self.me if r < 0.15 else rng.choice(self.followed)
                keys = {"home", "public"}
                home_made += 1
            else:
                author = rng.choice(self.strangers + self.followed[:3])
                keys = {"public"}
            rec = self.gen_one(rng, t, author, keys)
            e = rec.e
            if rec.reblog_of is None:
                if rng.random() < 0.12:
                    e["favourited"] = True
                    e["favourites_count"] += 1
                if rng.random() < 0.06:
                    e["bookmarked"] = True
                if rng.random() < 0.07:
                    e["edited_at"] = iso_ms(t + 60000)
                if rec.author != self.me:
                    e["favourites_count"] += rng.randint(0, 30)
                    e["reblogs_count"] += rng.randint(0, 8)
            i += 1
        # a few reply chains for context
        own = [s for s in self.order if self.statuses[s].author == self.me and self.statuses[s].reblog_of is None]
        for k in range(3):
            parent = own[-(k + 1) * 3] if len(own) >= (k + 1) * 3 else (own[0] if own else self.order[0])
            for depth in range(3):
                t += spacing
                author = self.followed[(k + depth) % len(self.followed)]
                pa = self.acc(self.statuses[parent].author)
                rec = self.build_status(author, t, rng, text="@%s %s" % (pa["acct"], rng.choice(REPLIES)),
                                        reply_to=parent, keys={"home", "public"})
                parent = int(rec.e["id"])
        self._seed_notifications(rng, t)
        if self.args.seed_markers:
            home_ids = [s for s in self.order if "home" in self.statuses[s].keys]
            self.markers["home"] = {"last_read_id": str(home_ids[-10]), "version": 1, "updated_at": iso_ms(t)}
            self.markers["notifications"] = {"last_read_id": str(self.notifs[-5]["id"]), "version": 1,
                                             "updated_at": iso_ms(t)}

    def make_notification(self, ntype, account_id, status_id, created_ms):
        e = copy.deepcopy(self.t_notif)
        nid = self.notif_next
        self.notif_next += 1 + (nid * 7) % 5
        e["id"] = str(nid)
        e["type"] = ntype
        e["created_at"] = iso_ms(created_ms)
        e["group_key"] = "ungrouped-%d" % nid
        e["account"] = copy.deepcopy(self.acc(account_id))
        if status_id is None:
            e.pop("status", None)
        rec = {"id": nid, "e": e, "status": status_id, "type": ntype, "account": account_id}
        self.notifs.append(rec)
        return rec

    def ser_notif(self, rec):
        e = dict(rec["e"])
        if rec["status"] is not None:
            s = self.ser(rec["status"])
            if s is None:
                return None
            e["status"] = s
        return e

    def own_status(self, rng):
        own = [s for s in self.order if self.statuses[s].author == self.me and self.statuses[s].reblog_of is None]
        return own[-1 - rng.randrange(min(len(own), 10))] if own else None

    def _seed_notifications(self, rng, t):
        types = ["mention", "favourite", "reblog", "follow", "mention", "favourite", "status", "poll", "update",
                 "follow_request", "favourite", "mention"]
        t0 = t
        for i in range(int(self.args.notifications)):
            t0 += 60000 + rng.randint(0, 30000)
            ntype = types[i % len(types)]
            self.add_notification(ntype, rng.choice(self.followed + self.strangers), t0, rng)

    def add_notification(self, ntype, who, created_ms, rng, html=None, text=None):
        sid = None
        if ntype in ("mention", "status", "update", "poll"):
            me = self.acc(self.me)
            if ntype == "poll":
                st = self.build_status(self.me, created_ms - 1000, rng, text="My poll", keys={"home", "public"},
                                       poll={"options": ["one", "two"], "expires_in": 1, "multiple": False})
                st.e["poll"]["expired"] = True
                sid = int(st.e["id"])
                who = self.me
            else:
                if text is None and html is None:
                    text = "@%s %s" % (me["username"], rng.choice(REPLIES + PLAIN)) if ntype == "mention" \
                        else rng.choice(PLAIN)
                vis = "public"
                st = self.build_status(who, created_ms - 500, rng, text=text, html=html, visibility=vis,
                                       keys=set() if ntype == "mention" else {"home", "public"})
                if ntype == "update":
                    st.e["edited_at"] = iso_ms(created_ms)
                sid = int(st.e["id"])
        elif ntype in ("favourite", "reblog", "quote"):
            sid = self.own_status(rng)
            if sid is None:
                sid = int(self.build_status(self.me, created_ms - 1000, rng, text="hello", keys={"home"}).e["id"])
            if ntype == "favourite":
                self.statuses[sid].e["favourites_count"] += 1
            elif ntype == "reblog":
                self.statuses[sid].e["reblogs_count"] += 1
        return self.make_notification(ntype, who, sid, created_ms)

    # -- queries ---------------------------------------------------------------

    def paginate(self, ids_desc, limit, max_id, since_id, min_id):
        """Mastodon's paginate_by_id: results always newest first; min_id gives the
        page immediately newer than min_id; since_id the newest page newer than it."""
        if limit <= 0:
            return []
        if min_id is not None:
            sel = [i for i in ids_desc if i > min_id and (max_id is None or i < max_id)]
            return sel[-limit:]
        sel = [i for i in ids_desc if (max_id is None or i < max_id) and (since_id is None or i > since_id)]
        return sel[:limit]

    def timeline_ids(self, pred):
        return [s for s in reversed(self.order) if pred(self.statuses[s])]

    # -- streams ---------------------------------------------------------------

    def publish(self, keys, event, data):
        with self.lock:
            targets = [s for s in self.streams if s.keys & keys]
        for s in targets:
            s.q.put((event, data))
        return len(targets)

    def publish_status(self, sid, event="update"):
        with self.lock:
            if sid not in self.statuses:
                return 0
            keys = self.stream_keys(sid)
            data = stream_json(self.ser(sid))
        return self.publish(keys, event, data)

    def publish_notification(self, rec):
        with self.lock:
            e = self.ser_notif(rec)
        if e is None:
            return 0
        return self.publish({"user", "user:notification"}, "notification", stream_json(e))

    def delete_status(self, sid):
        """Remove a status (and reblogs of it); push `delete` events. Caller holds lock."""
        victims = [sid] + [s for s, r in self.statuses.items() if r.reblog_of == sid]
        for v in victims:
            keys = self.stream_keys(v) | {"user"}
            rec = self.statuses.pop(v)
            self.order.remove(v)
            if rec.reblog_of is not None and rec.reblog_of in self.statuses:
                self.statuses[rec.reblog_of].e["reblogs_count"] = max(0, self.statuses[rec.reblog_of].e["reblogs_count"] - 1)
            if rec.e.get("in_reply_to_id"):
                p = self.statuses.get(int(rec.e["in_reply_to_id"]))
                if p:
                    p.e["replies_count"] = max(0, p.e["replies_count"] - 1)
            self.acc(rec.author)["statuses_count"] = max(0, self.acc(rec.author)["statuses_count"] - 1)
            self.notifs = [n for n in self.notifs if n["status"] != v]
            self.publish(keys, "delete", str(v))
        return victims

    def close_streams(self, how):
        with self.lock:
            ss = list(self.streams)
        for s in ss:
            s.q.put((how, None))
        return len(ss)

    # -- runtime creation (API, control, --rate) -----------------------------------

    def runtime_status(self, timelines, body):
        """Create a status for /_control/post or --rate. Caller holds lock."""
        rng = self.rt_rng
        ms = now_ms()
        keys = set()
        tag = None
        list_id = None
        for tl in timelines:
            if tl == "home":
                keys.add("home")
            elif tl in ("public", "local"):
                keys.add("public")
            elif tl.startswith("tag:"):
                keys.add("public")
                tag = tl[4:]
            elif tl.startswith("list:"):
                list_id = tl[5:]
                keys |= {"home", "list:" + list_id}
            else:
                raise ValueError("unknown timeline %r" % tl)
        author = None
        if body.get("account"):
            author = self.find_account(str(body["account"]))
            if author is None and parse_int(body["account"]) in self.accounts:
                author = parse_int(body["account"])
            if author is None:
                raise ValueError("unknown account %r" % body["account"])
        if author is None:
            if list_id and self.list_members.get(list_id):
                author = rng.choice(sorted(self.list_members[list_id]))
            elif "local" in timelines:
                author = rng.choice([a for a in self.followed if self.accounts[a]["local"]])
            elif "home" in keys:
                author = rng.choice(self.followed)
            else:
                author = rng.choice(self.strangers + self.followed)
        if body.get("reblog_of"):
            orig = parse_int(body["reblog_of"])
            if orig not in self.statuses:
                raise KeyError(orig)
            return self.build_reblog(author, ms, self.proper(orig), rng, keys=keys or {"home"})
        kw = {}
        if body.get("content_html") is not None:
            kw["html"] = str(body["content_html"])
        elif body.get("text") is not None:
            kw["text"] = str(body["text"])
        else:
            kw = self.gen_content(rng, author, rng.choice([k for k in self.KINDS if k not in ("reply", "reblog")]))
        if body.get("spoiler_text") is not None:
            kw["spoiler"] = str(body["spoiler_text"])
        if body.get("sensitive") is not None:
            kw["sensitive"] = truthy(body["sensitive"])
        if body.get("language") is not None:
            kw["language"] = body["language"]
        kw["visibility"] = body.get("visibility") or kw.get("visibility") or "public"
        if body.get("in_reply_to_id"):
            rid = parse_int(body["in_reply_to_id"])
            if rid not in self.statuses:
                raise KeyError(rid)
            kw["reply_to"] = rid
        media = body.get("media")
        if isinstance(media, int):
            kw["media"] = [("image", MEDIA_DESCRIPTIONS[i % len(MEDIA_DESCRIPTIONS)]) for i in range(media)]
        elif isinstance(media, list):
            kw["media"] = [(m.get("type", "image"), m.get("description")) if isinstance(m, dict) else ("image", m)
                           for m in media]
        if isinstance(body.get("poll"), dict):
            kw["poll"] = body["poll"]
        extra = [tag] if tag else []
        extra += [t for t in as_list(body.get("tags"))]
        if kw["visibility"] != "public":
            keys.discard("public")
        rec = self.build_status(author, ms, rng, keys=keys, extra_tags=extra, **kw)
        return rec

    def rate_tick(self):
        with self.lock:
            rng = self.rt_rng
            timelines = ["home"]
            if rng.random() < 0.3:
                timelines = ["home", "tag:" + rng.choice(TAG_POOL[:4])]
            rec = self.runtime_status(timelines, {})
            if rec.e["visibility"] == "public":
                rec.keys.add("public")
            sid = int(rec.e["id"])
        self.publish_status(sid)

    # -- rate limit headers -------------------------------------------------------

    def ratelimit_headers(self):
        with self.lock:
            period = int(self.args.ratelimit_period)
            limit = int(self.args.ratelimit_limit)
            now = time.time()
            win = int(now) - int(now) % period
            if win != self.rl_window:
                self.rl_window = win
                self.rl_count = 0
            self.rl_count += 1
            if self.args.enforce_ratelimit:
                remaining = max(0, limit - self.rl_count)
            else:
                remaining = limit - 1 - (self.rl_count - 1) % limit
            reset = now + (period - int(now) % period)
            return remaining, [("X-RateLimit-Limit", str(limit)), ("X-RateLimit-Remaining", str(remaining)),
                               ("X-RateLimit-Reset", iso_us(reset))], self.rl_count > limit

    # -- faults ------------------------------------------------------------------

    def take_fault(self, path, is_stream, needs_auth):
        with self.lock:
            now = time.time()
            self.faults = [f for f in self.faults if f.live(now)]
            for f in self.faults:
                if f.path_prefix and not path.startswith(f.path_prefix):
                    continue
                if f.kind in Fault.BODY and is_stream:
                    continue
                if f.kind == "no-streaming" and not is_stream:
                    continue
                if f.kind in ("401", "401-echo") and not needs_auth:
                    continue
                if f.count is not None:
                    f.count -= 1
                return f
        return None

    def log_request(self, entry):
        with self.lock:
            self.req_seq += 1
            entry["seq"] = self.req_seq
            self.requests.append(entry)
            if len(self.requests) > 20000:
                del self.requests[:1000]


# ---------------------------------------------------------------------------
# HTTP


class Resp:
    def __init__(self, status, body=b"", ctype="application/json; charset=utf-8", headers=None):
        self.status = status
        self.body = body if isinstance(body, bytes) else body.encode("utf-8")
        self.ctype = ctype
        self.headers = list(headers or [])


def jresp(obj, status=200, headers=None):
    return Resp(status, rails_json(obj), headers=headers)


ROUTES = []


def route(method, pattern, auth=True):
    def deco(fn):
        ROUTES.append((method, re.compile("^" + pattern + "$"), fn, auth))
        return fn
    return deco


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    world = None  # set in main

    def version_string(self):
        return "Mastodon"

    def log_message(self, fmt, *args):
        if self.world.args.verbose:
            sys.stderr.write("fake_mastodon: %s - %s\n" % (self.address_string(), fmt % args))

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_PUT(self):
        self.handle_any("PUT")

    def do_PATCH(self):
        self.handle_any("PATCH")

    def do_DELETE(self):
        self.handle_any("DELETE")

    def do_HEAD(self):
        self.handle_any("HEAD")

    # -- request parsing -----------------------------------------------------------

    def read_body(self):
        te = (self.headers.get("Transfer-Encoding") or "").lower()
        if "chunked" in te:
            data = b""
            while True:
                line = self.rfile.readline()
                n = int(line.split(b";")[0].strip() or b"0", 16)
                if n == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                data += self.rfile.read(n)
                self.rfile.readline()
            return data
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def parse_body(self, raw):
        ctype = (self.headers.get("Content-Type") or "").lower()
        if not raw:
            return {}, None
        if ctype.startswith("application/json"):
            try:
                v = json.loads(raw.decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                return None, "json"
            return (v if isinstance(v, dict) else {"_json": v}), None
        if ctype.startswith("multipart/form-data"):
            msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                b"Content-Type: " + self.headers.get("Content-Type").encode() + b"\r\n\r\n" + raw)
            pairs = []
            for part in msg.iter_parts():
                name = part.get_param("name", header="content-disposition")
                if name is None:
                    continue
                payload = part.get_payload(decode=True) or b""
                if part.get_filename():
                    pairs.append((name, {"filename": part.get_filename(), "size": len(payload)}))
                else:
                    pairs.append((name, payload.decode("utf-8", "replace")))
            return rack_params(pairs), None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        return rack_params(urllib.parse.parse_qsl(text, keep_blank_values=True)), None

    def handle_any(self, method):
        W = self.world
        t0 = time.time()
        self.req_path = ""
        self.method = method
        self.rl = None
        try:
            u = urllib.parse.urlsplit(self.path)
            path = u.path
            self.query = rack_params(urllib.parse.parse_qsl(u.query, keep_blank_values=True))
            raw = self.read_body()
            body, err = self.parse_body(raw)
            self.raw_body = raw
            self.body_params = body or {}
            self.params = dict(self.query)
            self.params.update(self.body_params)
            self.req_path = path
            self.method = method
            if path.startswith("/_control/"):
                return self.send(self.control(method, path))
            hdrs = {k: v for k, v in self.headers.items()}
            W.log_request({
                "time": t0, "method": method, "path": path, "query": self.query, "raw_query": u.query,
                "headers": hdrs, "authorization": self.headers.get("Authorization"),
                "idempotency_key": self.headers.get("Idempotency-Key"),
                "content_type": self.headers.get("Content-Type"),
                "body": raw[:65536].decode("utf-8", "replace"), "parsed_body": body,
            })
            fn, m, needs_auth = None, None, False
            for rm, rx, f, auth in ROUTES:
                mm = rx.match(path)
                if mm and (rm == method or (rm == "GET" and method == "HEAD")):
                    fn, m, needs_auth = f, mm, auth
                    break
            is_stream = path.startswith("/api/v1/streaming")
            if path.startswith("/api/") and not is_stream:
                _, self.rl, exceeded = W.ratelimit_headers()
                if exceeded and W.args.enforce_ratelimit:
                    return self.send(jresp({"error": "Too many requests"}, 429))
            fault = W.take_fault(path, is_stream, needs_auth)
            post_fault = None
            if fault is not None:
                k = fault.kind
                if k == "slow":
                    if W.stopping.wait(fault.delay):
                        return
                elif k == "hang":
                    return self.hang()
                elif k == "429":
                    wait = fault.reset_in if fault.reset_in is not None else max(0.0, fault.until - time.time())
                    return self.send(jresp({"error": "Too many requests"}, 429, headers=[
                        ("X-RateLimit-Limit", str(W.args.ratelimit_limit)), ("X-RateLimit-Remaining", "0"),
                        ("X-RateLimit-Reset", iso_us(time.time() + wait)),
                        ("Retry-After", str(fault.retry_after) if fault.retry_after is not None
                         else str(max(1, int(wait + 0.999))))]), no_ratelimit=True)
                elif k == "500":
                    return self.send(jresp({"error": "Internal Server Error"}, 500))
                elif k == "503":
                    return self.send(Resp(503, b"<html>\r\n<head><title>503 Service Temporarily Unavailable</title>"
                                              b"</head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable"
                                              b"</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
                                         ctype="text/html", headers=[("Retry-After", "5")]))
                elif k == "401":
                    return self.send(self.unauthorized(is_stream))
                elif k == "401-echo":
                    # A careless proxy: the credential it refused, echoed back.
                    return self.send(jresp({"error": "invalid_token: token %s is not valid"
                                            % (self.headers.get("Authorization") or "")}, 401))
                elif k == "no-streaming":
                    return self.send(jresp(W.fx.get("streaming-error-unknown-channel.json"), 404), no_ratelimit=True)
                elif k in Fault.BODY:
                    post_fault = fault
            if err == "json":
                return self.send(jresp({"error": "Error occurred while parsing request parameters"}, 400))
            if fn is None:
                if is_stream:
                    return self.send(jresp(W.fx.get("streaming-error-unknown-channel.json"), 404), no_ratelimit=True)
                return self.send(jresp(W.fx.get("error-not-found.json"), 404))
            if needs_auth and not is_stream and not self.authorized():
                return self.send(self.unauthorized(False))
            resp = fn(self, *m.groups())
            if resp is None:  # streamed
                return
            self.send(resp, fault=post_fault)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True
        except Exception:  # pragma: no cover - report, don't die
            traceback.print_exc()
            try:
                self.send(jresp({"error": "fake_mastodon internal error: " + traceback.format_exc(limit=1)}, 500))
            except OSError:
                self.close_connection = True

    # -- auth ----------------------------------------------------------------------

    def token(self):
        a = self.headers.get("Authorization") or ""
        if a.lower().startswith("bearer "):
            return a[7:].strip()
        t = self.query.get("access_token")
        return t if isinstance(t, str) else None

    def authorized(self):
        return self.token() == self.world.args.token

    def unauthorized(self, is_stream):
        if is_stream:
            msg = "Missing access token" if not self.token() else "Invalid access token"
            return jresp({"error": msg}, 401)
        return jresp(self.world.fx.get("error-unauthorized.json"), 401, headers=[
            ("WWW-Authenticate", 'Bearer realm="Doorkeeper", error="invalid_token", '
                                 'error_description="The access token is invalid"')])

    # -- sending -------------------------------------------------------------------

    def send(self, resp, fault=None, no_ratelimit=False):
        W = self.world
        hdrs = list(resp.headers)
        body = resp.body
        if self.req_path.startswith("/api/") and not self.req_path.startswith("/api/v1/streaming"):
            if not no_ratelimit and self.rl:
                hdrs = self.rl + hdrs
            hdrs += [("Cache-Control", "no-store"), ("Vary", "Accept, Origin"),
                     ("X-Request-Id", str(uuid.uuid4()))]
        if fault is not None and fault.kind == "malformed":
            body = b'{"id":"1","content":"\x00\xff\xfe<p>garbage' + b"\xc3\x28" + b'", ]]] not json at all {{{'
        if fault is not None and fault.kind == "escapes":
            # Broken JSON whose error text (jansson's "near '…'") quotes raw
            # C1 OSC and CSI, ESC and BEL bytes.
            body = (b'{"id":"1","content":"x\xc2\x9d0;pwned\x07\xc2\x9b2J\x1b[31m'
                    b'\x1b]52;c;aGk=\x07 red"}')
        if fault is not None and fault.kind == "huge":
            return self.send_huge(resp, hdrs, fault.size)
        self.send_response(resp.status)
        self.send_header("Content-Type", resp.ctype)
        for k, v in hdrs:
            self.send_header(k, v)
        if fault is not None and fault.kind == "truncated":
            half = body[:len(body) // 2]
            if fault.mode == "clean":
                self.send_header("Content-Length", str(len(half)))
                self.end_headers()
                self.wfile.write(half)
                return
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(half)
            self.hard_close()
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.method != "HEAD":
            self.wfile.write(body)

    def send_huge(self, resp, hdrs, size):
        one = rails_json(self.world.ser(self.world.order[-1]) if self.world.order else {"id": "1"})
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        for k, v in hdrs:
            self.send_header(k, v)
        self.send_header("Content-Length", str(size))
        self.end_headers()
        # valid JSON array of exactly `size` bytes: [el,el,...,el   ]
        sent = 0
        block = b",".join([one] * max(1, (1 << 20) // (len(one) + 1)))
        try:
            self.wfile.write(b"[")
            sent = 1
            first = True
            while sent < size - 1:
                chunk = (b"" if first else b",") + block
                if sent + len(chunk) > size - 1:
                    chunk = b" " * (size - 1 - sent)
                self.wfile.write(chunk)
                sent += len(chunk)
                first = False
            self.wfile.write(b"]")
        except OSError:
            self.close_connection = True

    def hard_close(self):
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def peer_closed(self):
        try:
            r, _, _ = select.select([self.connection], [], [], 0)
            if r:
                return self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True
        return False

    def hang(self):
        W = self.world
        epoch = W.hang_epoch
        while not W.stopping.is_set() and W.hang_epoch == epoch:
            try:
                r, _, _ = select.select([self.connection], [], [], 0.2)
                if r:
                    if self.connection.recv(1, socket.MSG_PEEK) == b"":
                        break
                    time.sleep(0.2)
            except OSError:
                break
        self.hard_close()

    # -- SSE ---------------------------------------------------------------------------

    def chunk(self, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        if data:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

    def stream(self, keys):
        W = self.world
        st = Stream(keys, self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        with W.lock:
            W.streams.add(st)
        try:
            self.chunk(":)\n")
            hb = float(W.args.heartbeat)
            next_hb = time.monotonic() + hb
            while not W.stopping.is_set():
                try:
                    ev, data = st.q.get(timeout=0.1)
                except queue.Empty:
                    if self.peer_closed():
                        break
                    if time.monotonic() >= next_hb:
                        self.chunk(":thump\n")
                        next_hb = time.monotonic() + hb
                    continue
                if ev == "__drop__":
                    self.chunk('event: update\ndata: {"id":"%d","created_at":"2026-' % (W.last_id + 1))
                    self.hard_close()
                    return None
                if ev == "__end__":
                    self.wfile.write(b"0\r\n\r\n")
                    self.close_connection = True
                    return None
                self.chunk("event: %s\n" % ev)
                self.chunk("data: %s\n\n" % data)
        except OSError:
            pass
        finally:
            with W.lock:
                W.streams.discard(st)
            self.close_connection = True
        return None

    # -- control API -------------------------------------------------------------------

    def control(self, method, path):
        W = self.world
        b = {}
        if self.raw_body.strip():  # control bodies are JSON whatever the Content-Type says
            try:
                b = json.loads(self.raw_body.decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                return Resp(400, json.dumps({"error": "control endpoints take a JSON object body"}))
            if not isinstance(b, dict):
                return Resp(400, json.dumps({"error": "control endpoints take a JSON object body"}))
        try:
            if path == "/_control/requests" and method == "GET":
                since = parse_int(self.query.get("since")) or 0
                prefix = self.query.get("path_prefix") or ""
                with W.lock:
                    out = [r for r in W.requests if r["seq"] > since and r["path"].startswith(prefix)]
                return Resp(200, json.dumps(out, ensure_ascii=False))
            if path == "/_control/state" and method == "GET":
                return Resp(200, json.dumps(self.state(), ensure_ascii=False))
            if method != "POST":
                return Resp(405, json.dumps({"error": "use POST"}))
            if path == "/_control/reset":
                W.close_streams("__end__") if truthy(b.get("close_streams")) else None
                W.reset()
                return Resp(200, json.dumps({"ok": True}))
            if path == "/_control/post":
                tl = b.get("timelines") or [b.get("timeline") or "home"]
                tl = [tl] if isinstance(tl, str) else tl
                if tl == ["notifications"]:
                    with W.lock:
                        who = W.find_account(str(b.get("account"))) if b.get("account") else \
                            W.rt_rng.choice(W.followed)
                        if who is None:
                            return Resp(422, json.dumps({"error": "unknown account"}))
                        rec = W.add_notification(b.get("type") or "mention", who, now_ms(), W.rt_rng,
                                                 html=b.get("content_html"), text=b.get("text"))
                        out = W.ser_notif(rec)
                    W.publish_notification(rec)
                    return Resp(200, json.dumps(out, ensure_ascii=False))
                with W.lock:
                    rec = W.runtime_status(tl, b)
                    sid = int(rec.e["id"])
                    out = W.ser(sid)
                W.publish_status(sid)
                return Resp(200, json.dumps(out, ensure_ascii=False))
            m = re.match(r"^/_control/delete/(\d+)$", path)
            if m:
                with W.lock:
                    sid = int(m.group(1))
                    if sid not in W.statuses:
                        return Resp(404, json.dumps(W.fx.get("error-not-found.json")))
                    gone = W.delete_status(sid)
                return Resp(200, json.dumps({"deleted": [str(x) for x in gone]}))
            m = re.match(r"^/_control/edit/(\d+)$", path)
            if m:
                with W.lock:
                    sid = int(m.group(1))
                    rec = W.statuses.get(sid)
                    if rec is None or rec.reblog_of is not None:
                        return Resp(404, json.dumps(W.fx.get("error-not-found.json")))
                    self.apply_edit(rec, b)
                    out = W.ser(sid)
                W.publish_status(sid, "status.update")
                return Resp(200, json.dumps(out, ensure_ascii=False))
            if path == "/_control/fault":
                kind = str(b.get("kind"))
                if kind == "clear":
                    with W.lock:
                        W.faults = []
                        W.hang_epoch += 1
                    return Resp(200, json.dumps({"ok": True}))
                if kind == "drop-stream":
                    return Resp(200, json.dumps({"dropped": W.close_streams("__drop__")}))
                if kind not in Fault.PER_REQUEST + Fault.MODES:
                    return Resp(422, json.dumps({"error": "unknown fault kind %r" % kind}))
                f = Fault(b)
                with W.lock:
                    W.faults.append(f)
                closed = 0
                if kind == "no-streaming":
                    closed = W.close_streams("__end__")
                return Resp(200, json.dumps({"ok": True, "fault": f.to_json(), "closed_streams": closed}))
            if path == "/_control/clear-requests":
                with W.lock:
                    W.requests = []
                return Resp(200, json.dumps({"ok": True, "last_seq": W.req_seq}))
            if path == "/_control/rate":
                W.rate = float(b.get("rate") or 0)
                return Resp(200, json.dumps({"rate": W.rate}))
            if path == "/_control/event":
                keys = set(as_list(b.get("streams") or ["user"]))
                data = b.get("data", "")
                if not isinstance(data, str):
                    data = stream_json(data)
                n = W.publish(keys, str(b.get("event") or "filters_changed"), data)
                return Resp(200, json.dumps({"delivered": n}))
            return Resp(404, json.dumps({"error": "unknown control endpoint"}))
        except (ValueError, KeyError) as e:
            return Resp(422, json.dumps({"error": "%s: %s" % (type(e).__name__, e)}))

    def apply_edit(self, rec, b):
        W = self.world
        e = rec.e
        if b.get("content_html") is not None:
            e["content"] = str(b["content_html"])
            e["mentions"], e["tags"] = W.entities_from_html(e["content"])
        elif b.get("text") is not None:
            rec.text = str(b["text"])
            e["content"], e["mentions"], e["tags"] = W.format_text(rec.text, None if rec.local else
                                                                  W.accounts[rec.author]["domain"])
        else:
            c = e["content"]
            e["content"] = c[:-4] + " (edited)</p>" if c.endswith("</p>") else c + " (edited)"
        if b.get("spoiler_text") is not None:
            e["spoiler_text"] = str(b["spoiler_text"])
            e["sensitive"] = bool(e["spoiler_text"]) or e["sensitive"]
        if b.get("sensitive") is not None:
            e["sensitive"] = truthy(b["sensitive"])
        e["emojis"] = W.emojis_in(strip_tags(e["content"]), e["spoiler_text"])
        e["edited_at"] = iso_ms(now_ms())

    def state(self):
        W = self.world
        with W.lock:
            recs = W.statuses
            tags = {}
            for r in recs.values():
                if "public" in r.keys and r.reblog_of is None and r.e["visibility"] == "public":
                    for t in r.e["tags"]:
                        tags[t["name"]] = tags.get(t["name"], 0) + 1
            return {
                "base_url": W.base_url,
                "statuses": len(recs),
                "home": sum(1 for r in recs.values() if "home" in r.keys),
                "public": sum(1 for r in recs.values() if "public" in r.keys and r.reblog_of is None
                              and r.e["visibility"] == "public"),
                "local": sum(1 for r in recs.values() if "public" in r.keys and r.reblog_of is None
                             and r.e["visibility"] == "public" and r.local),
                "tags": tags,
                "lists": {l["id"]: sum(1 for r in recs.values() if ("list:" + l["id"]) in r.keys) for l in W.lists},
                "notifications": len(W.notifs),
                "open_streams": len(W.streams),
                "streams": [{"path": s.path, "keys": sorted(s.keys)} for s in W.streams],
                "faults": [f.to_json() for f in W.faults if f.live(time.time())],
                "requests": W.req_seq,
                "rate": W.rate,
                "markers": W.markers,
                "newest_home_id": next((str(s) for s in reversed(W.order) if "home" in recs[s].keys), None),
            }

    # -- helpers for API handlers ----------------------------------------------------------

    def limit(self, default, maximum=None):
        v = self.params.get("limit")
        if v is None or isinstance(v, (list, dict)):
            return default
        n = parse_int(v)
        if n is None:
            n = 0
        return min(abs(n), maximum or default * 2)

    def page(self, ids, default_limit, permitted, max_limit=None):
        """Paginate id list; return (ids_page, link_headers)."""
        W = self.world
        p = self.params
        lim = self.limit(default_limit, max_limit)
        page = W.paginate(ids, lim, parse_int(p.get("max_id")), parse_int(p.get("since_id")),
                          parse_int(p.get("min_id")))
        headers = []
        if page:
            keep = {k: p[k] for k in permitted if k in p and not isinstance(p[k], dict)}
            base = W.base_url + self.req_path + "?"
            nxt = dict(keep, max_id=str(page[-1]))
            prv = dict(keep, min_id=str(page[0]))
            headers.append(("Link", '<%s%s>; rel="next", <%s%s>; rel="prev"' % (base, to_query(nxt), base,
                                                                                to_query(prv))))
        return page, headers

    def statuses_resp(self, ids, permitted, default_limit=20):
        W = self.world
        with W.lock:
            page, headers = self.page(ids, default_limit, permitted)
            out = [W.ser(s) for s in page]
        return jresp(out, headers=headers)

    def not_found(self):
        return jresp(self.world.fx.get("error-not-found.json"), 404)


def only_media(rec):
    return bool(rec.e["media_attachments"])


# ---------------------------------------------------------------------------
# API routes

@route("GET", r"/api/v2/instance", auth=False)
def r_instance_v2(hd):
    W = hd.world
    d = W.fx.get("instance-v2.json")
    d["domain"] = W.domain
    d["configuration"]["urls"]["streaming"] = W.args.streaming_url or W.base_url
    d["configuration"]["statuses"]["max_characters"] = 500
    return jresp(d)


@route("GET", r"/api/v1/instance", auth=False)
def r_instance_v1(hd):
    W = hd.world
    d = W.fx.get("instance-v1.json")
    d["uri"] = W.domain
    d["urls"]["streaming_api"] = W.args.streaming_url or W.base_url
    d["configuration"]["statuses"]["max_characters"] = 500
    return jresp(d)


@route("GET", r"/api/v1/custom_emojis", auth=False)
def r_custom_emojis(hd):
    return jresp(hd.world.custom_emojis)


@route("POST", r"/api/v1/apps", auth=False)
def r_apps(hd):
    W = hd.world
    p = hd.params
    name = p.get("client_name")
    if not name or not isinstance(name, str):
        return jresp({"error": "Validation failed: Application name can't be blank"}, 422)
    uris = p.get("redirect_uris")
    uris = as_list(uris)
    uris = [x for u in uris for x in u.split()]
    if not uris or any(not (re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", u)) for u in uris):
        return jresp(W.fx.get("app-create-error.json"), 422)
    d = W.fx.get("app-create.json")
    with W.lock:
        n = len(W.apps)
        d["id"] = str(int(d["id"]) + n)
        d["name"] = name
        d["website"] = p.get("website") or None
        d["scopes"] = (p.get("scopes") or "read").split()
        d["redirect_uri"] = "\n".join(uris)
        d["redirect_uris"] = uris
        d["client_id"] = base64.urlsafe_b64encode(hashlib.sha256(b"id%d%d" % (W.args.seed, n)).digest()).decode()[:43]
        d["client_secret"] = base64.urlsafe_b64encode(
            hashlib.sha256(b"secret%d%d" % (W.args.seed, n)).digest()).decode()[:43]
        W.apps.append(d)
        W.app_name = name
    return jresp(d)


@route("GET", r"/oauth/authorize", auth=False)
def r_authorize(hd):
    W = hd.world
    p = hd.params
    with W.lock:
        ch = {"challenge": p.get("code_challenge"), "method": p.get("code_challenge_method") or "plain"}
        if p.get("code_challenge"):
            W.challenges[str(p.get("client_id"))] = ch
            W.challenges["__last__"] = ch
        else:
            W.challenges.pop(str(p.get("client_id")), None)
            W.challenges.pop("__last__", None)
    redirect = p.get("redirect_uri") or "urn:ietf:wg:oauth:2.0:oob"
    link = ""
    if redirect != "urn:ietf:wg:oauth:2.0:oob":
        q = {"code": "good-code"}
        if p.get("state"):
            q["state"] = p["state"]
        target = redirect + ("&" if "?" in redirect else "?") + urllib.parse.urlencode(q)
        link = '<p><a href="%s">Continue to the application</a></p>' % h(target)
    page = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Authorization required - fake Mastodon"
            "</title></head><body><h1>Authorization required</h1><p>%s would like permission to access your "
            "account (scopes: %s).</p><p>Copy this authorization code to the application:</p>"
            "<input class=\"oauth-code\" readonly type=\"text\" value=\"good-code\">%s</body></html>") % (
        h(str(p.get("client_id") or "An application")), h(str(p.get("scope") or "read")), link)
    return Resp(200, page, ctype="text/html; charset=utf-8")


ALLOWED_SCOPE = re.compile(r"^(read|write|follow|push|profile|admin:(read|write)(:[a-z_]+)?|(read|write):[a-z_]+)$")


@route("POST", r"/oauth/token", auth=False)
def r_token(hd):
    W = hd.world
    p = hd.params
    gt = p.get("grant_type")
    scope = p.get("scope") or "read"
    if not isinstance(scope, str) or any(not ALLOWED_SCOPE.match(s) for s in scope.split()):
        return jresp(W.fx.get("oauth-token-error-invalid-scope.json"), 400)
    if not p.get("client_id"):
        return jresp(W.fx.get("oauth-token-error-invalid-client.json"), 401)
    tok = W.fx.get("oauth-token.json")
    tok["access_token"] = W.args.token
    tok["scope"] = scope
    tok["created_at"] = int(time.time())
    if gt == "client_credentials":
        return jresp(tok)
    if gt != "authorization_code":
        return jresp({"error": "unsupported_grant_type",
                      "error_description": "The authorization grant type is not supported by the authorization "
                                           "server."}, 400)
    if p.get("code") != "good-code":
        return jresp(W.fx.get("error.json"), 400)
    with W.lock:
        ch = W.challenges.get(str(p.get("client_id"))) or W.challenges.get("__last__")
    if ch and ch.get("challenge"):
        v = p.get("code_verifier")
        if not isinstance(v, str) or not v:
            return jresp(W.fx.get("error.json"), 400)
        if ch["method"] == "S256":
            calc = base64.urlsafe_b64encode(hashlib.sha256(v.encode()).digest()).decode().rstrip("=")
        else:
            calc = v
        if calc != ch["challenge"]:
            return jresp(W.fx.get("error.json"), 400)
    return jresp(tok)


@route("POST", r"/oauth/revoke", auth=False)
def r_revoke(hd):
    return jresp({})


@route("GET", r"/api/v1/accounts/verify_credentials")
def r_verify(hd):
    W = hd.world
    with W.lock:
        a = copy.deepcopy(W.acc(W.me))
        cred = W.fx.get("account-credential.json")
        src = cred["source"]
        src["note"] = strip_tags(a["note"])
        src["fields"] = [{"name": f["name"], "value": strip_tags(f["value"]), "verified_at": f["verified_at"]}
                         for f in a["fields"]]
        src["privacy"] = "public"
        src["language"] = "en"
        a["source"] = src
        a["role"] = cred["role"]
    return jresp(a)


@route("GET", r"/api/v1/accounts/lookup")
def r_lookup(hd):
    W = hd.world
    with W.lock:
        aid = W.find_account(str(hd.params.get("acct") or ""))
        if aid is None:
            return hd.not_found()
        return jresp(W.acc(aid))


@route("GET", r"/api/v1/accounts/(\d+)")
def r_account(hd, aid):
    W = hd.world
    with W.lock:
        if int(aid) not in W.accounts:
            return hd.not_found()
        return jresp(W.acc(int(aid)))


@route("GET", r"/api/v1/accounts/(\d+)/statuses")
def r_account_statuses(hd, aid):
    W = hd.world
    aid = int(aid)
    p = hd.params
    with W.lock:
        if aid not in W.accounts:
            return hd.not_found()
        if truthy(p.get("pinned")):
            return jresp([])
        tagged = (p.get("tagged") or "").lower() if isinstance(p.get("tagged"), str) else ""

        def ok(r):
            if r.author != aid:
                return False
            if r.e["visibility"] == "direct":
                return False
            if truthy(p.get("exclude_replies")) and r.e["in_reply_to_id"] and \
                    r.e["in_reply_to_account_id"] != str(aid):
                return False
            if truthy(p.get("exclude_reblogs")) and r.reblog_of is not None:
                return False
            if truthy(p.get("only_media")) and not only_media(r):
                return False
            if tagged and tagged not in [t["name"] for t in r.e["tags"]]:
                return False
            return True
        ids = W.timeline_ids(ok)
    return hd.statuses_resp(ids, ["limit", "only_media", "exclude_replies", "exclude_reblogs", "tagged"])


@route("GET", r"/api/v1/timelines/home")
def r_home(hd):
    W = hd.world
    with W.lock:
        ids = W.timeline_ids(lambda r: "home" in r.keys)
    return hd.statuses_resp(ids, ["local", "limit"])


def _public_pred(hd, tag=None):
    p = hd.params
    local = truthy(p.get("local"))
    remote = truthy(p.get("remote"))
    media = truthy(p.get("only_media"))

    def ok(r):
        if "public" not in r.keys or r.reblog_of is not None or r.e["visibility"] != "public":
            return False
        if local and not r.local:
            return False
        if remote and r.local:
            return False
        if media and not only_media(r):
            return False
        if tag is not None and tag not in [t["name"] for t in r.e["tags"]]:
            return False
        return True
    return ok


@route("GET", r"/api/v1/timelines/public")
def r_public(hd):
    W = hd.world
    with W.lock:
        ids = W.timeline_ids(_public_pred(hd))
    return hd.statuses_resp(ids, ["local", "remote", "limit", "only_media"])


@route("GET", r"/api/v1/timelines/tag/([^/]+)")
def r_tag(hd, tag):
    W = hd.world
    tag = urllib.parse.unquote(tag).lstrip("#").lower()
    with W.lock:
        ids = W.timeline_ids(_public_pred(hd, tag))
    return hd.statuses_resp(ids, ["local", "limit", "only_media"])


@route("GET", r"/api/v1/timelines/list/([^/]+)")
def r_list_tl(hd, lid):
    W = hd.world
    with W.lock:
        if lid not in W.list_members:
            return hd.not_found()
        ids = W.timeline_ids(lambda r: ("list:" + lid) in r.keys)
    return hd.statuses_resp(ids, ["limit"])


@route("GET", r"/api/v1/lists")
def r_lists(hd):
    return jresp(hd.world.lists)


@route("GET", r"/api/v1/lists/([^/]+)")
def r_list(hd, lid):
    for l in hd.world.lists:
        if l["id"] == lid:
            return jresp(l)
    return hd.not_found()


@route("GET", r"/api/v1/notifications")
def r_notifications(hd):
    W = hd.world
    p = hd.params
    types = set(as_list(p.get("types")))
    excl = set(as_list(p.get("exclude_types")))
    acc = p.get("account_id")
    with W.lock:
        recs = [n for n in reversed(W.notifs)
                if (not types or n["type"] in types) and n["type"] not in excl
                and (acc is None or str(n["account"]) == str(acc))]
        by_id = {n["id"]: n for n in recs}
        page, headers = hd.page([n["id"] for n in recs], 40,
                                ["limit", "account_id", "types", "exclude_types", "include_filtered"])
        out = [x for x in (W.ser_notif(by_id[i]) for i in page) if x is not None]
    return jresp(out, headers=headers)


@route("GET", r"/api/v1/notifications/(\d+)")
def r_notification(hd, nid):
    W = hd.world
    with W.lock:
        for n in W.notifs:
            if n["id"] == int(nid):
                return jresp(W.ser_notif(n))
    return hd.not_found()


@route("GET", r"/api/v2/search")
def r_search(hd):
    W = hd.world
    p = hd.params
    q = p.get("q")
    if not q or not isinstance(q, str):
        return jresp({"error": "param is missing or the value is empty: q"}, 400)
    typ = p.get("type")
    lim = hd.limit(20, 40)
    off = parse_int(p.get("offset")) or 0
    ql = q.lower().strip()
    out = {"accounts": [], "statuses": [], "hashtags": []}
    with W.lock:
        if typ in (None, "", "accounts"):
            accs = [r["a"] for r in W.accounts.values()
                    if ql.lstrip("@") in r["a"]["acct"].lower() or ql in r["a"]["display_name"].lower()]
            out["accounts"] = copy.deepcopy(accs[off:off + lim])
        if typ in (None, "", "statuses"):
            ids = [s for s in reversed(W.order) if W.statuses[s].reblog_of is None
                   and (ql in strip_tags(W.statuses[s].e["content"]).lower() or ql == W.statuses[s].e["url"].lower()
                        or ql == W.statuses[s].e["uri"].lower())]
            out["statuses"] = [W.ser(s) for s in ids[off:off + lim]]
        if typ in (None, "", "hashtags"):
            tpl = W.fx.get("search-v2.json")["hashtags"][0]
            tags = []
            for i, t in enumerate(TAG_POOL):
                if ql.lstrip("#") in t.lower():
                    e = copy.deepcopy(tpl)
                    e["id"] = str(200 + i)
                    e["name"] = t.lower()
                    e["url"] = "%s/tags/%s" % (W.local, urllib.parse.quote(t.lower()))
                    e["history"] = [{"day": str(1785542400 - 86400 * d), "uses": str(3 + d), "accounts": str(2 + d)}
                                    for d in range(7)]
                    tags.append(e)
            out["hashtags"] = tags[off:off + lim]
    return jresp(out)


@route("GET", r"/api/v1/statuses/(\d+)")
def r_status(hd, sid):
    W = hd.world
    with W.lock:
        s = W.ser(int(sid))
    return jresp(s) if s else hd.not_found()


@route("DELETE", r"/api/v1/statuses/(\d+)")
def r_status_delete(hd, sid):
    W = hd.world
    sid = int(sid)
    with W.lock:
        rec = W.statuses.get(sid)
        if rec is None or rec.author != W.me:
            return hd.not_found()
        out = W.ser(sid)
        out["text"] = rec.text
        W.delete_status(sid)
    return jresp(out)


@route("GET", r"/api/v1/statuses/(\d+)/context")
def r_context(hd, sid):
    W = hd.world
    sid = int(sid)
    with W.lock:
        if sid not in W.statuses:
            return hd.not_found()
        sid = W.proper(sid)
        anc = []
        cur = W.statuses[sid].e["in_reply_to_id"]
        while cur and int(cur) in W.statuses and len(anc) < 40:
            anc.insert(0, int(cur))
            cur = W.statuses[int(cur)].e["in_reply_to_id"]
        kids = {}
        for s in W.order:
            r = W.statuses[s]
            if r.e["in_reply_to_id"]:
                kids.setdefault(int(r.e["in_reply_to_id"]), []).append(s)
        desc = []

        def walk(x):
            for c in kids.get(x, []):
                desc.append(c)
                walk(c)
        walk(sid)
        return jresp({"ancestors": [W.ser(a) for a in anc], "descendants": [W.ser(d) for d in desc]})


def _action(hd, sid, fn):
    W = hd.world
    sid = int(sid)
    with W.lock:
        if sid not in W.statuses:
            return hd.not_found(), None
        target = W.proper(sid)
        res, events = fn(W, target)
        return jresp(res), events


def _send_events(hd, resp_events):
    resp, events = resp_events
    for ev in events or []:
        if ev[0] == "update":
            hd.world.publish_status(ev[1])
    return resp


def _flag(flag, counter, value):
    def fn(W, target):
        e = W.statuses[target].e
        if e[flag] != value:
            e[flag] = value
            if counter:
                e[counter] = max(0, e[counter] + (1 if value else -1))
        return W.ser(target), []
    return fn


@route("POST", r"/api/v1/statuses/(\d+)/favourite")
def r_fav(hd, sid):
    return _send_events(hd, _action(hd, sid, _flag("favourited", "favourites_count", True)))


@route("POST", r"/api/v1/statuses/(\d+)/unfavourite")
def r_unfav(hd, sid):
    return _send_events(hd, _action(hd, sid, _flag("favourited", "favourites_count", False)))


@route("POST", r"/api/v1/statuses/(\d+)/bookmark")
def r_bm(hd, sid):
    return _send_events(hd, _action(hd, sid, _flag("bookmarked", None, True)))


@route("POST", r"/api/v1/statuses/(\d+)/unbookmark")
def r_unbm(hd, sid):
    return _send_events(hd, _action(hd, sid, _flag("bookmarked", None, False)))


@route("POST", r"/api/v1/statuses/(\d+)/reblog")
def r_reblog(hd, sid):
    def fn(W, target):
        e = W.statuses[target].e
        if e["visibility"] in ("private", "direct"):
            return {"error": "This action is not allowed"}, []
        existing = [s for s, r in W.statuses.items() if r.reblog_of == target and r.author == W.me]
        if existing:
            return W.ser(existing[0]), []
        rec = W.build_reblog(W.me, now_ms(), target, W.rt_rng, keys=("home",))
        e["reblogged"] = True
        vis = hd.params.get("visibility")
        if vis in ("public", "unlisted", "private"):
            rec.e["visibility"] = vis
        return W.ser(int(rec.e["id"])), [("update", int(rec.e["id"]))]
    W = hd.world
    with W.lock:
        if int(sid) in W.statuses and W.statuses[W.proper(int(sid))].e["visibility"] in ("private", "direct"):
            return jresp({"error": "This action is not allowed"}, 403)
    return _send_events(hd, _action(hd, sid, fn))


@route("POST", r"/api/v1/statuses/(\d+)/unreblog")
def r_unreblog(hd, sid):
    def fn(W, target):
        for s, r in list(W.statuses.items()):
            if r.reblog_of == target and r.author == W.me:
                W.delete_status(s)
        W.statuses[target].e["reblogged"] = False
        return W.ser(target), []
    return _send_events(hd, _action(hd, sid, fn))


@route("POST", r"/api/v1/statuses")
def r_post_status(hd):
    W = hd.world
    p = hd.params
    key = hd.headers.get("Idempotency-Key")
    text = p.get("status")
    text = text if isinstance(text, str) else ""
    media_ids = as_list(p.get("media_ids"))
    poll = p.get("poll") if isinstance(p.get("poll"), dict) else None
    with W.lock:
        if key and key in W.idem and W.idem[key] in W.statuses:
            return jresp(W.ser(W.idem[key]))
        if not text.strip() and not media_ids:
            return jresp(W.fx.get("error-validation.json"), 422)
        spoiler = p.get("spoiler_text") if isinstance(p.get("spoiler_text"), str) else ""
        countable = re.sub(r"https?://\S+", "x" * 23, text)
        countable = re.sub(r"@(\w+)@[\w.\-]+\w", r"@\1", countable)
        if grapheme_count(countable) + grapheme_count(spoiler) > 500:
            return jresp({"error": "Validation failed: Text character limit of 500 exceeded"}, 422)
        vis = p.get("visibility") or "public"
        if vis not in ("public", "unlisted", "private", "direct"):
            return jresp({"error": "Validation failed: Visibility is not included in the list"}, 422)
        reply_to = None
        if p.get("in_reply_to_id"):
            reply_to = parse_int(p.get("in_reply_to_id"))
            if reply_to not in W.statuses:
                return hd.not_found()
            reply_to = W.proper(reply_to)
        if p.get("scheduled_at"):
            d = W.fx.get("status-scheduled.json")
            d["id"] = str(3221 + len(W.idem))
            d["scheduled_at"] = p.get("scheduled_at")
            for k in d["params"]:
                d["params"][k] = None
            d["params"]["text"] = text
            d["params"]["visibility"] = vis
            d["params"]["in_reply_to_id"] = reply_to
            d["params"]["application_id"] = int(W.apps[-1]["id"]) if W.apps else 1
            d["params"]["idempotency"] = key
            return jresp(d)
        pl = None
        if poll and poll.get("options"):
            pl = {"options": as_list(poll.get("options")), "expires_in": parse_int(poll.get("expires_in")) or 86400,
                  "multiple": truthy(poll.get("multiple"))}
        keys = {"home"} | ({"public"} if vis == "public" else set())
        rec = W.build_status(W.me, now_ms(), W.rt_rng, text=text, visibility=vis, spoiler=spoiler,
                             sensitive=truthy(p.get("sensitive")),
                             language=p.get("language") if isinstance(p.get("language"), str) else "en",
                             reply_to=reply_to, media=[("image", None) for _ in media_ids], poll=pl, keys=keys,
                             app_name=W.app_name)
        sid = int(rec.e["id"])
        if key:
            W.idem[key] = sid
        out = W.ser(sid)
    W.publish_status(sid)
    return jresp(out)


@route("GET", r"/api/v1/markers")
def r_markers(hd):
    W = hd.world
    tls = as_list(hd.params.get("timeline"))
    with W.lock:
        return jresp({k: W.markers[k] for k in tls if k in W.markers})


@route("POST", r"/api/v1/markers")
def r_markers_post(hd):
    W = hd.world
    p = hd.params
    out = {}
    with W.lock:
        for tl in ("home", "notifications"):
            v = p.get(tl)
            if isinstance(v, dict) and v.get("last_read_id") is not None:
                lid = str(v["last_read_id"])
                m = W.markers.get(tl)
                if m is None:
                    m = {"last_read_id": lid, "version": 0, "updated_at": iso_ms(now_ms())}
                    W.markers[tl] = m
                elif m["last_read_id"] != lid:
                    m["last_read_id"] = lid
                    m["version"] += 1
                    m["updated_at"] = iso_ms(now_ms())
                out[tl] = dict(m)
    return jresp(out)


# -- streaming

@route("GET", r"/api/v1/streaming/health", auth=False)
def r_health(hd):
    return Resp(200, b"OK", ctype="text/plain")


STREAMS = {
    "user": lambda p: {"user"},
    "user:notification": lambda p: {"user:notification"},
    "public": lambda p: {"public"},
    "public:local": lambda p: {"public:local"},
    "public:remote": lambda p: {"public:remote"},
    "hashtag": lambda p: {"hashtag:" + p["tag"]},
    "hashtag:local": lambda p: {"hashtag:local:" + p["tag"]},
    "list": lambda p: {"list:" + p["list"]},
    "direct": lambda p: {"direct"},
}


def _stream(hd, name):
    W = hd.world
    if not hd.authorized():
        return hd.unauthorized(True)
    p = {k: v for k, v in hd.params.items() if isinstance(v, str)}
    if name not in STREAMS:
        return jresp(W.fx.get("streaming-error-unknown-stream.json"), 400)
    if name.startswith("hashtag"):
        if not p.get("tag"):
            return jresp({"error": "No tag for stream provided"}, 400)
        p["tag"] = p["tag"].lstrip("#").lower()
    if name == "list":
        if p.get("list") not in W.list_members:
            return jresp({"error": "Not authorized to stream this list"}, 401)
    return hd.stream(STREAMS[name](p))


@route("GET", r"/api/v1/streaming/?")
def r_stream_root(hd):
    s = hd.params.get("stream")
    return _stream(hd, s if isinstance(s, str) else "")


@route("GET", r"/api/v1/streaming/(user|user/notification|public|public/local|public/remote|hashtag|hashtag/local|"
              r"list|direct)/?")
def r_stream(hd, name):
    return _stream(hd, name.replace("/", ":"))


# -- tiny placeholder for media/avatars so a client that fetches them gets bytes
PNG_1x1 = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


@route("GET", r"/(system|avatars|headers)/.*", auth=False)
def r_files(hd, _):
    return Resp(200, PNG_1x1, ctype="image/png")


# ---------------------------------------------------------------------------
# main


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64


def main(argv=None):
    ap = argparse.ArgumentParser(description="Fake Mastodon server for starling tests (loopback only).")
    ap.add_argument("--url-file", help="write the base URL (http://127.0.0.1:PORT, no newline) to this file")
    ap.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default 0 = a free one)")
    ap.add_argument("--fixtures", default=DEFAULT_FIXTURES, help="fixtures dir (default %(default)s)")
    ap.add_argument("--seed", type=int, default=1, help="seed for the generated corpus (default 1)")
    ap.add_argument("--statuses", type=int, default=120, help="statuses seeded into home (default 120)")
    ap.add_argument("--notifications", type=int, default=30, help="notifications seeded (default 30)")
    ap.add_argument("--base-time", default="2026-08-01T12:00:00Z", help="created_at of the newest seeded status")
    ap.add_argument("--token", default="test-token", help="the one valid access token (default test-token)")
    ap.add_argument("--heartbeat", type=float, default=15, help="seconds between :thump on streams (default 15)")
    ap.add_argument("--rate", type=float, default=0, help="new statuses per second (default 0)")
    ap.add_argument("--max-seconds", type=float, default=1800, help="exit after this long (default 1800)")
    ap.add_argument("--domain", default=None,
                    help="instance domain used in generated URLs (default: 127.0.0.1:PORT, http)")
    ap.add_argument("--streaming-url", default=None, help="configuration.urls.streaming (default: base URL)")
    ap.add_argument("--seed-markers", action="store_true", help="start with home/notifications markers set")
    ap.add_argument("--ratelimit-limit", type=int, default=300)
    ap.add_argument("--ratelimit-period", type=int, default=300)
    ap.add_argument("--enforce-ratelimit", action="store_true", help="answer 429 when the window is used up")
    ap.add_argument("--verbose", action="store_true", help="log requests to stderr")
    args = ap.parse_args(argv)

    fixtures = Fixtures(args.fixtures)
    world = World(args, fixtures)
    Handler.world = world
    srv = Server(("127.0.0.1", args.port), Handler)
    port = srv.server_address[1]
    base = "http://127.0.0.1:%d" % port
    world.set_base(base)

    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    th = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    th.start()

    def rate_loop():
        while not world.stopping.is_set():
            r = world.rate
            if r <= 0:
                world.stopping.wait(0.1)
                continue
            if world.stopping.wait(1.0 / r):
                break
            if world.rate <= 0:
                continue
            try:
                world.rate_tick()
            except Exception:
                traceback.print_exc()
    threading.Thread(target=rate_loop, daemon=True).start()

    if args.url_file:
        tmp = args.url_file + ".tmp%d" % os.getpid()
        with open(tmp, "w") as f:
            f.write(base)
        os.replace(tmp, args.url_file)
    try:
        print(base, flush=True)
    except OSError:
        pass

    deadline = time.monotonic() + args.max_seconds
    while not stop.is_set():
        left = deadline - time.monotonic()
        if left <= 0:
            break
        stop.wait(min(left, 0.5))
    world.stopping.set()
    srv.shutdown()
    srv.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
