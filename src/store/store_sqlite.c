/* store_sqlite.c — the store's SQLite backend: opening and migrating the
 * file, the changes (each one transaction with its audit row), the reads
 * and the change feed. The schema is in store_schema.c.
 *
 * Every change is BEGIN IMMEDIATE ... COMMIT: the write lock is taken first,
 * so the reads inside see the latest state and two processes can never both
 * read an old value and write over each other (no lost updates), and a busy
 * database shows up at BEGIN, where waiting is safe. With WAL and
 * synchronous=NORMAL a commit is in the WAL file before COMMIT returns, which
 * survives kill -9 of the process (not a power cut: that needs FULL).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "starling/clock.h"
#include "starling/post.h"
#include "starling/post_json.h"
#include "starling/store.h"
#include "starling/xmalloc.h"
#include "store_backend.h"

/* Every statement, prepared once on first use. */
#define STORE_STMTS(X)							\
	X(BEGIN, "BEGIN IMMEDIATE")					\
	X(COMMIT, "COMMIT")						\
	X(POST_PUT, "INSERT INTO posts (network, id, json, created, saved," \
	    " author) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"			\
	    " ON CONFLICT (network, id) DO UPDATE"			\
	    " SET json = excluded.json, created = excluded.created,"	\
	    " saved = excluded.saved, author = excluded.author")	\
	X(AUTHOR_POSTS, "SELECT p.json, t.status, t.assignee, t.replying,"	\
	    " t.replying_at, t.replied_by, t.first_seen, t.updated,"	\
	    " t.updated_by, p.created, (SELECT count(*) FROM notes n"	\
	    " WHERE n.network = p.network AND n.id = p.id), t.assigned_by," \
	    " t.priority, t.id IS NOT NULL, p.id FROM posts p"		\
	    " LEFT JOIN triage t ON t.network = p.network AND t.id = p.id" \
	    " WHERE p.network = ?1 AND p.author = ?2"			\
	    " ORDER BY p.created DESC, p.id DESC LIMIT ?3")		\
	X(POST_GET, "SELECT json FROM posts WHERE network = ?1 AND id = ?2") \
	X(ENSURE, "INSERT INTO triage (network, id, first_seen, updated,"	\
	    " updated_by) VALUES (?1, ?2, ?3, ?3, ?4)"			\
	    " ON CONFLICT (network, id) DO NOTHING")			\
	X(CURRENT, "SELECT status, assignee FROM triage"		\
	    " WHERE network = ?1 AND id = ?2")				\
	X(SET_ASSIGNEE, "UPDATE triage SET assignee = ?3, status = ?4"	\
	    " WHERE network = ?1 AND id = ?2")				\
	X(SET_ASSIGNED_BY, "UPDATE triage SET assigned_by = ?3"	\
	    " WHERE network = ?1 AND id = ?2")				\
	X(SET_STATUS, "UPDATE triage SET status = ?3"			\
	    " WHERE network = ?1 AND id = ?2")				\
	X(REPLYING_START, "UPDATE triage SET replying = ?3, replying_at = ?4" \
	    " WHERE network = ?1 AND id = ?2")				\
	X(REPLYING_STOP, "UPDATE triage SET replying = NULL, replying_at = 0" \
	    " WHERE network = ?1 AND id = ?2 AND replying = ?3")	\
	X(REPLIED, "UPDATE triage SET replied_by = ?3, status = 'replied',"	\
	    " replying = CASE WHEN replying = ?3 THEN NULL ELSE replying END," \
	    " replying_at = CASE WHEN replying = ?3 THEN 0 ELSE replying_at END" \
	    " WHERE network = ?1 AND id = ?2")				\
	X(TOUCH, "UPDATE triage SET updated = ?3, updated_by = ?4"	\
	    " WHERE network = ?1 AND id = ?2")				\
	X(TAG_ADD, "INSERT INTO tags (network, id, tag) VALUES (?1, ?2, ?3)" \
	    " ON CONFLICT DO NOTHING")					\
	X(TAG_DEL, "DELETE FROM tags WHERE network = ?1 AND id = ?2"	\
	    " AND tag = ?3")						\
	X(NOTE_ADD, "INSERT INTO notes (network, id, who, at, text)"	\
	    " VALUES (?1, ?2, ?3, ?4, ?5)")				\
	X(AUDIT_ADD, "INSERT INTO audit (at, who, action, network, id, detail," \
	    " change_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")		\
	X(CHANGE_DONE, "SELECT 1 FROM audit WHERE change_id = ?1")	\
	X(RECORDED, "SELECT 1 FROM audit WHERE network = ?1 AND id = ?2"	\
	    " AND action = 'record'")					\
	X(PRIORITY_GET, "SELECT priority FROM triage WHERE network = ?1"	\
	    " AND id = ?2")						\
	X(SET_PRIORITY, "UPDATE triage SET priority = ?3"		\
	    " WHERE network = ?1 AND id = ?2")				\
	X(GET, "SELECT t.status, t.assignee, t.replying, t.replying_at,"	\
	    " t.replied_by, t.first_seen, t.updated, t.updated_by,"	\
	    " coalesce(p.created, 0), (SELECT count(*) FROM notes n"	\
	    " WHERE n.network = t.network AND n.id = t.id), t.assigned_by," \
	    " t.priority FROM triage t LEFT JOIN posts p"		\
	    " ON p.network = t.network AND p.id = t.id"			\
	    " WHERE t.network = ?1 AND t.id = ?2")			\
	X(TAGS, "SELECT tag FROM tags WHERE network = ?1 AND id = ?2"	\
	    " ORDER BY tag")						\
	X(TAG_HAS, "SELECT 1 FROM tags WHERE network = ?1 AND id = ?2"	\
	    " AND tag = ?3")						\
	X(REPLYING_MINE, "SELECT count(*) FROM triage WHERE replying = ?1") \
	X(REPLYING_CLEAR_AUDIT, "INSERT INTO audit (at, who, action,"	\
	    " network, id, detail) SELECT ?2, ?1, 'replying-stopped',"	\
	    " network, id, '{}' FROM triage WHERE replying = ?1"	\
	    " ORDER BY network, id")					\
	X(REPLYING_CLEAR, "UPDATE triage SET replying = NULL,"		\
	    " replying_at = 0 WHERE replying = ?1")			\
	X(HISTORY, "SELECT seq, at, who, action, network, id, detail,"	\
	    " change_id"						\
	    " FROM audit WHERE network = ?1 AND id = ?2 ORDER BY seq")	\
	X(AUDIT_SINCE, "SELECT seq, at, who, action, network, id, detail," \
	    " change_id"						\
	    " FROM audit WHERE seq > ?1 ORDER BY seq")			\
	X(AUDIT_FROM, "SELECT seq, at, who, action, network, id, detail," \
	    " change_id"						\
	    " FROM audit WHERE at >= ?1 ORDER BY seq")			\
	X(LAST_SEQ, "SELECT coalesce(max(seq), 0) FROM audit")		\
	X(DATA_VERSION, "PRAGMA data_version")

enum store_stmt_id {
#define STORE_ENUM(name, sql) STORE_SQL_##name,
	STORE_STMTS(STORE_ENUM)
#undef STORE_ENUM
	STORE_SQL_COUNT
};

static const char *const store_sql[] = {
#define STORE_TEXT(name, sql) sql,
	STORE_STMTS(STORE_TEXT)
#undef STORE_TEXT
};

#define STORE_SQLITE_RECHECK_MS	1000	/* look again this long after a WAL
						 * write ... */
#define STORE_SQLITE_TICK_MS	50	/* ... this often */
#define STORE_SQLITE_POLL_MS	500	/* without inotify: this often */

struct store_sqlite {
	sqlite3		*db;
	char		*path;
	char		*who;
	int64_t		 data_version;
	sqlite3_stmt	*stmt[STORE_SQL_COUNT];

	/* Change detection: inotify on the directory, for the -wal file. */
	bool		 watching;	/* store_sqlite_watch_fd() was called */
	int		 watch;		/* -1: none */
	char		*watch_name;	/* the -wal file's name */
	int64_t		 recheck;	/* look again until (monotonic ms) */
};

static void	store_sqlite_close(void *);

/* --- errors ------------------------------------------------------------- */

/* Why path cannot be written: SQLite's errno is from its last fallback
 * (opening read-only), not from the attempt that mattered. */
static const char *
store_sqlite_why_unwritable(const char *path, int sys)
{
	struct stat	 sb;
	char		*dir, *slash;
	int		 e = 0;

	if (stat(path, &sb) == 0) {
		if (access(path, R_OK | W_OK) != 0)
			e = errno;
	} else if (errno == ENOTDIR)
		e = ENOTDIR;
	if (e == 0) {
		/* The file, or its -wal and -shm, must be created here. */
		dir = xstrdup(path);
		slash = strrchr(dir, '/');
		if (slash == dir)
			slash[1] = '\0';
		else if (slash != NULL)
			*slash = '\0';
		if (access(slash != NULL ? dir : ".", W_OK | X_OK) != 0)
			e = errno;
		free(dir);
	}
	if (e == 0)
		e = sys;
	return e != 0 ? strerror(e) : "read-only";
}

/* Describes rc (an SQLite result) for people; rolls back any transaction
 * left open, so an error never leaves the write lock taken. */
static void
store_sqlite_describe(sqlite3 *db, const char *path, int rc, char *err,
    size_t errlen)
{
	const char	*msg = db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
	int		 sys = db != NULL ? sqlite3_system_errno(db) : 0;

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		snprintf(err, errlen, "the triage store is busy (another "
		    "starling is writing); try again");
		break;
	case SQLITE_FULL:
		snprintf(err, errlen, "disk full writing %s", path);
		break;
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		snprintf(err, errlen, "%s: not writable (%s)", path,
		    store_sqlite_why_unwritable(path, sys));
		break;
	case SQLITE_NOTADB:
		snprintf(err, errlen, "%s: not a SQLite database", path);
		break;
	case SQLITE_CORRUPT:
		snprintf(err, errlen, "%s: the database is damaged (%s)", path,
		    msg);
		break;
	case SQLITE_IOERR:
		snprintf(err, errlen, "%s: I/O error (%s)", path,
		    sys != 0 ? strerror(sys) : msg);
		break;
	default:
		snprintf(err, errlen, "%s: %s", path, msg);
		break;
	}
}

static int
store_sqlite_fail(struct store_sqlite *s, int rc, char *err, size_t errlen)
{
	store_sqlite_describe(s->db, s->path, rc, err, errlen);
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* --- statements ----------------------------------------------------------- */

/* The statement, reset and unbound, or NULL (rc in *rcp). */
static sqlite3_stmt *
store_sqlite_stmt(struct store_sqlite *s, enum store_stmt_id which, int *rcp)
{
	sqlite3_stmt	**st = &s->stmt[which];

	if (*st == NULL) {
		*rcp = sqlite3_prepare_v3(s->db, store_sql[which], -1,
		    SQLITE_PREPARE_PERSISTENT, st, NULL);
		if (*rcp != SQLITE_OK) {
			*st = NULL;
			return NULL;
		}
	} else {
		sqlite3_reset(*st);
		sqlite3_clear_bindings(*st);
	}
	*rcp = SQLITE_OK;
	return *st;
}

static void
store_sqlite_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

/* Runs a statement that returns no rows with up to four text arguments
 * (NULL binds NULL) and an optional integer as the last. */
static int
store_sqlite_run(struct store_sqlite *s, enum store_stmt_id which,
    const char *a1, const char *a2, const char *a3, const char *a4)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = store_sqlite_stmt(s, which, &rc)) == NULL)
		return rc;
	store_sqlite_bind_text(st, 1, a1);
	store_sqlite_bind_text(st, 2, a2);
	if (sqlite3_bind_parameter_count(st) >= 3)
		store_sqlite_bind_text(st, 3, a3);
	if (sqlite3_bind_parameter_count(st) >= 4)
		store_sqlite_bind_text(st, 4, a4);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

static char *
store_sqlite_column_strdup(sqlite3_stmt *st, int i)
{
	const unsigned char	*v = sqlite3_column_text(st, i);

	return v != NULL ? xstrdup((const char *)v) : NULL;
}

/* Runs sql (no rows, or the first row's first column as an integer). */
static int
store_sqlite_exec_int(sqlite3 *db, const char *sql, int64_t *out)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL)) != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && out != NULL)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* --- opening ------------------------------------------------------------- */

/* mkdir -p of the directory holding path. */
static int
store_sqlite_mkdirs(const char *path, char *err, size_t errlen)
{
	char	*dir = xstrdup(path), *p;

	p = strrchr(dir, '/');
	if (p == NULL || p == dir) {
		free(dir);
		return 0;
	}
	*p = '\0';
	for (p = dir + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char	c = *p;

		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			snprintf(err, errlen, "%s: cannot create %s (%s)", path,
			    dir, strerror(errno));
			free(dir);
			return -1;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	free(dir);
	return 0;
}

static int
store_sqlite_migrate(struct store_sqlite *s, char *err, size_t errlen)
{
	int64_t		 version, tables;
	const char	*step;
	char		 sql[64];
	int		 rc;

	if ((rc = store_sqlite_exec_int(s->db, "PRAGMA user_version",
	    &version)) != 0)
		return store_sqlite_fail(s, rc, err, errlen);
	if (version == STORE_SCHEMA_VERSION)
		return 0;
	if (version < STORE_SCHEMA_VERSION) {
		/* Another process may be migrating: decide under the lock. */
		rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return store_sqlite_fail(s, rc, err, errlen);
		rc = store_sqlite_exec_int(s->db, "PRAGMA user_version",
		    &version);
		if (rc != SQLITE_OK)
			return store_sqlite_fail(s, rc, err, errlen);
	}
	if (version > STORE_SCHEMA_VERSION) {
		if (!sqlite3_get_autocommit(s->db))
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		snprintf(err, errlen, "%s: schema version %lld is newer than "
		    "this starling knows (%d); upgrade starling", s->path,
		    (long long)version, STORE_SCHEMA_VERSION);
		return -1;
	}
	if (version == 0) {
		rc = store_sqlite_exec_int(s->db,
		    "SELECT count(*) FROM sqlite_schema", &tables);
		if (rc != SQLITE_OK)
			return store_sqlite_fail(s, rc, err, errlen);
		if (tables != 0) {
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			snprintf(err, errlen, "%s: not a starling store (it "
			    "holds other tables)", s->path);
			return -1;
		}
	}
	for (; version < STORE_SCHEMA_VERSION; version++) {
		step = store_schema_step((int)version);
		rc = sqlite3_exec(s->db, step, NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return store_sqlite_fail(s, rc, err, errlen);
	}
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
	    STORE_SCHEMA_VERSION);
	if ((rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL)) != SQLITE_OK ||
	    (rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK)
		return store_sqlite_fail(s, rc, err, errlen);
	return 0;
}

static void *
store_sqlite_open(const char *path, const char *who, const char *password,
    bool wait, char *err, size_t errlen)
{
	struct store_sqlite	*s;
	sqlite3_stmt		*st;
	const char		*mode;
	bool			 wal;
	int			 rc;

	if (path == NULL || *path == '\0') {
		snprintf(err, errlen, "no store path");
		return NULL;
	}
	if (store_sqlite_mkdirs(path, err, errlen) != 0)
		return NULL;
	s = xcalloc(1, sizeof *s);
	s->watch = -1;
	s->path = xstrdup(path);
	s->who = xstrdup(who != NULL && *who != '\0' ? who : "unknown");

	rc = sqlite3_open_v2(path, &s->db,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK)
		goto fail;
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
	if (sqlite3_db_readonly(s->db, "main") == 1) {
		rc = SQLITE_READONLY;
		goto fail;
	}

	/* WAL needs shared memory between the processes, which network
	 * filesystems do not give; SQLite then keeps the old mode. */
	rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st,
	    NULL);
	if (rc != SQLITE_OK)
		goto fail;
	rc = sqlite3_step(st);
	mode = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) :
	    NULL;
	wal = mode != NULL && strcmp(mode, "wal") == 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		rc = rc == SQLITE_DONE ? SQLITE_ERROR : rc;
		goto fail;
	}
	if (!wal) {
		snprintf(err, errlen, "%s: cannot use WAL here (is it a network "
		    "filesystem?)", path);
		store_sqlite_close(s);
		return NULL;
	}
	if ((rc = store_sqlite_exec_int(s->db, "PRAGMA synchronous = NORMAL",
	    NULL)) != SQLITE_OK ||
	    (rc = store_sqlite_exec_int(s->db, "PRAGMA foreign_keys = ON",
	    NULL)) != SQLITE_OK)
		goto fail;
	if (store_sqlite_migrate(s, err, errlen) != 0) {
		store_sqlite_close(s);
		return NULL;
	}
	if ((rc = store_sqlite_exec_int(s->db, "PRAGMA data_version",
	    &s->data_version)) != SQLITE_OK)
		goto fail;
	return s;

fail:
	store_sqlite_describe(s->db, path, rc, err, errlen);
	store_sqlite_close(s);
	return NULL;
}

static void
store_sqlite_close(void *arg)
{
	struct store_sqlite	*s = arg;
	size_t	i;

	if (s == NULL)
		return;
	for (i = 0; i < STORE_SQL_COUNT; i++)
		sqlite3_finalize(s->stmt[i]);
	sqlite3_close_v2(s->db);
	if (s->watch >= 0)
		close(s->watch);
	free(s->watch_name);
	free(s->path);
	free(s->who);
	free(s);
}

static int
store_sqlite_schema_version(void *arg)
{
	struct store_sqlite	*s = arg;
	int64_t	v;

	if (store_sqlite_exec_int(s->db, "PRAGMA user_version", &v) !=
	    SQLITE_OK)
		return -1;
	return (int)v;
}

static void
store_sqlite_set_busy_timeout(void *arg, int ms)
{
	struct store_sqlite	*s = arg;

	sqlite3_busy_timeout(s->db, ms < 0 ? 0 : ms);
}

static int
store_sqlite_read_begin(void *arg, char *err, size_t errlen)
{
	struct store_sqlite	*s = arg;
	int	rc;

	/* BEGIN is deferred: the snapshot starts with the first read. */
	if ((rc = sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL)) != SQLITE_OK ||
	    (rc = store_sqlite_exec_int(s->db,
	    "SELECT 1 FROM sqlite_schema LIMIT 1", NULL)) != SQLITE_OK)
		return store_sqlite_fail(s, rc, err, errlen);
	return 0;
}

static void
store_sqlite_read_end(void *arg)
{
	struct store_sqlite	*s = arg;

	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
}

/* --- changes -------------------------------------------------------------- */

/* The post's snapshot, saved or refreshed. */
static int
store_sqlite_put_post(struct store_sqlite *s, const struct store_change *c,
    int64_t now)
{
	sqlite3_stmt	*st;
	char		*json;
	int		 rc;

	if ((st = store_sqlite_stmt(s, STORE_SQL_POST_PUT, &rc)) == NULL)
		return rc;
	json = post_to_json(c->post);
	store_sqlite_bind_text(st, 1, c->network);
	store_sqlite_bind_text(st, 2, c->id);
	sqlite3_bind_text(st, 3, json, -1, free);
	sqlite3_bind_int64(st, 4, c->post->created);
	sqlite3_bind_int64(st, 5, now);
	store_sqlite_bind_text(st, 6, c->post->author_handle);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The post's status and assignee (*assignee xmalloc'd or NULL). */
static int
store_sqlite_current(struct store_sqlite *s, const struct store_change *c,
    enum store_status *status, char **assignee)
{
	sqlite3_stmt	*st;
	int		 rc, v;

	*status = STORE_NEW;
	*assignee = NULL;
	if ((st = store_sqlite_stmt(s, STORE_SQL_CURRENT, &rc)) == NULL)
		return rc;
	store_sqlite_bind_text(st, 1, c->network);
	store_sqlite_bind_text(st, 2, c->id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = store_status_parse((const char *)sqlite3_column_text(st, 0));
		*status = v == -1 ? STORE_NEW : (enum store_status)v;
		*assignee = store_sqlite_column_strdup(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static void
store_sqlite_json_set_string(json_t *o, const char *key, const char *v)
{
	json_object_set_new(o, key, v != NULL ? json_string(v) : json_null());
}

/* Whether the post has the tag: 1, 0, or -1 with rc in *rcp. */
static int
store_sqlite_has_tag(struct store_sqlite *s, const struct store_change *c,
    int *rcp)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = store_sqlite_stmt(s, STORE_SQL_TAG_HAS, rcp)) == NULL)
		return -1;
	store_sqlite_bind_text(st, 1, c->network);
	store_sqlite_bind_text(st, 2, c->id);
	store_sqlite_bind_text(st, 3, c->arg);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*rcp = rc;
		return -1;
	}
	return rc == SQLITE_ROW;
}

/* RECORD: whether the post was recorded (1 or 0); PRIORITY: the post's
 * priority (0 without a row). -1 with rc in *rcp. */
static int
store_sqlite_has_row(struct store_sqlite *s, const struct store_change *c,
    int *rcp)
{
	sqlite3_stmt	*st;
	int		 rc, v = 0;

	st = store_sqlite_stmt(s, c->kind == STORE_CHANGE_RECORD ?
	    STORE_SQL_RECORDED : STORE_SQL_PRIORITY_GET, rcp);
	if (st == NULL)
		return -1;
	store_sqlite_bind_text(st, 1, c->network);
	store_sqlite_bind_text(st, 2, c->id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*rcp = rc;
		return -1;
	}
	return v;
}

/* A change that would change nothing, read inside the transaction (two
 * teammates racing get one change and one refusal): its message in
 * refusal, else refusal stays empty. */
static int
store_sqlite_noop(struct store_sqlite *s, const struct store_change *c,
    char *refusal, size_t len)
{
	enum store_status	 status;
	char			*assignee = NULL;
	int			 rc = SQLITE_OK, has;

	switch (c->kind) {
	case STORE_CHANGE_ASSIGN:
		if ((rc = store_sqlite_current(s, c, &status, &assignee)) != 0)
			break;
		if (c->arg == NULL && assignee == NULL)
			snprintf(refusal, len, "unassign: nobody is assigned");
		else if (c->arg != NULL && assignee != NULL &&
		    strcmp(c->arg, assignee) == 0)
			snprintf(refusal, len, "assign: already assigned to %s",
			    assignee);
		break;
	case STORE_CHANGE_TAG:
		if ((has = store_sqlite_has_tag(s, c, &rc)) == -1)
			break;
		if (c->on && has)
			snprintf(refusal, len, "tag: already tagged #%s",
			    c->arg);
		else if (!c->on && !has)
			snprintf(refusal, len, "untag: the post has no tag #%s",
			    c->arg);
		break;
	case STORE_CHANGE_STATUS:
		if ((rc = store_sqlite_current(s, c, &status, &assignee)) != 0)
			break;
		if (status == c->status)
			snprintf(refusal, len, "%s: already %s",
			    store_change_verb(c), store_status_name(status));
		else if (c->arg != NULL &&
		    (int)status != store_status_parse(c->arg))
			snprintf(refusal, len, "%s: it is %s, not %s",
			    store_change_verb(c), store_status_name(status),
			    c->arg);
		break;
	case STORE_CHANGE_RECORD:
	case STORE_CHANGE_PRIORITY:
		if ((has = store_sqlite_has_row(s, c, &rc)) == -1)
			break;
		if (c->kind == STORE_CHANGE_RECORD && has != 0)
			snprintf(refusal, len, "record: already recorded");
		else if (c->kind == STORE_CHANGE_PRIORITY &&
		    has == c->priority)
			snprintf(refusal, len, "priority: already %d",
			    c->priority);
		break;
	default:
		break;
	}
	free(assignee);
	return rc;
}

/* The change itself, inside the transaction; fills detail. */
static int
store_sqlite_change_run(struct store_sqlite *s, const struct store_change *c,
    int64_t now, json_t *detail)
{
	enum store_status	 status, next;
	char			*assignee = NULL, at[32];
	const char		*who = store_change_who(c, s->who);
	int			 rc = SQLITE_OK;
	sqlite3_stmt		*st;

	switch (c->kind) {
	case STORE_CHANGE_ASSIGN:
		if ((rc = store_sqlite_current(s, c, &status, &assignee)) != 0)
			break;
		next = store_change_assigned(c, status);
		rc = store_sqlite_run(s, STORE_SQL_SET_ASSIGNEE, c->network,
		    c->id, c->arg, store_status_name(next));
		if (rc == SQLITE_OK)
			rc = store_sqlite_run(s, STORE_SQL_SET_ASSIGNED_BY,
			    c->network, c->id, c->arg ? who : NULL, NULL);
		if (c->arg != NULL)
			json_object_set_new(detail, "assignee",
			    json_string(c->arg));
		store_sqlite_json_set_string(detail, "from", assignee);
		if (next != status)
			json_object_set_new(detail, "status",
			    json_string(store_status_name(next)));
		break;
	case STORE_CHANGE_TAG:
		rc = store_sqlite_run(s, c->on ? STORE_SQL_TAG_ADD :
		    STORE_SQL_TAG_DEL, c->network, c->id, c->arg, NULL);
		json_object_set_new(detail, "tag", json_string(c->arg));
		break;
	case STORE_CHANGE_STATUS:
		if ((rc = store_sqlite_current(s, c, &status, &assignee)) != 0)
			break;
		rc = store_sqlite_run(s, STORE_SQL_SET_STATUS, c->network,
		    c->id, store_status_name(c->status), NULL);
		json_object_set_new(detail, "status",
		    json_string(store_status_name(c->status)));
		json_object_set_new(detail, "from",
		    json_string(store_status_name(status)));
		break;
	case STORE_CHANGE_NOTE:
		st = store_sqlite_stmt(s, STORE_SQL_NOTE_ADD, &rc);
		if (st == NULL)
			break;
		store_sqlite_bind_text(st, 1, c->network);
		store_sqlite_bind_text(st, 2, c->id);
		store_sqlite_bind_text(st, 3, who);
		sqlite3_bind_int64(st, 4, now);
		store_sqlite_bind_text(st, 5, c->arg);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
		json_object_set_new(detail, "text", json_string(c->arg));
		break;
	case STORE_CHANGE_REPLYING:
		snprintf(at, sizeof at, "%lld", (long long)now);
		rc = store_sqlite_run(s, c->on ? STORE_SQL_REPLYING_START :
		    STORE_SQL_REPLYING_STOP, c->network, c->id, who, at);
		break;
	case STORE_CHANGE_ACTION:
		if (strcmp(c->arg, "reply") == 0)
			rc = store_sqlite_run(s, STORE_SQL_REPLIED, c->network,
			    c->id, who, NULL);
		break;
	case STORE_CHANGE_RECORD:
		break;
	case STORE_CHANGE_PRIORITY:
		snprintf(at, sizeof at, "%d", c->priority);
		rc = store_sqlite_run(s, STORE_SQL_SET_PRIORITY, c->network,
		    c->id, at, NULL);
		json_object_set_new(detail, "priority",
		    json_integer(c->priority));
		break;
	}
	free(assignee);
	return rc;
}

/* One change of a batch, inside its transaction: SQLITE_OK (done, or
 * skipped when optional and changing nothing), a refusal in refusal, or
 * an error code. */
static int
store_sqlite_apply_one(struct store_sqlite *s, const struct store_change *c,
    int64_t now, char *refusal, size_t len)
{
	json_t		*detail;
	sqlite3_stmt	*st;
	char		*text, stamp[32];
	const char	*who = store_change_who(c, s->who);
	bool		 row, touch;
	int		 rc;

	refusal[0] = '\0';
	rc = store_sqlite_noop(s, c, refusal, len);
	if (rc != SQLITE_OK || refusal[0] != '\0') {
		if (c->optional)
			refusal[0] = '\0';
		return rc;
	}
	/* store_apply_batch() made sure a detail is a JSON object. */
	detail = (c->kind == STORE_CHANGE_ACTION ||
	    c->kind == STORE_CHANGE_RECORD) && c->detail != NULL ?
	    json_loads(c->detail, 0, NULL) : json_object();
	if (detail == NULL)
		detail = json_object();
	store_change_effects(c, &row, &touch);
	snprintf(stamp, sizeof stamp, "%lld", (long long)now);
	if (c->post != NULL)
		rc = store_sqlite_put_post(s, c, now);
	if (rc == SQLITE_OK && row)
		rc = store_sqlite_run(s, STORE_SQL_ENSURE, c->network, c->id,
		    stamp, who);
	if (rc == SQLITE_OK)
		rc = store_sqlite_change_run(s, c, now, detail);
	if (rc == SQLITE_OK && touch)
		rc = store_sqlite_run(s, STORE_SQL_TOUCH, c->network, c->id,
		    stamp, who);
	if (rc == SQLITE_OK && (st = store_sqlite_stmt(s,
	    STORE_SQL_AUDIT_ADD, &rc)) != NULL) {
		text = json_dumps(detail, JSON_COMPACT);
		sqlite3_bind_int64(st, 1, now);
		store_sqlite_bind_text(st, 2, who);
		store_sqlite_bind_text(st, 3, store_change_action(c));
		store_sqlite_bind_text(st, 4, c->network);
		store_sqlite_bind_text(st, 5, c->id);
		sqlite3_bind_text(st, 6, text != NULL ? text : "{}", -1,
		    SQLITE_TRANSIENT);
		store_sqlite_bind_text(st, 7, c->change_id);
		free(text);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	json_decref(detail);
	return rc;
}

static int
store_sqlite_apply(void *arg, const struct store_change *c, size_t n,
    char *err, size_t errlen)
{
	struct store_sqlite	*s = arg;
	sqlite3_stmt		*st;
	char			 refusal[STORE_NAME_MAX + 64];
	int64_t			 now = (int64_t)time(NULL);
	size_t			 i;
	int			 rc;

	rc = store_sqlite_run(s, STORE_SQL_BEGIN, NULL, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return store_sqlite_fail(s, rc, err, errlen);
	/* Committed already (the same change tried again): done. */
	if ((st = store_sqlite_stmt(s, STORE_SQL_CHANGE_DONE, &rc)) == NULL)
		return store_sqlite_fail(s, rc, err, errlen);
	store_sqlite_bind_text(st, 1, c[0].change_id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return 0;
	}
	if (rc != SQLITE_DONE)
		return store_sqlite_fail(s, rc, err, errlen);
	rc = SQLITE_OK;
	for (i = 0; i < n && rc == SQLITE_OK; i++) {
		rc = store_sqlite_apply_one(s, &c[i], now, refusal,
		    sizeof refusal);
		if (rc == SQLITE_OK && refusal[0] != '\0') {
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			snprintf(err, errlen, "%s", refusal);
			return -1;
		}
	}
	if (rc == SQLITE_OK)
		rc = store_sqlite_run(s, STORE_SQL_COMMIT, NULL, NULL, NULL,
		    NULL);
	if (rc != SQLITE_OK)
		return store_sqlite_fail(s, rc, err, errlen);
	return 0;
}

/* Every mark of this user's, each with its audit row (the others' feed
 * sees them go); nothing is written when there is none. */
static int
store_sqlite_replying_clear(void *arg, char *err, size_t errlen)
{
	struct store_sqlite	*s = arg;
	sqlite3_stmt		*st;
	char			 stamp[32];
	int64_t			 mine = 0;
	int			 rc;

	if ((st = store_sqlite_stmt(s, STORE_SQL_REPLYING_MINE, &rc)) == NULL)
		return store_sqlite_fail(s, rc, err, errlen);
	store_sqlite_bind_text(st, 1, s->who);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		mine = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return store_sqlite_fail(s, rc, err, errlen);
	if (mine == 0)
		return 0;
	snprintf(stamp, sizeof stamp, "%lld", (long long)time(NULL));
	rc = store_sqlite_run(s, STORE_SQL_BEGIN, NULL, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = store_sqlite_run(s, STORE_SQL_REPLYING_CLEAR_AUDIT, s->who,
		    stamp, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = store_sqlite_run(s, STORE_SQL_REPLYING_CLEAR, s->who, NULL,
		    NULL, NULL);
	if (rc == SQLITE_OK)
		rc = store_sqlite_run(s, STORE_SQL_COMMIT, NULL, NULL, NULL,
		    NULL);
	if (rc != SQLITE_OK)
		return store_sqlite_fail(s, rc, err, errlen);
	return 0;
}

/* --- reads ---------------------------------------------------------------- */

static int
store_sqlite_read_tags(struct store_sqlite *s, struct store_triage *t)
{
	sqlite3_stmt	*st;
	size_t		 cap = 0;
	int		 rc;

	if ((st = store_sqlite_stmt(s, STORE_SQL_TAGS, &rc)) == NULL)
		return rc;
	store_sqlite_bind_text(st, 1, t->network);
	store_sqlite_bind_text(st, 2, t->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (t->ntags == cap) {
			cap = cap ? cap * 2 : 4;
			t->tags = xreallocarray(t->tags, cap, sizeof *t->tags);
		}
		t->tags[t->ntags++] = store_sqlite_column_strdup(st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* One triage row from the columns of GET (or of the same shape). */
static void
store_sqlite_read_triage(sqlite3_stmt *st, int off, struct store_triage *t)
{
	int	v;

	v = store_status_parse((const char *)sqlite3_column_text(st, off));
	t->status = v == -1 ? STORE_NEW : (enum store_status)v;
	t->assignee = store_sqlite_column_strdup(st, off + 1);
	t->replying = store_sqlite_column_strdup(st, off + 2);
	t->replying_at = sqlite3_column_int64(st, off + 3);
	t->replied_by = store_sqlite_column_strdup(st, off + 4);
	t->first_seen = sqlite3_column_int64(st, off + 5);
	t->updated = sqlite3_column_int64(st, off + 6);
	t->updated_by = store_sqlite_column_strdup(st, off + 7);
	t->created = sqlite3_column_int64(st, off + 8);
	t->nnotes = (size_t)sqlite3_column_int64(st, off + 9);
	t->assigned_by = store_sqlite_column_strdup(st, off + 10);
	t->priority = sqlite3_column_int(st, off + 11);
}

static int
store_sqlite_get(void *arg, const char *network, const char *id,
    struct store_triage *out)
{
	struct store_sqlite	*s = arg;
	sqlite3_stmt		*st;
	int			 rc;

	memset(out, 0, sizeof *out);
	if (network == NULL || id == NULL)
		return 0;
	if ((st = store_sqlite_stmt(s, STORE_SQL_GET, &rc)) == NULL)
		return -1;
	store_sqlite_bind_text(st, 1, network);
	store_sqlite_bind_text(st, 2, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? 0 : -1;
	}
	out->network = xstrdup(network);
	out->id = xstrdup(id);
	store_sqlite_read_triage(st, 0, out);
	sqlite3_reset(st);
	if (store_sqlite_read_tags(s, out) != SQLITE_OK) {
		store_triage_free(out);
		return -1;
	}
	return 1;
}

static struct post *
store_sqlite_get_post(void *arg, const char *network, const char *id)
{
	struct store_sqlite	*s = arg;
	sqlite3_stmt		*st;
	struct post		*p = NULL;
	int			 rc;

	if (network == NULL || id == NULL ||
	    (st = store_sqlite_stmt(s, STORE_SQL_POST_GET, &rc)) == NULL)
		return NULL;
	store_sqlite_bind_text(st, 1, network);
	store_sqlite_bind_text(st, 2, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		p = post_from_json((const char *)sqlite3_column_text(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0));
	sqlite3_reset(st);
	return p;
}

static int
store_sqlite_author_posts(void *arg, const char *network, const char *handle,
    size_t max, bool (*cb)(const struct post *, const struct store_triage *,
    void *), void *cbarg)
{
	struct store_sqlite	*s = arg;
	struct store_triage	 t;
	struct post		*p;
	sqlite3_stmt		*st;
	bool			 go = true;
	int			 rc;

	if ((st = store_sqlite_stmt(s, STORE_SQL_AUTHOR_POSTS, &rc)) == NULL)
		return -1;
	store_sqlite_bind_text(st, 1, network);
	store_sqlite_bind_text(st, 2, handle);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)max);
	while (go && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		p = post_from_json((const char *)sqlite3_column_text(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0));
		if (p == NULL)
			continue;
		memset(&t, 0, sizeof t);
		if (sqlite3_column_int(st, 13)) {
			t.network = xstrdup(network);
			t.id = store_sqlite_column_strdup(st, 14);
			store_sqlite_read_triage(st, 1, &t);
		}
		go = cb(p, sqlite3_column_int(st, 13) ? &t : NULL, cbarg);
		store_triage_free(&t);
		post_unref(p);
	}
	sqlite3_reset(st);
	return go && rc != SQLITE_DONE ? -1 : 0;
}

/* Collects the audit rows st returns. */
static int
store_sqlite_read_audit(sqlite3_stmt *st, struct store_audit **out, size_t *n)
{
	struct store_audit	*a = NULL;
	size_t			 cap = 0, i;
	int			 rc;

	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			a = xreallocarray(a, cap, sizeof *a);
		}
		a[*n].seq = sqlite3_column_int64(st, 0);
		a[*n].at = sqlite3_column_int64(st, 1);
		a[*n].who = store_sqlite_column_strdup(st, 2);
		a[*n].action = store_sqlite_column_strdup(st, 3);
		a[*n].network = store_sqlite_column_strdup(st, 4);
		a[*n].id = store_sqlite_column_strdup(st, 5);
		a[*n].detail = store_sqlite_column_strdup(st, 6);
		a[*n].change_id = store_sqlite_column_strdup(st, 7);
		(*n)++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		for (i = 0; i < *n; i++)
			store_audit_free(&a[i]);
		free(a);
		*n = 0;
		return -1;
	}
	*out = a;
	return 0;
}

static int
store_sqlite_history(void *arg, const char *network, const char *id,
    struct store_audit **out, size_t *n)
{
	struct store_sqlite	*s = arg;
	sqlite3_stmt		*st;
	int			 rc;

	*out = NULL;
	*n = 0;
	if ((st = store_sqlite_stmt(s, STORE_SQL_HISTORY, &rc)) == NULL)
		return -1;
	store_sqlite_bind_text(st, 1, network);
	store_sqlite_bind_text(st, 2, id);
	return store_sqlite_read_audit(st, out, n);
}

/* The audit rows a statement with one number to bind selects. */
static int
store_sqlite_audit_by(struct store_sqlite *s, enum store_stmt_id which,
    int64_t value, struct store_audit **out, size_t *n)
{
	sqlite3_stmt	*st;
	int		 rc;

	*out = NULL;
	*n = 0;
	if ((st = store_sqlite_stmt(s, which, &rc)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, value);
	return store_sqlite_read_audit(st, out, n);
}

static int
store_sqlite_audit_since(void *arg, int64_t after, struct store_audit **out,
    size_t *n)
{
	return store_sqlite_audit_by(arg, STORE_SQL_AUDIT_SINCE, after, out, n);
}

static int
store_sqlite_audit_from(void *arg, int64_t since, struct store_audit **out,
    size_t *n)
{
	return store_sqlite_audit_by(arg, STORE_SQL_AUDIT_FROM, since, out, n);
}

static int
store_sqlite_audit_each(void *arg, int64_t since,
    bool (*cb)(const struct store_audit *, void *), void *cbarg)
{
	struct store_sqlite	*s = arg;
	struct store_audit	 a;
	sqlite3_stmt		*st;
	int			 rc;
	bool			 go = true;

	/* Its own statement, so cb may read the store; one row at a time. */
	rc = sqlite3_prepare_v2(s->db, "SELECT seq, at, who, action, network,"
	    " id, detail, change_id FROM audit WHERE at >= ?1 ORDER BY seq",
	    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, since);
	while (go && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		a.seq = sqlite3_column_int64(st, 0);
		a.at = sqlite3_column_int64(st, 1);
		a.who = (char *)sqlite3_column_text(st, 2);
		a.action = (char *)sqlite3_column_text(st, 3);
		a.network = (char *)sqlite3_column_text(st, 4);
		a.id = (char *)sqlite3_column_text(st, 5);
		a.detail = (char *)sqlite3_column_text(st, 6);
		a.change_id = (char *)sqlite3_column_text(st, 7);
		go = cb(&a, cbarg);
	}
	sqlite3_finalize(st);
	return go && rc != SQLITE_DONE ? -1 : 0;
}

static int64_t
store_sqlite_last_seq(void *arg)
{
	struct store_sqlite	*s = arg;
	sqlite3_stmt		*st;
	int64_t			 seq = -1;
	int			 rc;

	if ((st = store_sqlite_stmt(s, STORE_SQL_LAST_SEQ, &rc)) == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		seq = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return seq;
}

static int
store_sqlite_each(void *arg, bool (*cb)(const struct store_triage *, void *),
    void *cbarg)
{
	struct store_sqlite	*s = arg;
	struct store_triage	 t;
	sqlite3_stmt		*st;
	int			 rc;
	bool			 go = true;

	/* Its own statement, so cb may read the store (even store_each). */
	rc = sqlite3_prepare_v2(s->db, "SELECT t.network, t.id, t.status,"
	    " t.assignee, t.replying, t.replying_at, t.replied_by,"
	    " t.first_seen, t.updated, t.updated_by, coalesce(p.created, 0),"
	    " (SELECT count(*) FROM notes n"
	    " WHERE n.network = t.network AND n.id = t.id), t.assigned_by,"
	    " t.priority FROM triage t LEFT JOIN posts p"
	    " ON p.network = t.network AND p.id = t.id"
	    " ORDER BY t.network, t.id", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return -1;
	while (go && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&t, 0, sizeof t);
		t.network = store_sqlite_column_strdup(st, 0);
		t.id = store_sqlite_column_strdup(st, 1);
		store_sqlite_read_triage(st, 2, &t);
		if (store_sqlite_read_tags(s, &t) != SQLITE_OK) {
			store_triage_free(&t);
			rc = SQLITE_ERROR;
			break;
		}
		go = cb(&t, cbarg);
		store_triage_free(&t);
	}
	sqlite3_finalize(st);
	return go && rc != SQLITE_DONE ? -1 : 0;
}

/* A descriptor that inotify makes readable when a file in the store's
 * directory is written; store_sqlite_changed() reads it. */
static int
store_sqlite_watch_fd(void *arg)
{
	struct store_sqlite	*s = arg;
	const char		*slash = strrchr(s->path, '/');
	char			*dir;

	if (s->watching)
		return s->watch;
	s->watching = true;
	if ((s->watch = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) < 0)
		return -1;
	if (slash == NULL)
		dir = xstrdup(".");
	else if (slash == s->path)
		dir = xstrdup("/");
	else
		dir = xstrndup(s->path, (size_t)(slash - s->path));
	xasprintf(&s->watch_name, "%s-wal", slash ? slash + 1 : s->path);
	if (inotify_add_watch(s->watch, dir, IN_MODIFY | IN_CREATE |
	    IN_MOVED_TO | IN_CLOSE_WRITE) < 0) {
		close(s->watch);
		s->watch = -1;
	}
	free(dir);
	return s->watch;
}

/* Whether the watch saw the WAL written (reading every event there is). */
static bool
store_sqlite_wal_written(struct store_sqlite *s)
{
	union {
		struct inotify_event	ev;	/* aligns the buffer */
		char			buf[4096];
	} u;
	const struct inotify_event	*ev;
	ssize_t				 len;
	char				*p;
	bool				 wal = false;

	while ((len = read(s->watch, u.buf, sizeof u.buf)) > 0)
		for (p = u.buf; p < u.buf + len; p += sizeof *ev + ev->len) {
			ev = (const struct inotify_event *)(void *)p;
			if (ev->len && strcmp(ev->name, s->watch_name) == 0)
				wal = true;
		}
	return wal;
}

static bool
store_sqlite_changed(void *arg)
{
	struct store_sqlite	*s = arg;
	sqlite3_stmt		*st;
	int64_t			 v;
	bool			 changed = false;
	int			 rc;

	if (s->watch >= 0) {
		/* Only a write to the WAL means someone committed; the WAL is
		 * written before the index that says the commit is there, so
		 * keep looking for a moment after each write. */
		if (store_sqlite_wal_written(s))
			s->recheck = clock_mono_ms() + STORE_SQLITE_RECHECK_MS;
		else if (clock_mono_ms() > s->recheck)
			return false;
	}
	if ((st = store_sqlite_stmt(s, STORE_SQL_DATA_VERSION, &rc)) == NULL)
		return false;
	if (sqlite3_step(st) == SQLITE_ROW) {
		v = sqlite3_column_int64(st, 0);
		changed = v != s->data_version;
		s->data_version = v;
	}
	sqlite3_reset(st);
	return changed;
}

static int
store_sqlite_watch_again(void *arg)
{
	struct store_sqlite	*s = arg;

	if (!s->watching)
		return -1;
	if (s->watch < 0)
		return STORE_SQLITE_POLL_MS;
	return clock_mono_ms() <= s->recheck ? STORE_SQLITE_TICK_MS : -1;
}

struct store_dump_ctx {
	int	(*cb)(const struct store_record *, void *);
	void	*arg;
	int	 rc;
};

static bool
store_sqlite_dump_triage(const struct store_triage *t, void *arg)
{
	struct store_dump_ctx	*ctx = arg;
	struct store_record	 r = { .kind = STORE_RECORD_TRIAGE };

	r.network = t->network;
	r.id = t->id;
	r.triage = t;
	ctx->rc = ctx->cb(&r, ctx->arg);
	return ctx->rc == 0;
}

static bool
store_sqlite_dump_audit(const struct store_audit *a, void *arg)
{
	struct store_dump_ctx	*ctx = arg;
	struct store_record	 r = { .kind = STORE_RECORD_AUDIT };

	r.network = a->network;
	r.id = a->id;
	r.audit = a;
	ctx->rc = ctx->cb(&r, ctx->arg);
	return ctx->rc == 0;
}

static const char *
store_sqlite_offline(void *arg)
{
	return NULL;	/* a file is there or an error says why not */
}

/* Every post, triage row, note and audit entry, for store_migrate(). */
static int
store_sqlite_dump(void *arg, int (*cb)(const struct store_record *, void *),
    void *cbarg)
{
	static const char *const sql[] = {
		"SELECT network, id, json, created, saved FROM posts"
		" ORDER BY network, id",
		"SELECT network, id, who, at, text FROM notes ORDER BY nid",
	};
	struct store_sqlite	*s = arg;
	struct store_record	 r;
	struct store_dump_ctx	 ctx = { cb, cbarg, 0 };
	sqlite3_stmt		*st;
	size_t			 i;
	int			 rc = SQLITE_DONE;

	for (i = 0; i < 2 && ctx.rc == 0; i++) {
		if (i == 1 && store_sqlite_each(s, store_sqlite_dump_triage,
		    &ctx) != 0)
			return -1;
		if (ctx.rc != 0)
			break;
		if (sqlite3_prepare_v2(s->db, sql[i], -1, &st, NULL) !=
		    SQLITE_OK)
			return -1;
		while (ctx.rc == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			memset(&r, 0, sizeof r);
			r.kind = i == 0 ? STORE_RECORD_POST : STORE_RECORD_NOTE;
			r.network = (const char *)sqlite3_column_text(st, 0);
			r.id = (const char *)sqlite3_column_text(st, 1);
			if (i == 0) {
				r.json = (const char *)sqlite3_column_text(st,
				    2);
				r.created = sqlite3_column_int64(st, 3);
				r.saved = sqlite3_column_int64(st, 4);
			} else {
				r.who = (const char *)sqlite3_column_text(st,
				    2);
				r.at = sqlite3_column_int64(st, 3);
				r.text = (const char *)sqlite3_column_text(st,
				    4);
			}
			ctx.rc = cb(&r, cbarg);
		}
		sqlite3_finalize(st);
		if (ctx.rc == 0 && rc != SQLITE_DONE)
			return -1;
	}
	if (ctx.rc == 0 && store_sqlite_audit_each(s, 0,
	    store_sqlite_dump_audit, &ctx) != 0)
		return -1;
	return ctx.rc;
}

const struct store_backend store_sqlite_backend = {
	.name = "sqlite",
	.open = store_sqlite_open,
	.close = store_sqlite_close,
	.schema_version = store_sqlite_schema_version,
	.set_busy_timeout = store_sqlite_set_busy_timeout,
	.read_begin = store_sqlite_read_begin,
	.read_end = store_sqlite_read_end,
	.apply = store_sqlite_apply,
	.replying_clear = store_sqlite_replying_clear,
	.get = store_sqlite_get,
	.get_post = store_sqlite_get_post,
	.author_posts = store_sqlite_author_posts,
	.history = store_sqlite_history,
	.each = store_sqlite_each,
	.audit_since = store_sqlite_audit_since,
	.audit_from = store_sqlite_audit_from,
	.audit_each = store_sqlite_audit_each,
	.last_seq = store_sqlite_last_seq,
	.watch_fd = store_sqlite_watch_fd,
	.changed = store_sqlite_changed,
	.watch_again = store_sqlite_watch_again,
	.offline = store_sqlite_offline,
	.dump = store_sqlite_dump,
};
