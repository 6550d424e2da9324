/* bluesky_auth.c — a Bluesky account's session: createSession with the app
 * password, refreshSession (the refresh token as the bearer, no body)
 * before the access token expires and when the server says ExpiredToken,
 * the cache under $XDG_STATE_HOME that spares createSession at a restart,
 * and the one XRPC call every column and action goes through.
 *
 * The session is the account's data: its tokens change under a lock (any
 * column's thread may refresh); one refresh at a time. A password the
 * server refused is remembered, so no thread asks again with it. Tokens
 * and the password never reach a message: http scrubs the bearer, and the
 * password travels only in createSession's body.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "starling/account.h"
#include "starling/bluesky.h"
#include "starling/bluesky_parse.h"
#include "starling/config.h"
#include "starling/http.h"
#include "starling/log.h"
#include "starling/paths.h"
#include "starling/secret.h"
#include "starling/xmalloc.h"

struct bluesky_session {
	pthread_mutex_t		 lock;		/* tokens, exp */
	pthread_mutex_t		 refresh_lock;	/* one refresh at a time */
	struct bluesky_tokens	 tok;
	int64_t			 exp;		/* the access token's */
	char			*path;		/* the cache */
	bool			 refused;	/* the password was refused */
	char			 why[200];
};

static void
bluesky_scrub(char *s)
{
	if (s != NULL)
		memset(s, 0, strlen(s));
}

void
bluesky_session_free(void *data)
{
	struct bluesky_session	*s = data;

	if (s == NULL)
		return;
	bluesky_tokens_free(&s->tok);
	free(s->path);
	pthread_mutex_destroy(&s->lock);
	pthread_mutex_destroy(&s->refresh_lock);
	free(s);
}

char *
bluesky_session_path(const char *service, const char *handle)
{
	char	*dir = paths_state_dir(), *name, *path, *c;
	const char *h = strstr(service, "://");

	/* scheme-host[-port], and the handle. */
	xasprintf(&name, "%.*s-%s-%s", h ? (int)(h - service) : 5,
	    h ? service : "https", h ? h + 3 : service, handle);
	for (c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || *c == '.' || *c == '-'))
			*c = '_';
	xasprintf(&path, "%s/bluesky/%s.session", dir, name);
	free(name);
	free(dir);
	return path;
}

int
bluesky_session_load(const char *path, struct bluesky_tokens *t, char *err,
    size_t errlen)
{
	char	*body;
	int	 rc;

	memset(t, 0, sizeof *t);
	if (secret_read_file(path, &body, err, errlen) != 0)
		return -1;
	rc = bluesky_parse_session(body, strlen(body), t, err, errlen);
	bluesky_scrub(body);
	free(body);
	return rc;
}

int
bluesky_session_save(const char *path, const struct bluesky_tokens *t,
    char *err, size_t errlen)
{
	json_t	*o = json_object();
	char	*s;
	int	 rc;

	json_object_set_new(o, "did", json_string(t->did));
	if (t->handle != NULL)
		json_object_set_new(o, "handle", json_string(t->handle));
	json_object_set_new(o, "accessJwt", json_string(t->access));
	json_object_set_new(o, "refreshJwt", json_string(t->refresh));
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (s == NULL) {
		snprintf(err, errlen, "%s: cannot write", path);
		return -1;
	}
	rc = secret_write_file(path, s, err, errlen);
	bluesky_scrub(s);
	free(s);
	return rc;
}

/* The XRPC error's message, as http_describe() asks. */
static char *
bluesky_error_message(const char *body, size_t len)
{
	return bluesky_parse_error(body, len, NULL, 0);
}

void
bluesky_http_error(const struct http_response *r, char *buf, size_t len)
{
	http_describe(r, bluesky_error_message, buf, len);
}

/* Takes t as the session (the fields move) and caches it. */
static void
bluesky_session_take(struct account *acct, struct bluesky_session *s,
    struct bluesky_tokens *t)
{
	char	err[300];

	pthread_mutex_lock(&s->lock);
	if (t->handle == NULL && s->tok.handle != NULL)
		t->handle = xstrdup(s->tok.handle);
	bluesky_tokens_free(&s->tok);
	s->tok = *t;
	memset(t, 0, sizeof *t);
	s->exp = bluesky_jwt_exp(s->tok.access);
	if (bluesky_session_save(s->path, &s->tok, err, sizeof err) != 0)
		log_msg("account %s: cannot cache the session: %s",
		    account_name(acct), err);
	pthread_mutex_unlock(&s->lock);
	account_set_me(acct, s->tok.handle);
}

/* createSession with the app password. A refusal (401) is remembered. */
static int
bluesky_create(struct account *acct, struct http_client *http,
    struct bluesky_session *s, struct http_response *r)
{
	const struct config_account	*cfg = account_config(acct);
	struct http_request		 req = { 0 };
	struct bluesky_tokens		 t;
	json_t				*o;
	char				*body, *url, err[200];
	int				 rc;

	o = json_pack("{s:s,s:s}", "identifier", cfg->handle ? cfg->handle :
	    "", "password", account_token(acct));
	body = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	if (body == NULL) {
		memset(r, 0, sizeof *r);
		snprintf(r->error, sizeof r->error, "signing in: bad handle");
		return -1;
	}
	xasprintf(&url, "%s/xrpc/com.atproto.server.createSession",
	    account_base_url(acct));
	req.method = "POST";
	req.url = url;
	req.body = body;
	req.body_len = strlen(body);
	req.content_type = "application/json";
	req.retries = 0;
	req.interactive = true;
	memset(r, 0, sizeof *r);
	rc = http_do(http, &req, r);
	bluesky_scrub(body);
	free(body);
	free(url);
	if (rc != 0 || r->status != 200) {
		if (rc == 0 && (r->status == 401 || r->status == 403)) {
			s->refused = true;
			bluesky_http_error(r, s->why, sizeof s->why);
			log_msg("account %s: auth failed: %s (not asking again "
			    "until restarted)", account_name(acct), s->why);
		}
		return -1;
	}
	if (bluesky_parse_session(r->body, r->len, &t, err, sizeof err) != 0) {
		http_response_free(r);
		memset(r, 0, sizeof *r);
		snprintf(r->error, sizeof r->error, "signing in: %s", err);
		return -1;
	}
	http_response_free(r);
	memset(r, 0, sizeof *r);
	bluesky_session_take(acct, s, &t);
	return 0;
}

/* refreshSession unless another thread has replaced stale already; when
 * the refresh token is refused too, createSession. */
static int
bluesky_refresh(struct account *acct, struct http_client *http,
    struct bluesky_session *s, const char *stale, struct http_response *r)
{
	struct http_request	 req = { 0 };
	struct bluesky_tokens	 t;
	char			*refresh, *url, err[200];
	int			 rc;

	memset(r, 0, sizeof *r);
	pthread_mutex_lock(&s->refresh_lock);
	pthread_mutex_lock(&s->lock);
	if (stale != NULL && s->tok.access != NULL &&
	    strcmp(stale, s->tok.access) != 0 &&
	    s->exp > (int64_t)time(NULL) + BLUESKY_REFRESH_AHEAD) {
		pthread_mutex_unlock(&s->lock);
		pthread_mutex_unlock(&s->refresh_lock);
		return 0;
	}
	refresh = s->tok.refresh ? xstrdup(s->tok.refresh) : NULL;
	pthread_mutex_unlock(&s->lock);
	if (refresh == NULL) {
		rc = bluesky_create(acct, http, s, r);
		pthread_mutex_unlock(&s->refresh_lock);
		return rc;
	}
	xasprintf(&url, "%s/xrpc/com.atproto.server.refreshSession",
	    account_base_url(acct));
	req.method = "POST";
	req.url = url;
	req.bearer = refresh;
	req.retries = 0;
	req.interactive = true;
	rc = http_do(http, &req, r);
	bluesky_scrub(refresh);
	free(refresh);
	free(url);
	if (rc == 0 && r->status == 200 &&
	    bluesky_parse_session(r->body, r->len, &t, err, sizeof err) == 0) {
		http_response_free(r);
		memset(r, 0, sizeof *r);
		bluesky_session_take(acct, s, &t);
		log_msg("account %s: session refreshed", account_name(acct));
		pthread_mutex_unlock(&s->refresh_lock);
		return 0;
	}
	if (rc == 0 && (r->status == 400 || r->status == 401)) {
		/* The refresh token expired or was revoked: sign in again. */
		log_msg("account %s: the refresh token was refused: signing "
		    "in again", account_name(acct));
		http_response_free(r);
		rc = bluesky_create(acct, http, s, r);
		pthread_mutex_unlock(&s->refresh_lock);
		return rc;
	}
	pthread_mutex_unlock(&s->refresh_lock);
	return -1;
}

int
bluesky_session_open(struct account *acct, struct http_client *http,
    struct http_response *r)
{
	const struct config_account	*cfg = account_config(acct);
	struct bluesky_session		*s = account_data(acct);
	struct bluesky_tokens		 t;
	char				 err[300];

	memset(r, 0, sizeof *r);
	if (s == NULL) {
		/* Open ops never run two at once: this is the only writer. */
		s = xcalloc(1, sizeof *s);
		pthread_mutex_init(&s->lock, NULL);
		pthread_mutex_init(&s->refresh_lock, NULL);
		s->path = bluesky_session_path(account_base_url(acct),
		    cfg->handle ? cfg->handle : "");
		account_set_data(acct, s);
	}
	if (s->refused) {
		r->status = 401;
		snprintf(r->error, sizeof r->error, "%s", s->why);
		return -1;
	}
	if (s->tok.access == NULL && bluesky_session_load(s->path, &t, err,
	    sizeof err) == 0) {
		pthread_mutex_lock(&s->lock);
		s->tok = t;
		s->exp = bluesky_jwt_exp(s->tok.access);
		pthread_mutex_unlock(&s->lock);
		log_msg("account %s: using the cached session",
		    account_name(acct));
	}
	if (s->tok.access != NULL) {
		if (s->exp > (int64_t)time(NULL) + BLUESKY_REFRESH_AHEAD) {
			account_set_me(acct, s->tok.handle);
			return 0;
		}
		return bluesky_refresh(acct, http, s, NULL, r);
	}
	return bluesky_create(acct, http, s, r);
}

char *
bluesky_session_did(struct account *acct)
{
	struct bluesky_session	*s = account_data(acct);
	char			*did;

	if (s == NULL)
		return NULL;
	pthread_mutex_lock(&s->lock);
	did = s->tok.did ? xstrdup(s->tok.did) : NULL;
	pthread_mutex_unlock(&s->lock);
	return did;
}

/* The access token (xmalloc'd) and whether it expires soon. */
static char *
bluesky_access(struct bluesky_session *s, bool *stale)
{
	char	*a;

	pthread_mutex_lock(&s->lock);
	a = s->tok.access ? xstrdup(s->tok.access) : NULL;
	*stale = s->exp != 0 &&
	    s->exp <= (int64_t)time(NULL) + BLUESKY_REFRESH_AHEAD;
	pthread_mutex_unlock(&s->lock);
	return a;
}

static bool
bluesky_expired(const struct http_response *r)
{
	char	 name[64];
	char	*msg;

	if (r->status != 400 && r->status != 401)
		return false;
	if ((msg = bluesky_parse_error(r->body, r->len, name, sizeof name)) ==
	    NULL)
		return false;
	free(msg);
	return strcmp(name, "ExpiredToken") == 0 ||
	    strcmp(name, "InvalidToken") == 0;
}

int
bluesky_xrpc(struct account *acct, struct http_client *http,
    const struct bluesky_call *call, struct http_response *r)
{
	struct bluesky_session	*s = account_data(acct);
	struct http_request	 req = { 0 };
	char			*url, *access;
	bool			 stale;
	int			 rc, tries;

	memset(r, 0, sizeof *r);
	if (s == NULL) {
		snprintf(r->error, sizeof r->error, "not signed in");
		return -1;
	}
	xasprintf(&url, "%s/xrpc/%s%s%s", account_base_url(acct), call->nsid,
	    call->query && *call->query ? "?" : "",
	    call->query ? call->query : "");
	access = bluesky_access(s, &stale);
	if (stale) {
		/* Before it expires: a failure here leaves the old token to
		 * try (the server may still take it). */
		if (bluesky_refresh(acct, http, s, access, r) == 0) {
			free(access);
			access = bluesky_access(s, &stale);
		}
		http_response_free(r);
		memset(r, 0, sizeof *r);
	}
	for (tries = 0;; tries++) {
		memset(&req, 0, sizeof req);
		req.url = url;
		req.bearer = access ? access : "";
		req.interactive = call->interactive;
		req.idempotent = call->idempotent;
		req.retries = call->body == NULL || call->idempotent ? -1 : 0;
		if (call->body != NULL) {
			req.method = "POST";
			req.body = call->body;
			req.body_len = strlen(call->body);
			req.content_type = "application/json";
		}
		rc = http_do(http, &req, r);
		if (rc != 0 || tries > 0 || !bluesky_expired(r))
			break;
		/* ExpiredToken: refresh once, then again. */
		http_response_free(r);
		if (bluesky_refresh(acct, http, s, access, r) != 0) {
			rc = r->status != 0 ? 0 : -1;
			break;
		}
		http_response_free(r);
		bluesky_scrub(access);
		free(access);
		access = bluesky_access(s, &stale);
	}
	bluesky_scrub(access);
	free(access);
	free(url);
	return rc;
}
