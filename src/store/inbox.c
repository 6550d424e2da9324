/*
 * inbox.c — the posts this process submitted for recording, and the deck's
 * submission on the store's writer thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "starling/hash.h"
#include "starling/inbox.h"
#include "starling/log.h"
#include "starling/post.h"
#include "starling/rules.h"
#include "starling/store.h"
#include "starling/triage.h"
#include "starling/xmalloc.h"

#define INBOX_NBUCKET	4096

struct inbox_key {
	struct inbox_key	*next;
	char			 key[];		/* "network\x1fid" */
};

struct inbox {
	struct inbox_key	**bucket;
	size_t			  n;
	void			(*report)(void *, const char *);
	void			 *arg;
};

/* One submission, on its way to the writer and back. */
struct inbox_job {
	struct inbox		*inbox;
	const struct rules	*rules;
	struct post		*post;
	char			*column;
	int			 rc;
	size_t			 napplied;
	char			 err[256];
};

struct inbox *
inbox_new(void (*report)(void *, const char *), void *arg)
{
	struct inbox	*ib = xcalloc(1, sizeof *ib);

	ib->bucket = xcalloc(INBOX_NBUCKET, sizeof *ib->bucket);
	ib->report = report;
	ib->arg = arg;
	return ib;
}

static void
inbox_forget(struct inbox *ib)
{
	struct inbox_key	*k, *next;
	size_t			 b;

	for (b = 0; b < INBOX_NBUCKET; b++) {
		for (k = ib->bucket[b]; k != NULL; k = next) {
			next = k->next;
			free(k);
		}
		ib->bucket[b] = NULL;
	}
	ib->n = 0;
}

void
inbox_free(struct inbox *ib)
{
	if (ib == NULL)
		return;
	inbox_forget(ib);
	free(ib->bucket);
	free(ib);
}

static struct inbox_key **
inbox_find(struct inbox *ib, const char *network, const char *id,
    char *key, size_t len)
{
	struct inbox_key	**k;

	snprintf(key, len, "%s\x1f%s", network, id);
	for (k = &ib->bucket[hash_str(key) % INBOX_NBUCKET]; *k != NULL;
	    k = &(*k)->next)
		if (strcmp((*k)->key, key) == 0)
			break;
	return k;
}

bool
inbox_claim(struct inbox *ib, const char *network, const char *id)
{
	struct inbox_key	**k, *nk;
	char			  key[1024];
	size_t			  len;

	if (network == NULL || id == NULL)
		return false;
	k = inbox_find(ib, network, id, key, sizeof key);
	if (*k != NULL)
		return false;
	/* A long run's memory stays bounded: the store still records each
	 * post once, whatever this process remembers. */
	if (ib->n >= INBOX_MAX) {
		inbox_forget(ib);
		k = inbox_find(ib, network, id, key, sizeof key);
	}
	len = strlen(key) + 1;
	nk = xmalloc(sizeof *nk + len);
	memcpy(nk->key, key, len);
	nk->next = NULL;
	*k = nk;
	ib->n++;
	return true;
}

void
inbox_release(struct inbox *ib, const char *network, const char *id)
{
	struct inbox_key	**k, *old;
	char			  key[1024];

	k = inbox_find(ib, network, id, key, sizeof key);
	if ((old = *k) == NULL)
		return;
	*k = old->next;
	free(old);
	ib->n--;
}

size_t
inbox_count(const struct inbox *ib)
{
	return ib != NULL ? ib->n : 0;
}

/* The writer thread. */
static void
inbox_job_run(struct store *st, void *arg)
{
	struct inbox_job	*j = arg;

	j->rc = rules_record(st, j->rules, j->post, j->column, &j->napplied,
	    j->err, sizeof j->err);
}

/* Back on the UI thread. */
static void
inbox_job_done(void *arg)
{
	struct inbox_job	*j = arg;
	char			 msg[320];

	if (j->rc >= 0)
		return;
	log_msg("recording %s/%s (%s): %s", j->post->network, j->post->id,
	    j->column, j->err);
	inbox_release(j->inbox, j->post->network, j->post->id);
	snprintf(msg, sizeof msg, "recording a post: %s", j->err);
	if (j->inbox->report != NULL)
		j->inbox->report(j->inbox->arg, msg);
}

static void
inbox_job_free(void *arg)
{
	struct inbox_job	*j = arg;

	post_unref(j->post);
	free(j->column);
	free(j);
}

void
inbox_submit(struct inbox *ib, struct triage *tri, const struct rules *rs,
    struct post *p, const char *column)
{
	struct inbox_job	*j;

	if (ib == NULL || (p->flags & POST_DELETED) ||
	    !inbox_claim(ib, p->network, p->id))
		return;
	j = xcalloc(1, sizeof *j);
	j->inbox = ib;
	j->rules = rs;
	j->post = post_ref(p);
	j->column = xstrdup(column);
	if (!triage_write(tri, inbox_job_run, inbox_job_done, inbox_job_free,
	    j)) {
		/* No store now: the next time the post comes. */
		inbox_release(ib, p->network, p->id);
		inbox_job_free(j);
	}
}
