/*
 * collect — `starling collect`: the inbox columns' sources with no screen.
 * Each post of an inbox column is recorded in the team's store with the
 * team's rules (rules_record()), straight through a connection of its own,
 * so the inbox fills and its clocks run while nobody has a deck open.
 * Decks and collectors on one store cooperate: the store records a post
 * once, and the rules apply with that recording only.
 *
 * Runs until SIGTERM, SIGINT or SIGHUP, then stops every source and
 * returns 0. What happens goes to the log (log.h), which the caller opens.
 */
#ifndef STARLING_COLLECT_H
#define STARLING_COLLECT_H

struct account;
struct config;

/* accounts: parallel to cfg->accounts (NULL where a network has none);
 * store_password: the store's (store_password_cmd), or NULL. 0 when
 * stopped by a signal, 1 when it could not start (the reason printed on
 * stderr and logged). */
int	collect_run(const struct config *cfg, struct account **accounts,
	    const char *store_password, unsigned long seed);

#endif
