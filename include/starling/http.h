/*
 * http — the one HTTP layer (libcurl) every network request goes through. It
 * owns timeouts, a capped response size, proxies and TLS (curl's defaults and
 * environment), the rate-limit headers, and retries of idempotent requests on
 * connection errors and 5xx with backoff and jitter. One client per thread:
 * a client is not shared between threads; clients of one account share its
 * ratelimit. Error texts never hold the bearer token nor a URL's query (an
 * access_token=... parameter), and the body of an error status (anything
 * but 2xx, which callers turn into messages) leaves http_do and
 * http_stream with every copy of the token and every credential after
 * "Bearer" or "Authorization" replaced by "***": one scrubber, so whatever
 * is built from a response is safe to show and log. Retry-After and
 * X-RateLimit-Reset are clamped to RATELIMIT_MAX_WAIT from now.
 */
#ifndef STARLING_HTTP_H
#define STARLING_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct ratelimit;

struct http_client;

struct http_request {
	const char		*method;	/* "GET" when NULL */
	const char		*url;
	const char		*body;		/* POST/PUT body or NULL */
	size_t			 body_len;
	const char		*content_type;	/* for body */
	const char		*bearer;	/* Authorization: Bearer … (never logged) */
	const char		*idempotency_key;
	long			 timeout_ms;	/* whole call, retries included;
						   0 = 30 s (connect: 10 s) */
	size_t			 max_body;	/* 0 = 8 MiB; larger responses fail */
	int			 retries;	/* extra tries on 5xx/network for a GET,
						 * or a POST with an idempotency key
						 * or marked idempotent; -1 = 2 */
	bool			 interactive;	/* uses the rate-limit reserve */
	bool			 idempotent;	/* a POST the server applies once
						 * however often sent: retry it */
	/* A conditional GET: the validators of the copy the caller holds
	 * (a response's etag and last_modified), or NULL. An unchanged
	 * resource answers 304 with no body. */
	const char		*if_none_match;
	const char		*if_modified_since;
};

struct http_response {
	long		 status;		/* 0 when no response */
	char		*body;			/* NUL-terminated */
	size_t		 len;
	char		*link_next;		/* Link: rel="next" URL, or NULL */
	char		*link_prev;		/* rel="prev" */
	char		*etag;			/* ETag, or NULL */
	char		*last_modified;		/* Last-Modified, or NULL */
	long		 ratelimit_remaining;	/* -1 when absent */
	time_t		 ratelimit_reset;	/* 0 when absent */
	time_t		 retry_after;		/* absolute; 0 when absent; set
						   on 429 and when the rate
						   limit held the request */
	char		 error[256];		/* why it failed, tokens never included;
						   "HTTP 404" for an error status */
};

/* Once per process, before any thread starts (curl_global_init). */
void		 http_global_init(void);
void		 http_global_cleanup(void);

/* Stop: the caller's stop check, polled during transfers and waits. */
typedef bool (*http_stop_cb)(void *arg);

/* rl may be NULL (no rate limit); stop may be NULL. */
struct http_client *http_client_new(struct ratelimit *rl, http_stop_cb stop,
		    void *stop_arg);
void		 http_client_free(struct http_client *);
/* A descriptor that turns readable when stop should be asked (a source's
 * stop pipe). With one, a transfer sleeps until its socket, that fd or its
 * idle limit wakes it, instead of asking stop ten times a second. The fd is
 * only polled, never read. */
void		 http_client_set_wake_fd(struct http_client *, int fd);
/* What the client's stop check says now (false without one). */
bool		 http_client_stopping(struct http_client *);

/* 0 when a response arrived (any status: check resp->status); -1 on a
 * transport failure, a cap ("response larger than 8 MiB"), a timeout or a
 * stop (resp->error says which; status 0, body ""). resp is overwritten:
 * free it with http_response_free after every call; body is never NULL.
 *
 * Rate limit: before sending, the ratelimit is asked. If it says wait, the
 * request is NOT sent: -1 with error "rate limited until HH:MM:SS" and
 * resp->retry_after set to that time; the caller decides to sleep. A 429 is
 * never retried here: it blocks the ratelimit until Retry-After (else
 * X-RateLimit-Reset, else a minute) and returns 0 with status 429 and the
 * same error text.
 *
 * Retries (a GET, or a POST with an Idempotency-Key or marked idempotent;
 * redirects followed up to 5, GET only): on
 * connection errors, timeouts and 5xx, never on 4xx, after 0.5 s, 1 s, ...
 * plus jitter, while the time left in timeout_ms allows; the waits end
 * early when stop says so. */
int		 http_do(struct http_client *, const struct http_request *,
		    struct http_response *resp);
void		 http_response_free(struct http_response *);

/* A long-lived streaming GET (SSE): on_data gets each chunk as it arrives;
 * returning false from it ends the stream. Returns when the stream ends,
 * fails, goes quiet longer than idle_ms (no bytes, heartbeats included;
 * <= 0: no limit), or stop says so. No total timeout and no retries: the
 * caller reconnects. 0 when the server ended the stream or on_data did
 * (and for a complete non-2xx response, whose body is then in resp->body
 * instead of going to on_data); -1 on failure, idle ("no data for N s") or
 * stop ("stopped"), as for http_do. The status and headers are in resp
 * either way. A rate-limit block holds a stream back as it does http_do,
 * but a stream is not counted against the request budget (Mastodon's
 * streaming server is not). */
typedef bool (*http_data_cb)(const char *buf, size_t len, void *arg);
int		 http_stream(struct http_client *, const struct http_request *,
		    long idle_ms, http_data_cb on_data, void *arg,
		    struct http_response *resp);

/* The URL of the first link whose rel (unquoted, quoted, or one of several
 * "next last") is rel, compared case-insensitively, in an RFC 8288 Link
 * header value; or NULL (xmalloc'd). */
char		*http_link_rel(const char *link, const char *rel);

/* Percent-encodes s for a query string or form body (xmalloc'd). */
char		*http_escape(const char *s);

/* A failed or refused response in a few words, for a column header: the
 * transport's error ("Connection refused"), or "HTTP 404: message" with
 * the message parse finds in the body (xmalloc'd, or NULL for none; parse
 * may be NULL). */
void	http_describe(const struct http_response *,
	    char *(*parse)(const char *body, size_t len), char *buf,
	    size_t len);

#endif
