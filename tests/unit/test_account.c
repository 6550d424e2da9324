/* test_account.c — an account signs in once for all its threads (the
 * worker and every column), learns its limits there, retries after a
 * failure, lets a waiting thread go when that thread must stop, and says
 * which posts it can act on. Run under ThreadSanitizer too (make tsan). */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "starling/account.h"
#include "starling/config.h"
#include "starling/http.h"
#include "starling/mastodon.h"
#include "starling/network.h"
#include "starling/post.h"
#include "starling/wake.h"

/* What the fake adapter's open does. One at a time per test, so plain
 * statics, touched atomically. */
static int	fake_opens;	/* calls of the open op */
static int	fake_fail;	/* 1: every open fails */
static int	fake_hold;	/* 1: open waits until it is 0 */

static int
get(int *v)
{
	return __atomic_load_n(v, __ATOMIC_SEQ_CST);
}

static void
set(int *v, int x)
{
	__atomic_store_n(v, x, __ATOMIC_SEQ_CST);
}

static void
nap(long ms)
{
	struct timespec	ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static int
fake_open(struct account *acct, struct http_client *http,
    struct http_response *r)
{
	struct network_limits	lim = { 300, 0, 10 };

	(void)http;
	__atomic_add_fetch(&fake_opens, 1, __ATOMIC_SEQ_CST);
	while (get(&fake_hold))
		nap(5);
	nap(20);	/* a request's worth of time, for others to pile up */
	if (get(&fake_fail)) {
		r->status = 401;
		snprintf(r->error, sizeof r->error, "HTTP 401");
		return -1;
	}
	account_set_limits(acct, &lim);
	return 0;
}

static void
fake_act(struct account *acct, struct http_client *http, struct action *a)
{
	(void)acct;
	(void)http;
	a->status = 0;
}

static const struct account_ops fake_ops = { fake_open, fake_act, NULL, NULL };

static const struct network_column fake_columns[] = {
	{ "home", 0, NULL, NULL, NULL, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL }
};

static const struct network fake_network = {
	.name = "fake",
	.account = true,
	.account_ops = &fake_ops,
	.column_key = "type",
	.columns = fake_columns,
	.default_column = "home",
	.limits = { 100, 0, 23 },
};

static struct config_account	fake_cfg = { .name = "f",
				    .instance = "http://127.0.0.1:9" };

static bool
never(void *arg)
{
	(void)arg;
	return false;
}

static bool
always(void *arg)
{
	(void)arg;
	return true;
}

struct opener {
	struct account	*acct;
	int		 rc;
};

static void *
opener_thread(void *arg)
{
	struct opener		*o = arg;
	struct http_client	*http = http_client_new(NULL, never, NULL);
	struct http_response	 r;

	o->rc = account_open(o->acct, http, &r);
	http_response_free(&r);
	http_client_free(http);
	return NULL;
}

TEST(signs_in_once_for_every_thread)
{
	struct wake		*w = wake_new();
	struct account		*acct;
	struct network_limits	 lim;
	struct opener		 o[4];
	pthread_t		 t[4];
	size_t			 i;

	set(&fake_opens, 0);
	set(&fake_fail, 0);
	acct = account_new(&fake_network, &fake_cfg, "token", w);
	CHECK(account_network(acct) == &fake_network);
	/* The worker signs in at start; four columns want it too. */
	for (i = 0; i < 4; i++) {
		o[i].acct = acct;
		o[i].rc = -2;
		pthread_create(&t[i], NULL, opener_thread, &o[i]);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		CHECK_INT_EQ(o[i].rc, 0);
	}
	CHECK_INT_EQ(get(&fake_opens), 1);
	/* What it learnt replaces the network's defaults; a 0 keeps one. */
	account_limits(acct, &lim);
	CHECK_INT_EQ(lim.max_chars, 300);
	CHECK_INT_EQ(lim.max_bytes, 0);
	CHECK_INT_EQ(lim.url_chars, 10);
	account_free(acct);
	CHECK_INT_EQ(get(&fake_opens), 1);
	wake_free(w);
}

TEST(a_failed_sign_in_is_tried_again)
{
	struct wake		*w = wake_new();
	struct account		*acct;
	struct http_client	*http = http_client_new(NULL, never, NULL);
	struct http_response	 r;
	struct network_limits	 lim;
	int			 i;

	set(&fake_opens, 0);
	set(&fake_fail, 1);
	acct = account_new(&fake_network, &fake_cfg, "token", w);
	/* Let the worker's try at start fail first. */
	for (i = 0; i < 400 && get(&fake_opens) == 0; i++)
		nap(5);
	nap(200);
	CHECK_INT_EQ(account_open(acct, http, &r), -1);
	CHECK_INT_EQ(r.status, 401);
	CHECK_STR_EQ(r.error, "HTTP 401");
	http_response_free(&r);
	CHECK_INT_EQ(account_open(acct, http, &r), -1);
	http_response_free(&r);
	account_limits(acct, &lim);
	CHECK_INT_EQ(lim.max_chars, 100);	/* the network's, still */
	set(&fake_fail, 0);
	CHECK_INT_EQ(account_open(acct, http, &r), 0);
	http_response_free(&r);
	account_free(acct);
	/* The worker's try at start, two failures, one success. */
	CHECK_INT_EQ(get(&fake_opens), 4);
	http_client_free(http);
	wake_free(w);
}

TEST(a_waiting_thread_that_must_stop_stops)
{
	struct wake		*w = wake_new();
	struct account		*acct;
	struct http_client	*http = http_client_new(NULL, always, NULL);
	struct http_response	 r;
	int			 i;

	set(&fake_opens, 0);
	set(&fake_fail, 0);
	set(&fake_hold, 1);
	acct = account_new(&fake_network, &fake_cfg, "token", w);
	for (i = 0; i < 400 && get(&fake_opens) == 0; i++)
		nap(5);
	CHECK_INT_EQ(get(&fake_opens), 1);	/* the worker is at it */
	CHECK_INT_EQ(account_open(acct, http, &r), -1);
	CHECK_STR_EQ(r.error, "stopped");
	http_response_free(&r);
	set(&fake_hold, 0);
	account_free(acct);
	CHECK_INT_EQ(get(&fake_opens), 1);
	http_client_free(http);
	wake_free(w);
}

static struct post *
post_of(const char *network)
{
	struct post	t = { 0 };

	t.network = network;
	t.id = "1";
	return post_new(&t);
}

TEST(which_posts_an_account_can_act_on)
{
	struct wake		*w = wake_new();
	struct account		*m, *f;
	struct post		*p;
	struct {
		const char	*network;
		bool		 mastodon, fake;
	} cases[] = {
		{ "mastodon@127.0.0.1", true, false },	/* its server */
		{ "mastodon@m.example", false, false },	/* ids are per server */
		{ "mastodon", false, false },
		{ "demo", false, false },
		{ "fake", false, false },	/* not a row of the registry */
	};
	size_t			 i;

	set(&fake_fail, 0);
	m = account_new(&mastodon_network, &fake_cfg, "token", w);
	f = account_new(&fake_network, &fake_cfg, "token", w);
	CHECK_STR_EQ(account_host(m), "127.0.0.1");
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		p = post_of(cases[i].network);
		CHECK_INT_EQ(account_can_act(m, p), cases[i].mastodon);
		CHECK_INT_EQ(account_can_act(f, p), cases[i].fake);
		post_unref(p);
	}
	account_free(m);
	account_free(f);
	wake_free(w);
}

int
main(void)
{
	RUN(signs_in_once_for_every_thread);
	RUN(a_failed_sign_in_is_tried_again);
	RUN(a_waiting_thread_that_must_stop_stops);
	RUN(which_posts_an_account_can_act_on);
	return harness_done();
}
