/* x_act.c — an X account: its session (the token, refreshed before it
 * expires and after a 401, written back where it came from; who the user
 * is), its budget of posts read (kept in the state folder per account and
 * period), and what it does on its worker thread: reply, post, quote,
 * repost and undo, like and undo. An app bearer token acts on nothing. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "starling/account.h"
#include "starling/config.h"
#include "starling/http.h"
#include "starling/log.h"
#include "starling/paths.h"
#include "starling/post.h"
#include "starling/secret.h"
#include "starling/x.h"
#include "starling/x_parse.h"
#include "starling/xmalloc.h"

#define X_READ_ONLY	"this account is read-only (app bearer token)"

struct x_session {
	pthread_mutex_t	 lock;
	char		*access, *refresh;
	time_t		 expires;	/* 0: not known */
	char		*token_path;	/* where a refreshed token goes */
	const char	*client_id;
	bool		 app;
	char		*user_id;

	long		 cap;		/* 0: no budget */
	int		 per_day;
	long		 spent;
	char		 period[16];
	char		*budget_path;
};

static void
x_session_free(void *data)
{
	struct x_session	*xs = data;

	if (xs == NULL)
		return;
	pthread_mutex_destroy(&xs->lock);
	if (xs->access != NULL)
		memset(xs->access, 0, strlen(xs->access));
	if (xs->refresh != NULL)
		memset(xs->refresh, 0, strlen(xs->refresh));
	free(xs->access);
	free(xs->refresh);
	free(xs->token_path);
	free(xs->user_id);
	free(xs->budget_path);
	free(xs);
}

static struct x_session *
x_session(struct account *acct)
{
	return account_data(acct);
}

bool
x_session_app(struct account *acct)
{
	struct x_session	*xs = x_session(acct);

	return xs != NULL && xs->app;
}

const char *
x_session_user_id(struct account *acct)
{
	struct x_session	*xs = x_session(acct);

	return xs != NULL ? xs->user_id : NULL;
}

/* Under xs->lock: new tokens for the refresh token, saved where the old
 * ones came from. 0 or -1 (logged, without secrets). */
static int
x_session_refresh(struct account *acct, struct x_session *xs,
    struct http_client *http)
{
	char	*access, *refresh, *line, err[300];
	time_t	 expires;
	long	 status;

	if (xs->refresh == NULL || xs->client_id == NULL) {
		log_msg("account %s: the token expired and cannot be "
		    "refreshed (%s)", account_name(acct), xs->refresh == NULL ?
		    "no refresh token" : "no client_id");
		return -1;
	}
	if (x_token_refresh(http, account_base_url(acct), xs->client_id,
	    xs->refresh, &access, &refresh, &expires, &status, err,
	    sizeof err) != 0) {
		log_msg("account %s: refreshing the token: %s",
		    account_name(acct), err);
		return -1;
	}
	memset(xs->access, 0, strlen(xs->access));
	free(xs->access);
	xs->access = access;
	if (refresh != NULL) {
		memset(xs->refresh, 0, strlen(xs->refresh));
		free(xs->refresh);
		xs->refresh = refresh;
	}
	xs->expires = expires;
	log_msg("account %s: token refreshed", account_name(acct));
	if (xs->token_path != NULL) {
		line = x_token_file_line(xs->access, xs->refresh, xs->expires);
		if (secret_write_file(xs->token_path, line, err,
		    sizeof err) != 0)
			log_msg("account %s: saving the refreshed token: %s",
			    account_name(acct), err);
		memset(line, 0, strlen(line));
		free(line);
	}
	return 0;
}

/* A copy of the token to send, refreshed first when it is about to
 * expire (or, with force, when it is still the one that failed). */
static char *
x_session_token(struct account *acct, struct http_client *http,
    const char *failed)
{
	struct x_session	*xs = x_session(acct);
	char			*tok;

	if (xs == NULL)
		return xstrdup(account_token(acct));
	pthread_mutex_lock(&xs->lock);
	if (!xs->app && ((failed != NULL && strcmp(failed, xs->access) == 0) ||
	    (failed == NULL && xs->expires != 0 &&
	    time(NULL) + X_REFRESH_EARLY >= xs->expires)))
		x_session_refresh(acct, xs, http);
	tok = xstrdup(xs->access);
	pthread_mutex_unlock(&xs->lock);
	return tok;
}

int
x_session_do(struct account *acct, struct http_client *http,
    struct http_request *req, struct http_response *r)
{
	char	*tok = x_session_token(acct, http, NULL), *again;
	int	 rc;

	req->bearer = tok;
	memset(r, 0, sizeof *r);
	rc = http_do(http, req, r);
	if (rc == 0 && r->status == 401 && !x_session_app(acct)) {
		again = x_session_token(acct, http, tok);
		if (strcmp(again, tok) != 0) {
			http_response_free(r);
			req->bearer = again;
			rc = http_do(http, req, r);
		}
		memset(again, 0, strlen(again));
		free(again);
	}
	req->bearer = NULL;
	memset(tok, 0, strlen(tok));
	free(tok);
	return rc;
}

/* --- the budget ---------------------------------------------------------- */

void
x_budget_period(bool per_day, time_t t, char *key, size_t len, time_t *next)
{
	struct tm	tm;

	gmtime_r(&t, &tm);
	strftime(key, len, per_day ? "%Y-%m-%d" : "%Y-%m", &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	if (per_day)
		tm.tm_mday++;
	else {
		tm.tm_mday = 1;
		tm.tm_mon++;
	}
	*next = timegm(&tm);
}

/* Under lock: a new period starts from 0. */
static void
x_budget_roll(struct x_session *xs, time_t now)
{
	char	key[16];
	time_t	next;

	x_budget_period(xs->per_day, now, key, sizeof key, &next);
	if (strcmp(key, xs->period) != 0) {
		snprintf(xs->period, sizeof xs->period, "%s", key);
		xs->spent = 0;
	}
}

static void
x_budget_load(struct x_session *xs, const char *name, time_t now)
{
	char	*dir = paths_state_dir(), period[16] = "", safe[64];
	FILE	*f;
	long	 n = 0;
	size_t	 i;

	snprintf(safe, sizeof safe, "%s", name);
	for (i = 0; safe[i] != '\0'; i++)
		if (safe[i] == '/' || safe[i] == '.')
			safe[i] = '_';
	xasprintf(&xs->budget_path, "%s/budget/x-%s", dir, safe);
	free(dir);
	if ((f = fopen(xs->budget_path, "r")) != NULL) {
		if (fscanf(f, "%15s %ld", period, &n) == 2 && n >= 0) {
			snprintf(xs->period, sizeof xs->period, "%s", period);
			xs->spent = n;
		}
		fclose(f);
	}
	x_budget_roll(xs, now);
}

/* Under lock: the spend on disk (a new file renamed over the old). */
static void
x_budget_save(struct account *acct, struct x_session *xs)
{
	char	*tmp, *slash;
	FILE	*f;

	slash = strrchr(xs->budget_path, '/');
	*slash = '\0';
	if (mkdir(xs->budget_path, 0700) != 0 && errno != EEXIST) {
		char *parent = xstrdup(xs->budget_path), *s2 =
		    strrchr(parent, '/');

		if (s2 != NULL) {
			*s2 = '\0';
			mkdir(parent, 0700);
		}
		free(parent);
		mkdir(xs->budget_path, 0700);
	}
	*slash = '/';
	xasprintf(&tmp, "%s.tmp", xs->budget_path);
	if ((f = fopen(tmp, "w")) == NULL ||
	    fprintf(f, "%s %ld\n", xs->period, xs->spent) < 0 ||
	    fclose(f) != 0 || rename(tmp, xs->budget_path) != 0)
		log_msg("account %s: cannot save the budget's spend in %s: %s",
		    account_name(acct), xs->budget_path, strerror(errno));
	free(tmp);
}

long
x_budget_left(struct account *acct, time_t now, time_t *resumes)
{
	struct x_session	*xs = x_session(acct);
	long			 left;
	char			 key[16];

	if (xs == NULL || xs->cap == 0)
		return LONG_MAX;
	pthread_mutex_lock(&xs->lock);
	x_budget_roll(xs, now);
	left = xs->cap - xs->spent;
	if (left < 0)
		left = 0;
	x_budget_period(xs->per_day, now, key, sizeof key, resumes);
	pthread_mutex_unlock(&xs->lock);
	return left;
}

void
x_budget_spend(struct account *acct, long n, time_t now)
{
	struct x_session	*xs = x_session(acct);

	if (xs == NULL || xs->cap == 0 || n <= 0)
		return;
	pthread_mutex_lock(&xs->lock);
	x_budget_roll(xs, now);
	xs->spent += n;
	x_budget_save(acct, xs);
	pthread_mutex_unlock(&xs->lock);
}

/* 1204 -> "1,204". */
static void
x_thousands(long n, char *buf, size_t len)
{
	char	digits[32], out[48];
	size_t	nd, i, o = 0;

	snprintf(digits, sizeof digits, "%ld", n);
	nd = strlen(digits);
	for (i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	snprintf(buf, len, "%s", out);
}

void
x_budget_text(struct account *acct, time_t now, char *buf, size_t len)
{
	struct x_session	*xs = x_session(acct);
	char			 spent[48], cap[48];

	*buf = '\0';
	if (xs == NULL || xs->cap == 0)
		return;
	pthread_mutex_lock(&xs->lock);
	x_budget_roll(xs, now);
	x_thousands(xs->spent, spent, sizeof spent);
	x_thousands(xs->cap, cap, sizeof cap);
	snprintf(buf, len, "budget %s/%s %s", spent, cap, xs->per_day ?
	    "today" : "this month");
	pthread_mutex_unlock(&xs->lock);
}

/* --- signing in ---------------------------------------------------------- */

/* Where a refreshed token is saved: the token_file it came from, or the
 * file `starling login x` wrote; NULL when it came from a command or a
 * variable (kept in memory only). */
static char *
x_token_path(struct account *acct)
{
	const struct config_account	*cfg = account_config(acct);

	if (cfg->token_file != NULL)
		return paths_expand(cfg->token_file);
	if (cfg->token_cmd != NULL || cfg->token_env != NULL)
		return NULL;
	return secret_default_path("x", account_base_url(acct));
}

static int
x_act_open(struct account *acct, struct http_client *http,
    struct http_response *r)
{
	const struct config_account	*cfg = account_config(acct);
	struct x_session		*xs = xcalloc(1, sizeof *xs);
	struct http_request		 req = { 0 };
	char				*url, *id = NULL, *name = NULL, err[300];
	long				 n;
	int				 per_day;

	pthread_mutex_init(&xs->lock, NULL);
	xs->app = cfg->bearer_cmd != NULL || cfg->bearer_env != NULL;
	xs->client_id = cfg->client_id;
	if (xs->app || x_parse_token_file(account_token(acct), &xs->access,
	    &xs->refresh, &xs->expires) != 0) {
		free(xs->access);
		xs->access = xstrdup(account_token(acct));
	}
	if (!xs->app)
		xs->token_path = x_token_path(acct);
	if (cfg->budget != NULL && config_budget(cfg->budget, &n,
	    &per_day) == 0) {
		xs->cap = n;
		xs->per_day = per_day;
	}
	x_budget_load(xs, cfg->name, time(NULL));
	x_session_free(account_data(acct));
	account_set_data(acct, xs);
	memset(r, 0, sizeof *r);
	if (xs->app)
		return 0;

	/* Who the token is (a 401 here, after a refresh, is a bad token). */
	xasprintf(&url, "%s/2/users/me", account_base_url(acct));
	req.url = url;
	req.retries = -1;
	if (x_session_do(acct, http, &req, r) != 0 || r->status != 200) {
		free(url);
		return -1;
	}
	free(url);
	if (x_parse_user(r->body, r->len, &id, &name, err, sizeof err) != 0) {
		http_response_free(r);
		memset(r, 0, sizeof *r);
		snprintf(r->error, sizeof r->error, "signing in: %.200s", err);
		return -1;
	}
	xs->user_id = id;
	account_set_me(acct, name);
	free(name);
	http_response_free(r);
	memset(r, 0, sizeof *r);
	return 0;
}

/* --- actions ------------------------------------------------------------- */

static void
x_act_fail(struct action *a, const char *what, const struct http_response *r)
{
	char	*msg = r->body && r->len ? x_parse_error(r->body, r->len) :
		    NULL;

	a->status = -1;
	a->unknown = r->status == 0 || r->status >= 500;
	if (r->status == 0)
		snprintf(a->message, sizeof a->message, "%s failed: %.200s", what,
		    *r->error ? r->error : "no response");
	else if (r->status == 429)
		snprintf(a->message, sizeof a->message, "%s failed: rate "
		    "limited, try again shortly", what);
	else
		snprintf(a->message, sizeof a->message, "%s failed: HTTP %ld%s%s",
		    what, r->status, msg ? ": " : "", msg ? msg : "");
	free(msg);
}

static const struct {
	enum action_kind	 kind;
	const char		*what, *done, *coll;
	bool			 undo;
	unsigned		 flag;
} x_toggles[] = {
	{ ACTION_REPOST, "repost", "reposted", "retweets", false,
	  POST_REPOSTED },
	{ ACTION_UNREPOST, "undo repost", "repost undone", "retweets", true,
	  POST_REPOSTED },
	{ ACTION_LIKE, "like", "liked", "likes", false, POST_LIKED },
	{ ACTION_UNLIKE, "unlike", "unliked", "likes", true, POST_LIKED },
};

/* The post as it is now the server confirmed the toggle. */
static struct post *
x_toggled(const struct post *p, unsigned flag, bool undo)
{
	long	d = undo ? -1 : 1;
	long	reposts = p->reposts, likes = p->likes;

	if (flag == POST_REPOSTED)
		reposts = reposts + d < 0 ? 0 : reposts + d;
	else
		likes = likes + d < 0 ? 0 : likes + d;
	return post_with_state(p, undo ? p->flags & ~flag : p->flags | flag,
	    p->replies, reposts, likes);
}

/* A new post's body: text, and what it answers or quotes. */
static char *
x_tweet_body(const struct action *a)
{
	json_t	*o = json_object(), *reply;
	char	*s, *out;

	json_object_set_new(o, "text", json_string(a->text ? a->text : ""));
	if (a->kind == ACTION_REPLY && a->target != NULL) {
		reply = json_object();
		json_object_set_new(reply, "in_reply_to_tweet_id",
		    json_string(a->target));
		json_object_set_new(o, "reply", reply);
	}
	if (a->kind == ACTION_QUOTE && a->target != NULL)
		json_object_set_new(o, "quote_tweet_id", json_string(a->target));
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	out = xstrdup(s ? s : "{}");
	free(s);
	return out;
}

static void
x_act(struct account *acct, struct http_client *http, struct action *a)
{
	struct http_request	 req = { 0 };
	struct http_response	 r = { 0 };
	const char		*what = "request", *done = "done";
	const char		*me = x_session_user_id(acct);
	char			*url = NULL, *body = NULL, *esc;
	struct x_page		 pg;
	size_t			 i = 0;
	char			 err[200];

	if (x_session_app(acct)) {
		a->status = -1;
		snprintf(a->message, sizeof a->message, "%s", X_READ_ONLY);
		return;
	}
	if (me == NULL) {
		a->status = -1;
		snprintf(a->message, sizeof a->message, "not signed in yet");
		return;
	}
	req.interactive = true;
	esc = http_escape(a->target ? a->target : "");
	switch (a->kind) {
	case ACTION_REPLY:
	case ACTION_POST:
	case ACTION_QUOTE:
		what = a->kind == ACTION_REPLY ? "reply" : a->kind ==
		    ACTION_QUOTE ? "quote" : "post";
		done = a->kind == ACTION_REPLY ? "reply sent" : a->kind ==
		    ACTION_QUOTE ? "quote sent" : "post sent";
		xasprintf(&url, "%s/2/tweets", account_base_url(acct));
		body = x_tweet_body(a);
		req.method = "POST";
		req.retries = 0;	/* X takes no idempotency key */
		break;
	default:
		for (i = 0; i < sizeof x_toggles / sizeof *x_toggles; i++)
			if (x_toggles[i].kind == a->kind)
				break;
		if (i == sizeof x_toggles / sizeof *x_toggles)
			break;
		what = x_toggles[i].what;
		done = x_toggles[i].done;
		if (x_toggles[i].undo) {
			xasprintf(&url, "%s/2/users/%s/%s/%s",
			    account_base_url(acct), me, x_toggles[i].coll, esc);
			req.method = "DELETE";
		} else {
			json_t *o = json_pack("{s:s}", "tweet_id",
			    a->target ? a->target : "");
			char *s = json_dumps(o, JSON_COMPACT);

			json_decref(o);
			body = xstrdup(s ? s : "{}");
			free(s);
			xasprintf(&url, "%s/2/users/%s/%s",
			    account_base_url(acct), me, x_toggles[i].coll);
			req.method = "POST";
		}
		req.idempotent = true;	/* liking twice is liking */
		req.retries = 2;
		break;
	}
	free(esc);
	if (url == NULL) {
		a->status = -1;
		snprintf(a->message, sizeof a->message, "not supported on X");
		return;
	}
	req.url = url;
	if (body != NULL) {
		req.body = body;
		req.body_len = strlen(body);
		req.content_type = "application/json";
	}
	if (x_session_do(acct, http, &req, &r) != 0 || r.status < 200 ||
	    r.status >= 300) {
		x_act_fail(a, what, &r);
		goto out;
	}
	a->status = 0;
	snprintf(a->message, sizeof a->message, "%s", done);
	if (body != NULL && (a->kind == ACTION_REPLY || a->kind == ACTION_POST ||
	    a->kind == ACTION_QUOTE)) {
		/* The new post, for the audit log. */
		if (x_parse_page(r.body, r.len, "", &pg, err, sizeof err) == 0 &&
		    pg.nposts > 0) {
			a->post = pg.posts[0];
			pg.posts[0] = NULL;
			pg.nposts = 0;
		}
		x_page_free(&pg);
	} else if (a->subject != NULL && i < sizeof x_toggles /
	    sizeof *x_toggles)
		a->post = x_toggled(a->subject, x_toggles[i].flag,
		    x_toggles[i].undo);
out:
	http_response_free(&r);
	free(url);
	free(body);
}

const struct account_ops x_account_ops = {
	x_act_open, x_act, NULL, x_session_free
};
