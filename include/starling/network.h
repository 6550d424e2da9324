/*
 * network — the registry: one const row per network, saying what the config,
 * the UI and main need to know about it, so none of them names a network.
 * Each row is defined in its adapter's own file (mastodon_network.c,
 * demo.c); the table of rows is src/sources/network.c. Adding a network is
 * its own files plus one row.
 *
 * Types and functions only: this header includes no adapter header, so
 * config/ and ui/ may include it.
 */
#ifndef STARLING_NETWORK_H
#define STARLING_NETWORK_H

#include <stdbool.h>
#include <stddef.h>

struct account_ops;
struct action;
struct post;
struct source_ops;

/* What a post may hold. An account starts with its network's and learns
 * its server's when it signs in (account_set_limits). 0: no such limit. */
struct network_limits {
	long	max_chars;	/* as the network's count counts */
	long	max_bytes;	/* UTF-8 bytes */
	long	url_chars;	/* what a link counts as; 0: as written */
};

/* A kind of column a network offers, and the column keys it reads. */
struct network_column {
	const char		*type;		/* "hashtag" */
	int			 kind;		/* the adapter's number */
	const char		*needs;		/* a key it must have, */
	const char		*needs_or;	/* or this one instead */
	const char		*needs_what;	/* said after it in the
						   error: "its title or id" */
	const char *const	*takes;		/* other keys it reads:
						   NULL-ended, or NULL */
	/* The server's read marker this column follows both ways (its
	 * timeline's name, passed back in ACTION_MARKER), or NULL. */
	const char		*read_marker;
};

/* A column of the deck shown when the config names none (network.deck). */
struct network_deck_column {
	const char	*title;
	const char	*kind;		/* one of the network's column types */
	const char	*query;		/* or NULL */
	double		 rate;		/* posts per second, where read */
};

/* What the UI says of this network's actions ("Ana boosted"). */
struct network_words {
	const char	*reposted;
	const char	*reposting, *unreposting;
	const char	*liking, *unliking;
};

struct network {
	/* The config's network: (or source:) value, and a post's network
	 * field up to its '@' ("mastodon@host.example"). */
	const char		*name;
	/* Configured as an account (network:, signs in) or as a source
	 * (source:, needs nothing). */
	bool			 account;
	const struct source_ops	*source_ops;
	const struct account_ops *account_ops;	/* NULL for a source */
	/* Account keys besides name and network: what it cannot do without,
	 * and what else it reads. NULL-ended or NULL. */
	const char *const	*account_needs;
	const char *const	*account_takes;
	/* The server of an account that names none (its "service"), or
	 * NULL. */
	const char		*default_url;

	/* Columns: the key that picks the kind ("type", or "channel"), the
	 * kinds (NULL-type-ended), and the one a column gets without it. */
	const char		*column_key;
	const struct network_column *columns;
	const char		*default_column;
	/* What the notification filter may name, NULL-ended; NULL when
	 * nothing filters; and its key ("types"; NULL: "types"). */
	const char *const	*notification_kinds;
	const char		*notification_key;
	/* The built-in deck (the demo: a source that needs nothing), NULL-
	 * title-ended, or NULL. The first row with one gives it. */
	const struct network_deck_column *deck;

	struct network_words	 words;

	/* Compose: what text counts as, against which limits. */
	long			(*count)(const char *text,
				    const struct network_limits *);
	struct network_limits	 limits;
	/* The options a reply takes from the post it answers
	 * (action_set_option); NULL when none. */
	void			(*reply_options)(const struct post *parent,
				    struct action *reply);
	/* What a post may carry besides its text, as action options the
	 * composer shows and sets: the option naming who sees it and its
	 * values (NULL-ended, the first the default for a new post), the
	 * option a content warning is sent as (counted with the text); NULL
	 * where the network has none. */
	const char		*visibility;
	const char *const	*visibilities;
	const char		*content_warning;
	/* Whether a post may quote another (ACTION_QUOTE). */
	bool			 quotes;
	/* Whether a post sent again with the same Idempotency-Key is one
	 * post (Mastodon). Elsewhere a try that got no answer may have
	 * posted: the outbox does not send it again by itself. */
	bool			 idempotent;
	/* Whether a reply starts with the conversation's @mentions (where
	 * they decide who hears of it); elsewhere the reply reference
	 * does, and a mention would notify as one. */
	bool			 reply_mentions;
	/* Whether its posts carry reply, repost and like counts (a card
	 * shows them); a feed's or a program's have none. */
	bool			 counts;

	/* Ids: < 0, 0, > 0 as a is older than, the same as, newer than b. */
	int			(*id_cmp)(const char *a, const char *b);
	/* The web address of a post that came without one; false when none
	 * can be made. */
	bool			(*web_url)(const struct post *, char *buf,
				    size_t len);
	/* `starling login NAME URL [--print]`: stores the token at
	 * token_path (or prints it); an exit status. NULL: no login. */
	int			(*login)(const char *url, const char *token_path,
				    bool print);
};

/* The row for name ("mastodon", or a post's "mastodon@host"), or NULL. */
const struct network	*network_find(const char *name);
/* The row of a post's network, or NULL. */
const struct network	*network_of(const struct post *);
/* Row i in table order, or NULL past the end. */
const struct network	*network_at(size_t i);

/* The column kind type of net, or NULL. */
const struct network_column *network_column(const struct network *,
			    const char *type);

/* net's words, or the generic ones when net is NULL. */
const struct network_words *network_words(const struct network *);

/* Grapheme clusters (what a reader counts as characters), for networks
 * that count nothing else. */
long			 network_count_graphemes(const char *text,
			    const struct network_limits *);

#endif
