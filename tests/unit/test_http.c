/* test_http.c — the HTTP layer against tests/fakes/http_test_server.py,
 * which this test starts on 127.0.0.1 (port picked by the kernel) and kills
 * at the end. Nothing here talks to any other address. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "starling/http.h"
#include "starling/xmalloc.h"
#include "starling/ratelimit.h"
#include "starling/sse.h"

static int	test_port;

static double
test_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
test_sleep_ms(long ms)
{
	struct timespec	ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static const char *
test_url(char *buf, size_t len, const char *path)
{
	snprintf(buf, len, "http://127.0.0.1:%d%s", test_port, path);
	return buf;
}

/* Starts the fake server; its pid, or -1. */
static pid_t
test_server_start(char *dir, size_t dirlen)
{
	char	 portfile[256];
	FILE	*f;
	pid_t	 pid;
	int	 i;

	snprintf(dir, dirlen, "/tmp/starling-http-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(portfile, sizeof portfile, "%s/port", dir);
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		execlp("python3", "python3", "tests/fakes/http_test_server.py",
		    portfile, (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 200; i++) {
		if ((f = fopen(portfile, "r")) != NULL) {
			if (fscanf(f, "%d", &test_port) != 1)
				test_port = 0;
			fclose(f);
			if (test_port > 0)
				return pid;
		}
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return -1;
		test_sleep_ms(50);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return -1;
}

static void
test_server_stop(pid_t pid, const char *dir)
{
	char	path[256];

	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	snprintf(path, sizeof path, "%s/port", dir);
	unlink(path);
	rmdir(dir);
}

/* Hits of a key on the server, asked through a client of its own. */
static long
test_hits(const char *key)
{
	struct http_client	*c = http_client_new(NULL, NULL, NULL);
	struct http_request	 req = { .retries = 0 };
	struct http_response	 resp;
	char			 url[256], path[128];
	long			 n = -1;

	snprintf(path, sizeof path, "/hits?key=%s", key);
	req.url = test_url(url, sizeof url, path);
	if (http_do(c, &req, &resp) == 0 && resp.status == 200)
		n = strtol(resp.body, NULL, 10);
	http_response_free(&resp);
	http_client_free(c);
	return n;
}

struct test_stop {
	double	at;		/* stop from this time on (test_now) */
	double	asked;		/* when stop first said yes */
};

static bool
test_stop_cb(void *arg)
{
	struct test_stop	*s = arg;
	double			 now = test_now();

	if (now < s->at)
		return false;
	if (s->asked == 0)
		s->asked = now;
	return true;
}

TEST(get_ok)
{
	struct http_client	*c = http_client_new(NULL, NULL, NULL);
	struct http_request	 req = { .retries = -1 };
	struct http_response	 resp;
	char			 url[256];

	req.url = test_url(url, sizeof url, "/ok");
	CHECK_INT_EQ(http_do(c, &req, &resp), 0);
	CHECK_INT_EQ(resp.status, 200);
	CHECK_STR_EQ(resp.body, "hello");
	CHECK_INT_EQ(resp.len, 5);
	CHECK(resp.link_next == NULL && resp.link_prev == NULL);
	CHECK_INT_EQ(resp.ratelimit_remaining, -1);
	CHECK_INT_EQ(resp.ratelimit_reset, 0);
	CHECK_STR_EQ(resp.error, "");
	http_response_free(&resp);
	/* The same client again (its connection is reused). */
	CHECK_INT_EQ(http_do(c, &req, &resp), 0);
	CHECK_STR_EQ(resp.body, "hello");
	http_response_free(&resp);
	http_client_free(c);
}

TEST(post_sends_body_type_key_and_bearer)
{
	struct http_client	*c = http_client_new(NULL, NULL, NULL);
	struct http_request	 req = { .method = "POST", .retries = -1 };
	struct http_response	 resp;
	char			 url[256];
	const char		*body = "status=hi%20there&visibility=public";

	req.url = test_url(url, sizeof url, "/echo");
	req.body = body;
	req.body_len = strlen(body);
	req.content_type = "application/x-www-form-urlencoded";
	req.idempotency_key = "draft-42-abc";
	req.bearer = "tok-123";
	CHECK_INT_EQ(http_do(c, &req, &resp), 0);
	CHECK_INT_EQ(resp.status, 200);
	CHECK(strstr(resp.body, "method=POST\n") != NULL);
	CHECK(strstr(resp.body,
	    "ctype=application/x-www-form-urlencoded\n") != NULL);
	CHECK(strstr(resp.body, "idem=draft-42-abc\n") != NULL);
	CHECK(strstr(resp.body, "auth=Bearer tok-123\n") != NULL);
	CHECK(strstr(resp.body, "ua=starling/") != NULL);
	CHECK(strstr(resp.body, "body=status=hi%20there&visibility=public") !=
	    NULL);
	http_response_free(&resp);

	req.method = "PUT";
	CHECK_INT_EQ(http_do(c, &req, &resp), 0);
	CHECK(strstr(resp.body, "method=PUT\n") != NULL);
	CHECK(strstr(resp.body, "body=status=hi") != NULL);
	http_response_free(&resp);

	req.method = "DELETE";
	req.body = NULL;
	req.body_len = 0;
	req.content_type = NULL;
	CHECK_INT_EQ(http_do(c, &req, &resp), 0);
	CHECK(strstr(resp.body, "method=DELETE\n") != NULL);
	CHECK(strstr(resp.body, "auth=Bearer tok-123\n") != NULL);
	http_response_free(&resp);

	/* A header value with a line break is refused, never sent. */
	req.method = "POST";
	req.bearer = "tok\r\nX-Evil: 1";
	CHECK_INT_EQ(http_do(c, &req, &resp), -1);
	CHECK(strstr(resp.error, "tok") == NULL);
	http_response_free(&resp);
	http_client_free(c);
}

TEST(link_header_parsed)
{
	struct http_client	*c = http_client_new(NULL, NULL, NULL);
	struct http_request	 req = { .retries = -1 };
	struct http_response	 resp;
	char			 url[256];

	req.url = test_url(url, sizeof url, "/link");
	CHECK_INT_EQ(http_do(c, &req, &resp), 0);
	CHECK_STR_EQ(resp.link_next,
	    "http://127.0.0.1/api/v1/timelines/home?max_id=7");
	CHECK_STR_EQ(resp.link_prev,
	    "http://127.0.0.1/api/v1/timelines/home?min_id=9");
	http_response_free(&resp);
	http_client_free(c);
}

TEST(ratelimit_headers_parsed_and_obeyed)
{
	struct ratelimit	*rl = ratelimit_new();
	struct http_client	*c = http_client_new(rl, NULL, NULL);
	struct http_request	 req = { .retries = -1 };
	struct http_response	 resp;
	char			 url[256];
	time_t			 now = time(NULL), reset;

	req.url = test_url(url, sizeof url, "/ratelimit?remaining=42");
	CHECK_INT_EQ(http_do(c, &req, &resp), 0);
	CHECK_INT_EQ(resp.ratelimit_remaining, 42);
	CHECK(resp.ratelimit_reset >= now + 295 &&
	    resp.ratelimit_reset <= now + 310);
	reset = resp.ratelimit_reset;
	http_response_free(&resp);
	CHECK_INT_EQ(ratelimit_wait_until(rl, false, time(NULL)), 0);

	/* Nearly spent: background requests are held, interactive go. */
	req.url = test_url(url, sizeof url, "/ratelimit?remaining=3");
	CHECK_INT_EQ(http_do(c, &req, &resp), 0);
	CHECK_INT_EQ(resp.ratelimit_remaining, 3);
	http_response_free(&resp);
	req.url = test_url(url, sizeof url, "/status?code=200&key=held");
	CHECK_INT_EQ(http_do(c, &req, &resp), -1);
	CHECK_INT_EQ(resp.status, 0);
	CHECK(strncmp(resp.error, "rate limited until ", 19) == 0);
	CHECK(resp.retry_after >= reset - 1 && resp.retry_after <= reset + 1);
	http_response_free(&resp);
	CHECK_INT_EQ(test_hits("held"), 0);
	req.interactive = true;
	CHECK_INT_EQ(http_do(c, &req, &resp), 0);
	CHECK_INT_EQ(resp.status, 200);
	http_response_free(&resp);
	CHECK_INT_EQ(test_hits("held"), 1);

	http_client_free(c);
	ratelimit_free(rl);
}

TEST(status_429_blocks_and_is_not_retried)
{
	struct ratelimit	*rl = ratelimit_new();
	struct http_client	*c = http_client_new(rl, NULL, NULL);
	struct http_request	 req = { .retries = -1 };
	struct http_response	 resp;
	char			 url[256];
	time_t			 now = time(NULL), until;
	double			 t0 = test_now();

	req.url = test_url(url, sizeof url, "/429?after=30");
	CHECK_INT_EQ(http_do(c, &req, &resp), 0);
	CHECK(test_now() - t0 < 1.0);
	CHECK_INT_EQ(resp.status, 429);
	CHECK(resp.retry_after >= now + 29 && resp.retry_after <= now + 32);
	CHECK(strncmp(resp.error, "rate limited until ", 19) == 0);
	CHECK(strstr(resp.body, "Too many") != NULL);
	http_response_free(&resp);
	until = ratelimit_wait_until(rl, true, time(NULL));
	CHECK(until >= now + 29 && until <= now + 32);

	/* Held back without being sent. */
	req.url = test_url(url, sizeof url, "/status?code=200&key=after429");
	req.interactive = true;
	CHECK_INT_EQ(http_do(c, &req, &resp), -1);
	CHECK(strncmp(resp.error, "rate limited until ", 19) == 0);
	http_response_free(&resp);
	CHECK_INT_EQ(test_hits("after429"), 0);
	/* A stream too. */
	CHECK_INT_EQ(http_stream(c, &req, 1000, NULL, NULL, &resp), -1);
	CHECK(strncmp(resp.error, "rate limited until ", 19) == 0);
	http_response_free(&resp);
	CHECK_INT_EQ(test_hits("after429"), 0);
	http_client_free(c);
	ratelimit_free(rl);
}

TEST(server_errors_retried_then_succeed)
{
	struct http_client	*c = http_client_new(NULL, NULL, NULL);
	struct http_request	 req = { .retries = -1 };
	struct http_response	 resp;
	char			 url[256];
	double			 t0 = test_now(), dt;

	req.url = test_url(url, sizeof url, "/flaky?key=f1&fail=2");
	CHECK_INT_EQ(http_do(c, &req, &resp), 0);
	dt = test_now() - t0;
	CHECK_INT_EQ(resp.status, 200);
	CHECK_STR_EQ(resp.body, "recovered");
	http_response_free(&resp);
	CHECK_INT_EQ(test_hits("f1"), 3);
	/* Backoff 0.5 s then 1 s, each plus at most a quarter. */
	CHECK(dt >= 1.45 && dt < 2.5);

	/* retries = 0: the 500 is the answer. */
	req.retries = 0;
	req.url = test_url(url, sizeof url, "/flaky?key=f2&fail=2");
	CHECK_INT_EQ(http_do(c, &req, &resp), 0);
	CHECK_INT_EQ(resp.status, 500);
	CHECK_STR_EQ(resp.error, "HTTP 500");
	http_response_free(&resp);
	CHECK_INT_EQ(test_hits("f2"), 1);

	/* A POST is never retried. */
	req.retries = -1;
	req.method = "POST";
	req.url = test_url(url, sizeof url, "/flaky?key=f3&fail=2");
	CHECK_INT_EQ(http_do(c, &req, &resp), 0);
	CHECK_INT_EQ(resp.status, 500);
	http_response_free(&resp);
	CHECK_INT_EQ(test_hits("f3"), 1);
	http_client_free(c);
}

TEST(client_errors_not_retried)
{
	struct http_client	*c = http_client_new(NULL, NULL, NULL);
	struct http_request	 req = { .retries = -1 };
	struct http_response	 resp;
	char			 url[256];

	req.url = test_url(url, sizeof url, "/status?code=404&key=nf");
	CHECK_INT_EQ(http_do(c, &req, &resp), 0);
	CHECK_INT_EQ(resp.status, 404);
	CHECK_STR_EQ(resp.error, "HTTP 404");
	http_response_free(&resp);
	CHECK_INT_EQ(test_hits("nf"), 1);
	http_client_free(c);
}

TEST(conditional_get_answers_304_with_validators)
{
	struct http_client	*c = http_client_new(NULL, NULL, NULL);
	struct http_request	 req = { .retries = 0 };
	struct http_response	 resp;
	char			 url[256], *etag = NULL, *stamp = NULL;

	req.url = test_url(url, sizeof url, "/cond");
	CHECK_INT_EQ(http_do(c, &req, &resp), 0);
	CHECK_INT_EQ(resp.status, 200);
	CHECK_STR_EQ(resp.body, "fresh");
	CHECK(resp.etag != NULL && strcmp(resp.etag, "\"v1\"") == 0);
	CHECK(resp.last_modified != NULL && strcmp(resp.last_modified,
	    "Tue, 24 Nov 2026 10:00:00 GMT") == 0);
	if (resp.etag != NULL)
		etag = strdup(resp.etag);
	if (resp.last_modified != NULL)
		stamp = strdup(resp.last_modified);
	http_response_free(&resp);

	/* Either validator alone makes it a 304 with no body. */
	req.if_none_match = etag;
	CHECK_INT_EQ(http_do(c, &req, &resp), 0);
	CHECK_INT_EQ(resp.status, 304);
	CHECK_STR_EQ(resp.body, "");
	http_response_free(&resp);
	req.if_none_match = NULL;
	req.if_modified_since = stamp;
	CHECK_INT_EQ(http_do(c, &req, &resp), 0);
	CHECK_INT_EQ(resp.status, 304);
	http_response_free(&resp);

	/* A stale one gets the body again; a line break is refused. */
	req.if_modified_since = NULL;
	req.if_none_match = "\"v0\"";
	CHECK_INT_EQ(http_do(c, &req, &resp), 0);
	CHECK_INT_EQ(resp.status, 200);
	http_response_free(&resp);
	req.if_none_match = "\"v1\"\r\nX-Evil: 1";
	CHECK_INT_EQ(http_do(c, &req, &resp), -1);
	http_response_free(&resp);
	free(etag);
	free(stamp);
	http_client_free(c);
}

TEST(redirects_followed_for_get_only)
{
	struct http_client	*c = http_client_new(NULL, NULL, NULL);
	struct http_request	 req = { .retries = 0 };
	struct http_response	 resp;
	char			 url[256];

	req.url = test_url(url, sizeof url, "/redirect?n=2");
	CHECK_INT_EQ(http_do(c, &req, &resp), 0);
	CHECK_INT_EQ(resp.status, 200);
	CHECK_STR_EQ(resp.body, "hello");
	http_response_free(&resp);

	req.url = test_url(url, sizeof url, "/redirect?n=9");
	CHECK_INT_EQ(http_do(c, &req, &resp), -1);
	CHECK(strstr(resp.error, "redirect") != NULL);
	http_response_free(&resp);

	req.method = "POST";
	req.url = test_url(url, sizeof url, "/redirect?n=0");
	CHECK_INT_EQ(http_do(c, &req, &resp), 0);
	CHECK_INT_EQ(resp.status, 302);
	http_response_free(&resp);
	http_client_free(c);
}

TEST(body_over_cap_fails)
{
	struct http_client	*c = http_client_new(NULL, NULL, NULL);
	struct http_request	 req = { .retries = -1, .max_body = 1 << 20 };
	struct http_response	 resp;
	char			 url[256];

	/* Content-Length says too much. */
	req.url = test_url(url, sizeof url, "/big?n=2097152");
	CHECK_INT_EQ(http_do(c, &req, &resp), -1);
	CHECK_STR_EQ(resp.error, "response larger than 1 MiB");
	CHECK_INT_EQ(resp.status, 0);
	CHECK_STR_EQ(resp.body, "");
	http_response_free(&resp);

	/* Chunked: found out while reading. */
	req.url = test_url(url, sizeof url, "/big?n=2097152&chunked=1");
	CHECK_INT_EQ(http_do(c, &req, &resp), -1);
	CHECK_STR_EQ(resp.error, "response larger than 1 MiB");
	http_response_free(&resp);

	/* Exactly the cap is fine. */
	req.url = test_url(url, sizeof url, "/big?n=1048576&chunked=1");
	CHECK_INT_EQ(http_do(c, &req, &resp), 0);
	CHECK_INT_EQ(resp.len, 1 << 20);
	CHECK(resp.body[0] == 'x' && resp.body[resp.len - 1] == 'x' &&
	    resp.body[resp.len] == '\0');
	http_response_free(&resp);
	http_client_free(c);
}

TEST(silent_server_times_out)
{
	struct http_client	*c = http_client_new(NULL, NULL, NULL);
	struct http_request	 req = { .retries = -1, .timeout_ms = 800 };
	struct http_response	 resp;
	char			 url[256];
	double			 t0 = test_now(), dt;

	req.url = test_url(url, sizeof url, "/hang");
	CHECK_INT_EQ(http_do(c, &req, &resp), -1);
	dt = test_now() - t0;
	CHECK(dt >= 0.7 && dt < 1.5);
	CHECK(strstr(resp.error, "timed out") != NULL);
	CHECK_INT_EQ(resp.status, 0);
	http_response_free(&resp);
	http_client_free(c);
}

struct test_sink {
	struct sse	*sse;
	int		 events, heartbeats, chunks;
	char		 last[64];
	int		 stop_after;	/* on_data returns false after n */
};

static void
test_sink_event(const char *event, const char *data, size_t len,
    const char *id, void *arg)
{
	struct test_sink	*s = arg;

	s->events++;
	snprintf(s->last, sizeof s->last, "%s:%s", event, data);
}

static void
test_sink_heartbeat(void *arg)
{
	((struct test_sink *)arg)->heartbeats++;
}

static bool
test_sink_data(const char *buf, size_t len, void *arg)
{
	struct test_sink	*s = arg;

	s->chunks++;
	sse_feed(s->sse, buf, len);
	return s->stop_after == 0 || s->chunks < s->stop_after;
}

TEST(stream_returns_after_idle)
{
	struct http_client	*c = http_client_new(NULL, NULL, NULL);
	struct http_request	 req = { .bearer = "tok" };
	struct http_response	 resp;
	struct test_sink	 s = { 0 };
	char			 url[256];
	double			 t0 = test_now(), dt;

	s.sse = sse_new(test_sink_event, test_sink_heartbeat, &s);
	req.url = test_url(url, sizeof url, "/stream?chunks=3&gap=50");
	CHECK_INT_EQ(http_stream(c, &req, 700, test_sink_data, &s, &resp), -1);
	dt = test_now() - t0;
	CHECK_INT_EQ(resp.status, 200);
	CHECK_STR_EQ(resp.error, "no data for 0.7 s");
	CHECK_INT_EQ(s.events, 3);
	CHECK_INT_EQ(s.heartbeats, 1);
	CHECK_STR_EQ(s.last, "update:2");
	/* 0.15 s of events, then 0.7 s of silence, noticed within 0.1 s. */
	CHECK(dt >= 0.8 && dt < 1.3);
	http_response_free(&resp);
	sse_free(s.sse);
	http_client_free(c);
}

TEST(stream_heartbeats_keep_it_alive_and_stop_ends_it)
{
	struct test_stop	 stop = { .at = test_now() + 1.5 };
	struct http_client	*c = http_client_new(NULL, test_stop_cb, &stop);
	struct http_request	 req = { 0 };
	struct http_response	 resp;
	struct test_sink	 s = { 0 };
	char			 url[256];
	double			 dt;

	s.sse = sse_new(test_sink_event, test_sink_heartbeat, &s);
	req.url = test_url(url, sizeof url,
	    "/stream?chunks=1&gap=10&thump=200");
	CHECK_INT_EQ(http_stream(c, &req, 700, test_sink_data, &s, &resp), -1);
	dt = test_now() - stop.at;
	CHECK_STR_EQ(resp.error, "stopped");
	CHECK_INT_EQ(s.events, 1);
	CHECK(s.heartbeats >= 4);
	CHECK(dt >= 0 && dt < 0.3);
	http_response_free(&resp);
	sse_free(s.sse);
	http_client_free(c);
}

/* On a quiet connection curl reports progress about once a second; stop
 * must not wait for that. */
TEST(stop_ends_quiet_transfers_promptly)
{
	struct test_stop	 stop = { .at = test_now() + 0.6 };
	struct http_client	*c = http_client_new(NULL, test_stop_cb, &stop);
	struct http_request	 req = { 0 };
	struct http_response	 resp;
	struct test_sink	 s = { 0 };
	char			 url[256];
	double			 dt;

	s.sse = sse_new(test_sink_event, test_sink_heartbeat, &s);
	req.url = test_url(url, sizeof url, "/stream?chunks=1&gap=10");
	CHECK_INT_EQ(http_stream(c, &req, 0, test_sink_data, &s, &resp), -1);
	dt = test_now() - stop.at;
	CHECK_STR_EQ(resp.error, "stopped");
	CHECK_INT_EQ(s.events, 1);
	CHECK(dt >= 0 && dt < 0.2);
	http_response_free(&resp);

	stop.at = test_now() + 0.4;
	stop.asked = 0;
	req.url = test_url(url, sizeof url, "/hang");
	CHECK_INT_EQ(http_do(c, &req, &resp), -1);
	dt = test_now() - stop.at;
	CHECK_STR_EQ(resp.error, "stopped");
	CHECK(dt >= 0 && dt < 0.2);
	http_response_free(&resp);
	sse_free(s.sse);
	http_client_free(c);
}

TEST(stream_ended_by_callback_and_error_status)
{
	struct http_client	*c = http_client_new(NULL, NULL, NULL);
	struct http_request	 req = { 0 };
	struct http_response	 resp;
	struct test_sink	 s = { .stop_after = 2 };
	char			 url[256];
	double			 t0 = test_now();

	s.sse = sse_new(test_sink_event, test_sink_heartbeat, &s);
	req.url = test_url(url, sizeof url, "/stream?chunks=5&gap=20");
	CHECK_INT_EQ(http_stream(c, &req, 5000, test_sink_data, &s, &resp), 0);
	CHECK(test_now() - t0 < 1.0);
	CHECK_INT_EQ(s.chunks, 2);
	http_response_free(&resp);

	/* An error status: its body is kept, on_data never sees it. */
	s.chunks = 0;
	s.stop_after = 0;
	req.url = test_url(url, sizeof url, "/status?code=401&key=st");
	CHECK_INT_EQ(http_stream(c, &req, 5000, test_sink_data, &s, &resp), 0);
	CHECK_INT_EQ(resp.status, 401);
	CHECK_STR_EQ(resp.body, "status");
	CHECK_INT_EQ(s.chunks, 0);
	http_response_free(&resp);
	sse_free(s.sse);
	http_client_free(c);
}

TEST(stop_cuts_retry_backoff_short)
{
	struct test_stop	 stop = { .at = test_now() + 0.3 };
	struct http_client	*c = http_client_new(NULL, test_stop_cb, &stop);
	struct http_request	 req = { .retries = 5 };
	struct http_response	 resp;
	char			 url[256];
	double			 dt;

	req.url = test_url(url, sizeof url, "/flaky?key=stop&fail=9");
	CHECK_INT_EQ(http_do(c, &req, &resp), -1);
	dt = test_now() - stop.at;
	CHECK_STR_EQ(resp.error, "stopped");
	CHECK(dt >= 0 && dt < 0.3);
	http_response_free(&resp);
	http_client_free(c);
}

static void
test_no_secret(const char *error)
{
	CHECK(strstr(error, "secret") == NULL);
	CHECK(strstr(error, "s3cr3t-bearer") == NULL);
	CHECK(strstr(error, "access_token=") == NULL);
	if (strstr(error, "secret") != NULL || strstr(error, "s3cr3t") != NULL)
		printf("    leaked: %s\n", error);
}

TEST(token_never_in_errors)
{
	struct http_client	*c = http_client_new(NULL, NULL, NULL);
	struct http_request	 req = { .retries = 0, .timeout_ms = 500,
				    .bearer = "s3cr3t-bearer" };
	struct http_response	 resp;
	char			 url[256];
	const char		*urls[] = {
		"http://127.0.0.1:1/api/v1/streaming?access_token=secret",
		"http://user:secret@127.0.0.1:1/?access_token=secret",
		"http://127.0.0.1:99999/?access_token=secret",
		"http://[::1/?access_token=secret",
		"ftp://127.0.0.1:1/x?access_token=secret",
	};
	size_t			 i;

	for (i = 0; i < sizeof urls / sizeof urls[0]; i++) {
		req.url = urls[i];
		CHECK_INT_EQ(http_do(c, &req, &resp), -1);
		CHECK(resp.error[0] != '\0');
		test_no_secret(resp.error);
		http_response_free(&resp);
	}
	req.url = test_url(url, sizeof url, "/hang?access_token=secret");
	CHECK_INT_EQ(http_do(c, &req, &resp), -1);
	test_no_secret(resp.error);
	http_response_free(&resp);
	req.url = test_url(url, sizeof url,
	    "/redirect?n=9&access_token=secret");
	CHECK_INT_EQ(http_do(c, &req, &resp), -1);
	test_no_secret(resp.error);
	http_response_free(&resp);
	req.url = test_url(url, sizeof url,
	    "/status?code=403&access_token=secret");
	CHECK_INT_EQ(http_do(c, &req, &resp), 0);
	test_no_secret(resp.error);
	http_response_free(&resp);
	req.url = test_url(url, sizeof url, "/stream?access_token=secret");
	CHECK_INT_EQ(http_stream(c, &req, 300, NULL, NULL, &resp), -1);
	test_no_secret(resp.error);
	http_response_free(&resp);
	http_client_free(c);
}


TEST(token_echoed_in_error_body_is_scrubbed)
{
	struct http_client	*c = http_client_new(NULL, NULL, NULL);
	struct http_request	 req = { .retries = 0,
				    .bearer = "Zq9-s3cr3t_T0ken.abc" };
	struct http_response	 resp;
	char			 url[256];
	int			 code;
	static const int	 codes[] = { 401, 403, 500 };
	size_t			 i;

	for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		code = codes[i];
		snprintf(url, sizeof url, "http://127.0.0.1:%d/echoauth?code=%d",
		    test_port, code);
		req.url = url;
		http_do(c, &req, &resp);
		CHECK_INT_EQ(resp.status, code);
		CHECK(strstr(resp.body, "invalid_token") != NULL);
		CHECK(strstr(resp.body, "s3cr3t") == NULL);
		CHECK(strstr(resp.body, "dXNlcjpwYXNz") == NULL);
		CHECK(strstr(resp.error, "s3cr3t") == NULL);
		CHECK_INT_EQ(resp.len, strlen(resp.body));
		if (strstr(resp.body, "s3cr3t") != NULL)
			printf("    leaked: %s\n", resp.body);
		http_response_free(&resp);
	}
	/* A stream's error body too. */
	snprintf(url, sizeof url, "http://127.0.0.1:%d/echoauth?code=401",
	    test_port);
	req.url = url;
	http_stream(c, &req, 1000, NULL, NULL, &resp);
	CHECK_INT_EQ(resp.status, 401);
	CHECK(strstr(resp.body, "s3cr3t") == NULL);
	http_response_free(&resp);
	http_client_free(c);
}

TEST(redirect_to_another_port_drops_the_token)
{
	struct http_client	*c = http_client_new(NULL, NULL, NULL);
	struct http_request	 req = { .retries = 0, .bearer = "tok-abcdef" };
	struct http_response	 resp;
	char			 url[256], dir2[64];
	int			 port1 = test_port, port2;
	pid_t			 pid2;

	/* The same server on its own URL sees the token... */
	req.url = test_url(url, sizeof url, "/echo");
	CHECK_INT_EQ(http_do(c, &req, &resp), 0);
	CHECK(strstr(resp.body, "auth=Bearer tok-abcdef") != NULL);
	http_response_free(&resp);
	/* ...a second one, reached through a redirect, does not. */
	if ((pid2 = test_server_start(dir2, sizeof dir2)) < 0) {
		CHECK(!"second server");
		test_port = port1;
		http_client_free(c);
		return;
	}
	port2 = test_port;
	test_port = port1;
	snprintf(url, sizeof url, "http://127.0.0.1:%d/redirect-to?port=%d",
	    port1, port2);
	req.url = url;
	CHECK_INT_EQ(http_do(c, &req, &resp), 0);
	CHECK_INT_EQ(resp.status, 200);
	CHECK(strstr(resp.body, "method=GET") != NULL);
	CHECK(strstr(resp.body, "tok-abcdef") == NULL);
	CHECK(strstr(resp.body, "auth=\n") != NULL);
	http_response_free(&resp);
	test_server_stop(pid2, dir2);
	http_client_free(c);
}

TEST(redirect_loop_stops_at_five)
{
	struct http_client	*c = http_client_new(NULL, NULL, NULL);
	struct http_request	 req = { .retries = 0 };
	struct http_response	 resp;
	char			 url[256];

	/* /redirect?n=N redirects N + 1 times (the last to /ok). */
	req.url = test_url(url, sizeof url, "/redirect?n=4");
	CHECK_INT_EQ(http_do(c, &req, &resp), 0);
	CHECK_STR_EQ(resp.body, "hello");
	http_response_free(&resp);
	req.url = test_url(url, sizeof url, "/redirect?n=5");
	CHECK_INT_EQ(http_do(c, &req, &resp), -1);
	CHECK(strstr(resp.error, "redirect") != NULL);
	http_response_free(&resp);
	http_client_free(c);
}

TEST(default_cap_is_8_mib)
{
	struct http_client	*c = http_client_new(NULL, NULL, NULL);
	struct http_request	 req = { .retries = 0 };
	struct http_response	 resp;
	char			 url[256];

	req.url = test_url(url, sizeof url, "/big?n=8388609&chunked=1");
	CHECK_INT_EQ(http_do(c, &req, &resp), -1);
	CHECK_STR_EQ(resp.error, "response larger than 8 MiB");
	http_response_free(&resp);
	http_client_free(c);
}

TEST(retry_after_far_away_is_clamped)
{
	struct ratelimit	*rl = ratelimit_new();
	struct http_client	*c = http_client_new(rl, NULL, NULL);
	struct http_request	 req = { .retries = 0 };
	struct http_response	 resp;
	char			 url[256];
	time_t			 now = time(NULL);

	/* The year 2100: an hour at most. */
	req.url = test_url(url, sizeof url, "/429?after=4102444800");
	CHECK_INT_EQ(http_do(c, &req, &resp), 0);
	CHECK_INT_EQ(resp.status, 429);
	CHECK(resp.retry_after > now);
	CHECK(resp.retry_after <= now + RATELIMIT_MAX_WAIT + 5);
	CHECK(ratelimit_wait_until(rl, true, now) <= now +
	    RATELIMIT_MAX_WAIT + 5);
	http_response_free(&resp);
	http_client_free(c);
	ratelimit_free(rl);
}

struct test_worker {
	struct ratelimit	*rl;
	int			 ok;
};

static void *
test_worker_run(void *arg)
{
	struct test_worker	*w = arg;
	struct http_client	*c = http_client_new(w->rl, NULL, NULL);
	struct http_request	 req = { .retries = -1 };
	struct http_response	 resp;
	char			 url[256];
	int			 i;

	req.url = test_url(url, sizeof url, "/ratelimit?remaining=250");
	for (i = 0; i < 20; i++) {
		if (http_do(c, &req, &resp) == 0 && resp.status == 200 &&
		    resp.ratelimit_remaining == 250)
			w->ok++;
		http_response_free(&resp);
	}
	http_client_free(c);
	return NULL;
}

TEST(two_threads_share_one_ratelimit)
{
	struct ratelimit	*rl = ratelimit_new();
	struct test_worker	 w[2] = { { rl, 0 }, { rl, 0 } };
	pthread_t		 t[2];
	int			 i;

	for (i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, test_worker_run, &w[i]);
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	CHECK_INT_EQ(w[0].ok, 20);
	CHECK_INT_EQ(w[1].ok, 20);
	CHECK_INT_EQ(ratelimit_wait_until(rl, false, time(NULL)), 0);
	ratelimit_free(rl);
}

TEST(link_rel_parsing)
{
	char	*s;

#define LINK_IS(link, rel, want) do {					\
	s = http_link_rel(link, rel);					\
	CHECK_STR_EQ(s, want);						\
	free(s);							\
} while (0)
	LINK_IS("<https://x/api/v1/timelines/home?max_id=7>; rel=\"next\", "
	    "<https://x/api/v1/timelines/home?min_id=9>; rel=\"prev\"", "next",
	    "https://x/api/v1/timelines/home?max_id=7");
	LINK_IS("<https://x/api/v1/timelines/home?max_id=7>; rel=\"next\", "
	    "<https://x/api/v1/timelines/home?min_id=9>; rel=\"prev\"", "prev",
	    "https://x/api/v1/timelines/home?min_id=9");
	LINK_IS("<https://x/a>; rel=next", "next", "https://x/a");
	LINK_IS("<https://x/a>;rel=prev,<https://x/b>;rel=next", "next",
	    "https://x/b");
	LINK_IS("<https://x/a>; rel=\"next last\"", "last", "https://x/a");
	LINK_IS("<https://x/a>; rel=\"next last\"", "next", "https://x/a");
	LINK_IS("<https://x/a>; rel=\"nextlast\"", "next", NULL);
	LINK_IS("  < https://x/a >  ;  rel  =  \"  NEXT  \"  ,  ", "next",
	    "https://x/a");
	LINK_IS("<https://x/a,b>; rel=next", "next", "https://x/a,b");
	LINK_IS("<https://x/a>; title=\"a, rel=next\"; rel=prev, "
	    "<https://x/b>; rel=next", "next", "https://x/b");
	LINK_IS("<https://x/a>; rel=prev; rel=next", "next", NULL);
	LINK_IS("<https://x/a>; type=\"text/html\"; rel=\"next\"", "next",
	    "https://x/a");
	LINK_IS("garbage; rel=next, <https://x/b>; rel=next", "next",
	    "https://x/b");
	LINK_IS("<https://x/a>; rel=prev", "next", NULL);
	LINK_IS("<https://x/a; rel=next", "next", NULL);
	LINK_IS("<>; rel=next", "next", NULL);
	LINK_IS("", "next", NULL);
	LINK_IS("<https://x/a>; rel=\"ne\\\"xt\"", "ne\"xt", "https://x/a");
	s = http_link_rel(NULL, "next");
	CHECK(s == NULL);
#undef LINK_IS
}

TEST(escape)
{
	char	*s = http_escape("a b&c=d/é~_.-");

	CHECK_STR_EQ(s, "a%20b%26c%3Dd%2F%C3%A9~_.-");
	free(s);
	s = http_escape("");
	CHECK_STR_EQ(s, "");
	free(s);
}

static char *
describe_parse(const char *body, size_t len)
{
	return len > 2 ? xstrdup("the server's words") : NULL;
}

TEST(a_response_is_described_in_a_few_words)
{
	struct http_response	r = { 0 };
	char			buf[200];

	snprintf(r.error, sizeof r.error, "Connection refused");
	http_describe(&r, describe_parse, buf, sizeof buf);
	CHECK_STR_EQ(buf, "Connection refused");
	r.error[0] = '\0';
	http_describe(&r, describe_parse, buf, sizeof buf);
	CHECK_STR_EQ(buf, "no response");
	r.status = 422;
	r.body = xstrdup("{\"error\": 1}");
	r.len = strlen(r.body);
	http_describe(&r, describe_parse, buf, sizeof buf);
	CHECK_STR_EQ(buf, "HTTP 422: the server's words");
	http_describe(&r, NULL, buf, sizeof buf);
	CHECK_STR_EQ(buf, "HTTP 422");
	r.len = 0;
	http_describe(&r, describe_parse, buf, sizeof buf);
	CHECK_STR_EQ(buf, "HTTP 422");
	free(r.body);
}

int
main(void)
{
	char	dir[64];
	pid_t	pid;

	/* Loopback only, whatever the environment says about proxies. */
	unsetenv("http_proxy");
	unsetenv("HTTP_PROXY");
	unsetenv("https_proxy");
	unsetenv("HTTPS_PROXY");
	unsetenv("all_proxy");
	unsetenv("ALL_PROXY");
	setenv("no_proxy", "*", 1);
	signal(SIGPIPE, SIG_IGN);
	http_global_init();

	RUN(link_rel_parsing);
	RUN(escape);
	if ((pid = test_server_start(dir, sizeof dir)) < 0) {
		printf("  cannot start tests/fakes/http_test_server.py "
		    "(python3 needed; run from the repository root)\n");
		harness_failed++;
		RUN(a_response_is_described_in_a_few_words);
	return harness_done();
	}
	RUN(get_ok);
	RUN(post_sends_body_type_key_and_bearer);
	RUN(link_header_parsed);
	RUN(ratelimit_headers_parsed_and_obeyed);
	RUN(status_429_blocks_and_is_not_retried);
	RUN(server_errors_retried_then_succeed);
	RUN(client_errors_not_retried);
	RUN(conditional_get_answers_304_with_validators);
	RUN(redirects_followed_for_get_only);
	RUN(body_over_cap_fails);
	RUN(silent_server_times_out);
	RUN(stream_returns_after_idle);
	RUN(stream_heartbeats_keep_it_alive_and_stop_ends_it);
	RUN(stop_ends_quiet_transfers_promptly);
	RUN(stream_ended_by_callback_and_error_status);
	RUN(stop_cuts_retry_backoff_short);
	RUN(token_never_in_errors);
	RUN(token_echoed_in_error_body_is_scrubbed);
	RUN(redirect_to_another_port_drops_the_token);
	RUN(redirect_loop_stops_at_five);
	RUN(default_cap_is_8_mib);
	RUN(retry_after_far_away_is_clamped);
	RUN(two_threads_share_one_ratelimit);
	test_server_stop(pid, dir);
	http_global_cleanup();
	return harness_done();
}
