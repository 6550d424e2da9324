/*
 * policy — the team's guidelines for what is posted (the config's policy:),
 * checked before anything leaves, the same for new posts, replies and
 * quotes, on every network: banned phrases or POSIX extended regular
 * expressions (case-insensitive; a plain phrase is one), text an account's
 * posts must carry (appended when the rule says so), the accounts that ask
 * y/n first, how long a post waits in the outbox, and whose posts wait
 * for an approver (approval: required_for, approvers). No curses, no
 * network: the composer asks, the config checks the patterns with
 * policy_pattern_check().
 */
#ifndef STARLING_POLICY_H
#define STARLING_POLICY_H

#include <stdbool.h>
#include <stddef.h>

struct policy;

struct policy	*policy_new(void);
void		 policy_free(struct policy *);

/* Whether pattern compiles (case-insensitive ERE): 0, or -1 with why. */
int		 policy_pattern_check(const char *pattern, char *err,
		    size_t errlen);
/* Adds a banned pattern; -1 (nothing added) when it does not compile. */
int		 policy_ban(struct policy *, const char *pattern, char *err,
		    size_t errlen);
/* Posts by account must contain text; with append, it is added when
 * missing instead of refusing. */
void		 policy_require(struct policy *, const char *account,
		    const char *text, bool append);
/* Posts by account ask y/n, naming it. */
void		 policy_confirm(struct policy *, const char *account);
void		 policy_set_delay(struct policy *, int seconds);

/* The first banned match in text: true with the bytes [*start, *end) and
 * the pattern that matched. */
bool		 policy_banned(const struct policy *, const char *text,
		    size_t *start, size_t *end, const char **pattern);
/* What account's posts must contain, or NULL (and whether it is added). */
const char	*policy_required(const struct policy *, const char *account,
		    bool *append);
bool		 policy_confirms(const struct policy *, const char *account);
int		 policy_delay(const struct policy *);

/* Approvals: writer's posts wait in the store until an approver sends
 * them (required_for); name may approve them (approvers). */
void		 policy_approval_for(struct policy *, const char *writer);
void		 policy_approver(struct policy *, const char *name);
bool		 policy_needs_approval(const struct policy *,
		    const char *writer);
bool		 policy_approves(const struct policy *, const char *name);
/* The approvers as "alice, bob" in buf; how many there are. */
size_t		 policy_approvers(const struct policy *, char *buf,
		    size_t len);

enum policy_verdict {
	POLICY_OK,		/* *out is the text to send */
	POLICY_BANNED,		/* [*start, *end) matched a banned pattern */
	POLICY_MISSING		/* the required text is not there */
};
/* Every rule on text as account would post it: the text to send (the
 * required text appended where the rule says; xmalloc'd in *out) or why
 * not, said in why. */
enum policy_verdict policy_check(const struct policy *, const char *account,
		    const char *text, char **out, size_t *start, size_t *end,
		    char *why, size_t whylen);

#endif
