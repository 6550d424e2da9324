/* account.c — an account's shared state and its action worker thread. The
 * worker owns its own HTTP client; requests and results cross threads only
 * through the two queues here, and the UI learns of results from the wake
 * pipe. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "starling/account.h"
#include "starling/config.h"
#include "starling/fifo.h"
#include "starling/http.h"
#include "starling/log.h"
#include "starling/mastodon.h"
#include "starling/post.h"
#include "starling/ratelimit.h"
#include "starling/wake.h"
#include "starling/xmalloc.h"

static const struct account_ops *const account_table[] = {
	&mastodon_account_ops,
};

struct account {
	const struct account_ops	*ops;
	const struct config_account	*cfg;
	char				*token;
	char				*base_url, *host;
	struct ratelimit		*rl;
	struct wake			*wake;
	void				*data;

	pthread_mutex_t			 lock;	/* everything below */
	pthread_cond_t			 cond;
	struct fifo			 todo, done;
	bool				 stopping;
	long				 max_chars, url_chars;
	char				*streaming_url;
	char				*me;

	pthread_t			 thread;
	bool				 running;
};

const struct account_ops *
account_find_ops(const char *network)
{
	size_t	i;

	for (i = 0; network && i < sizeof account_table / sizeof *account_table;
	    i++)
		if (strcmp(account_table[i]->network, network) == 0)
			return account_table[i];
	return NULL;
}

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
	struct action		*a;
	char			 err[256] = "";
	bool			 opened = false;

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

		if (!opened && acct->ops->open != NULL)
			opened = acct->ops->open(acct, http, err, sizeof err) == 0;
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
account_new(const struct account_ops *ops, const struct config_account *cfg,
    const char *token, struct wake *wake)
{
	struct account	*acct = xcalloc(1, sizeof *acct);

	acct->ops = ops;
	acct->cfg = cfg;
	acct->token = xstrdup(token ? token : "");
	acct->rl = ratelimit_new();
	acct->wake = wake;
	acct->max_chars = 500;
	acct->url_chars = 23;
	account_split_url(acct, cfg->instance ? cfg->instance : cfg->service);
	pthread_mutex_init(&acct->lock, NULL);
	pthread_cond_init(&acct->cond, NULL);
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
	pthread_mutex_destroy(&acct->lock);
	ratelimit_free(acct->rl);
	/* Tokens do not linger in freed memory. */
	memset(acct->token, 0, strlen(acct->token));
	free(acct->token);
	free(acct->base_url);
	free(acct->host);
	free(acct->streaming_url);
	free(acct->me);
	free(acct->data);
	free(acct);
}

const struct config_account *
account_config(const struct account *acct)
{
	return acct->cfg;
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

struct ratelimit *
account_ratelimit(struct account *acct)
{
	return acct->rl;
}

void
account_set_limits(struct account *acct, long max_chars, long url_chars,
    const char *streaming_url)
{
	pthread_mutex_lock(&acct->lock);
	if (max_chars > 0)
		acct->max_chars = max_chars;
	if (url_chars > 0)
		acct->url_chars = url_chars;
	if (streaming_url != NULL) {
		free(acct->streaming_url);
		acct->streaming_url = xstrdup(streaming_url);
	}
	pthread_mutex_unlock(&acct->lock);
}

long
account_max_chars(struct account *acct)
{
	long	n;

	pthread_mutex_lock(&acct->lock);
	n = acct->max_chars;
	pthread_mutex_unlock(&acct->lock);
	return n;
}

long
account_url_chars(struct account *acct)
{
	long	n;

	pthread_mutex_lock(&acct->lock);
	n = acct->url_chars;
	pthread_mutex_unlock(&acct->lock);
	return n;
}

char *
account_streaming_url(struct account *acct)
{
	char	*s;

	pthread_mutex_lock(&acct->lock);
	s = acct->streaming_url ? xstrdup(acct->streaming_url) : NULL;
	pthread_mutex_unlock(&acct->lock);
	return s;
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
	free(a->text);
	free(a->visibility);
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
