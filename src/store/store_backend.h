/*
 * store_backend.h — what a store backend provides; private to src/store/.
 *
 * store.c picks the backend from the store's address, checks every change
 * before a backend sees it, and calls through this table; a backend keeps
 * its connection behind a void *. Each call has the meaning of the
 * store_* function of the same name in starling/store.h, on one
 * connection used by one thread at a time. Adding a backend is its own
 * file and one row in store.c's table.
 */
#ifndef STARLING_STORE_BACKEND_H
#define STARLING_STORE_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "starling/store.h"

#define STORE_KEY_MAX		1024		/* bytes in a network or id */
#define STORE_NAME_MAX		256		/* an assignee, tag or action */
#define STORE_TEXT_MAX		(64 * 1024)	/* a note or an action detail */
#define STORE_BUSY_MS		5000

/* One row of a store, as store_migrate() copies it. */
enum store_record_kind {
	STORE_RECORD_POST, STORE_RECORD_TRIAGE, STORE_RECORD_NOTE,
	STORE_RECORD_AUDIT
};

struct store_record {
	enum store_record_kind		 kind;
	const char			*network, *id;
	const char			*json;		/* post */
	int64_t				 created, saved; /* post */
	const struct store_triage	*triage;	/* triage, with tags */
	const char			*who, *text;	/* note */
	int64_t				 at;		/* note */
	const struct store_audit	*audit;		/* audit */
};

struct store_backend {
	const char	*name;
	/* Opens (creating and migrating as needed) the store at where (the
	 * address without its scheme, or whole when the backend keeps it);
	 * password (may be NULL) overrides one in it. NULL with a message
	 * naming it. wait: a server out of reach opens offline
	 * (store_open_waiting()). */
	void		*(*open)(const char *where, const char *who,
			    const char *password, bool wait, char *err,
			    size_t errlen);
	void		 (*close)(void *);
	int		 (*schema_version)(void *);
	void		 (*set_busy_timeout)(void *, int ms);
	int		 (*read_begin)(void *, char *err, size_t errlen);
	void		 (*read_end)(void *);

	/* The changes have been checked and have change ids
	 * (store_apply_batch()); n >= 1, one transaction. */
	int		 (*apply)(void *, const struct store_change *, size_t n,
			    char *err, size_t errlen);
	int		 (*replying_clear)(void *, char *err, size_t errlen);

	int		 (*get)(void *, const char *network, const char *id,
			    struct store_triage *);
	struct post	*(*get_post)(void *, const char *network,
			    const char *id);
	int		 (*author_posts)(void *, const char *network,
			    const char *handle, size_t max,
			    bool (*)(const struct post *,
			    const struct store_triage *, void *), void *);
	int		 (*history)(void *, const char *network, const char *id,
			    struct store_audit **, size_t *);
	int		 (*each)(void *, bool (*)(const struct store_triage *,
			    void *), void *);
	int		 (*audit_since)(void *, int64_t after,
			    struct store_audit **, size_t *);
	int		 (*audit_from)(void *, int64_t since,
			    struct store_audit **, size_t *);
	int		 (*audit_each)(void *, int64_t since,
			    bool (*)(const struct store_audit *, void *),
			    void *);
	int64_t		 (*last_seq)(void *);

	/* Change detection: the descriptor to poll (made on the first call;
	 * -1 when there is none), whether another connection committed, and
	 * how soon to ask again without the descriptor saying so. */
	int		 (*watch_fd)(void *);
	bool		 (*changed)(void *);
	int		 (*watch_again)(void *);
	/* NULL, or why the store cannot be used now (reconnecting). */
	const char	*(*offline)(void *);

	/* store_migrate(): every record, in an order a load can take
	 * (posts, triage rows with their tags, notes, audit by seq); and
	 * loading them into an empty store in one transaction (load NULL:
	 * the backend cannot be copied into). */
	int		 (*dump)(void *, int (*)(const struct store_record *,
			    void *), void *);
	int		 (*load_begin)(void *, bool force, char *err,
			    size_t errlen);
	int		 (*load)(void *, const struct store_record *,
			    char *err, size_t errlen);
	int		 (*load_end)(void *, bool commit, char *err,
			    size_t errlen);
};

extern const struct store_backend store_sqlite_backend;
extern const struct store_backend store_pg_backend;

/* What every backend does the same way (store.c). */
/* Whether a change keeps a triage row (creating it) and counts as its last
 * change ("updated"). */
void		 store_change_effects(const struct store_change *, bool *row,
		    bool *touch);
/* The status an assignment leaves a post in that has status now. */
enum store_status store_change_assigned(const struct store_change *,
		    enum store_status now);

/* The name a change is audited under: its who, else the store's user. */
const char	*store_change_who(const struct store_change *,
		    const char *user);

/* The command a change is known by in a refusal ("done", "reopen",
 * "assign"). */
const char	*store_change_verb(const struct store_change *);

#endif
