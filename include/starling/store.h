/*
 * store — the team's shared triage state, used by every starling process of
 * the team at once. Where it lives is the store's address, which picks the
 * backend: a path or "sqlite:PATH" ("sqlite://PATH") is one SQLite file (WAL
 * mode, busy timeout) shared on one host; "postgresql://..." (or
 * "postgres://...", or a libpq "host=... dbname=..." string) is one
 * PostgreSQL database, for a team on several hosts (store_pg.c). The
 * backends are a table of operations behind this interface
 * (src/store/store_backend.h).
 *
 * Keyed by (network, post id): status, assignee, tags, notes, who is replying,
 * who replied; the post itself is kept with its triage state (enough to render
 * it), so triaged posts survive restarts and feed "assigned to me" columns in
 * processes that do not follow the post's channel. Every change, and every
 * outbound action (reply, repost, like), is written to an append-only audit
 * log in the same transaction; a change is reported done only once committed,
 * so kill -9 at any moment loses nothing that was reported done.
 *
 * The audit sequence number doubles as the change feed: a process learns what
 * others changed by reading the audit rows after the last one it saw, when
 * store_changed() says the store changed (SQLite: inotify on the WAL file and
 * PRAGMA data_version; PostgreSQL: LISTEN/NOTIFY, only the wake-up).
 *
 * A PostgreSQL connection can drop: each call then fails (a read) or is
 * refused (a change), store_offline() says so, and the connection comes
 * back by itself with backoff (store_changed() tries again when
 * store_watch_again() says; a change tries once at once). A change has a
 * change id, unique in the audit log: a change in flight when the
 * connection dropped is tried again on the new connection, and is then
 * either found committed or made once; never twice.
 *
 * One struct store is one connection: use it from one thread at a time.
 */
#ifndef STARLING_STORE_H
#define STARLING_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct post;

#define STORE_SCHEMA_VERSION	4

enum store_status {
	STORE_NEW, STORE_OPEN, STORE_ASSIGNED, STORE_REPLIED, STORE_DONE,
	STORE_IGNORED
};
const char	*store_status_name(enum store_status);
int		 store_status_parse(const char *);	/* -1 if unknown */

/* The triage state of one post. */
struct store_triage {
	char			*network, *id;
	enum store_status	 status;
	char			*assignee;	/* NULL: nobody */
	char			*assigned_by;	/* who assigned it */
	char			**tags;		/* sorted */
	size_t			 ntags;
	size_t			 nnotes;
	char			*replying;	/* who has a reply open, or NULL */
	int64_t			 replying_at;
	char			*replied_by;	/* who replied last, or NULL */
	int64_t			 created;	/* the post's creation time */
	int64_t			 first_seen;	/* when the store first saw it */
	int64_t			 updated;	/* last change */
	char			*updated_by;
	int			 priority;	/* 0: none; higher first */
};
void	store_triage_free(struct store_triage *);
/* A deep copy of src into dst (free it with store_triage_free()). */
void	store_triage_copy(struct store_triage *dst,
	    const struct store_triage *src);

/* One audit entry. detail is JSON text (the action's fields). */
struct store_audit {
	int64_t	 seq, at;
	char	*who, *action, *network, *id, *detail;
	char	*change_id;	/* NULL in entries older than schema 3 */
};
void	store_audit_free(struct store_audit *);
/* An entry's detail as people read it ("bob", "#lead", "done", the note's
 * text), as `starling log` prints it (xmalloc'd, may be ""). */
char	*store_audit_describe(const struct store_audit *);

struct store;

/* Opens (creating and migrating as needed) the store at url; a SQLite
 * file's directory is created. NULL with a message naming the path when it
 * cannot be opened, written, or put in WAL mode, or naming the backend when
 * it is not built in ("PostgreSQL stores are not built in yet (URL)", the
 * URL's password replaced by ***). who: the user's team name. */
struct store	*store_open(const char *url, const char *who, char *err,
		    size_t errlen);
/* The same with a password for a PostgreSQL store (store_password_cmd),
 * which overrides one in url; NULL: libpq's own ways (~/.pgpass,
 * PGPASSWORD). Never shown in a message. A PostgreSQL store that cannot be
 * reached, refuses the login or has no such database is named by host,
 * port, database and user. */
struct store	*store_open_password(const char *url, const char *who,
		    const char *password, char *err, size_t errlen);
/* The same for a process that lives on (the deck's worker): a
 * PostgreSQL server that cannot be reached now (not answering, or
 * starting) is not an error; the store opens offline (store_offline()
 * says so, with why) and connects, and creates or migrates the schema,
 * by itself once the server is there. A server that answers and refuses
 * (password, no such database) is still an error. */
struct store	*store_open_waiting(const char *url, const char *who,
		    const char *password, char *err, size_t errlen);
/* The same, for readers that must not create a store: a SQLite file that
 * is not there is an error ("no triage store at PATH"); password as for
 * store_open_password(). */
struct store	*store_open_existing(const char *url, const char *who,
		    const char *password, char *err, size_t errlen);
void		 store_close(struct store *);
/* What the store's address names, its scheme removed (a SQLite path; a
 * PostgreSQL store's address with its password replaced by ***). */
const char	*store_path(const struct store *);
/* NULL while the store is there, else why not ("store offline —
 * reconnecting"): a PostgreSQL connection dropped and is not back yet. */
const char	*store_offline(struct store *);
/* url with any password in it replaced by *** (xmalloc'd): the only form
 * of an address fit to print. */
char		*store_url_redact(const char *url);
int		 store_schema_version(struct store *);
/* How long a change waits for another process's write lock before failing
 * as busy (default 5000 ms). */
void		 store_set_busy_timeout(struct store *, int ms);
/* Reads between these see one snapshot of the file (export, reports); no
 * change may be made in between. 0 or -1 with a message. */
int		 store_read_begin(struct store *, char *err, size_t errlen);
void		 store_read_end(struct store *);
/* store_schema.c: the SQL taking the SQLite schema from version from to
 * from + 1, or NULL past STORE_SCHEMA_VERSION. */
const char	*store_schema_step(int from);

/* --- changes --------------------------------------------------------------
 *
 * Every change is one struct store_change, written by store_apply(): one
 * transaction that also appends its audit row (action "assign", "unassign",
 * "tag", "untag", "status", "note", "replying", "replying-stopped", or the
 * action's name), acknowledged or not at all. A change that would change
 * nothing is refused, checked against the post's row inside the
 * transaction, so two teammates racing get one change and one refusal, and
 * nothing is written: assigning to the current assignee ("assign: already
 * assigned to bob"), unassigning a post nobody has ("unassign: nobody is
 * assigned"), a status the post has ("done: already done", "reopen:
 * already open", "ignore: already ignored"), a tag the post has ("tag:
 * already tagged #x") or lacks ("untag: the post has no tag #x").
 * Statuses: assign -> ASSIGNED; unassign -> OPEN unless REPLIED, DONE or
 * IGNORED (kept); reopen is STATUS OPEN; an action "reply" -> REPLIED with
 * replied_by. Tags, notes and replying leave the status alone (a post first
 * touched by them stays NEW). Every change but replying and non-reply
 * actions sets updated/updated_by; only those actions do not make a post
 * triaged.
 *
 * Recording is an inbox post's first arrival (audit action "record"): it
 * makes the post triaged (status new, nothing else touched) and is
 * refused once the post has been recorded ("record: already recorded"),
 * by this process or any other, so exactly one process records a post
 * and applies the team's rules to it (store_apply_batch()). Priority is
 * a number kept with the post (audit "priority"); setting the one it has
 * is refused ("priority: already N").
 *
 * Replying is the collision guard: start (on) or stop. Stopping clears only
 * this user's mark; a crashed process leaves its mark, so readers should
 * ignore a replying_at that is old. An action is an outbound one (reply,
 * repost, like, ...): audited with its detail; a reply also marks the post
 * replied by who.
 */
enum store_change_kind {
	STORE_CHANGE_ASSIGN,	/* arg: the assignee, NULL to unassign */
	STORE_CHANGE_TAG,	/* arg: the tag; on: add, else remove */
	STORE_CHANGE_STATUS,	/* status; arg: NULL, or the status the
				 * post must have now (else refused: "done:
				 * it is ignored, not open") */
	STORE_CHANGE_NOTE,	/* arg: the note's text */
	STORE_CHANGE_REPLYING,	/* on: start, else stop */
	STORE_CHANGE_ACTION,	/* arg: the action's name; detail: JSON */
	STORE_CHANGE_RECORD,	/* an inbox post's first arrival; detail:
				 * JSON ({"column": title, ...}) */
	STORE_CHANGE_PRIORITY	/* priority: the number (0: none) */
};

struct store_change {
	enum store_change_kind	 kind;
	const struct post	*post;		/* its snapshot to save (or
						 * refresh); NULL: the store
						 * may already have it */
	const char		*network, *id;
	const char		*arg;
	const char		*detail;	/* an action's JSON object
						 * text, or NULL for {} */
	bool			 on;
	enum store_status	 status;
	int			 priority;
	const char		*who;		/* who makes it ("rule spam");
						 * NULL: the store's user */
	bool			 optional;	/* in a batch: one that would
						 * change nothing is skipped,
						 * not a refusal */
	const char		*change_id;	/* unique in the audit log; a
						 * retry of the same change
						 * reuses it. NULL: store_apply()
						 * makes one */
};

/* A fresh change id (32 hex digits of randomness) into buf. */
#define STORE_CHANGE_ID_LEN	32
void		 store_change_id_new(char buf[STORE_CHANGE_ID_LEN + 1]);

/* 0 when committed, -1 with a message (bad input before anything is
 * written; busy after the busy timeout, disk full, read-only, offline ...).
 * A change whose change id is in the audit log already is committed: 0,
 * and nothing is written again. */
int		 store_apply(struct store *, const struct store_change *,
		    char *err, size_t errlen);
/* Several changes (any number but none) in one transaction: all
 * committed or none. The first
 * change's change id stands for the batch (a retry finds it done); the
 * others are given ids derived from it. A change that would change
 * nothing refuses the batch, unless it is optional (then it is skipped).
 * Each change is audited under its own who. 0 or -1 with a message. */
int		 store_apply_batch(struct store *, const struct store_change *,
		    size_t n, char *err, size_t errlen);
/* Clears every "is replying" mark of the connection's user (a process
 * does at start: a mark left by its user's last run, which crashed or was
 * killed, is stale), each with a "replying-stopped" audit row so everyone
 * sees it go. Nothing is written when there is none. 0 or -1 with a
 * message. */
int		 store_replying_clear(struct store *, char *err,
		    size_t errlen);
/* The audit log's name for the change ("assign", "untag", the action's). */
const char	*store_change_action(const struct store_change *);

/* --- reads ---------------------------------------------------------------- */
/* The triage state of a post; 1 found, 0 not triaged, -1 error. */
int	store_get(struct store *, const char *network, const char *id,
	    struct store_triage *out);
/* The stored post snapshot (one reference) or NULL. */
struct post *store_get_post(struct store *, const char *network, const char *id);
/* The author's history with the team: the stored posts by handle on
 * network (any the team recorded, triaged or acted on), newest first, at
 * most max, each with its triage state (NULL when it has none). cb
 * returns false to stop; what it is given is valid during the call. */
int	store_author_posts(struct store *, const char *network,
	    const char *handle, size_t max, bool (*cb)(const struct post *,
	    const struct store_triage *, void *), void *arg);
/* The history of a post, oldest first: every audit entry for it (a note's
 * text is in its detail, {"text": ...}). */
int	store_history(struct store *, const char *network, const char *id,
	    struct store_audit **out, size_t *n);

/* Every triaged post (for a fresh cache), by network and id. Calls cb for
 * each; stops early when cb returns false. cb may read the store but not
 * change it. */
int	store_each(struct store *, bool (*cb)(const struct store_triage *,
	    void *), void *arg);

/* Change feed. store_watch_fd: a descriptor that becomes readable when
 * another connection (this process's or another's) may have changed the
 * store; made on the first call, -1 when the backend has none. Poll it,
 * then ask store_changed(), which reads it. store_changed: true when
 * another connection committed since the last call; cheap (SQLite: PRAGMA
 * data_version; with a watch, only after the WAL file was written, and
 * for a second after). store_watch_again: in how many milliseconds
 * store_changed() wants to be asked again although the descriptor stayed
 * quiet, or -1 (SQLite: every 50 ms for the second after a WAL write,
 * which is written before the index that makes the commit visible; every
 * 500 ms when it has no descriptor). */
int	store_watch_fd(struct store *);
bool	store_changed(struct store *);
int	store_watch_again(struct store *);
/* Audit entries with seq > after, oldest first (caller frees each and the
 * array). */
int	store_audit_since(struct store *, int64_t after, struct store_audit **out,
	    size_t *n);
int64_t	store_last_seq(struct store *);
/* Audit entries at or after since (UTC seconds; 0 = all), for log/export. */
int	store_audit_from(struct store *, int64_t since, struct store_audit **out,
	    size_t *n);

/* The same, one entry at a time (the memory of one row, whatever the
 * log's size): cb sees each until it returns false; the entry is valid
 * during the call only. cb may read the store but not change it. */
int	store_audit_each(struct store *, int64_t since,
	    bool (*cb)(const struct store_audit *, void *), void *arg);

/* `starling log` and `starling export`: print to file (a FILE *). 0 or -1
 * with a message. since (UTC seconds, 0 = all) keeps audit entries at or
 * after it and triage rows updated at or after it.
 *
 * The log: one line per audit entry, local time,
 *   2026-11-22 14:05:03  alice  assign  demo/home-123  bob
 * ending with the detail's meaningful part (assignee, tag, status, note
 * text, priority, a record's column; key=value pairs for actions); control characters become spaces.
 *
 * format "json": one pretty object, times ISO 8601 UTC,
 *   {"triage": [{network, id, status, assignee, tags: [...],
 *     notes: [{who, at, text}], replying, replied_by, first_seen, updated,
 *     updated_by, post: {author, handle, text, url, created} | null}],
 *    "audit": [{seq, at, who, action, network, id, detail: {...}}]}
 * format "csv" (RFC 4180: CRLF, fields quoted when they hold a comma, a
 * quote or a line break): two tables separated by one empty line, the
 * triage state with the header
 *   network,id,status,assignee,tags,replied_by,updated,updated_by,priority
 * (tags joined with ";"), then the audit log with the header
 *   seq,at,who,action,network,id,detail
 * (detail as compact JSON). */
int	store_print_log(struct store *, int64_t since, void *file, char *err,
	    size_t errlen);
int	store_export(struct store *, const char *format, int64_t since,
	    void *file, char *err, size_t errlen);

/* `starling store migrate`: copies everything in from (triage state, post
 * snapshots, notes, the whole audit log with its sequence numbers and
 * change ids) into to, in one transaction. to must be empty unless force
 * (then what it held is replaced). Only a PostgreSQL store can be copied
 * into. 0, or -1 with a message (nothing copied). */
int	store_migrate(struct store *from, struct store *to, bool force,
	    char *err, size_t errlen);

/* Parses "2026-11-22", "2026-11-22T14:05", "2026-11-22 14:05:00" (local
 * time), "7d"/"12h"/"30m" (that long ago); -1 if invalid. */
int64_t	store_parse_since(const char *, int64_t now);

#endif
