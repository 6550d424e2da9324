/* http.c — every request of the program, through one libcurl easy handle
 * per client (so per thread). A client keeps its handle between requests,
 * so connections, TLS sessions and DNS answers are reused.
 *
 * The handle is driven by a private multi handle rather than
 * curl_easy_perform: on a quiet connection curl calls the progress
 * callback only about once a second, while our own loop wakes every
 * HTTP_POLL_MS to ask stop and the idle clock, so quitting is prompt and
 * an idle stream ends when it should.
 *
 * Errors are curl's own words (CURLOPT_ERRORBUFFER), scrubbed: the query
 * and user info of any URL in them are cut and the bearer token is blanked,
 * so an access_token=... never reaches the status line or the log. */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "starling/clock.h"
#include "starling/http.h"
#include "starling/ratelimit.h"
#include "starling/xmalloc.h"

#ifndef STARLING_VERSION
#define STARLING_VERSION "dev"
#endif

#define HTTP_USER_AGENT		"starling/" STARLING_VERSION
#define HTTP_CONNECT_MS		10000L
#define HTTP_TIMEOUT_MS		30000L
#define HTTP_MAX_BODY		((size_t)8 << 20)
#define HTTP_RETRIES		2
#define HTTP_BACKOFF_MS		500L
#define HTTP_MAX_REDIRS		5L
#define HTTP_BLOCK_DEFAULT	60	/* a 429 that says nothing else */
#define HTTP_LINK_MAX		65536	/* Link header bytes kept */
#define HTTP_VALIDATOR_MAX	512	/* ETag, Last-Modified bytes kept */
#define HTTP_SLEEP_SLICE_MS	50L
#define HTTP_POLL_MS		100

struct http_client {
	CURLM			*multi;
	CURL			*curl;
	int			 wake_fd;	/* readable: ask stop now; or -1 */
	struct ratelimit	*rl;
	http_stop_cb		 stop;
	void			*stop_arg;
	uint32_t		 rnd;
	char			 errbuf[CURL_ERROR_SIZE];
};

/* One attempt's state, seen by the curl callbacks. */
struct http_xfer {
	struct http_client	*c;
	struct http_response	*resp;
	size_t			 max_body;
	size_t			 body_cap;
	char			*link;		/* Link header values, joined */
	size_t			 link_len;
	http_data_cb		 on_data;	/* streams only */
	void			*arg;
	long			 idle_ms;	/* 0: no idle limit */
	int64_t			 last_byte;	/* monotonic ms */
	bool			 too_big;
	bool			 stopped;
	bool			 idle;
	bool			 ended;		/* on_data said enough */
};

void
http_global_init(void)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "starling: curl_global_init failed\n");
		abort();
	}
}

void
http_global_cleanup(void)
{
	curl_global_cleanup();
}

static uint32_t
http_random(struct http_client *c)
{
	uint32_t	x = c->rnd;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return c->rnd = x;
}

struct http_client *
http_client_new(struct ratelimit *rl, http_stop_cb stop, void *stop_arg)
{
	struct http_client	*c = xcalloc(1, sizeof *c);
	struct timespec		 ts;

	if ((c->curl = curl_easy_init()) == NULL ||
	    (c->multi = curl_multi_init()) == NULL) {
		fprintf(stderr, "starling: curl_easy_init failed\n");
		abort();
	}
	c->rl = rl;
	c->stop = stop;
	c->stop_arg = stop_arg;
	c->wake_fd = -1;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	c->rnd = (uint32_t)ts.tv_nsec ^ (uint32_t)(uintptr_t)c ^
	    (uint32_t)time(NULL);
	if (c->rnd == 0)
		c->rnd = 0x9e3779b9u;
	return c;
}

void
http_client_set_wake_fd(struct http_client *c, int fd)
{
	c->wake_fd = fd;
}

void
http_client_free(struct http_client *c)
{
	if (c == NULL)
		return;
	curl_easy_cleanup(c->curl);
	curl_multi_cleanup(c->multi);
	free(c);
}

static void
http_response_init(struct http_response *resp)
{
	memset(resp, 0, sizeof *resp);
	resp->ratelimit_remaining = -1;
}

void
http_response_free(struct http_response *resp)
{
	if (resp == NULL)
		return;
	free(resp->body);
	free(resp->link_next);
	free(resp->link_prev);
	free(resp->etag);
	free(resp->last_modified);
	http_response_init(resp);
}

/* Frees what a failed or retried attempt left in resp. */
static void
http_response_clear(struct http_response *resp)
{
	char	error[sizeof resp->error];

	memcpy(error, resp->error, sizeof error);
	http_response_free(resp);
	memcpy(resp->error, error, sizeof error);
}

bool
http_client_stopping(struct http_client *c)
{
	return c->stop != NULL && c->stop(c->stop_arg);
}

/* Sleeps ms, waking every slice to ask stop; false when stopped. */
static bool
http_sleep(struct http_client *c, long ms)
{
	int64_t		end = clock_mono_ms() + ms, left;
	struct timespec	ts;

	while ((left = end - clock_mono_ms()) > 0) {
		if (http_client_stopping(c))
			return false;
		if (left > HTTP_SLEEP_SLICE_MS)
			left = HTTP_SLEEP_SLICE_MS;
		ts.tv_sec = 0;
		ts.tv_nsec = (long)left * 1000000L;
		nanosleep(&ts, NULL);
	}
	return !http_client_stopping(c);
}

/* Characters of a credential: base64, base64url, hex and the like. */
static size_t
http_cred_len(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && strchr("-._~+/=", s[i]) ==
		    NULL)
			break;
	return i;
}

/* Replaces s[at..at+n) with "***" (n >= 3); the new length. */
static size_t
http_redact_at(char *s, size_t len, size_t at, size_t n)
{
	memcpy(s + at, "***", 3);
	memmove(s + at + 3, s + at + n, len - at - n);
	return len - n + 3;
}

/* The one scrubber of everything built from a response or a transfer (the
 * body of an error status, curl's error texts): every copy of the token,
 * and the credential after "Bearer" or an "Authorization" (with its scheme
 * word), become "***". s may hold NULs; returns the new length (never
 * more) and keeps s[len] as it was. */
static size_t
http_redact(char *s, size_t len, const char *bearer)
{
	static const char *const marks[] = { "authorization", "bearer" };
	size_t	 i, m, k, n, blen = bearer != NULL ? strlen(bearer) : 0;

	if (blen >= 4)
		for (i = 0; i + blen <= len; i++)
			if (s[i] == bearer[0] && memcmp(s + i, bearer, blen) == 0)
				len = http_redact_at(s, len, i, blen);
	for (m = 0; m < sizeof marks / sizeof marks[0]; m++) {
		size_t	mlen = strlen(marks[m]);

		for (i = 0; i + mlen <= len; i++) {
			if (strncasecmp(s + i, marks[m], mlen) != 0)
				continue;
			k = i + mlen;
			while (k < len && strchr(" \t:=\"'", s[k]) != NULL &&
			    s[k] != '\0')
				k++;
			/* "Authorization: Basic xyz": past the scheme. */
			if (m == 0 && (n = http_cred_len(s + k, len - k)) > 0 &&
			    k + n < len && s[k + n] == ' ')
				for (k += n; k < len && s[k] == ' '; k++)
					;
			n = http_cred_len(s + k, len - k);
			if (k == i + mlen || n == 0 ||
			    (n == 3 && memcmp(s + k, "***", 3) == 0))
				continue;
			if (n < 3) {
				memset(s + k, '*', n);
				continue;
			}
			len = http_redact_at(s, len, k, n);
			i = k + 2;
		}
	}
	return len;
}

/* Cuts the query, fragment and user info of every URL in msg, redacts the
 * token and credentials, and any access_token=... left over. */
static void
http_scrub(char *msg, const char *bearer)
{
	char	*p, *end, *q, *at, *slash, *hit;
	size_t	 len;

	for (p = msg; (p = strstr(p, "://")) != NULL; ) {
		p += 3;
		end = p + strcspn(p, " \t\r\n\"'<>");
		slash = p + strcspn(p, "/?# \t\r\n\"'<>");
		at = memchr(p, '@', slash - p);
		if (at != NULL) {
			memmove(p, at + 1, strlen(at + 1) + 1);
			end -= at + 1 - p;
		}
		q = p + strcspn(p, "?#");
		if (q < end) {
			memmove(q, end, strlen(end) + 1);
			end = q;
		}
		p = end;
	}
	while ((hit = strstr(msg, "access_token=")) != NULL) {
		p = hit + strlen("access_token");
		end = p + strcspn(p, "& \t\r\n\"'");
		memmove(p, end, strlen(end) + 1);
	}
	len = http_redact(msg, strlen(msg), bearer);
	msg[len] = '\0';
}

/* An error status's body is shown and logged (the server's own words):
 * it leaves here scrubbed. */
static void
http_scrub_body(struct http_response *resp, const char *bearer)
{
	if (resp->body == NULL || (resp->status >= 200 && resp->status < 300))
		return;
	resp->len = http_redact(resp->body, resp->len, bearer);
	resp->body[resp->len] = '\0';
}

static void
http_set_error(struct http_response *resp, const char *bearer,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
http_set_error(struct http_response *resp, const char *bearer,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(resp->error, sizeof resp->error, fmt, ap);
	va_end(ap);
	http_scrub(resp->error, bearer);
}

static void
http_set_rate_error(struct http_response *resp, time_t until)
{
	struct tm	tm;
	char		hms[16];

	localtime_r(&until, &tm);
	strftime(hms, sizeof hms, "%H:%M:%S", &tm);
	snprintf(resp->error, sizeof resp->error, "rate limited until %s", hms);
}

static void
http_size_text(size_t n, char *buf, size_t len)
{
	if (n >= ((size_t)1 << 20) && n % ((size_t)1 << 20) == 0)
		snprintf(buf, len, "%zu MiB", n >> 20);
	else if (n >= 1024 && n % 1024 == 0)
		snprintf(buf, len, "%zu KiB", n >> 10);
	else
		snprintf(buf, len, "%zu bytes", n);
}

static bool
http_header_value_ok(const char *v)
{
	return v == NULL || strpbrk(v, "\r\n") == NULL;
}

/* Body bytes: kept up to max_body, or handed to a stream's callback. */
static size_t
http_write_cb(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct http_xfer	*x = userdata;
	struct http_response	*resp = x->resp;
	size_t			 n = size * nmemb, want;
	long			 code = 0;

	x->last_byte = clock_mono_ms();
	if (x->on_data != NULL) {
		curl_easy_getinfo(x->c->curl, CURLINFO_RESPONSE_CODE, &code);
		if (code >= 200 && code < 300) {
			if (!x->on_data(ptr, n, x->arg)) {
				x->ended = true;
				return 0;
			}
			return n;
		}
		/* An error status: keep its body for the message. */
	}
	if (n > x->max_body - resp->len) {
		x->too_big = true;
		return 0;
	}
	if (resp->len + n + 1 > x->body_cap) {
		want = x->body_cap ? x->body_cap : 16384;
		while (want < resp->len + n + 1)
			want *= 2;
		if (want > x->max_body + 1)
			want = x->max_body + 1;
		resp->body = xrealloc(resp->body, want);
		x->body_cap = want;
	}
	memcpy(resp->body + resp->len, ptr, n);
	resp->len += n;
	resp->body[resp->len] = '\0';
	return n;
}

/* Header lines of every response curl sees (redirects, 1xx): a status
 * line starts over, so what is left belongs to the final response. */
static size_t
http_header_cb(char *buf, size_t size, size_t nitems, void *userdata)
{
	struct http_xfer	*x = userdata;
	struct http_response	*resp = x->resp;
	size_t			 n = size * nitems, nlen, vlen;
	const char		*colon, *v, *end = buf + n;
	char			 tmp[128], *e;
	long			 l;

	x->last_byte = clock_mono_ms();
	if (n >= 5 && strncmp(buf, "HTTP/", 5) == 0) {
		x->link_len = 0;
		if (x->link != NULL)
			x->link[0] = '\0';
		resp->ratelimit_remaining = -1;
		resp->ratelimit_reset = 0;
		resp->retry_after = 0;
		free(resp->etag);
		free(resp->last_modified);
		resp->etag = resp->last_modified = NULL;
		return n;
	}
	if ((colon = memchr(buf, ':', n)) == NULL)
		return n;
	nlen = colon - buf;
	for (v = colon + 1; v < end && (*v == ' ' || *v == '\t'); v++)
		;
	while (end > v && isspace((unsigned char)end[-1]))
		end--;
	vlen = end - v;

	if (nlen == 4 && strncasecmp(buf, "Link", 4) == 0) {
		if (x->link_len + vlen + 3 > HTTP_LINK_MAX)
			return n;
		x->link = xrealloc(x->link, x->link_len + vlen + 3);
		if (x->link_len > 0) {
			memcpy(x->link + x->link_len, ", ", 2);
			x->link_len += 2;
		}
		memcpy(x->link + x->link_len, v, vlen);
		x->link_len += vlen;
		x->link[x->link_len] = '\0';
		return n;
	}
	/* A validator for the next conditional GET: kept as sent, within
	 * reason (a header value holds no line break). */
	if (nlen == 4 && strncasecmp(buf, "ETag", 4) == 0 && vlen > 0 &&
	    vlen <= HTTP_VALIDATOR_MAX) {
		free(resp->etag);
		resp->etag = xstrndup(v, vlen);
		return n;
	}
	if (nlen == 13 && strncasecmp(buf, "Last-Modified", 13) == 0 &&
	    vlen > 0 && vlen <= HTTP_VALIDATOR_MAX) {
		free(resp->last_modified);
		resp->last_modified = xstrndup(v, vlen);
		return n;
	}
	if (vlen >= sizeof tmp)
		return n;
	memcpy(tmp, v, vlen);
	tmp[vlen] = '\0';
	/* X-RateLimit-* (Mastodon), RateLimit-* (Bluesky's PDS, the IETF
	 * draft's names), x-rate-limit-* (X). */
	if (nlen > 2 && strncasecmp(buf, "X-", 2) == 0) {
		buf += 2;
		nlen -= 2;
	}
	if ((nlen == 19 && strncasecmp(buf, "RateLimit-Remaining", 19) == 0) ||
	    (nlen == 20 && strncasecmp(buf, "rate-limit-remaining", 20) == 0)) {
		l = strtol(tmp, &e, 10);
		if (e != tmp && *e == '\0' && l >= 0)
			resp->ratelimit_remaining = l;
	} else if ((nlen == 15 && strncasecmp(buf, "RateLimit-Reset", 15) ==
	    0) || (nlen == 16 && strncasecmp(buf, "rate-limit-reset", 16) == 0))
		resp->ratelimit_reset = ratelimit_clamp(
		    ratelimit_parse_time(tmp, time(NULL)), time(NULL));
	else if (nlen == 11 && strncasecmp(buf, "Retry-After", 11) == 0)
		resp->retry_after = ratelimit_clamp(
		    ratelimit_parse_time(tmp, time(NULL)), time(NULL));
	return n;
}

/* Whether to abandon the transfer: stop said so, or the idle limit. */
static bool
http_xfer_abort(struct http_xfer *x)
{
	if (http_client_stopping(x->c)) {
		x->stopped = true;
		return true;
	}
	if (x->idle_ms > 0 && clock_mono_ms() - x->last_byte > x->idle_ms) {
		x->idle = true;
		return true;
	}
	return false;
}

static int
http_xferinfo_cb(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	return http_xfer_abort(userdata) ? 1 : 0;
}

/* curl_easy_perform, but asking http_xfer_abort every HTTP_POLL_MS. */
static CURLcode
http_run(struct http_client *c, struct http_xfer *x)
{
	CURLMsg		*msg;
	CURLcode	 rc = CURLE_OK;
	CURLMcode	 mc;
	int		 running = 1, left, timeout, nfd;
	struct curl_waitfd wfd;
	bool		 use_fd = c->wake_fd >= 0;

	if (curl_multi_add_handle(c->multi, c->curl) != CURLM_OK)
		return CURLE_FAILED_INIT;
	for (;;) {
		if ((mc = curl_multi_perform(c->multi, &running)) != CURLM_OK) {
			snprintf(c->errbuf, sizeof c->errbuf, "%s",
			    curl_multi_strerror(mc));
			rc = CURLE_FAILED_INIT;
			break;
		}
		if (running == 0)
			break;
		if (http_xfer_abort(x)) {
			rc = CURLE_ABORTED_BY_CALLBACK;
			break;
		}
		/* With a wake fd there is nothing to ask until it, the
		 * socket or the idle limit says so: a quiet stream sleeps. */
		timeout = HTTP_POLL_MS;
		nfd = 0;
		if (use_fd) {
			wfd.fd = c->wake_fd;
			wfd.events = CURL_WAIT_POLLIN;
			wfd.revents = 0;
			nfd = 1;
			timeout = x->idle_ms > 0 ? (int)(x->idle_ms -
			    (clock_mono_ms() - x->last_byte)) + 1 : 60000;
			if (timeout < 1)
				timeout = 1;
			if (timeout > 60000)
				timeout = 60000;
		}
		if ((mc = curl_multi_poll(c->multi, nfd ? &wfd : NULL,
		    (unsigned)nfd, timeout, NULL)) != CURLM_OK) {
			snprintf(c->errbuf, sizeof c->errbuf, "%s",
			    curl_multi_strerror(mc));
			rc = CURLE_FAILED_INIT;
			break;
		}
		/* Readable, yet nothing to stop for: it is someone else's
		 * news. Back to short polls for this transfer, not a spin. */
		if (nfd && (wfd.revents & CURL_WAIT_POLLIN) &&
		    !http_xfer_abort(x))
			use_fd = false;
	}
	while ((msg = curl_multi_info_read(c->multi, &left)) != NULL)
		if (msg->msg == CURLMSG_DONE && msg->easy_handle == c->curl)
			rc = msg->data.result;
	curl_multi_remove_handle(c->multi, c->curl);
	return rc;
}

static struct curl_slist *
http_add_line(struct curl_slist *list, const char *line)
{
	struct curl_slist	*l;

	if ((l = curl_slist_append(list, line)) == NULL) {
		fprintf(stderr, "starling: out of memory (curl_slist_append)\n");
		abort();
	}
	return l;
}

static struct curl_slist *
http_add_header(struct curl_slist *list, const char *name, const char *value)
{
	char	*line;

	xasprintf(&line, "%s: %s", name, value);
	list = http_add_line(list, line);
	/* curl has its copy; ours may hold the token. */
	explicit_bzero(line, strlen(line));
	free(line);
	return list;
}

static bool
http_is_get(const struct http_request *req)
{
	return req->method == NULL || strcasecmp(req->method, "GET") == 0;
}

/* One request on the wire. timeout_ms 0: none (streams). */
static CURLcode
http_perform(struct http_client *c, const struct http_request *req,
    struct http_xfer *x, long timeout_ms, bool stream)
{
	CURL			*h = c->curl;
	struct curl_slist	*hdr = NULL;
	const char		*method = req->method != NULL ? req->method : "GET";
	CURLcode		 rc;

	curl_easy_reset(h);
	c->errbuf[0] = '\0';
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->errbuf);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_URL, req->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_USERAGENT, HTTP_USER_AGENT);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, HTTP_CONNECT_MS);
	if (timeout_ms > 0)
		curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
	if (!stream)
		curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
		    (curl_off_t)x->max_body);

	if (http_is_get(req)) {
		/* Only a GET may follow: a POST must not be re-sent. */
		curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
		curl_easy_setopt(h, CURLOPT_MAXREDIRS, HTTP_MAX_REDIRS);
		curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	} else if (strcasecmp(method, "HEAD") == 0)
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
	else {
		if (strcasecmp(method, "POST") != 0)
			curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
		if (req->body != NULL || strcasecmp(method, "POST") == 0) {
			curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
			    (curl_off_t)(req->body != NULL ? req->body_len : 0));
			curl_easy_setopt(h, CURLOPT_POSTFIELDS,
			    req->body != NULL ? req->body : "");
		}
	}

	if (req->bearer != NULL) {
		char	*auth;

		xasprintf(&auth, "Bearer %s", req->bearer);
		hdr = http_add_header(hdr, "Authorization", auth);
		explicit_bzero(auth, strlen(auth));
		free(auth);
	}
	if (req->content_type != NULL)
		hdr = http_add_header(hdr, "Content-Type", req->content_type);
	if (req->idempotency_key != NULL)
		hdr = http_add_header(hdr, "Idempotency-Key",
		    req->idempotency_key);
	if (req->if_none_match != NULL)
		hdr = http_add_header(hdr, "If-None-Match", req->if_none_match);
	if (req->if_modified_since != NULL)
		hdr = http_add_header(hdr, "If-Modified-Since",
		    req->if_modified_since);
	if (stream) {
		hdr = http_add_header(hdr, "Accept", "text/event-stream");
		hdr = http_add_header(hdr, "Cache-Control", "no-cache");
	}
	/* No 100-continue round trip for large bodies. */
	hdr = http_add_line(hdr, "Expect:");
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);

	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, http_write_cb);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, http_header_cb);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, http_xferinfo_cb);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, x);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);

	x->last_byte = clock_mono_ms();
	rc = http_run(c, x);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &x->resp->status);
	/* The handle keeps pointers to these until the next reset. */
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(hdr);
	return rc;
}

/* Transport errors worth another try: the next one may well work. */
static bool
http_retriable(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_HTTP3:
	case CURLE_WEIRD_SERVER_REPLY:
		return true;
	default:
		return false;
	}
}

/* Asks the rate limit before sending, spending one request when it says
 * go (spend: false for streams, which the budget does not count); true
 * (and resp says until when) when the request must wait. */
static bool
http_rate_limited(struct http_client *c, const struct http_request *req,
    bool spend, struct http_response *resp)
{
	time_t	until;

	if (c->rl == NULL)
		return false;
	if (spend)
		until = ratelimit_take(c->rl, req->interactive, time(NULL));
	else
		until = ratelimit_wait_until(c->rl, req->interactive,
		    time(NULL));
	if (until == 0)
		return false;
	resp->retry_after = until;
	http_set_rate_error(resp, until);
	return true;
}

/* After a response: feeds the rate limit, notes a 429, reads Link. */
static void
http_finish(struct http_client *c, struct http_xfer *x)
{
	struct http_response	*resp = x->resp;
	time_t			 until;

	if (x->link_len > 0) {
		resp->link_next = http_link_rel(x->link, "next");
		resp->link_prev = http_link_rel(x->link, "prev");
	}
	if (c->rl != NULL)
		ratelimit_update(c->rl, resp->ratelimit_remaining,
		    resp->ratelimit_reset);
	if (resp->status == 429) {
		until = resp->retry_after;
		if (until == 0)
			until = resp->ratelimit_reset;
		if (until <= time(NULL))
			until = time(NULL) + HTTP_BLOCK_DEFAULT;
		if (c->rl != NULL)
			ratelimit_block(c->rl, until);
		resp->retry_after = until;
		http_set_rate_error(resp, until);
	} else if (resp->status >= 400 && resp->error[0] == '\0')
		snprintf(resp->error, sizeof resp->error, "HTTP %ld",
		    resp->status);
}

/* Why an attempt failed, into resp->error. */
static void
http_fail(struct http_client *c, const struct http_request *req,
    struct http_xfer *x, CURLcode rc)
{
	char	size[32];

	if (x->stopped)
		http_set_error(x->resp, NULL, "stopped");
	else if (x->idle && x->idle_ms % 1000 == 0)
		http_set_error(x->resp, NULL, "no data for %ld s",
		    x->idle_ms / 1000);
	else if (x->idle)
		http_set_error(x->resp, NULL, "no data for %.1f s",
		    x->idle_ms / 1000.0);
	else if (x->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		http_size_text(x->max_body, size, sizeof size);
		http_set_error(x->resp, NULL, "response larger than %s", size);
	} else
		http_set_error(x->resp, req->bearer, "%s",
		    c->errbuf[0] != '\0' ? c->errbuf : curl_easy_strerror(rc));
}

static void
http_xfer_free(struct http_xfer *x)
{
	free(x->link);
	x->link = NULL;
	x->link_len = 0;
}

/* Leaves resp->body a string whatever happened. */
static void
http_body_string(struct http_response *resp)
{
	if (resp->body == NULL) {
		resp->body = xstrdup("");
		resp->len = 0;
	}
}

static bool
http_request_ok(const struct http_request *req, struct http_response *resp)
{
	if (req->url == NULL || *req->url == '\0') {
		http_set_error(resp, NULL, "no URL");
		return false;
	}
	if (!http_header_value_ok(req->bearer) ||
	    !http_header_value_ok(req->content_type) ||
	    !http_header_value_ok(req->idempotency_key) ||
	    !http_header_value_ok(req->if_none_match) ||
	    !http_header_value_ok(req->if_modified_since) ||
	    !http_header_value_ok(req->method)) {
		http_set_error(resp, NULL, "line break in a request header");
		return false;
	}
	return true;
}

int
http_do(struct http_client *c, const struct http_request *req,
    struct http_response *resp)
{
	struct http_xfer	 x;
	long			 timeout = req->timeout_ms > 0 ? req->timeout_ms :
				    HTTP_TIMEOUT_MS;
	int			 retries = req->retries < 0 ? HTTP_RETRIES :
				    req->retries;
	int64_t			 deadline = clock_mono_ms() + timeout, left;
	long			 delay;
	int			 attempt, ret;
	CURLcode		 rc;

	http_response_init(resp);
	if (!http_request_ok(req, resp)) {
		http_body_string(resp);
		return -1;
	}
	/* A repeated POST is safe only when the server folds repeats into
	 * one: an Idempotency-Key, or an action idempotent by nature. */
	if (!http_is_get(req) && req->idempotency_key == NULL &&
	    !req->idempotent)
		retries = 0;
	for (attempt = 0;; attempt++) {
		http_response_clear(resp);
		resp->error[0] = '\0';
		if (http_rate_limited(c, req, true, resp)) {
			ret = -1;
			break;
		}
		if ((left = deadline - clock_mono_ms()) <= 0) {
			http_set_error(resp, NULL, "timed out after %ld ms",
			    timeout);
			ret = -1;
			break;
		}
		memset(&x, 0, sizeof x);
		x.c = c;
		x.resp = resp;
		x.max_body = req->max_body > 0 ? req->max_body : HTTP_MAX_BODY;
		rc = http_perform(c, req, &x, (long)left, false);
		if (rc == CURLE_OK) {
			http_finish(c, &x);
			ret = 0;
		} else {
			http_fail(c, req, &x, rc);
			ret = -1;
		}
		http_xfer_free(&x);

		if (attempt >= retries || x.stopped || resp->status == 429)
			break;
		if (ret == 0 ? resp->status < 500 : !http_retriable(rc))
			break;
		/* 0.5 s, 1 s, 2 s … plus up to a quarter more. */
		delay = HTTP_BACKOFF_MS << (attempt < 8 ? attempt : 8);
		delay += (long)(http_random(c) % (uint32_t)(delay / 4 + 1));
		if (clock_mono_ms() + delay >= deadline)
			break;
		if (!http_sleep(c, delay)) {
			http_response_clear(resp);
			http_set_error(resp, NULL, "stopped");
			ret = -1;
			break;
		}
	}
	if (ret != 0) {
		/* A failure carries no half-read body or status. */
		free(resp->body);
		resp->body = NULL;
		resp->len = 0;
		resp->status = 0;
	}
	http_scrub_body(resp, req->bearer);
	http_body_string(resp);
	return ret;
}

int
http_stream(struct http_client *c, const struct http_request *req,
    long idle_ms, http_data_cb on_data, void *arg, struct http_response *resp)
{
	struct http_xfer	x;
	CURLcode		rc;
	int			ret;

	http_response_init(resp);
	if (!http_request_ok(req, resp) ||
	    http_rate_limited(c, req, false, resp)) {
		http_body_string(resp);
		return -1;
	}
	memset(&x, 0, sizeof x);
	x.c = c;
	x.resp = resp;
	x.max_body = req->max_body > 0 ? req->max_body : HTTP_MAX_BODY;
	x.on_data = on_data;
	x.arg = arg;
	x.idle_ms = idle_ms > 0 ? idle_ms : 0;
	rc = http_perform(c, req, &x, 0, true);
	if (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && x.ended)) {
		http_finish(c, &x);
		ret = 0;
	} else {
		if (resp->status != 0 && c->rl != NULL)
			ratelimit_update(c->rl, resp->ratelimit_remaining,
			    resp->ratelimit_reset);
		http_fail(c, req, &x, rc);
		ret = -1;
	}
	http_xfer_free(&x);
	http_scrub_body(resp, req->bearer);
	http_body_string(resp);
	return ret;
}

/* RFC 8288 Link: <uri> *( ";" param [ "=" ( token / quoted-string ) ] ),
 * values separated by commas. A comma inside <…> or quotes is part of it. */

static const char *
http_link_ows(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Whether the space-separated relation types in v[0..n) include rel. */
static bool
http_link_has_rel(const char *v, size_t n, const char *rel)
{
	size_t	rlen = strlen(rel), i = 0, j;

	while (i < n) {
		while (i < n && (v[i] == ' ' || v[i] == '\t'))
			i++;
		for (j = i; j < n && v[j] != ' ' && v[j] != '\t'; j++)
			;
		if (j - i == rlen && rlen > 0 &&
		    strncasecmp(v + i, rel, rlen) == 0)
			return true;
		i = j;
	}
	return false;
}

char *
http_link_rel(const char *link, const char *rel)
{
	const char	*p = link, *uri, *uri_end, *name, *name_end;
	char		*val = NULL;
	size_t		 vlen, cap;
	bool		 seen_rel, match;

	if (link == NULL || rel == NULL)
		return NULL;
	cap = strlen(link) + 1;
	val = xmalloc(cap);
	while (*p != '\0') {
		p = http_link_ows(p);
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p != '<') {
			/* Not a link-value: skip to the next comma. */
			while (*p != '\0' && *p != ',')
				p++;
			continue;
		}
		uri = p + 1;
		if ((uri_end = strchr(uri, '>')) == NULL)
			break;
		p = uri_end + 1;
		seen_rel = match = false;
		for (;;) {
			p = http_link_ows(p);
			if (*p != ';')
				break;
			p = http_link_ows(p + 1);
			name = p;
			while (*p != '\0' && *p != '=' && *p != ';' &&
			    *p != ',' && *p != ' ' && *p != '\t')
				p++;
			name_end = p;
			p = http_link_ows(p);
			vlen = 0;
			if (*p == '=') {
				p = http_link_ows(p + 1);
				if (*p == '"') {
					for (p++; *p != '\0' && *p != '"'; p++) {
						if (*p == '\\' && p[1] != '\0')
							p++;
						val[vlen++] = *p;
					}
					if (*p == '"')
						p++;
				} else {
					while (*p != '\0' && *p != ';' &&
					    *p != ',' && *p != ' ' && *p != '\t')
						val[vlen++] = *p++;
				}
			}
			/* Only the first rel counts (RFC 8288 3.3). */
			if (!seen_rel && name_end - name == 3 &&
			    strncasecmp(name, "rel", 3) == 0) {
				seen_rel = true;
				match = http_link_has_rel(val, vlen, rel);
			}
		}
		if (match) {
			while (uri < uri_end && (*uri == ' ' || *uri == '\t'))
				uri++;
			while (uri_end > uri && (uri_end[-1] == ' ' ||
			    uri_end[-1] == '\t'))
				uri_end--;
			if (uri_end > uri) {
				char	*out = xstrndup(uri, uri_end - uri);

				free(val);
				return out;
			}
		}
		/* Garbage after the params: up to the next value. */
		while (*p != '\0' && *p != ',')
			p++;
	}
	free(val);
	return NULL;
}

char *
http_escape(const char *s)
{
	char	*e, *out;

	if ((e = curl_easy_escape(NULL, s, 0)) == NULL) {
		fprintf(stderr, "starling: out of memory (curl_easy_escape)\n");
		abort();
	}
	out = xstrdup(e);
	curl_free(e);
	return out;
}

void
http_describe(const struct http_response *r,
    char *(*parse)(const char *body, size_t len), char *buf, size_t len)
{
	char	*msg = parse != NULL && r->body != NULL && r->len > 0 ?
		    parse(r->body, r->len) : NULL;

	if (r->status == 0)
		snprintf(buf, len, "%.150s", *r->error ? r->error :
		    "no response");
	else if (msg != NULL)
		snprintf(buf, len, "HTTP %ld: %s", r->status, msg);
	else
		snprintf(buf, len, "HTTP %ld", r->status);
	free(msg);
}
