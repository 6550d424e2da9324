/*
 * inbox — a process's side of the team inbox: which posts of its inbox
 * columns it has submitted for recording (rules_record()), so that a post
 * seen again (a refresh, a stream that resends, a page loaded twice) is not
 * submitted again, and, for the deck, the submission itself on the store's
 * writer thread (triage_write()). The store decides who records a post
 * first; this only spares it the asking.
 *
 * Use it from one thread.
 */
#ifndef STARLING_INBOX_H
#define STARLING_INBOX_H

#include <stdbool.h>
#include <stddef.h>

struct post;
struct rules;
struct triage;

struct inbox;

/* report (may be NULL) hears of a recording that failed, as "recording a
 * post: WHY"; it is tried again when the post comes again. */
struct inbox	*inbox_new(void (*report)(void *, const char *), void *arg);
void		 inbox_free(struct inbox *);

/* True the first time a post is offered (it is then remembered), false
 * after. inbox_release() forgets it (the recording failed). Past
 * INBOX_MAX posts all are forgotten at once, so a long run's memory stays
 * bounded; asking the store again about a post is harmless (it records
 * each once). */
#define INBOX_MAX	100000
bool		 inbox_claim(struct inbox *, const char *network,
		    const char *id);
void		 inbox_release(struct inbox *, const char *network,
		    const char *id);
size_t		 inbox_count(const struct inbox *);

/* The deck: p arrived in the inbox column titled column; records it with
 * rs on tri's writer thread, unless this process did before. Tombstones
 * are not recorded. */
void		 inbox_submit(struct inbox *, struct triage *,
		    const struct rules *rs, struct post *p,
		    const char *column);

#endif
