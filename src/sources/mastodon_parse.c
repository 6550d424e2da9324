/* mastodon_parse.c — Mastodon's JSON entities to posts, with jansson.
 *
 * Every status becomes a stack template (struct mastodon_build) whose strings
 * point into the JSON tree or into the build's own buffers; post_new() copies
 * and sanitises it all into one allocation, then the build is freed. Nothing
 * in the JSON is trusted: every field is looked up with a type check, ids
 * must be URL-safe (they end up in request paths), and sizes are capped so a
 * hostile body costs linear time.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>
#include <utf8proc.h>

#include "starling/clock.h"
#include "starling/html.h"
#include "starling/mastodon_parse.h"
#include "starling/post.h"
#include "starling/text.h"
#include "starling/xmalloc.h"

#define MASTODON_ID_MAX		128		/* bytes in an id */
#define MASTODON_HTML_MAX	(128 * 1024)	/* HTML read per content */
#define MASTODON_SPANS_MAX	512
#define MASTODON_MEDIA_MAX	32
#define MASTODON_QUOTE_MAX	200		/* bytes of a quote's summary */
#define MASTODON_NETWORK_MAX	300

struct mastodon_build {
	struct post		 t;
	char			 network[MASTODON_NETWORK_MAX];
	char			 id[MASTODON_ID_MAX + 1];
	char			 ref[MASTODON_ID_MAX + 1];
	char			 reply[MASTODON_ID_MAX + 1];
	char			 author_id[MASTODON_ID_MAX + 1];
	char			 poll[96];
	struct post_media	 media[MASTODON_MEDIA_MAX];
	struct html_text	 html;		/* the content or a note */
	bool			 have_html;
	char			*owned;		/* a composed text */
	char			*quote;
};

/* What a notification type shows. what == NULL: the status it is about;
 * otherwise a post by the notification's account saying what. */
static const struct mastodon_notify_def {
	const char		*type;
	enum post_notify	 notify;
	const char		*what;
	const char		*detail_object;	/* ": detail" when there */
	const char		*detail_key;
} mastodon_notify_table[] = {
	{ "mention",		POST_NOTIFY_MENTION,	NULL, NULL, NULL },
	{ "status",		POST_NOTIFY_NONE,	NULL, NULL, NULL },
	{ "reblog",		POST_NOTIFY_REPOST,	NULL, NULL, NULL },
	{ "favourite",		POST_NOTIFY_LIKE,	NULL, NULL, NULL },
	{ "poll",		POST_NOTIFY_POLL,	NULL, NULL, NULL },
	{ "update",		POST_NOTIFY_UPDATE,	NULL, NULL, NULL },
	{ "quote",		POST_NOTIFY_QUOTE,	NULL, NULL, NULL },
	{ "quoted_update",	POST_NOTIFY_UPDATE,	NULL, NULL, NULL },
	{ "follow",		POST_NOTIFY_FOLLOW,	"", NULL, NULL },
	{ "follow_request",	POST_NOTIFY_NONE,
	    "requested to follow you", NULL, NULL },
	{ "admin.sign_up",	POST_NOTIFY_NONE,	"signed up", NULL,
	    NULL },
	{ "admin.report",	POST_NOTIFY_NONE,	"filed a report",
	    "report", "comment" },
	{ "severed_relationships", POST_NOTIFY_NONE,
	    "follow relationships severed", "event", "target_name" },
	{ "moderation_warning",	POST_NOTIFY_NONE,	"moderation warning",
	    "moderation_warning", "text" },
};

static const struct {
	const char		*type;
	enum post_media_kind	 kind;
} mastodon_media_table[] = {
	{ "image",	POST_MEDIA_IMAGE },
	{ "video",	POST_MEDIA_VIDEO },
	{ "gifv",	POST_MEDIA_GIFV },
	{ "audio",	POST_MEDIA_AUDIO },
};

/* Boolean fields that become flags. */
static const struct {
	const char	*key;
	unsigned	 flag;
} mastodon_state_table[] = {
	{ "favourited",	POST_LIKED },
	{ "reblogged",	POST_REPOSTED },
	{ "bookmarked",	POST_BOOKMARKED },
	{ "sensitive",	POST_SENSITIVE },
};

/* Summaries of a quote that did not come with its post, by state. */
static const struct {
	const char	*state;
	const char	*summary;
} mastodon_quote_table[] = {
	{ "accepted",		"quoted post" },
	{ "pending",		"quote pending approval" },
	{ "deleted",		"quoted post deleted" },
	{ "rejected",		"quoted post unavailable" },
	{ "revoked",		"quoted post unavailable" },
	{ "unauthorized",	"quoted post unavailable" },
	{ "blocked_account",	"quoted post unavailable" },
	{ "blocked_domain",	"quoted post unavailable" },
	{ "muted_account",	"quoted post unavailable" },
};

#define nitems(a) (sizeof (a) / sizeof (a)[0])

static void mastodon_err(char *, size_t, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
mastodon_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* The string at key, or NULL when absent or of another type. */
static const char *
mastodon_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static const char *
mastodon_nonempty(const json_t *o, const char *key)
{
	const char	*s = mastodon_str(o, key);

	return s != NULL && *s != '\0' ? s : NULL;
}

static const json_t *
mastodon_object(const json_t *o, const char *key)
{
	const json_t	*v = json_object_get(o, key);

	return json_is_object(v) ? v : NULL;
}

/* A count: integers, reals and digit strings; anything else (or negative)
 * is 0. */
static long
mastodon_long(const json_t *o, const char *key)
{
	const json_t	*v = json_object_get(o, key);
	const char	*s;
	char		*end;
	double		 d;
	long		 n;

	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);

		if (i < 0)
			return 0;
		return i > (json_int_t)LONG_MAX ? LONG_MAX : (long)i;
	}
	if (json_is_real(v)) {
		d = json_real_value(v);
		if (!(d >= 0))
			return 0;
		return d >= (double)LONG_MAX ? LONG_MAX : (long)d;
	}
	if ((s = json_string_value(v)) != NULL && *s >= '0' && *s <= '9') {
		n = strtol(s, &end, 10);
		return *end == '\0' && n > 0 ? n : 0;
	}
	return 0;
}

static bool
mastodon_bool(const json_t *o, const char *key)
{
	return json_is_true(json_object_get(o, key));
}

/* Ids go into request paths: 1 to MASTODON_ID_MAX unreserved URL
 * characters (Mastodon's are digits, Pleroma's and GoToSocial's
 * alphanumeric). */
static bool
mastodon_id_ok(const char *s, size_t len)
{
	size_t	i;

	if (len == 0 || len > MASTODON_ID_MAX)
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') || c == '-' || c == '.' ||
		    c == '_' || c == '~'))
			return false;
	}
	return true;
}

/* The id at key (a string, or an integer some servers send) in buf, or
 * NULL when absent or not an id. */
static const char *
mastodon_id(const json_t *o, const char *key, char *buf)
{
	const json_t	*v = json_object_get(o, key);
	const char	*s;

	if ((s = json_string_value(v)) != NULL) {
		if (!mastodon_id_ok(s, json_string_length(v)))
			return NULL;
		memcpy(buf, s, json_string_length(v) + 1);
		return buf;
	}
	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		snprintf(buf, MASTODON_ID_MAX + 1, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		return buf;
	}
	return NULL;
}

/* An account's acct (user or user@host), without a leading '@'. */
static const char *
mastodon_account_handle(const json_t *account)
{
	const char	*s = mastodon_nonempty(account, "acct");

	if (s == NULL)
		s = mastodon_nonempty(account, "username");
	if (s != NULL && *s == '@' && s[1] != '\0')
		s++;
	return s;
}

/* Who an account is, for people: display name, else username, else acct. */
static const char *
mastodon_account_name(const json_t *account)
{
	const char	*s;

	if ((s = mastodon_nonempty(account, "display_name")) != NULL)
		return s;
	if ((s = mastodon_nonempty(account, "username")) != NULL)
		return s;
	return mastodon_account_handle(account);
}

static void
mastodon_build_init(struct mastodon_build *b, const char *column,
    const char *host)
{
	memset(b, 0, sizeof *b);
	if (host != NULL && *host != '\0')
		snprintf(b->network, sizeof b->network, "mastodon@%s", host);
	else
		snprintf(b->network, sizeof b->network, "mastodon");
	b->t.network = b->network;
	b->t.column = column;
}

static void
mastodon_build_free(struct mastodon_build *b)
{
	if (b->have_html)
		html_text_free(&b->html);
	b->have_html = false;
	free(b->owned);
	free(b->quote);
	b->owned = b->quote = NULL;
}

static void
mastodon_build_html(struct mastodon_build *b, const json_t *v)
{
	size_t	len = json_string_length(v);

	if (b->have_html)
		html_text_free(&b->html);
	if (len > MASTODON_HTML_MAX)
		len = MASTODON_HTML_MAX;
	html_to_text(json_string_value(v), len, &b->html);
	b->have_html = true;
	b->t.text = b->html.text;
	b->t.spans = b->html.spans;
	b->t.nspans = b->html.nspans > MASTODON_SPANS_MAX ?
	    MASTODON_SPANS_MAX : b->html.nspans;
}

static void
mastodon_build_author(struct mastodon_build *b, const json_t *account)
{
	b->t.author_name = mastodon_account_name(account);
	b->t.author_handle = mastodon_account_handle(account);
	b->t.author_id = mastodon_id(account, "id", b->author_id);
	b->t.avatar_url = mastodon_nonempty(account, "avatar");
	if (b->t.avatar_url == NULL)
		b->t.avatar_url = mastodon_nonempty(account, "avatar_static");
	b->t.followers = mastodon_long(account, "followers_count");
}

/* The handle of the account a status replies to: its own author for a
 * self-reply, else the mention with that id. */
static const char *
mastodon_reply_author(const json_t *st)
{
	const json_t	*to = json_object_get(st, "in_reply_to_account_id");
	const json_t	*account = mastodon_object(st, "account");
	const json_t	*mentions = json_object_get(st, "mentions");
	const json_t	*m;
	char		 want[MASTODON_ID_MAX + 1], buf[MASTODON_ID_MAX + 1];
	const char	*id;
	size_t		 i;

	if (to == NULL || mastodon_id(st, "in_reply_to_account_id",
	    want) == NULL)
		return NULL;
	if ((id = mastodon_id(account, "id", buf)) != NULL &&
	    strcmp(id, want) == 0)
		return mastodon_account_handle(account);
	json_array_foreach(mentions, i, m) {
		if ((id = mastodon_id(m, "id", buf)) != NULL &&
		    strcmp(id, want) == 0)
			return mastodon_account_handle(m);
	}
	return NULL;
}

/* The longest prefix of s[0..n) that ends on a whole UTF-8 sequence. */
static size_t
mastodon_utf8_cut(const char *s, size_t n)
{
	size_t		k = n, need;
	unsigned char	c;

	while (k > 0 && n - k < 4 && ((unsigned char)s[k - 1] & 0xc0) == 0x80)
		k--;
	if (k == 0)
		return 0;
	c = (unsigned char)s[k - 1];
	need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	return k - 1 + need > n ? k - 1 : n;
}

/* s on one line (whitespace runs become one space), at most max bytes cut
 * on a codepoint, with "…" when cut. */
static char *
mastodon_summary(const char *s, size_t max)
{
	size_t	 len = strlen(s), i, n = 0;
	char	*out = xmalloc((len < max ? len : max) + 4);
	bool	 space = true;

	for (i = 0; i < len && n < max; i++) {
		if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' ||
		    s[i] == '\r') {
			if (!space)
				out[n++] = ' ';
			space = true;
		} else {
			out[n++] = s[i];
			space = false;
		}
	}
	while (i < len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' ||
	    s[i] == '\r'))
		i++;
	if (i < len)
		n = mastodon_utf8_cut(out, n);
	while (n > 0 && out[n - 1] == ' ')
		n--;
	if (i < len) {
		memcpy(out + n, "\xe2\x80\xa6", 3);
		n += 3;
	}
	out[n] = '\0';
	return out;
}

/* A quoted post's summary: its text (or content warning), cut short. */
static char *
mastodon_quote_summary(const json_t *qs)
{
	const json_t		*content = json_object_get(qs, "content");
	const char		*cw, *text;
	struct html_text	 h;
	char			*s, *out;

	if ((cw = mastodon_nonempty(qs, "spoiler_text")) != NULL) {
		xasprintf(&s, "CW: %s", cw);
		out = mastodon_summary(s, MASTODON_QUOTE_MAX);
		free(s);
		return out;
	}
	if (json_is_string(content) && json_string_length(content) > 0) {
		html_to_text(json_string_value(content),
		    json_string_length(content) > MASTODON_HTML_MAX ?
		    MASTODON_HTML_MAX : json_string_length(content), &h);
		out = mastodon_summary(h.text != NULL ? h.text : "",
		    MASTODON_QUOTE_MAX);
		html_text_free(&h);
		if (*out != '\0')
			return out;
		free(out);
	}
	if ((text = mastodon_nonempty(qs, "text")) != NULL)
		return mastodon_summary(text, MASTODON_QUOTE_MAX);
	if (json_array_size(json_object_get(qs, "media_attachments")) > 0)
		return xstrdup("[media]");
	return xstrdup("");
}

static void
mastodon_build_quote(struct mastodon_build *b, const json_t *st)
{
	const json_t	*q = mastodon_object(st, "quote"), *qs;
	const char	*state;
	size_t		 i;

	if (q == NULL)
		return;
	/* Mastodon 4.4+: a Quote {state, quoted_status} or a ShallowQuote
	 * {state, quoted_status_id}; some forks put the Status itself. */
	qs = mastodon_object(q, "quoted_status");
	if (qs == NULL && (json_object_get(q, "content") != NULL ||
	    json_object_get(q, "account") != NULL))
		qs = q;
	if (qs != NULL) {
		b->t.quote_author = mastodon_account_handle(mastodon_object(qs,
		    "account"));
		b->quote = mastodon_quote_summary(qs);
	} else {
		if ((state = mastodon_str(q, "state")) == NULL)
			return;
		for (i = 0; i < nitems(mastodon_quote_table); i++)
			if (strcmp(state, mastodon_quote_table[i].state) == 0)
				break;
		b->quote = xstrdup(i < nitems(mastodon_quote_table) ?
		    mastodon_quote_table[i].summary :
		    "quoted post unavailable");
	}
	b->t.quote_text = b->quote;
}

static void
mastodon_build_media(struct mastodon_build *b, const json_t *st)
{
	const json_t	*list = json_object_get(st, "media_attachments"), *m;
	const char	*type;
	size_t		 i, k, n = 0;

	json_array_foreach(list, i, m) {
		struct post_media	*pm;

		if (n == MASTODON_MEDIA_MAX)
			break;
		if (!json_is_object(m))
			continue;
		pm = &b->media[n++];
		pm->kind = POST_MEDIA_OTHER;
		if ((type = mastodon_str(m, "type")) != NULL) {
			for (k = 0; k < nitems(mastodon_media_table); k++)
				if (strcmp(type,
				    mastodon_media_table[k].type) == 0)
					pm->kind =
					    mastodon_media_table[k].kind;
		}
		pm->alt = mastodon_nonempty(m, "description");
		if ((pm->url = mastodon_nonempty(m, "url")) == NULL &&
		    (pm->url = mastodon_nonempty(m, "remote_url")) == NULL)
			pm->url = mastodon_nonempty(m, "preview_url");
	}
	b->t.media = b->media;
	b->t.nmedia = n;
}

/* "2 options, 14 votes, ends 2026-11-23 14:05 UTC" or "..., closed". */
static void
mastodon_build_poll(struct mastodon_build *b, const json_t *st)
{
	const json_t	*poll = mastodon_object(st, "poll");
	size_t		 options, len;
	long		 votes;
	int64_t		 ends;
	time_t		 t;
	struct tm	 tm;

	if (poll == NULL)
		return;
	options = json_array_size(json_object_get(poll, "options"));
	votes = mastodon_long(poll, "votes_count");
	len = (size_t)snprintf(b->poll, sizeof b->poll,
	    "%zu option%s, %ld vote%s", options, options == 1 ? "" : "s",
	    votes, votes == 1 ? "" : "s");
	ends = mastodon_parse_time(mastodon_str(poll, "expires_at"));
	t = (time_t)ends;
	if (mastodon_bool(poll, "expired"))
		snprintf(b->poll + len, sizeof b->poll - len, ", closed");
	else if (ends != 0 && gmtime_r(&t, &tm) != NULL)
		strftime(b->poll + len, sizeof b->poll - len,
		    ", ends %Y-%m-%d %H:%M UTC", &tm);
	b->t.poll = b->poll;
}

/* The text: the content's HTML, else the plain source ("text", which
 * delete-and-redraft returns), else a scheduled status' params.text. */
static void
mastodon_build_text(struct mastodon_build *b, const json_t *st)
{
	const json_t	*content = json_object_get(st, "content");
	const char	*s;

	if (json_is_string(content) && json_string_length(content) > 0)
		mastodon_build_html(b, content);
	if (b->t.text != NULL && *b->t.text != '\0')
		return;
	if ((s = mastodon_nonempty(st, "text")) != NULL ||
	    (s = mastodon_nonempty(mastodon_object(st, "params"),
	    "text")) != NULL) {
		b->t.text = s;
		b->t.spans = NULL;
		b->t.nspans = 0;
	}
}

/* Fills b from a status; a boost shows its original. False when the status
 * (or the original inside a boost) has no usable id. */
static bool
mastodon_build_status(struct mastodon_build *b, const json_t *st)
{
	const json_t	*orig = st, *reblog, *wrapper_account;
	const char	*created;
	size_t		 i;

	if (!json_is_object(st) || mastodon_id(st, "id", b->id) == NULL)
		return false;
	reblog = mastodon_object(st, "reblog");
	if (reblog != NULL) {
		if (mastodon_id(reblog, "id", b->ref) == NULL)
			return false;
		orig = reblog;
		wrapper_account = mastodon_object(st, "account");
		b->t.reposted_by_name = mastodon_account_name(wrapper_account);
		b->t.reposted_by_handle =
		    mastodon_account_handle(wrapper_account);
		if (b->t.reposted_by_name == NULL)
			b->t.reposted_by_name = "";
	} else
		memcpy(b->ref, b->id, sizeof b->ref);
	b->t.id = b->id;
	b->t.action_ref = b->ref;

	/* A boost sorts by when it was boosted. */
	created = mastodon_str(st, "created_at");
	if (created == NULL)
		created = mastodon_str(orig, "created_at");
	b->t.created = mastodon_parse_time(created);
	b->t.edited = mastodon_parse_time(mastodon_str(orig, "edited_at"));

	if ((b->t.url = mastodon_nonempty(orig, "url")) == NULL)
		b->t.url = mastodon_nonempty(orig, "uri");
	mastodon_build_author(b, mastodon_object(orig, "account"));
	mastodon_build_text(b, orig);

	b->t.reply_to_id = mastodon_id(orig, "in_reply_to_id", b->reply);
	if (b->t.reply_to_id != NULL)
		b->t.reply_to_author = mastodon_reply_author(orig);
	/* What a reply to the parent names; Mastodon keeps no root. */
	b->t.reply_parent_ref = b->t.reply_to_id;
	mastodon_build_quote(b, orig);
	b->t.content_warning = mastodon_nonempty(orig, "spoiler_text");
	mastodon_build_media(b, orig);
	mastodon_build_poll(b, orig);
	b->t.lang = mastodon_nonempty(orig, "language");
	b->t.visibility = mastodon_nonempty(orig, "visibility");

	b->t.replies = mastodon_long(orig, "replies_count");
	b->t.reposts = mastodon_long(orig, "reblogs_count");
	b->t.likes = mastodon_long(orig, "favourites_count");
	/* Flags: on the original, or on a boost's wrapper. */
	for (i = 0; i < nitems(mastodon_state_table); i++)
		if (mastodon_bool(orig, mastodon_state_table[i].key) ||
		    mastodon_bool(st, mastodon_state_table[i].key))
			b->t.flags |= mastodon_state_table[i].flag;
	return true;
}

struct post *
mastodon_parse_status(const struct json_t *status, const char *column,
    const char *host)
{
	struct mastodon_build	 b;
	struct post		*p = NULL;

	mastodon_build_init(&b, column, host);
	if (mastodon_build_status(&b, status))
		p = post_new(&b.t);
	mastodon_build_free(&b);
	return p;
}

/* A notification about an account rather than a post: a follow (with the
 * follower's bio), a follow request, a sign-up, a report... */
static void
mastodon_build_account_post(struct mastodon_build *b, const json_t *n,
    const struct mastodon_notify_def *def, const char *type)
{
	const json_t	*account = mastodon_object(n, "account"), *note;
	const char	*detail = NULL;

	mastodon_build_author(b, account);
	b->t.url = mastodon_nonempty(account, "url");
	b->t.action_ref = NULL;		/* nothing to like or boost */
	if (def == NULL) {
		xasprintf(&b->owned, "notification: %s", type);
		b->t.text = b->owned;
		return;
	}
	if (def->notify == POST_NOTIFY_FOLLOW) {
		note = json_object_get(account, "note");
		if (json_is_string(note) && json_string_length(note) > 0)
			mastodon_build_html(b, note);
		else
			b->t.text = "";
		return;
	}
	if (def->what == NULL) {
		/* A status notification whose status is gone. */
		b->t.text = "post no longer available";
		return;
	}
	if (def->detail_object != NULL)
		detail = mastodon_nonempty(mastodon_object(n,
		    def->detail_object), def->detail_key);
	if (detail != NULL) {
		xasprintf(&b->owned, "%s: %s", def->what, detail);
		b->t.text = b->owned;
	} else
		b->t.text = def->what;
}

struct post *
mastodon_parse_notification(const struct json_t *notification,
    const char *column, const char *host)
{
	const json_t				*n = notification, *st;
	const json_t				*account;
	const struct mastodon_notify_def	*def = NULL;
	struct mastodon_build			 b;
	struct post				*p;
	char					 id[MASTODON_ID_MAX + 1];
	const char				*type;
	size_t					 i;

	if (!json_is_object(n) || mastodon_id(n, "id", id) == NULL)
		return NULL;
	if ((type = mastodon_str(n, "type")) == NULL)
		type = "";
	for (i = 0; i < nitems(mastodon_notify_table); i++) {
		if (strcmp(type, mastodon_notify_table[i].type) == 0) {
			def = &mastodon_notify_table[i];
			break;
		}
	}
	account = mastodon_object(n, "account");
	st = mastodon_object(n, "status");

	mastodon_build_init(&b, column, host);
	if ((def == NULL || def->what == NULL) && st != NULL &&
	    mastodon_build_status(&b, st)) {
		if (def != NULL && def->notify == POST_NOTIFY_MENTION &&
		    b.t.reply_to_id != NULL)
			b.t.notify = POST_NOTIFY_REPLY;
		else if (def != NULL)
			b.t.notify = def->notify;
	} else {
		/* Start again: a status that failed half-way leaves bits. */
		mastodon_build_free(&b);
		mastodon_build_init(&b, column, host);
		mastodon_build_account_post(&b, n, def, type);
		b.t.notify = def != NULL ? def->notify : POST_NOTIFY_NONE;
	}
	memcpy(b.id, id, sizeof b.id);
	b.t.id = b.id;
	b.t.created = mastodon_parse_time(mastodon_str(n, "created_at"));
	b.t.notify_by = mastodon_account_name(account);
	p = post_new(&b.t);
	mastodon_build_free(&b);
	return p;
}

/* Whether body needs mending before jansson sees it: invalid UTF-8, or a
 * \u0000 escape. */
static bool
mastodon_needs_repair(const char *body, size_t len)
{
	size_t	 i = 0, n;
	int32_t	 cp;

	while (i < len) {
		if ((unsigned char)body[i] < 0x80) {
			if (body[i] == '\\' && i + 6 <= len &&
			    memcmp(body + i + 1, "u0000", 5) == 0)
				return true;
			i += body[i] == '\\' && i + 1 < len ? 2 : 1;
			continue;
		}
		n = text_decode(body + i, len - i, &cp);
		if (cp == 0xfffd && (n != 3 ||
		    memcmp(body + i, "\xef\xbf\xbd", 3) != 0))
			return true;
		i += n;
	}
	return false;
}

/* One bad post must not cost the page: invalid UTF-8 becomes U+FFFD and a
 * \u0000 escape (which jansson refuses without JSON_ALLOW_NUL, and which
 * would cut a C string short with it) becomes \ufffd, so only that post's
 * text shows the damage. A copy (xmalloc'd), *outlen its length. */
static char *
mastodon_repair(const char *body, size_t len, size_t *outlen)
{
	char	*out = xmalloc(3 * len + 1);
	size_t	 i = 0, o = 0, n;
	int32_t	 cp;

	while (i < len) {
		if ((unsigned char)body[i] < 0x80) {
			if (body[i] == '\\' && i + 6 <= len &&
			    memcmp(body + i + 1, "u0000", 5) == 0) {
				memcpy(out + o, "\\ufffd", 6);
				o += 6;
				i += 6;
			} else if (body[i] == '\\' && i + 1 < len) {
				memcpy(out + o, body + i, 2);
				o += 2;
				i += 2;
			} else
				out[o++] = body[i++];
			continue;
		}
		n = text_decode(body + i, len - i, &cp);
		o += text_encode(cp, out + o);
		i += n;
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

static json_t *
mastodon_load(const char *body, size_t len, char *err, size_t errlen)
{
	json_error_t	 e;
	json_t		*root;
	char		*mended = NULL;

	if (body == NULL) {
		mastodon_err(err, errlen, "empty response");
		return NULL;
	}
	if (mastodon_needs_repair(body, len)) {
		mended = mastodon_repair(body, len, &len);
		body = mended;
	}
	if ((root = json_loadb(body, len, JSON_ALLOW_NUL, &e)) == NULL)
		mastodon_err(err, errlen, "malformed JSON at line %d column "
		    "%d: %s", e.line, e.column, e.text);
	free(mended);
	return root;
}

static const char *
mastodon_type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:	return "an object";
	case JSON_ARRAY:	return "an array";
	case JSON_STRING:	return "a string";
	case JSON_INTEGER:
	case JSON_REAL:		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:	return "a boolean";
	case JSON_NULL:		return "null";
	}
	return "something else";
}

/* The server's own message when root is an Error entity. */
static char *
mastodon_error_message(const json_t *root)
{
	const char	*error = mastodon_nonempty(root, "error");
	const char	*desc = mastodon_nonempty(root, "error_description");
	char		*s, *clean;

	if (error == NULL)
		return NULL;
	if (desc != NULL)
		xasprintf(&s, "%s: %s", error, desc);
	else
		s = xstrdup(error);
	clean = text_sanitize(s, false);
	free(s);
	return clean;
}

/* Checks root is of type want; on failure a message (the server's own
 * when it sent an Error entity). */
static bool
mastodon_expect(const json_t *root, json_type want, char *err, size_t errlen)
{
	char	*msg;

	if (json_typeof(root) == want)
		return true;
	if ((msg = mastodon_error_message(root)) != NULL) {
		mastodon_err(err, errlen, "server error: %s", msg);
		free(msg);
	} else
		mastodon_err(err, errlen, "expected %s, got %s",
		    want == JSON_ARRAY ? "a JSON array" : "a JSON object",
		    mastodon_type_name(root));
	return false;
}

struct mastodon_list {
	struct post	**v;
	size_t		  n, cap;
};

static void
mastodon_list_add(struct mastodon_list *l, struct post *p)
{
	if (p == NULL)
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n++] = p;
}

static void
mastodon_list_statuses(struct mastodon_list *l, const json_t *array,
    const char *column, const char *host)
{
	const json_t	*v;
	size_t		 i;

	json_array_foreach(array, i, v)
		mastodon_list_add(l, mastodon_parse_status(v, column, host));
}

int
mastodon_parse_body(const char *body, size_t len, enum mastodon_body kind,
    const char *column, const char *host, struct post ***posts,
    size_t *nposts, char *err, size_t errlen)
{
	struct mastodon_list	 l = { NULL, 0, 0 };
	json_t			*root, *v;
	size_t			 i;
	bool			 ok;

	*posts = NULL;
	*nposts = 0;
	mastodon_err(err, errlen, "%s", "");
	if ((root = mastodon_load(body, len, err, errlen)) == NULL)
		return -1;
	switch (kind) {
	case MASTODON_STATUSES:
		if ((ok = mastodon_expect(root, JSON_ARRAY, err, errlen)))
			mastodon_list_statuses(&l, root, column, host);
		break;
	case MASTODON_NOTIFICATIONS:
		if ((ok = mastodon_expect(root, JSON_ARRAY, err, errlen))) {
			json_array_foreach(root, i, v)
				mastodon_list_add(&l,
				    mastodon_parse_notification(v, column,
				    host));
		}
		break;
	case MASTODON_SEARCH:
		if ((ok = mastodon_expect(root, JSON_OBJECT, err, errlen)))
			mastodon_list_statuses(&l, json_object_get(root,
			    "statuses"), column, host);
		break;
	case MASTODON_CONTEXT:
		if ((ok = mastodon_expect(root, JSON_OBJECT, err, errlen))) {
			mastodon_list_statuses(&l, json_object_get(root,
			    "ancestors"), column, host);
			mastodon_list_statuses(&l, json_object_get(root,
			    "descendants"), column, host);
		}
		break;
	case MASTODON_STATUS:
		if ((ok = mastodon_expect(root, JSON_OBJECT, err, errlen)))
			mastodon_list_add(&l, mastodon_parse_status(root,
			    column, host));
		break;
	default:
		mastodon_err(err, errlen, "unknown body kind %d", (int)kind);
		ok = false;
		break;
	}
	json_decref(root);
	if (!ok) {
		mastodon_posts_free(l.v, l.n);
		return -1;
	}
	*posts = l.v != NULL ? l.v : xcalloc(1, sizeof *l.v);
	*nposts = l.n;
	return 0;
}

void
mastodon_posts_free(struct post **posts, size_t n)
{
	size_t	i;

	if (posts == NULL)
		return;
	for (i = 0; i < n; i++)
		post_unref(posts[i]);
	free(posts);
}

/* "delete": data is the bare id (or, from some servers, a JSON string). */
static struct post *
mastodon_parse_tombstone(const char *data, size_t len, const char *column,
    const char *host, char *err, size_t errlen)
{
	struct mastodon_build	 b;
	json_t			*s;
	struct post		*p;

	while (len > 0 && (*data == ' ' || *data == '\t' || *data == '\r' ||
	    *data == '\n')) {
		data++;
		len--;
	}
	while (len > 0 && (data[len - 1] == ' ' || data[len - 1] == '\t' ||
	    data[len - 1] == '\r' || data[len - 1] == '\n'))
		len--;
	mastodon_build_init(&b, column, host);
	if (len > 0 && *data == '"') {
		s = json_loadb(data, len, JSON_DECODE_ANY, NULL);
		if (json_is_string(s) && mastodon_id_ok(json_string_value(s),
		    json_string_length(s)))
			memcpy(b.id, json_string_value(s),
			    json_string_length(s) + 1);
		json_decref(s);
	} else if (mastodon_id_ok(data, len)) {
		memcpy(b.id, data, len);
		b.id[len] = '\0';
	}
	if (*b.id == '\0') {
		mastodon_err(err, errlen, "delete event without a valid id");
		return NULL;
	}
	b.t.id = b.id;
	b.t.flags = POST_DELETED;
	p = post_new(&b.t);
	mastodon_build_free(&b);
	return p;
}

struct post *
mastodon_parse_event(const char *event, const char *data, size_t len,
    const char *column, const char *host, char *err, size_t errlen)
{
	json_t		*root;
	struct post	*p;
	bool		 notification;

	mastodon_err(err, errlen, "%s", "");
	if (event == NULL)
		return NULL;
	if (data == NULL) {
		data = "";
		len = 0;
	}
	if (strcmp(event, "delete") == 0)
		return mastodon_parse_tombstone(data, len, column, host, err,
		    errlen);
	if (strcmp(event, "notification") == 0)
		notification = true;
	else if (strcmp(event, "update") == 0 ||
	    strcmp(event, "status.update") == 0)
		notification = false;
	else
		return NULL;

	if ((root = mastodon_load(data, len, err, errlen)) == NULL)
		return NULL;
	if (!mastodon_expect(root, JSON_OBJECT, err, errlen)) {
		json_decref(root);
		return NULL;
	}
	if (notification)
		p = mastodon_parse_notification(root, column, host);
	else
		p = mastodon_parse_status(root, column, host);
	if (p == NULL)
		mastodon_err(err, errlen, "%s event without a usable %s "
		    "(missing id)", notification ? "notification" : "update",
		    notification ? "notification" : "status");
	json_decref(root);
	return p;
}

/* A value fit for an HTTP header or form field: printable ASCII, no
 * spaces. */
static char *
mastodon_token_dup(const json_t *o, const char *key)
{
	const json_t	*v = json_object_get(o, key);
	const char	*s = json_string_value(v);
	size_t		 i, len = json_string_length(v);

	if (s == NULL || len == 0 || len > 4096)
		return NULL;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			return NULL;
	return xstrdup(s);
}

static char *
mastodon_line_dup(const json_t *o, const char *key)
{
	const char	*s = mastodon_str(o, key);

	return s != NULL ? text_sanitize(s, false) : NULL;
}

/* A streaming URL: ws(s) or http(s), nothing unprintable. */
static char *
mastodon_url_dup(const char *s)
{
	size_t	i;

	if (s == NULL || (strncmp(s, "wss://", 6) != 0 &&
	    strncmp(s, "ws://", 5) != 0 && strncmp(s, "https://", 8) != 0 &&
	    strncmp(s, "http://", 7) != 0))
		return NULL;
	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			return NULL;
	return i > 1024 ? NULL : xstrdup(s);
}

static long
mastodon_limit(const json_t *o, const char *key, long fallback)
{
	long	n = mastodon_long(o, key);

	return n > 0 && n <= 10 * 1000 * 1000 ? n : fallback;
}

int
mastodon_parse_instance(const char *body, size_t len,
    struct mastodon_instance *in, char *err, size_t errlen)
{
	json_t		*root;
	const json_t	*config, *statuses;
	const char	*url;

	memset(in, 0, sizeof *in);
	in->max_characters = 500;
	in->url_chars = 23;
	if ((root = mastodon_load(body, len, err, errlen)) == NULL)
		return -1;
	if (!mastodon_expect(root, JSON_OBJECT, err, errlen)) {
		json_decref(root);
		return -1;
	}
	config = mastodon_object(root, "configuration");
	statuses = mastodon_object(config, "statuses");
	/* v2 and v1 (3.x) share configuration.statuses; older servers and
	 * Pleroma say max_toot_chars. */
	in->max_characters = mastodon_limit(statuses, "max_characters",
	    mastodon_limit(root, "max_toot_chars", 500));
	in->url_chars = mastodon_limit(statuses, "characters_reserved_per_url",
	    23);
	url = mastodon_str(mastodon_object(config, "urls"), "streaming");
	if (url == NULL)
		url = mastodon_str(mastodon_object(root, "urls"),
		    "streaming_api");
	in->streaming_url = mastodon_url_dup(url);
	in->version = mastodon_line_dup(root, "version");
	json_decref(root);
	return 0;
}

void
mastodon_instance_free(struct mastodon_instance *in)
{
	if (in == NULL)
		return;
	free(in->streaming_url);
	free(in->version);
	in->streaming_url = in->version = NULL;
}

int
mastodon_parse_account(const char *body, size_t len,
    struct mastodon_account *a, char *err, size_t errlen)
{
	json_t	*root;
	char	 id[MASTODON_ID_MAX + 1];

	memset(a, 0, sizeof *a);
	if ((root = mastodon_load(body, len, err, errlen)) == NULL)
		return -1;
	if (!mastodon_expect(root, JSON_OBJECT, err, errlen)) {
		json_decref(root);
		return -1;
	}
	if (mastodon_id(root, "id", id) == NULL) {
		mastodon_err(err, errlen, "account without a valid id");
		json_decref(root);
		return -1;
	}
	a->id = xstrdup(id);
	a->acct = mastodon_line_dup(root, "acct");
	a->username = mastodon_line_dup(root, "username");
	a->display_name = mastodon_line_dup(root, "display_name");
	json_decref(root);
	return 0;
}

void
mastodon_account_free(struct mastodon_account *a)
{
	if (a == NULL)
		return;
	free(a->id);
	free(a->acct);
	free(a->username);
	free(a->display_name);
	memset(a, 0, sizeof *a);
}

static char *
mastodon_marker(const json_t *root, const char *timeline)
{
	char	id[MASTODON_ID_MAX + 1];

	if (mastodon_id(mastodon_object(root, timeline), "last_read_id",
	    id) == NULL)
		return NULL;
	return xstrdup(id);
}

int
mastodon_parse_markers(const char *body, size_t len, char **home,
    char **notifications, char *err, size_t errlen)
{
	json_t	*root;

	*home = *notifications = NULL;
	if ((root = mastodon_load(body, len, err, errlen)) == NULL)
		return -1;
	if (!mastodon_expect(root, JSON_OBJECT, err, errlen)) {
		json_decref(root);
		return -1;
	}
	*home = mastodon_marker(root, "home");
	*notifications = mastodon_marker(root, "notifications");
	json_decref(root);
	return 0;
}

/* Loads an object and fails with the server's message when it is an Error
 * entity. */
static json_t *
mastodon_load_object(const char *body, size_t len, char *err, size_t errlen)
{
	json_t	*root;
	char	*msg;

	if ((root = mastodon_load(body, len, err, errlen)) == NULL)
		return NULL;
	if (!mastodon_expect(root, JSON_OBJECT, err, errlen)) {
		json_decref(root);
		return NULL;
	}
	if ((msg = mastodon_error_message(root)) != NULL) {
		mastodon_err(err, errlen, "server error: %s", msg);
		free(msg);
		json_decref(root);
		return NULL;
	}
	return root;
}

int
mastodon_parse_app(const char *body, size_t len, char **client_id,
    char **client_secret, char *err, size_t errlen)
{
	json_t	*root;

	*client_id = *client_secret = NULL;
	if ((root = mastodon_load_object(body, len, err, errlen)) == NULL)
		return -1;
	*client_id = mastodon_token_dup(root, "client_id");
	*client_secret = mastodon_token_dup(root, "client_secret");
	json_decref(root);
	if (*client_id == NULL || *client_secret == NULL) {
		mastodon_err(err, errlen, "app registration without a valid "
		    "client_id and client_secret");
		free(*client_id);
		free(*client_secret);
		*client_id = *client_secret = NULL;
		return -1;
	}
	return 0;
}

int
mastodon_parse_token(const char *body, size_t len, char **access_token,
    char *err, size_t errlen)
{
	json_t	*root;

	*access_token = NULL;
	if ((root = mastodon_load_object(body, len, err, errlen)) == NULL)
		return -1;
	*access_token = mastodon_token_dup(root, "access_token");
	json_decref(root);
	if (*access_token == NULL) {
		mastodon_err(err, errlen, "token response without a valid "
		    "access_token");
		return -1;
	}
	return 0;
}

char *
mastodon_parse_error(const char *body, size_t len)
{
	json_t	*root;
	char	*msg;

	if (body == NULL || (root = json_loadb(body, len, 0, NULL)) == NULL)
		return NULL;
	msg = mastodon_error_message(root);
	json_decref(root);
	return msg;
}

/* Case-folded copy (utf8proc), or NULL for invalid UTF-8. */
static char *
mastodon_fold(const char *s)
{
	utf8proc_uint8_t	*out = NULL;

	if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
	    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	    UTF8PROC_CASEFOLD) < 0)
		return NULL;
	return (char *)out;
}

char *
mastodon_parse_list_id(const char *body, size_t len, const char *title)
{
	json_t		*root;
	const json_t	*v;
	const char	*t;
	char		 id[MASTODON_ID_MAX + 1], *want, *got, *found = NULL;
	size_t		 i;
	int		 pass;

	if (body == NULL || title == NULL ||
	    (root = json_loadb(body, len, 0, NULL)) == NULL)
		return NULL;
	want = mastodon_fold(title);
	for (pass = 0; pass < 2 && found == NULL; pass++) {
		json_array_foreach(root, i, v) {
			if ((t = mastodon_str(v, "title")) == NULL ||
			    mastodon_id(v, "id", id) == NULL)
				continue;
			if (pass == 0 && strcmp(t, title) == 0)
				found = xstrdup(id);
			else if (pass == 1 && want != NULL &&
			    (got = mastodon_fold(t)) != NULL) {
				if (strcmp(got, want) == 0)
					found = xstrdup(id);
				free(got);
			}
			if (found != NULL)
				break;
		}
	}
	free(want);
	json_decref(root);
	return found;
}

int64_t
mastodon_parse_time(const char *s)
{
	int64_t	t;

	return clock_parse_iso8601(s, 0, &t) == 0 ? t : 0;
}
