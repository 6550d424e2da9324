/* account.c — an account's shared state and its action worker thread. The
 * worker owns its own HTTP client; requests and results cross threads only
 * through the two queues here, and the UI learns of results from the wake
 * pipe. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "starling/account.h"
#include "starling/config.h"
#include "starling/fifo.h"
#include "starling/http.h"
#include "starling/log.h"
#include "starling/network.h"
#include "starling/post.h"
#include "starling/ratelimit.h"
#include "starling/wake.h"
#include "starling/xmalloc.h"

/* How often a thread waiting for another's sign-in asks its stop check. */
#define ACCOUNT_OPEN_POLL_MS	50

struct account {
	const struct network		*net;
	const struct account_ops	*ops;
	const struct config_account	*cfg;
	char				*token;
	char				*base_url, *host;
	struct ratelimit		*rl;
	struct wake			*wake;
	void				*data;

	pthread_mutex_t			 lock;	/* everything below */
	pthread_cond_t			 cond;		/* todo, stopping */
	pthread_cond_t			 open_cond;	/* opening */
	struct fifo			 todo, done;
	bool				 stopping;
	bool				 opened;	/* signed in */
	bool				 opening;	/* a thread is at it */
	struct network_limits		 limits;
	char				*me;

	pthread_t			 thread;
	bool				 running;
};

static bool
account_stop_check(void *arg)
{
	struct account	*acct = arg;
	bool		 stop;

	pthread_mutex_lock(&acct->lock);
	stop = acct->stopping;
	pthread_mutex_unlock(&acct->lock);
	return stop;
}

static void *
account_thread(void *arg)
{
	struct account		*acct = arg;
	struct http_client	*http = http_client_new(acct->rl,
				    account_stop_check, acct);
	struct http_response	 r;
	struct action		*a;

	/* Sign in now: the limits are there before the first reply. */
	if (account_open(acct, http, &r) != 0 && !account_stop_check(acct))
		log_msg("account %s: cannot sign in yet: %s", acct->cfg->name,
		    r.error);
	http_response_free(&r);
	for (;;) {
		pthread_mutex_lock(&acct->lock);
		while (!acct->stopping && fifo_empty(&acct->todo))
			pthread_cond_wait(&acct->cond, &acct->lock);
		if (acct->stopping) {
			pthread_mutex_unlock(&acct->lock);
			break;
		}
		a = fifo_pop(&acct->todo);
		pthread_mutex_unlock(&acct->lock);

		if (account_open(acct, http, &r) != 0)
			log_msg("account %s: cannot sign in: %s",
			    acct->cfg->name, r.error);
		http_response_free(&r);
		acct->ops->act(acct, http, a);
		if (a->status != 0)
			log_msg("account %s: %s", acct->cfg->name, a->message);

		pthread_mutex_lock(&acct->lock);
		fifo_push(&acct->done, a);
		pthread_mutex_unlock(&acct->lock);
		wake_signal(acct->wake);
	}
	http_client_free(http);
	return NULL;
}

/* "https://host:port/path/" -> base "https://host:port/path", host "host". */
static void
account_split_url(struct account *acct, const char *url)
{
	const char	*h, *end;
	size_t		 len;

	if (url == NULL)
		url = "";
	len = strlen(url);
	while (len > 0 && url[len - 1] == '/')
		len--;
	if (strstr(url, "://") == NULL) {
		/* "mastodon.example": the token goes over TLS, never plain. */
		char *bare = xstrndup(url, len);

		xasprintf(&acct->base_url, "https://%s", bare);
		free(bare);
	} else
		acct->base_url = xstrndup(url, len);
	h = strstr(acct->base_url, "://");
	h = h ? h + 3 : acct->base_url;
	end = h + strcspn(h, ":/");
	acct->host = xstrndup(h, (size_t)(end - h));
}

struct account *
account_new(const struct network *net, const struct config_account *cfg,
    const char *token, struct wake *wake)
{
	struct account	*acct = xcalloc(1, sizeof *acct);

	acct->net = net;
	acct->ops = net->account_ops;
	acct->cfg = cfg;
	acct->token = xstrdup(token ? token : "");
	acct->rl = ratelimit_new();
	acct->wake = wake;
	acct->limits = net->limits;
	account_split_url(acct, cfg->instance ? cfg->instance : cfg->service ?
	    cfg->service : net->default_url);
	pthread_mutex_init(&acct->lock, NULL);
	pthread_cond_init(&acct->cond, NULL);
	pthread_cond_init(&acct->open_cond, NULL);
	if (pthread_create(&acct->thread, NULL, account_thread, acct) == 0)
		acct->running = true;
	return acct;
}

void
account_free(struct account *acct)
{
	struct action	*a;

	if (acct == NULL)
		return;
	pthread_mutex_lock(&acct->lock);
	acct->stopping = true;
	pthread_cond_broadcast(&acct->cond);
	pthread_mutex_unlock(&acct->lock);
	if (acct->running)
		pthread_join(acct->thread, NULL);
	while ((a = fifo_pop(&acct->todo)) != NULL)
		action_free(a);
	while ((a = fifo_pop(&acct->done)) != NULL)
		action_free(a);
	pthread_cond_destroy(&acct->cond);
	pthread_cond_destroy(&acct->open_cond);
	pthread_mutex_destroy(&acct->lock);
	ratelimit_free(acct->rl);
	/* Tokens do not linger in freed memory. */
	memset(acct->token, 0, strlen(acct->token));
	free(acct->token);
	free(acct->base_url);
	free(acct->host);
	free(acct->me);
	if (acct->ops->free_data != NULL)
		acct->ops->free_data(acct->data);
	else
		free(acct->data);
	free(acct);
}

int
account_open(struct account *acct, struct http_client *http,
    struct http_response *r)
{
	struct timespec	until;
	int		rc;

	memset(r, 0, sizeof *r);
	pthread_mutex_lock(&acct->lock);
	while (acct->opening && !acct->opened) {
		/* Another thread is signing in: wait for it, but not past
		 * this thread's own stop. */
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += ACCOUNT_OPEN_POLL_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&acct->open_cond, &acct->lock, &until);
		if (acct->opened || !acct->opening)
			continue;
		/* The stop check may take this lock (the worker's does). */
		pthread_mutex_unlock(&acct->lock);
		if (http_client_stopping(http)) {
			snprintf(r->error, sizeof r->error, "stopped");
			return -1;
		}
		pthread_mutex_lock(&acct->lock);
	}
	if (acct->opened) {
		pthread_mutex_unlock(&acct->lock);
		return 0;
	}
	acct->opening = true;
	pthread_mutex_unlock(&acct->lock);

	rc = acct->ops->open != NULL ? acct->ops->open(acct, http, r) : 0;

	pthread_mutex_lock(&acct->lock);
	acct->opening = false;
	acct->opened = rc == 0;
	pthread_cond_broadcast(&acct->open_cond);
	pthread_mutex_unlock(&acct->lock);
	return rc == 0 ? 0 : -1;
}

bool
account_can_act(const struct account *acct, const struct post *p)
{
	if (network_of(p) != acct->net)
		return false;
	return acct->ops->owns == NULL || acct->ops->owns(acct, p);
}

const struct config_account *
account_config(const struct account *acct)
{
	return acct->cfg;
}

const struct network *
account_network(const struct account *acct)
{
	return acct->net;
}

const char *
account_name(const struct account *acct)
{
	return acct->cfg->name;
}

const char *
account_token(const struct account *acct)
{
	return acct->token;
}

const char *
account_base_url(const struct account *acct)
{
	return acct->base_url;
}

const char *
account_host(const struct account *acct)
{
	return acct->host;
}

void
account_retry(struct account *acct)
{
	ratelimit_clear(acct->rl);
}

struct ratelimit *
account_ratelimit(struct account *acct)
{
	return acct->rl;
}

void
account_set_limits(struct account *acct, const struct network_limits *lim)
{
	pthread_mutex_lock(&acct->lock);
	if (lim->max_chars > 0)
		acct->limits.max_chars = lim->max_chars;
	if (lim->max_bytes > 0)
		acct->limits.max_bytes = lim->max_bytes;
	if (lim->url_chars > 0)
		acct->limits.url_chars = lim->url_chars;
	pthread_mutex_unlock(&acct->lock);
}

void
account_limits(struct account *acct, struct network_limits *out)
{
	pthread_mutex_lock(&acct->lock);
	*out = acct->limits;
	pthread_mutex_unlock(&acct->lock);
}

void
account_set_me(struct account *acct, const char *me)
{
	pthread_mutex_lock(&acct->lock);
	free(acct->me);
	acct->me = me ? xstrdup(me) : NULL;
	pthread_mutex_unlock(&acct->lock);
}

char *
account_me(struct account *acct)
{
	char	*s;

	pthread_mutex_lock(&acct->lock);
	s = acct->me ? xstrdup(acct->me) : NULL;
	pthread_mutex_unlock(&acct->lock);
	return s;
}

void *
account_data(const struct account *acct)
{
	return acct->data;
}

void
account_set_data(struct account *acct, void *data)
{
	acct->data = data;
}

void
account_submit(struct account *acct, struct action *a)
{
	pthread_mutex_lock(&acct->lock);
	fifo_push(&acct->todo, a);
	pthread_cond_signal(&acct->cond);
	pthread_mutex_unlock(&acct->lock);
}

struct action *
account_done(struct account *acct)
{
	struct action	*a;

	pthread_mutex_lock(&acct->lock);
	a = fifo_pop(&acct->done);
	pthread_mutex_unlock(&acct->lock);
	return a;
}

struct action *
action_new(enum action_kind kind)
{
	struct action	*a = xcalloc(1, sizeof *a);

	a->kind = kind;
	return a;
}

void
action_free(struct action *a)
{
	size_t	i;

	if (a == NULL)
		return;
	free(a->target);
	free(a->post_id);
	if (a->subject)
		post_unref(a->subject);
	free(a->text);
	for (i = 0; i < a->noptions; i++) {
		free(a->options[i].name);
		free(a->options[i].value);
	}
	free(a->options);
	free(a->idempotency_key);
	free(a->draft);
	free(a->timeline);
	free(a->account_name);
	if (a->post)
		post_unref(a->post);
	for (i = 0; i < a->nposts; i++)
		post_unref(a->posts[i]);
	free(a->posts);
	free(a);
}

void
action_set_option(struct action *a, const char *name, const char *value)
{
	size_t	i;

	for (i = 0; i < a->noptions; i++)
		if (strcmp(a->options[i].name, name) == 0)
			break;
	if (i < a->noptions) {
		free(a->options[i].value);
		if (value != NULL) {
			a->options[i].value = xstrdup(value);
			return;
		}
		free(a->options[i].name);
		a->options[i] = a->options[--a->noptions];
		return;
	}
	if (value == NULL)
		return;
	a->options = xreallocarray(a->options, a->noptions + 1,
	    sizeof *a->options);
	a->options[a->noptions].name = xstrdup(name);
	a->options[a->noptions++].value = xstrdup(value);
}

const char *
action_option(const struct action *a, const char *name)
{
	size_t	i;

	for (i = 0; i < a->noptions; i++)
		if (strcmp(a->options[i].name, name) == 0)
			return a->options[i].value;
	return NULL;
}
