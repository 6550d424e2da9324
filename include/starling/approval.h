/*
 * approval — posts that wait for an approver (policy: approval:), kept in
 * the team's store, so every deck of the team sees them and exactly one
 * approver sends each.
 *
 * An item is a triage entry on the pseudo-network "approval"
 * (TRIAGE_APPROVAL) with an id of its own. Its snapshot (struct post) is
 * the draft drawn as a post: the writer as its author, the account it
 * would post as in column, its text, content warning and visibility, and
 * the post it answers as quote_author/quote_text. What it takes to send
 * it later is the detail of its audit action "submit": {"writer",
 * "account", "kind" (post, reply, quote), "text", "cw", "visibility",
 * "target" (the post answered, as post_json)}.
 *
 * The item's status is its state: open awaits an approver, done was
 * approved (and sent by the approver's deck), ignored was returned to its
 * writer with a note. Each step is one store_apply_batch():
 *   submit  [ACTION "submit" with the snapshot, STATUS open]
 *   approve [STATUS done, ACTION "approve" {writer}]
 *   reject  [STATUS ignored, ACTION "reject" {writer, note}, NOTE]
 * A claim is refused when the item is not open any more, inside the same
 * transaction, so two approvers racing get one approval and one refusal
 * ("already approved by alice"), and nothing approved can be rejected or
 * the other way round.
 *
 * No curses: the UI asks, the store answers.
 */
#ifndef STARLING_APPROVAL_H
#define STARLING_APPROVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "starling/store.h"

struct post;
struct store;

#define APPROVAL_ID_LEN	32	/* hex digits of an item's id */

/* What waits: everything needed to send it later. */
struct approval {
	char		*writer;	/* who wrote it (a team name) */
	char		*account;	/* the account it posts as */
	char		*kind;		/* "post", "reply" or "quote" */
	char		*text;		/* as typed */
	char		*cw, *visibility;	/* or NULL */
	struct post	*target;	/* referenced; NULL for a new post */
};
void		 approval_free(struct approval *);

/* The submit action's detail (xmalloc'd JSON) and back: 0, or -1 when it
 * is not an item's detail. */
char		*approval_detail(const struct approval *);
int		 approval_parse(const char *detail, struct approval *out);
/* An item's state in words, from its status: "awaiting approval",
 * "approved", "returned". */
const char	*approval_state(enum store_status);
/* The card of item id, at now (UTC seconds). */
struct post	*approval_snapshot(const struct approval *, const char *id,
		    long long now);

/* Submits a: a new item awaiting approval, as id when id is not empty
 * (store_change_id_new()), else one is made into id. 0 or -1 with a
 * message. */
int		 approval_submit(struct store *, const struct approval *,
		    char id[APPROVAL_ID_LEN + 1], char *err, size_t errlen);
/* What item id holds (its submit's detail): 1, 0 when there is no such
 * item, -1 on error. */
int		 approval_read(struct store *, const char *id,
		    struct approval *out, char *err, size_t errlen);
/* The approver's claim, as the store's user: 0 (and *out what to send)
 * or -1 with why ("already approved by alice", "already returned by
 * bob"). */
int		 approval_claim(struct store *, const char *id,
		    struct approval *out, char *err, size_t errlen);
/* Returns item id to its writer with note: 0 or -1 with why. */
int		 approval_reject(struct store *, const char *id,
		    const char *note, char *err, size_t errlen);
/* What an audit entry of an item tells its writer: for the actions
 * "approve" and "reject", true with the writer and the note (a
 * reject's; NULL otherwise), each xmalloc'd; false for any other. */
bool		 approval_outcome(const char *action, const char *detail,
		    char **writer, char **note);

#endif
