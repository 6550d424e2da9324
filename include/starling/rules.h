/*
 * rules — the team's routing rules (config "rules:") and the recording of
 * an inbox column's posts.
 *
 * A post that arrives in an inbox column is recorded in the store once
 * (STORE_CHANGE_RECORD) together with the actions of the rules it matches,
 * in one store_apply_batch(): the store refuses a second recording ("record:
 * already recorded"), by this process or any other, so every rule applies
 * exactly once per post across the team however many decks and collectors
 * see it. Rules are tried in order; every one that matches applies, until a
 * matching rule says stop. An action is audited as "rule NAME" and is
 * optional in the batch (a tag the post has already is skipped, not a
 * refusal).
 *
 * Compiled once; matching and recording only read the rules, so one struct
 * rules may serve several threads.
 */
#ifndef STARLING_RULES_H
#define STARLING_RULES_H

#include <stdbool.h>
#include <stddef.h>

struct config;
struct post;
struct store;
struct store_change;

struct rules;

/* Compiles cfg's rules ("me" already resolved by the config). NULL with a
 * message when a regular expression does not compile (the config checks
 * them first). Zero rules is a valid, empty set. */
struct rules	*rules_new(const struct config *cfg, char *err, size_t errlen);
void		 rules_free(struct rules *);
size_t		 rules_count(const struct rules *);

/* What the post is, as a rule's "kind" names it: "mention", "reply",
 * "quote", "post", or the notification's kind ("repost", "like",
 * "follow", "poll", "update"). */
const char	*rules_kind(const struct post *);

/* The changes the matching rules make to p, which arrived in the column
 * titled column, into out (at most max; rules_max_changes() is enough),
 * each with .who "rule NAME" and .optional set; their strings point into
 * the rules and p. Returns how many. */
size_t		 rules_match(const struct rules *, const struct post *,
		    const char *column, struct store_change *out, size_t max);
size_t		 rules_max_changes(const struct rules *);

/* The record's detail: {"column", "author", "followers", "kind",
 * "network", "lang"} (xmalloc'd JSON text). */
char		*rules_record_detail(const struct post *, const char *column);

/* Records p (arrived in the column titled column) and applies the
 * matching rules, in one transaction. 1: recorded now (*napplied, when
 * not NULL, says how many rule actions were made); 0: recorded before
 * (by anyone: nothing is written); -1: failed, with a message. */
int		 rules_record(struct store *, const struct rules *,
		    const struct post *, const char *column, size_t *napplied,
		    char *err, size_t errlen);

#endif
