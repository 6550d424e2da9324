/* test_store.c — the triage store: migrations, every change and its audit
 * row, status rules, the change feed, log and export, and the errors a user
 * can meet (not writable, no WAL, busy, disk full, newer schema). Every file
 * lives under one mkdtemp directory in /tmp.
 *
 * With STARLING_TEST_PG_URL set (tests/pg/check.sh sets it to a throw-away
 * server's), the same tests of what every backend does run against
 * PostgreSQL, each on a database of its own, with PostgreSQL's own tests
 * (reconnecting, naming the server, copying a SQLite store in) instead of
 * SQLite's file tests. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <sqlite3.h>

#include "harness.h"
#include "pgdb.h"
#include "starling/post.h"
#include "starling/store.h"

/* One change through the one write path: CHANGE(s, TAG, network, id,
 * .arg = "x", .on = true). */
#define CHANGE(s, k, net, pid, ...)	store_apply((s),			\
	&(struct store_change){ .kind = STORE_CHANGE_##k, .network = (net),	\
	.id = (pid), __VA_ARGS__ }, err, sizeof err)

static char	 tmp[64];
static int	 nfile;
static sqlite3	*last_db;	/* the newest connection opened (auto extension) */
static char	 err[512];
static const char *pg;		/* STARLING_TEST_PG_URL, or NULL: SQLite */

static bool
is_pg(const char *path)
{
	return strncmp(path, "postgresql://", 13) == 0;
}

/* A new path in the temporary directory, or a new database. */
static const char *
path_new(const char *name)
{
	static char	buf[8][256];
	static int	next;
	char		*p = buf[next++ % 8];

	if (pg != NULL)
		pgdb_new(pg, "t", name, p, sizeof buf[0]);
	else
		snprintf(p, sizeof buf[0], "%s/%d-%s", tmp, nfile++, name);
	return p;
}

/* sqlite or pg, whichever backend the tests run on. */
#define BY_BACKEND(sqlite, postgres)	(pg != NULL ? (postgres) : (sqlite))

/* The fixtures' SQLite SQL in PostgreSQL's words (xmalloc'd): the two
 * functions they use. */
static char *
pg_sql(const char *sql)
{
	static const char *const from[] = { "strftime('%s', 'now')", "char(" };
	static const char *const to[] = { "extract(epoch from now())::bigint",
	    "chr(" };
	char		*out = calloc(1, strlen(sql) * 3 + 1), *o = out;
	size_t		 i;

	while (*sql != '\0') {
		for (i = 0; i < 2; i++)
			if (strncmp(sql, from[i], strlen(from[i])) == 0)
				break;
		if (i < 2) {
			o += sprintf(o, "%s", to[i]);
			sql += strlen(from[i]);
		} else
			*o++ = *sql++;
	}
	return out;
}

/* Runs sql on a PostgreSQL connection of our own: 0 or 1, and the first
 * column of the first row in *v. */
static int
pg_raw(const char *url, const char *sql, long long *v)
{
	PGconn		*c = PQconnectdb(url);
	char		*text = pg_sql(sql);
	PGresult	*res = PQexec(c, text);
	int		 st = PQresultStatus(res), rc;

	rc = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? 0 : 1;
	if (v != NULL)
		*v = rc == 0 && PQntuples(res) > 0 ?
		    strtoll(PQgetvalue(res, 0, 0), NULL, 10) : -1;
	PQclear(res);
	PQfinish(c);
	free(text);
	return rc;
}

static int
capture_db(sqlite3 *db, const char **msg, const void *api)
{
	(void)msg;
	(void)api;
	last_db = db;
	return SQLITE_OK;
}

static struct store *
open_ok(const char *path, const char *who)
{
	struct store	*s;

	err[0] = '\0';
	s = store_open(path, who, err, sizeof err);
	if (s == NULL)
		printf("  store_open %s: %s\n", path, err);
	return s;
}

/* Runs sql on a connection of our own; the first column of the first row
 * as an integer (or -1). */
static long long
raw_int(const char *path, const char *sql)
{
	sqlite3		*db;
	sqlite3_stmt	*st;
	long long	 v = -1;

	if (is_pg(path))
		return pg_raw(path, sql, &v) == 0 ? v : -1;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return v;
}

static int
raw_exec(const char *path, const char *sql)
{
	sqlite3	*db;
	int	 rc;

	if (is_pg(path))
		return pg_raw(path, sql, NULL);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	sqlite3_busy_timeout(db, 2000);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

static struct post *
make_post(const char *network, const char *id, const char *text)
{
	struct post	t = { 0 };

	t.network = network;
	t.id = id;
	t.text = text;
	t.author_name = "Zoë";
	t.author_handle = "zoe";
	t.url = "https://example.social/@zoe/1";
	t.created = 1795356303;
	t.likes = 4;
	return post_new(&t);
}

static void
free_audit(struct store_audit *a, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		store_audit_free(&a[i]);
	free(a);
}

/* The last audit entry, or a zeroed one. */
static struct store_audit
last_audit(struct store *s)
{
	struct store_audit	*a, out = { 0 };
	size_t			 n, i;

	if (store_audit_since(s, 0, &a, &n) == 0 && n > 0) {
		out = a[n - 1];
		for (i = 0; i + 1 < n; i++)
			store_audit_free(&a[i]);
		free(a);
	}
	return out;
}

static enum store_status
status_of(struct store *s, const char *network, const char *id)
{
	struct store_triage	t;
	enum store_status	st;

	if (store_get(s, network, id, &t) != 1)
		return STORE_NEW;
	st = t.status;
	store_triage_free(&t);
	return st;
}

static char *
slurp(FILE *f)
{
	long	 len;
	char	*buf;

	fflush(f);
	len = ftell(f);
	buf = calloc(1, (size_t)len + 1);
	rewind(f);
	if (fread(buf, 1, (size_t)len, f) != (size_t)len)
		buf[0] = '\0';
	return buf;
}

/* store_changed(), once the watch has had up to a second to say so (a
 * notification crosses a socket; SQLite's file is there at once). */
static bool
changed_soon(struct store *s)
{
	struct pollfd	pfd = { .events = POLLIN };

	if (pg != NULL && (pfd.fd = store_watch_fd(s)) >= 0)
		poll(&pfd, 1, 1000);
	return store_changed(s);
}

/* --- opening and migrating ------------------------------------------------ */

TEST(creates_and_migrates_an_empty_file)
{
	char		 dir[256], path[300];
	struct store	*s;

	/* The directory is created too. */
	snprintf(dir, sizeof dir, "%s/new/deeper", tmp);
	snprintf(path, sizeof path, "%s/triage.db", dir);
	s = open_ok(path, "alice");
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK_INT_EQ(store_schema_version(s), STORE_SCHEMA_VERSION);
	CHECK_STR_EQ(store_path(s), path);
	store_close(s);
	CHECK_INT_EQ(raw_int(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	CHECK_INT_EQ(raw_int(path, "SELECT count(*) FROM sqlite_schema WHERE "
	    "name IN ('posts', 'triage', 'tags', 'notes', 'audit')"), 5);
	CHECK_INT_EQ(raw_int(path, "SELECT count(*) FROM audit"), 0);
	/* WAL is a property of the file: a plain connection sees it. */
	CHECK_INT_EQ(raw_int(path, "SELECT journal_mode = 'wal' FROM "
	    "pragma_journal_mode"), 1);
}

TEST(migrates_existing_version_0_files)
{
	const char	*empty = path_new("empty.db"), *fresh = path_new("v0.db");
	struct store	*s;
	FILE		*f;

	/* A zero-byte file. */
	f = fopen(empty, "w");
	fclose(f);
	s = open_ok(empty, "alice");
	CHECK(s != NULL);
	CHECK_INT_EQ(s ? store_schema_version(s) : -1, STORE_SCHEMA_VERSION);
	store_close(s);
	/* A database with no tables, at version 0. */
	CHECK_INT_EQ(raw_exec(fresh, "PRAGMA user_version = 0; VACUUM"), 0);
	s = open_ok(fresh, "alice");
	CHECK(s != NULL);
	CHECK_INT_EQ(s ? store_schema_version(s) : -1, STORE_SCHEMA_VERSION);
	store_close(s);
	/* Every step exists and is non-empty. */
	for (int v = 0; v < STORE_SCHEMA_VERSION; v++)
		CHECK(store_schema_step(v) != NULL && *store_schema_step(v));
	CHECK(store_schema_step(STORE_SCHEMA_VERSION) == NULL);
	CHECK(store_schema_step(-1) == NULL);
}

/* A file written by the first release (schema 1) opens, keeps its data,
 * and learns who assigned each post. */
TEST(migrates_a_version_1_file)
{
	const char		*path = path_new("v1.db");
	struct store		*s;
	struct store_triage	 t = { 0 };
	char			 sql[8192];

	snprintf(sql, sizeof sql, "%s PRAGMA user_version = 1;"
	    "INSERT INTO triage (network, id, status, assignee, first_seen,"
	    " updated, updated_by) VALUES ('demo', 'p1', 'assigned', 'bob', 1,"
	    " 2, 'alice');", store_schema_step(0));
	CHECK_INT_EQ(raw_exec(path, sql), 0);
	s = open_ok(path, "carol");
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK_INT_EQ(store_schema_version(s), STORE_SCHEMA_VERSION);
	CHECK_INT_EQ(store_get(s, "demo", "p1", &t), 1);
	CHECK_STR_EQ(t.assignee, "bob");
	CHECK_STR_EQ(t.assigned_by, "alice");
	store_triage_free(&t);
	/* New assignments record who made them. */
	CHECK_INT_EQ(store_apply(s, &(struct store_change){
	    .kind = STORE_CHANGE_ASSIGN, .network = "demo", .id = "p1",
	    .arg = "dave" }, NULL, 0), 0);
	memset(&t, 0, sizeof t);
	CHECK_INT_EQ(store_get(s, "demo", "p1", &t), 1);
	CHECK_STR_EQ(t.assigned_by, "carol");
	store_triage_free(&t);
	store_close(s);
}

TEST(refuses_files_that_are_not_stores)
{
	const char	*other = path_new("other.db"), *junk = path_new("junk.db");
	struct store	*s;
	FILE		*f;

	CHECK_INT_EQ(raw_exec(other, "CREATE TABLE contacts (name TEXT)"), 0);
	s = store_open(other, "alice", err, sizeof err);
	CHECK(s == NULL);
	CHECK(strstr(err, other) != NULL);
	CHECK(strstr(err, "not a starling store") != NULL);
	store_close(s);
	/* Left as it was. */
	CHECK_INT_EQ(raw_int(other, "SELECT count(*) FROM sqlite_schema"), 1);

	f = fopen(junk, "w");
	fputs("this is not a database, just some text long enough to "
	    "look like a header of one........................", f);
	fclose(f);
	s = store_open(junk, "alice", err, sizeof err);
	CHECK(s == NULL);
	CHECK(strstr(err, junk) != NULL);
	CHECK(strstr(err, "not a SQLite database") != NULL);
	store_close(s);
}

TEST(reopening_keeps_data)
{
	const char		*path = path_new("reopen.db");
	struct store		*s;
	struct store_triage	 t;
	struct post		*p = make_post("demo", "1", "kept"), *q;

	s = open_ok(path, "alice");
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK_INT_EQ(CHANGE(s, ASSIGN, "demo", "1", .post = p, .arg = "bob"),
	    0);
	CHECK_INT_EQ(CHANGE(s, TAG, "demo", "1", .arg = "vip", .on = true), 0);
	store_close(s);
	s = open_ok(path, "carol");
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK_INT_EQ(store_get(s, "demo", "1", &t), 1);
	CHECK_STR_EQ(t.assignee, "bob");
	CHECK_INT_EQ(t.status, STORE_ASSIGNED);
	CHECK_INT_EQ(t.ntags, 1);
	CHECK_STR_EQ(t.ntags ? t.tags[0] : NULL, "vip");
	CHECK_STR_EQ(t.updated_by, "alice");
	CHECK_INT_EQ(t.created, 1795356303);
	store_triage_free(&t);
	q = store_get_post(s, "demo", "1");
	CHECK(q != NULL);
	CHECK_STR_EQ(q ? q->text : NULL, "kept");
	CHECK_STR_EQ(q ? q->author_name : NULL, "Zoë");
	post_unref(q);
	CHECK_INT_EQ(store_last_seq(s), 2);
	store_close(s);
	post_unref(p);
}

TEST(addresses_pick_the_backend)
{
	static const struct {
		const char	*url, *shown;
	} urls[] = {
		{ "postgresql://alice:s3cret@db.example:5432/triage",
		    "postgresql://alice:***@db.example:5432/triage" },
		{ "postgres://db.example/triage?user=a&password=s3cret&x=1",
		    "postgres://db.example/triage?user=a&password=***&x=1" },
		{ "postgresql://db.example/triage",
		    "postgresql://db.example/triage" },
		{ "host=db.example dbname=triage password=s3cret",
		    "host=db.example dbname=triage password=***" },
		{ "dbname = triage password = 's3 \\'cret' user=x",
		    "dbname = triage password = *** user=x" },
	};
	static const char *const refused[] = {
		"postgresql://alice:s3cret@127.0.0.1:1/triage",
		"postgres://127.0.0.1:1/triage?user=a&password=s3cret",
		"host=127.0.0.1 port=1 dbname=triage password=s3cret",
		"dbname = triage password = 's3 \\'cret' host=127.0.0.1 port=1",
	};
	const char	*path = path_new("url.db");
	char		 url[300], *shown;
	struct store	*s;
	size_t		 i;

	/* PostgreSQL addresses open the PostgreSQL backend: here a port
	 * on this host nothing listens on, named without the password. */
	for (i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		err[0] = '\0';
		CHECK(store_open(refused[i], "alice", err, sizeof err) == NULL);
		CHECK_STR_EQ(err, "PostgreSQL triage store (host 127.0.0.1 "
		    "port 1, database triage): Connection refused");
		CHECK(strstr(err, "s3") == NULL);
	}
	for (i = 0; i < sizeof urls / sizeof urls[0]; i++) {
		shown = store_url_redact(urls[i].url);
		CHECK_STR_EQ(shown, urls[i].shown);
		free(shown);
	}
	/* sqlite: and sqlite:// name a file, as a plain path does. */
	snprintf(url, sizeof url, "sqlite:%s", path);
	s = open_ok(url, "alice");
	CHECK(s != NULL);
	CHECK_STR_EQ(s ? store_path(s) : NULL, path);
	CHECK_INT_EQ(s ? CHANGE(s, TAG, "d", "1", .arg = "x", .on = true) : -1,
	    0);
	store_close(s);
	snprintf(url, sizeof url, "sqlite://%s", path);
	s = open_ok(url, "bob");
	CHECK_INT_EQ(s ? store_last_seq(s) : -1, 1);
	store_close(s);
	s = open_ok(path, "carol");
	CHECK_INT_EQ(s ? store_last_seq(s) : -1, 1);
	store_close(s);
	CHECK(store_open("sqlite:", "alice", err, sizeof err) == NULL);
	CHECK(store_open("", "alice", err, sizeof err) == NULL);
	/* A reader does not create a store. */
	snprintf(url, sizeof url, "%s/none/triage.db", tmp);
	CHECK(store_open_existing(url, "alice", NULL, err, sizeof err) == NULL);
	CHECK(strstr(err, "no triage store at ") == err);
	CHECK(access(url, F_OK) != 0);
	s = store_open_existing(path, "alice", NULL, err, sizeof err);
	CHECK(s != NULL);
	store_close(s);
}

TEST(refuses_a_newer_schema)
{
	const char	*path = path_new("newer.db");
	struct store	*s = open_ok(path, "alice");
	char		 want[64];

	store_close(s);
	CHECK_INT_EQ(raw_exec(path, "PRAGMA user_version = 99"), 0);
	s = store_open(path, "alice", err, sizeof err);
	CHECK(s == NULL);
	CHECK(strstr(err, path) != NULL);
	snprintf(want, sizeof want, "schema version 99 is newer than this "
	    "starling knows (%d)", STORE_SCHEMA_VERSION);
	CHECK(strstr(err, want) != NULL);
	store_close(s);
	CHECK_INT_EQ(raw_int(path, "PRAGMA user_version"), 99);
}

/* --- changes and their audit rows ---------------------------------------- */

TEST(never_triaged_is_new)
{
	struct store		*s = open_ok(path_new("new.db"), "alice");
	struct store_triage	 t;

	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK_INT_EQ(store_get(s, "demo", "nope", &t), 0);
	CHECK_INT_EQ(t.status, STORE_NEW);
	CHECK(t.assignee == NULL && t.ntags == 0);
	CHECK(store_get_post(s, "demo", "nope") == NULL);
	CHECK_INT_EQ(store_last_seq(s), 0);
	store_close(s);
}

TEST(every_change_writes_its_audit_row)
{
	struct store		*s = open_ok(path_new("ops.db"), "alice");
	struct store_audit	*a;
	size_t			 n;
	struct post		*p = make_post("demo", "1", "hello");
	static const struct {
		const char	*action, *detail;
	} want[] = {
		{ "assign", "{\"assignee\":\"bob\",\"from\":null,"
		    "\"status\":\"assigned\"}" },
		{ "unassign", "{\"from\":\"bob\",\"status\":\"open\"}" },
		{ "tag", "{\"tag\":\"complaint\"}" },
		{ "untag", "{\"tag\":\"complaint\"}" },
		{ "status", "{\"status\":\"done\",\"from\":\"open\"}" },
		{ "note", "{\"text\":\"called them, \\\"fixed\\\"\\nline 2\"}" },
		{ "replying", "{}" },
		{ "replying-stopped", "{}" },
		{ "reply", "{\"account\":\"me@example\",\"text\":\"thanks!\"}" },
		{ "like", "{}" },
	};

	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK_INT_EQ(CHANGE(s, ASSIGN, "demo", "1", .post = p, .arg = "bob"),
	    0);
	CHECK_INT_EQ(CHANGE(s, ASSIGN, "demo", "1", .arg = NULL), 0);
	CHECK_INT_EQ(CHANGE(s, TAG, "demo", "1", .arg = "complaint",
	    .on = true), 0);
	CHECK_INT_EQ(CHANGE(s, TAG, "demo", "1", .arg = "complaint"), 0);
	CHECK_INT_EQ(CHANGE(s, STATUS, "demo", "1", .status = STORE_DONE), 0);
	CHECK_INT_EQ(CHANGE(s, NOTE, "demo", "1",
	    .arg = "called them, \"fixed\"\nline 2"), 0);
	CHECK_INT_EQ(CHANGE(s, REPLYING, "demo", "1", .on = true), 0);
	CHECK_INT_EQ(CHANGE(s, REPLYING, "demo", "1", .on = false), 0);
	CHECK_INT_EQ(CHANGE(s, ACTION, "demo", "1", .arg = "reply",
	    .detail = "{\"account\": \"me@example\", \"text\": \"thanks!\"}"),
	    0);
	CHECK_INT_EQ(CHANGE(s, ACTION, "demo", "1", .arg = "like"), 0);

	CHECK_INT_EQ(store_history(s, "demo", "1", &a, &n), 0);
	CHECK_INT_EQ(n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < n && i < sizeof want / sizeof want[0]; i++) {
		CHECK_INT_EQ(a[i].seq, (long long)i + 1);
		CHECK_STR_EQ(a[i].action, want[i].action);
		CHECK_STR_EQ(a[i].detail, want[i].detail);
		CHECK_STR_EQ(a[i].who, "alice");
		CHECK_STR_EQ(a[i].network, "demo");
		CHECK_STR_EQ(a[i].id, "1");
		CHECK(labs((long)(a[i].at - time(NULL))) < 5);
	}
	free_audit(a, n);
	CHECK_INT_EQ(store_last_seq(s), 10);
	/* Another post has its own history. */
	CHECK_INT_EQ(store_history(s, "demo", "2", &a, &n), 0);
	CHECK_INT_EQ(n, 0);
	free_audit(a, n);
	store_close(s);
	post_unref(p);
}

TEST(status_transitions)
{
	struct store		*s = open_ok(path_new("status.db"), "alice");
	struct store_triage	 t;

	CHECK(s != NULL);
	if (s == NULL)
		return;
#define ASSIGN(who) CHECK_INT_EQ(CHANGE(s, ASSIGN, "d", "1", .arg = who), 0)
#define STATUS(st) CHECK_INT_EQ(CHANGE(s, STATUS, "d", "1", .status = st), 0)
	CHECK_INT_EQ(status_of(s, "d", "1"), STORE_NEW);
	ASSIGN("bob");
	CHECK_INT_EQ(status_of(s, "d", "1"), STORE_ASSIGNED);
	ASSIGN(NULL);
	CHECK_INT_EQ(status_of(s, "d", "1"), STORE_OPEN);
	ASSIGN("carol");
	STATUS(STORE_DONE);
	CHECK_INT_EQ(store_get(s, "d", "1", &t), 1);
	CHECK_INT_EQ(t.status, STORE_DONE);
	CHECK_STR_EQ(t.assignee, "carol");	/* done keeps who had it */
	store_triage_free(&t);
	ASSIGN(NULL);
	CHECK_INT_EQ(status_of(s, "d", "1"), STORE_DONE);	/* stays done */
	STATUS(STORE_IGNORED);
	/* Nobody has it since the unassign above: refused, nothing changes. */
	CHECK_INT_EQ(CHANGE(s, ASSIGN, "d", "1", .arg = NULL), -1);
	CHECK_INT_EQ(status_of(s, "d", "1"), STORE_IGNORED);
	STATUS(STORE_OPEN);				/* reopen */
	CHECK_INT_EQ(status_of(s, "d", "1"), STORE_OPEN);
	ASSIGN("bob");					/* assign a done post */
	CHECK_INT_EQ(status_of(s, "d", "1"), STORE_ASSIGNED);
	CHECK_INT_EQ(CHANGE(s, ACTION, "d", "1", .arg = "reply"), 0);
	CHECK_INT_EQ(status_of(s, "d", "1"), STORE_REPLIED);
	ASSIGN(NULL);
	CHECK_INT_EQ(status_of(s, "d", "1"), STORE_REPLIED);	/* kept */
	/* A tag or a note leaves a new post new (but triaged). */
	CHECK_INT_EQ(CHANGE(s, TAG, "d", "2", .arg = "x", .on = true), 0);
	CHECK_INT_EQ(store_get(s, "d", "2", &t), 1);
	CHECK_INT_EQ(t.status, STORE_NEW);
	store_triage_free(&t);
	/* Bad status. */
	CHECK_INT_EQ(CHANGE(s, STATUS, "d", "1",
	    .status = (enum store_status)42), -1);
	for (int i = STORE_NEW; i <= STORE_IGNORED; i++)
		CHECK_INT_EQ(store_status_parse(store_status_name(
		    (enum store_status)i)), i);
	CHECK_INT_EQ(store_status_parse("closed"), -1);
	CHECK_INT_EQ(store_status_parse(NULL), -1);
#undef ASSIGN
#undef STATUS
	store_close(s);
}

TEST(tags_are_sorted_and_no_ops_refused)
{
	struct store		*s = open_ok(path_new("tags.db"), "alice");
	struct store_triage	 t;
	struct store_audit	*a;
	size_t			 n;

	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK_INT_EQ(CHANGE(s, TAG, "d", "1", .arg = "zeta", .on = true), 0);
	CHECK_INT_EQ(CHANGE(s, TAG, "d", "1", .arg = "alpha", .on = true), 0);
	CHECK_INT_EQ(CHANGE(s, TAG, "d", "1", .arg = "zeta", .on = true), -1);
	CHECK_STR_EQ(err, "tag: already tagged #zeta");
	CHECK_INT_EQ(store_get(s, "d", "1", &t), 1);
	CHECK_INT_EQ(t.ntags, 2);
	if (t.ntags == 2) {
		CHECK_STR_EQ(t.tags[0], "alpha");
		CHECK_STR_EQ(t.tags[1], "zeta");
	}
	store_triage_free(&t);
	CHECK_INT_EQ(CHANGE(s, TAG, "d", "1", .arg = "zeta"), 0);
	CHECK_INT_EQ(CHANGE(s, TAG, "d", "1", .arg = "zeta"), -1);
	CHECK_STR_EQ(err, "untag: the post has no tag #zeta");
	CHECK_INT_EQ(CHANGE(s, TAG, "d", "1", .arg = "never"), -1);
	CHECK_INT_EQ(store_get(s, "d", "1", &t), 1);
	CHECK_INT_EQ(t.ntags, 1);
	CHECK_STR_EQ(t.ntags ? t.tags[0] : NULL, "alpha");
	store_triage_free(&t);
	/* Only what changed something is audited. */
	CHECK_INT_EQ(store_history(s, "d", "1", &a, &n), 0);
	CHECK_INT_EQ(n, 3);
	free_audit(a, n);
	CHECK_INT_EQ(CHANGE(s, TAG, "d", "1", .arg = "", .on = true), -1);
	CHECK_INT_EQ(CHANGE(s, TAG, "d", "1", .on = true), -1);
	store_close(s);
}

TEST(no_op_changes_are_refused)
{
	struct store	*s = open_ok(path_new("noop.db"), "alice");
	int64_t		 seq;

	CHECK(s != NULL);
	if (s == NULL)
		return;
	/* Unassigning a post nobody has, even an untouched one. */
	CHECK_INT_EQ(CHANGE(s, ASSIGN, "d", "1", .arg = NULL), -1);
	CHECK_STR_EQ(err, "unassign: nobody is assigned");
	CHECK_INT_EQ(store_last_seq(s), 0);
	CHECK_INT_EQ(raw_int(store_path(s), "SELECT count(*) FROM triage"), 0);
	CHECK_INT_EQ(CHANGE(s, ASSIGN, "d", "1", .arg = "bob"), 0);
	CHECK_INT_EQ(CHANGE(s, ASSIGN, "d", "1", .arg = "bob"), -1);
	CHECK_STR_EQ(err, "assign: already assigned to bob");
	CHECK_INT_EQ(CHANGE(s, STATUS, "d", "1", .status = STORE_DONE), 0);
	seq = store_last_seq(s);
	CHECK_INT_EQ(CHANGE(s, STATUS, "d", "1", .status = STORE_DONE), -1);
	CHECK_STR_EQ(err, "done: already done");
	CHECK_INT_EQ(CHANGE(s, STATUS, "d", "1", .status = STORE_IGNORED), 0);
	CHECK_INT_EQ(CHANGE(s, STATUS, "d", "1", .status = STORE_IGNORED), -1);
	CHECK_STR_EQ(err, "ignore: already ignored");
	CHECK_INT_EQ(CHANGE(s, STATUS, "d", "1", .status = STORE_OPEN), 0);
	CHECK_INT_EQ(CHANGE(s, STATUS, "d", "1", .status = STORE_OPEN), -1);
	CHECK_STR_EQ(err, "reopen: already open");
	/* Three changes since seq, the refusals wrote nothing. */
	CHECK_INT_EQ(store_last_seq(s), seq + 2);
	CHECK_INT_EQ(status_of(s, "d", "1"), STORE_OPEN);
	/* Notes, replies and actions are never no-ops. */
	CHECK_INT_EQ(CHANGE(s, NOTE, "d", "1", .arg = "x"), 0);
	CHECK_INT_EQ(CHANGE(s, NOTE, "d", "1", .arg = "x"), 0);
	store_close(s);
}

TEST(a_batch_records_once_with_its_rules)
{
	const char		*path = path_new("batch.db");
	struct store		*a = open_ok(path, "alice"), *b = open_ok(path,
				    "bob");
	struct store_triage	 t;
	struct store_audit	*au;
	size_t			 n, i;
	int64_t			 seq;
	struct store_change	 batch[] = {
		{ .kind = STORE_CHANGE_RECORD, .network = "d", .id = "7",
		  .detail = "{\"column\": \"Mentions\"}" },
		{ .kind = STORE_CHANGE_TAG, .network = "d", .id = "7",
		  .arg = "refund", .on = true, .who = "rule refunds",
		  .optional = true },
		{ .kind = STORE_CHANGE_PRIORITY, .network = "d", .id = "7",
		  .priority = 3, .who = "rule refunds", .optional = true },
		{ .kind = STORE_CHANGE_ASSIGN, .network = "d", .id = "7",
		  .arg = "carol", .who = "rule refunds", .optional = true },
	};

	CHECK(a != NULL && b != NULL);
	if (a == NULL || b == NULL)
		return;
	/* A tag from before the post was recorded: the rule's tag is then
	 * a no-op, skipped, and the rest of the batch still happens. */
	CHECK_INT_EQ(CHANGE(a, TAG, "d", "7", .arg = "refund", .on = true), 0);
	seq = store_last_seq(a);
	CHECK_INT_EQ(store_apply_batch(a, batch, 4, err, sizeof err), 0);
	/* bob's deck saw the same post: refused as a whole. */
	CHECK_INT_EQ(store_apply_batch(b, batch, 4, err, sizeof err), -1);
	CHECK_STR_EQ(err, "record: already recorded");
	CHECK_INT_EQ(store_audit_since(a, seq, &au, &n), 0);
	CHECK_INT_EQ(n, 3);
	if (n == 3) {
		CHECK_STR_EQ(au[0].action, "record");
		CHECK_STR_EQ(au[0].who, "alice");
		CHECK(strstr(au[0].detail, "Mentions") != NULL);
		CHECK_STR_EQ(au[1].action, "priority");
		CHECK_STR_EQ(au[1].who, "rule refunds");
		CHECK_STR_EQ(au[2].action, "assign");
		CHECK_STR_EQ(au[2].who, "rule refunds");
		/* One change id for the batch, others derived from it. */
		CHECK(strncmp(au[2].change_id, au[0].change_id,
		    strlen(au[0].change_id)) == 0);
	}
	for (i = 0; i < n; i++)
		store_audit_free(&au[i]);
	free(au);
	CHECK_INT_EQ(store_get(b, "d", "7", &t), 1);
	CHECK_INT_EQ(t.priority, 3);
	CHECK_STR_EQ(t.assignee, "carol");
	CHECK_STR_EQ(t.assigned_by, "rule refunds");
	CHECK_INT_EQ(t.status, STORE_ASSIGNED);
	store_triage_free(&t);
	/* A non-optional no-op refuses the batch: nothing is written. */
	seq = store_last_seq(a);
	CHECK_INT_EQ(CHANGE(a, PRIORITY, "d", "7", .priority = 3), -1);
	CHECK_STR_EQ(err, "priority: already 3");
	batch[0].kind = STORE_CHANGE_NOTE;
	batch[0].arg = "first";
	batch[3].optional = false;
	CHECK_INT_EQ(store_apply_batch(a, batch, 4, err, sizeof err), -1);
	CHECK_STR_EQ(err, "assign: already assigned to carol");
	CHECK_INT_EQ(store_last_seq(a), seq);
	/* A recorded post is new, and only a record makes it so. */
	CHECK_INT_EQ(CHANGE(a, RECORD, "d", "8", .detail = NULL), 0);
	CHECK_INT_EQ(store_get(a, "d", "8", &t), 1);
	CHECK_INT_EQ(t.status, STORE_NEW);
	CHECK_INT_EQ(t.priority, 0);
	store_triage_free(&t);
	CHECK_INT_EQ(CHANGE(b, RECORD, "d", "8", .detail = NULL), -1);
	CHECK_STR_EQ(err, "record: already recorded");
	CHECK_INT_EQ(CHANGE(a, PRIORITY, "d", "8", .priority = -1), -1);
	store_close(b);
	store_close(a);
}

static bool
author_cb(const struct post *p, const struct store_triage *t, void *arg)
{
	char	*out = arg;
	size_t	 len = strlen(out);

	snprintf(out + len, 256 - len, "%s:%s:%s ", p->id,
	    t != NULL ? store_status_name(t->status) : "-",
	    t != NULL && t->replied_by != NULL ? t->replied_by : "-");
	return true;
}

TEST(an_authors_history_is_newest_first)
{
	struct store	*s = open_ok(path_new("author.db"), "alice");
	struct post	*p[4];
	char		 out[256] = "", id[16];
	int		 i;

	CHECK(s != NULL);
	if (s == NULL)
		return;
	for (i = 0; i < 4; i++) {
		snprintf(id, sizeof id, "%d", i);
		p[i] = post_new(&(struct post){ .network = "d", .id = id,
		    .author_handle = i == 2 ? "other" : "dana", .text = "hi",
		    .created = 1000 + i });
	}
	CHECK_INT_EQ(CHANGE(s, RECORD, "d", "0", .post = p[0]), 0);
	CHECK_INT_EQ(CHANGE(s, ACTION, "d", "0", .arg = "reply"), 0);
	CHECK_INT_EQ(CHANGE(s, TAG, "d", "2", .post = p[2], .arg = "x",
	    .on = true), 0);
	/* A like keeps the post but makes no triage row. */
	CHECK_INT_EQ(CHANGE(s, ACTION, "d", "3", .post = p[3], .arg = "like"),
	    0);
	CHECK_INT_EQ(CHANGE(s, STATUS, "d", "1", .post = p[1],
	    .status = STORE_DONE), 0);
	CHECK_INT_EQ(store_author_posts(s, "d", "dana", 10, author_cb, out),
	    0);
	CHECK_STR_EQ(out, "3:-:- 1:done:- 0:replied:alice ");
	out[0] = '\0';
	CHECK_INT_EQ(store_author_posts(s, "d", "dana", 1, author_cb, out),
	    0);
	CHECK_STR_EQ(out, "3:-:- ");
	for (i = 0; i < 4; i++)
		post_unref(p[i]);
	store_close(s);
}

TEST(racing_teammates_get_one_change)
{
	const char	*path = path_new("race.db");
	struct store	*a = open_ok(path, "alice"), *b = open_ok(path, "bob");
	int		 ra, rb;

	CHECK(a != NULL && b != NULL);
	if (a == NULL || b == NULL)
		return;
	CHECK_INT_EQ(CHANGE(a, ASSIGN, "d", "1", .arg = "carol"), 0);
	/* Both saw it open and press d: one is done, the other told so. */
	ra = CHANGE(a, STATUS, "d", "1", .status = STORE_DONE);
	rb = CHANGE(b, STATUS, "d", "1", .status = STORE_DONE);
	CHECK_INT_EQ(ra, 0);
	CHECK_INT_EQ(rb, -1);
	CHECK_STR_EQ(err, "done: already done");
	CHECK_INT_EQ(raw_int(path, "SELECT count(*) FROM audit WHERE "
	    "action = 'status'"), 1);
	store_close(b);
	store_close(a);
}

TEST(a_new_start_clears_its_own_replying_marks)
{
	const char		*path = path_new("stale.db");
	struct store		*a = open_ok(path, "alice"), *b;
	struct store_triage	 t;
	struct store_audit	*au;
	size_t			 n;
	int64_t			 seq;

	CHECK(a != NULL);
	if (a == NULL)
		return;
	CHECK_INT_EQ(CHANGE(a, REPLYING, "d", "1", .on = true), 0);
	CHECK_INT_EQ(CHANGE(a, REPLYING, "d", "2", .on = true), 0);
	b = open_ok(path, "bob");
	CHECK_INT_EQ(CHANGE(b, REPLYING, "d", "3", .on = true), 0);
	/* Alice's starling was killed; it starts again. */
	store_close(a);
	a = open_ok(path, "alice");
	seq = store_last_seq(a);
	CHECK_INT_EQ(store_replying_clear(a, err, sizeof err), 0);
	CHECK_INT_EQ(store_get(b, "d", "1", &t), 1);
	CHECK(t.replying == NULL);
	store_triage_free(&t);
	CHECK_INT_EQ(store_get(b, "d", "2", &t), 1);
	CHECK(t.replying == NULL);
	store_triage_free(&t);
	/* Bob's mark is his. */
	CHECK_INT_EQ(store_get(b, "d", "3", &t), 1);
	CHECK_STR_EQ(t.replying, "bob");
	store_triage_free(&t);
	/* Everyone's feed hears of it. */
	CHECK_INT_EQ(store_audit_since(b, seq, &au, &n), 0);
	CHECK_INT_EQ(n, 2);
	for (size_t i = 0; i < n; i++) {
		CHECK_STR_EQ(au[i].action, "replying-stopped");
		CHECK_STR_EQ(au[i].who, "alice");
	}
	free_audit(au, n);
	/* Nothing to clear writes nothing. */
	seq = store_last_seq(a);
	CHECK_INT_EQ(store_replying_clear(a, err, sizeof err), 0);
	CHECK_INT_EQ(store_last_seq(a), seq);
	store_close(b);
	store_close(a);
}

TEST(notes_are_kept_in_order)
{
	struct store		*s = open_ok(path_new("notes.db"), "alice");
	struct store		*b;
	struct store_triage	 t;
	struct store_audit	*a;
	size_t			 n;

	CHECK(s != NULL);
	if (s == NULL)
		return;
	b = open_ok(store_path(s), "bob");
	CHECK_INT_EQ(CHANGE(s, NOTE, "d", "1", .arg = "first"), 0);
	CHECK_INT_EQ(CHANGE(b, NOTE, "d", "1", .arg = "second ✨"), 0);
	CHECK_INT_EQ(CHANGE(s, NOTE, "d", "1", .arg = ""), -1);
	CHECK(strstr(err, "empty") != NULL);
	CHECK_INT_EQ(store_get(s, "d", "1", &t), 1);
	CHECK_INT_EQ(t.nnotes, 2);
	CHECK_INT_EQ(t.status, STORE_NEW);
	CHECK_STR_EQ(t.updated_by, "bob");
	store_triage_free(&t);
	CHECK_INT_EQ(store_history(s, "d", "1", &a, &n), 0);
	CHECK_INT_EQ(n, 2);
	if (n == 2) {
		CHECK_STR_EQ(a[0].who, "alice");
		CHECK_STR_EQ(a[0].detail, "{\"text\":\"first\"}");
		CHECK_STR_EQ(a[1].who, "bob");
		CHECK_STR_EQ(a[1].detail, "{\"text\":\"second ✨\"}");
	}
	free_audit(a, n);
	store_close(b);
	store_close(s);
}

TEST(replying_start_and_stop)
{
	const char		*path = path_new("replying.db");
	struct store		*s = open_ok(path, "alice"), *b = open_ok(path, "bob");
	struct store_triage	 t;
	time_t			 now = time(NULL);

	CHECK(s != NULL && b != NULL);
	if (s == NULL || b == NULL)
		return;
	CHECK_INT_EQ(CHANGE(s, REPLYING, "d", "1", .on = true), 0);
	CHECK_INT_EQ(store_get(b, "d", "1", &t), 1);
	CHECK_STR_EQ(t.replying, "alice");
	CHECK(t.replying_at >= now - 1 && t.replying_at <= now + 5);
	store_triage_free(&t);
	/* Bob stopping does not clear Alice's mark. */
	CHECK_INT_EQ(CHANGE(b, REPLYING, "d", "1", .on = false), 0);
	CHECK_INT_EQ(store_get(b, "d", "1", &t), 1);
	CHECK_STR_EQ(t.replying, "alice");
	store_triage_free(&t);
	CHECK_INT_EQ(CHANGE(s, REPLYING, "d", "1", .on = false), 0);
	CHECK_INT_EQ(store_get(b, "d", "1", &t), 1);
	CHECK(t.replying == NULL);
	CHECK_INT_EQ(t.replying_at, 0);
	store_triage_free(&t);
	/* Sending the reply clears one's own mark. */
	CHECK_INT_EQ(CHANGE(s, REPLYING, "d", "1", .on = true), 0);
	CHECK_INT_EQ(CHANGE(s, ACTION, "d", "1", .arg = "reply",
	    .detail = "{}"), 0);
	CHECK_INT_EQ(store_get(b, "d", "1", &t), 1);
	CHECK(t.replying == NULL);
	store_triage_free(&t);
	store_close(b);
	store_close(s);
}

TEST(actions_audit_and_a_reply_marks_replied)
{
	struct store		*s = open_ok(path_new("action.db"), "alice");
	struct store_triage	 t;
	struct store_audit	 a;
	struct post		*p = make_post("demo", "5", "liked post"), *q;

	CHECK(s != NULL);
	if (s == NULL)
		return;
	/* A like is audited (and the post kept) but does not triage it. */
	CHECK_INT_EQ(CHANGE(s, ACTION, "demo", "5", .post = p, .arg = "like",
	    .detail = "{\"account\":\"me\"}"), 0);
	CHECK_INT_EQ(store_get(s, "demo", "5", &t), 0);
	a = last_audit(s);
	CHECK_STR_EQ(a.action, "like");
	CHECK_STR_EQ(a.detail, "{\"account\":\"me\"}");
	store_audit_free(&a);
	q = store_get_post(s, "demo", "5");
	CHECK_STR_EQ(q ? q->text : NULL, "liked post");
	post_unref(q);

	CHECK_INT_EQ(CHANGE(s, ACTION, "demo", "5", .arg = "reply",
	    .detail = "{\"account\":\"me\",\"text\":\"on it\",\"target\":\"demo/5\"}"),
	    0);
	CHECK_INT_EQ(store_get(s, "demo", "5", &t), 1);
	CHECK_INT_EQ(t.status, STORE_REPLIED);
	CHECK_STR_EQ(t.replied_by, "alice");
	CHECK_STR_EQ(t.updated_by, "alice");
	store_triage_free(&t);
	/* Bad input is refused before anything is written. */
	CHECK_INT_EQ(CHANGE(s, ACTION, "demo", "5", .arg = "reply",
	    .detail = "not json"), -1);
	CHECK(strstr(err, "not a JSON object") != NULL);
	CHECK_INT_EQ(CHANGE(s, ACTION, "demo", "5", .arg = "reply",
	    .detail = "[1]"), -1);
	CHECK_INT_EQ(CHANGE(s, ACTION, "demo", "5", .arg = ""), -1);
	CHECK_INT_EQ(CHANGE(s, ASSIGN, "", "5", .arg = "bob"), -1);
	CHECK_INT_EQ(CHANGE(s, ASSIGN, "demo", NULL, .arg = "bob"), -1);
	CHECK_INT_EQ(store_last_seq(s), 2);
	store_close(s);
	post_unref(p);
}

TEST(snapshot_is_refreshed)
{
	struct store	*s = open_ok(path_new("snap.db"), "alice");
	struct post	*p1 = make_post("demo", "1", "old"), *p2, *q;

	CHECK(s != NULL);
	if (s == NULL)
		return;
	p2 = make_post("demo", "1", "edited");
	CHECK_INT_EQ(CHANGE(s, TAG, "demo", "1", .post = p1, .arg = "a",
	    .on = true), 0);
	CHECK_INT_EQ(CHANGE(s, TAG, "demo", "1", .post = p2, .arg = "b",
	    .on = true), 0);
	q = store_get_post(s, "demo", "1");
	CHECK_STR_EQ(q ? q->text : NULL, "edited");
	post_unref(q);
	/* A change without a post keeps the snapshot. */
	CHECK_INT_EQ(CHANGE(s, TAG, "demo", "1", .arg = "c", .on = true), 0);
	q = store_get_post(s, "demo", "1");
	CHECK_STR_EQ(q ? q->text : NULL, "edited");
	post_unref(q);
	post_unref(p1);
	post_unref(p2);
	store_close(s);
}

/* --- reads and the change feed ------------------------------------------- */

static bool
count_each(const struct store_triage *t, void *arg)
{
	int	*n = arg;

	(*n)++;
	return *n < 2 || t == NULL;	/* stop after two */
}

static bool
collect_each(const struct store_triage *t, void *arg)
{
	char	*buf = arg;

	strcat(buf, t->id);
	strcat(buf, t->ntags ? t->tags[0] : "-");
	strcat(buf, " ");
	return true;
}

TEST(each_visits_every_triaged_post)
{
	struct store	*s = open_ok(path_new("each.db"), "alice");
	char		 buf[256] = "";
	int		 n = 0;

	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK_INT_EQ(CHANGE(s, TAG, "d", "3", .arg = "c", .on = true), 0);
	CHECK_INT_EQ(CHANGE(s, ASSIGN, "d", "1", .arg = "bob"), 0);
	CHECK_INT_EQ(CHANGE(s, TAG, "d", "2", .arg = "b", .on = true), 0);
	CHECK_INT_EQ(CHANGE(s, ACTION, "d", "4", .arg = "like"), 0);
	CHECK_INT_EQ(store_each(s, collect_each, buf), 0);
	CHECK_STR_EQ(buf, "1- 2b 3c ");
	CHECK_INT_EQ(store_each(s, count_each, &n), 0);
	CHECK_INT_EQ(n, 2);
	store_close(s);
}

TEST(changed_sees_other_connections_only)
{
	const char	*path = path_new("changed.db");
	struct store	*a = open_ok(path, "alice"), *b = open_ok(path, "bob");

	CHECK(a != NULL && b != NULL);
	if (a == NULL || b == NULL)
		return;
	CHECK(!store_changed(a));
	CHECK(!store_changed(b));
	CHECK_INT_EQ(CHANGE(a, ASSIGN, "d", "1", .arg = "bob"), 0);
	CHECK(!store_changed(a));		/* its own commit */
	CHECK(store_changed(b));
	CHECK(!store_changed(b));		/* once */
	CHECK_INT_EQ(CHANGE(b, TAG, "d", "1", .arg = "x", .on = true), 0);
	CHECK_INT_EQ(CHANGE(b, TAG, "d", "1", .arg = "y", .on = true), 0);
	CHECK(store_changed(a));
	CHECK(!store_changed(a));
	/* A failed write changes nothing. */
	CHECK_INT_EQ(CHANGE(b, NOTE, "d", "1", .arg = ""), -1);
	CHECK(!store_changed(a));
	store_close(a);
	store_close(b);
}

TEST(watch_says_when_another_connection_wrote)
{
	const char	*path = path_new("watch.db");
	struct store	*a = open_ok(path, "alice"), *b = open_ok(path, "bob");
	struct pollfd	 pfd = { .events = POLLIN };
	int		 i, again;
	bool		 seen = false;

	CHECK(a != NULL && b != NULL);
	if (a == NULL || b == NULL)
		return;
	CHECK_INT_EQ(store_watch_again(a), -1);	/* not watching yet */
	pfd.fd = store_watch_fd(a);
	CHECK(pfd.fd >= 0);
	CHECK_INT_EQ(store_watch_fd(a), pfd.fd);	/* one descriptor */
	/* Idle: nothing to read, nothing to ask again for. */
	CHECK(!store_changed(a));
	CHECK_INT_EQ(poll(&pfd, 1, 0), 0);
	CHECK_INT_EQ(store_watch_again(a), -1);
	CHECK_INT_EQ(CHANGE(b, TAG, "d", "1", .arg = "x", .on = true), 0);
	CHECK_INT_EQ(poll(&pfd, 1, 1000), 1);
	/* Asked as the descriptor and store_watch_again() say. */
	for (i = 0; i < 40 && !seen; i++) {
		seen = store_changed(a);
		again = store_watch_again(a);
		CHECK(again > 0 && again <= 50);
		if (!seen)
			poll(&pfd, 1, again);
	}
	CHECK(seen);
	CHECK(!store_changed(a));
	CHECK_INT_EQ(poll(&pfd, 1, 0), 0);	/* store_changed() read it */
	/* A second after the write, it stops asking. */
	usleep(1100 * 1000);
	CHECK(!store_changed(a));
	CHECK_INT_EQ(store_watch_again(a), -1);
	/* Its own writes show on the descriptor too; store_changed() is
	 * about other connections. */
	CHECK_INT_EQ(CHANGE(a, TAG, "d", "1", .arg = "y", .on = true), 0);
	CHECK_INT_EQ(poll(&pfd, 1, 1000), 1);
	CHECK(!store_changed(a));
	store_close(a);
	store_close(b);
}

TEST(audit_since_is_the_change_feed)
{
	const char		*path = path_new("feed.db");
	struct store		*a = open_ok(path, "alice"), *b = open_ok(path, "bob");
	struct store_audit	*au;
	size_t			 n;
	int64_t			 seen;

	CHECK(a != NULL && b != NULL);
	if (a == NULL || b == NULL)
		return;
	if (pg != NULL)		/* PostgreSQL hears only while listening */
		store_watch_fd(b);
	CHECK_INT_EQ(CHANGE(a, ASSIGN, "d", "1", .arg = "bob"), 0);
	seen = store_last_seq(b);
	CHECK_INT_EQ(seen, 1);
	CHECK_INT_EQ(CHANGE(a, TAG, "d", "2", .arg = "x", .on = true), 0);
	CHECK_INT_EQ(CHANGE(a, STATUS, "d", "1", .status = STORE_DONE), 0);
	CHECK(changed_soon(b));
	CHECK_INT_EQ(store_audit_since(b, seen, &au, &n), 0);
	CHECK_INT_EQ(n, 2);
	if (n == 2) {
		CHECK_INT_EQ(au[0].seq, 2);
		CHECK_STR_EQ(au[0].action, "tag");
		CHECK_STR_EQ(au[0].id, "2");
		CHECK_INT_EQ(au[1].seq, 3);
		CHECK_STR_EQ(au[1].action, "status");
		CHECK_STR_EQ(au[1].detail, "{\"status\":\"done\",\"from\":\"assigned\"}");
	}
	free_audit(au, n);
	CHECK_INT_EQ(store_audit_since(b, 3, &au, &n), 0);
	CHECK_INT_EQ(n, 0);
	free_audit(au, n);
	CHECK_INT_EQ(store_audit_from(b, 0, &au, &n), 0);
	CHECK_INT_EQ(n, 3);
	free_audit(au, n);
	CHECK_INT_EQ(store_audit_from(b, time(NULL) + 3600, &au, &n), 0);
	CHECK_INT_EQ(n, 0);
	free_audit(au, n);
	store_close(a);
	store_close(b);
}

TEST(audit_is_append_only)
{
	const char	*path = path_new("append.db");
	struct store	*s = open_ok(path, "alice");

	CHECK(s != NULL);
	CHECK_INT_EQ(CHANGE(s, NOTE, "d", "1", .arg = "x"), 0);
	CHECK(raw_exec(path, "UPDATE audit SET who = 'mallory'") != SQLITE_OK);
	CHECK(raw_exec(path, "DELETE FROM audit") != SQLITE_OK);
	CHECK_INT_EQ(raw_int(path, "SELECT count(*) FROM audit WHERE "
	    "who = 'alice'"), 1);
	store_close(s);
}

/* --- log and export -------------------------------------------------------- */

/* A store with two posts and an old entry (at 1000 seconds, by "old"). */
static struct store *
export_fixture(const char *path)
{
	struct store	*s = open_ok(path, "alice");
	struct post	*p = make_post("demo", "home-123", "Help, \"it\" broke,\nagain");

	if (s == NULL)
		return NULL;
	CHANGE(s, ASSIGN, "demo", "home-123", .post = p, .arg = "bob");
	CHANGE(s, TAG, "demo", "home-123", .arg = "complaint", .on = true);
	CHANGE(s, NOTE, "demo", "home-123", .arg = "said \"sorry\", twice\nok");
	CHANGE(s, STATUS, "demo", "home-123", .status = STORE_DONE);
	CHANGE(s, ACTION, "demo", "home-123", .arg = "reply",
	    .detail = "{\"account\":\"me\",\"text\":\"we are on it\"}");
	post_unref(p);
	/* A tag no input lets in any more (","), from an older version. */
	raw_exec(path, "INSERT INTO tags (network, id, tag) VALUES ('demo', "
	    "'home-123', 'vip,gold');"
	    "INSERT INTO audit (at, who, action, network, id, detail) VALUES "
	    "(strftime('%s', 'now'), 'alice', 'tag', 'demo', 'home-123', "
	    "'{\"tag\":\"vip,gold\"}');"
	    "INSERT INTO triage (network, id, status, first_seen, "
	    "updated, updated_by) VALUES ('demo', 'old-1', 'open', 1000, 1000, "
	    "'old');"
	    "INSERT INTO audit (at, who, action, network, id, detail) VALUES "
	    "(1000, 'old', 'status', 'demo', 'old-1', '{\"status\":\"open\"}')");
	return s;
}

TEST(export_json_parses_back)
{
	struct store	*s = export_fixture(path_new("export.db"));
	FILE		*f = tmpfile();
	char		*out;
	json_t		*root, *tri, *row, *audit, *e;
	json_error_t	 jerr;
	size_t		 i;
	bool		 found_assign = false, found_done = false;

	CHECK(s != NULL && f != NULL);
	if (s == NULL || f == NULL)
		return;
	CHECK_INT_EQ(store_export(s, "json", 0, f, err, sizeof err), 0);
	out = slurp(f);
	root = json_loads(out, 0, &jerr);
	CHECK(root != NULL);
	if (root == NULL) {
		printf("  %s\n%s\n", jerr.text, out);
		free(out);
		return;
	}
	CHECK(strstr(out, "\n  \"triage\"") != NULL);	/* pretty */
	tri = json_object_get(root, "triage");
	CHECK_INT_EQ(json_array_size(tri), 2);
	row = json_array_get(tri, 0);
	CHECK_STR_EQ(json_string_value(json_object_get(row, "network")), "demo");
	CHECK_STR_EQ(json_string_value(json_object_get(row, "id")), "home-123");
	CHECK_STR_EQ(json_string_value(json_object_get(row, "status")), "replied");
	CHECK_STR_EQ(json_string_value(json_object_get(row, "assignee")), "bob");
	CHECK_STR_EQ(json_string_value(json_object_get(row, "replied_by")),
	    "alice");
	CHECK_STR_EQ(json_string_value(json_object_get(row, "updated_by")),
	    "alice");
	CHECK_INT_EQ(json_array_size(json_object_get(row, "tags")), 2);
	CHECK_STR_EQ(json_string_value(json_array_get(json_object_get(row,
	    "tags"), 1)), "vip,gold");
	e = json_array_get(json_object_get(row, "notes"), 0);
	CHECK_STR_EQ(json_string_value(json_object_get(e, "text")),
	    "said \"sorry\", twice\nok");
	CHECK_STR_EQ(json_string_value(json_object_get(e, "who")), "alice");
	e = json_object_get(row, "post");
	CHECK_STR_EQ(json_string_value(json_object_get(e, "author")), "Zoë");
	CHECK_STR_EQ(json_string_value(json_object_get(e, "handle")), "zoe");
	CHECK_STR_EQ(json_string_value(json_object_get(e, "text")),
	    "Help, \"it\" broke,\nagain");
	CHECK_STR_EQ(json_string_value(json_object_get(e, "created")),
	    "2026-11-22T14:05:03Z");
	CHECK(strlen(json_string_value(json_object_get(row, "updated")) ?
	    json_string_value(json_object_get(row, "updated")) : "") == 20);
	/* The old post has no snapshot. */
	row = json_array_get(tri, 1);
	CHECK(json_is_null(json_object_get(row, "post")));

	audit = json_object_get(root, "audit");
	CHECK_INT_EQ(json_array_size(audit), 7);
	json_array_foreach(audit, i, e) {
		const char	*action = json_string_value(json_object_get(e,
		    "action"));
		json_t		*d = json_object_get(e, "detail");

		CHECK(json_is_integer(json_object_get(e, "seq")));
		CHECK(json_is_object(d));
		if (action != NULL && strcmp(action, "assign") == 0 &&
		    strcmp(json_string_value(json_object_get(d, "assignee")),
		    "bob") == 0)
			found_assign = true;
		if (action != NULL && strcmp(action, "status") == 0 &&
		    json_object_get(d, "status") != NULL &&
		    strcmp(json_string_value(json_object_get(d, "status")),
		    "done") == 0 && strcmp(json_string_value(json_object_get(e,
		    "who")), "alice") == 0)
			found_done = true;
	}
	CHECK(found_assign && found_done);
	e = json_array_get(audit, 6);
	CHECK_STR_EQ(json_string_value(json_object_get(e, "at")),
	    "1970-01-01T00:16:40Z");
	json_decref(root);
	free(out);

	/* since: only what happened from then on. */
	rewind(f);
	CHECK(ftruncate(fileno(f), 0) == 0);
	CHECK_INT_EQ(store_export(s, "json", 2000, f, err, sizeof err), 0);
	out = slurp(f);
	root = json_loads(out, 0, &jerr);
	CHECK(root != NULL);
	CHECK_INT_EQ(json_array_size(json_object_get(root, "triage")), 1);
	CHECK_INT_EQ(json_array_size(json_object_get(root, "audit")), 6);
	json_decref(root);
	free(out);

	CHECK_INT_EQ(store_export(s, "xml", 0, f, err, sizeof err), -1);
	CHECK(strstr(err, "xml") != NULL);
	fclose(f);
	store_close(s);
}

TEST(export_csv_quotes_fields)
{
	struct store	*s = export_fixture(path_new("csv.db"));
	FILE		*f = tmpfile();
	char		*out, *audit;

	CHECK(s != NULL && f != NULL);
	if (s == NULL || f == NULL)
		return;
	CHECK_INT_EQ(store_export(s, "csv", 0, f, err, sizeof err), 0);
	out = slurp(f);
	CHECK(strncmp(out, "network,id,status,assignee,tags,replied_by,updated,"
	    "updated_by,priority\r\n", 72) == 0);
	CHECK(strstr(out, "demo,home-123,replied,bob,\"complaint;vip,gold\","
	    "alice,") != NULL);
	CHECK(strstr(out, "demo,old-1,open,,,,1970-01-01T00:16:40Z,old,0\r\n")
	    != NULL);
	audit = strstr(out, "\r\n\r\nseq,at,who,action,network,id,detail\r\n");
	CHECK(audit != NULL);
	/* Quotes doubled, the comma and the newline inside one field. */
	CHECK(strstr(out, ",alice,note,demo,home-123,\"{\"\"text\"\":\"\"said "
	    "\\\"\"sorry\\\"\", twice\\nok\"\"}\"\r\n") != NULL);
	CHECK(strstr(out, "7,1970-01-01T00:16:40Z,old,status,demo,old-1,"
	    "\"{\"\"status\"\":\"\"open\"\"}\"\r\n") != NULL);
	free(out);
	fclose(f);
	store_close(s);
}

TEST(csv_quotes_line_breaks)
{
	const char	*path = path_new("csvnl.db");
	struct store	*s = open_ok(path, "a,\"b\"\nc");
	FILE		*f = tmpfile();
	char		*out;

	CHECK(s != NULL && f != NULL);
	if (s == NULL || f == NULL)
		return;
	CHECK_INT_EQ(CHANGE(s, ASSIGN, "d", "x,y", .arg = "e\r\nf"), 0);
	CHECK_INT_EQ(store_export(s, "csv", 0, f, err, sizeof err), 0);
	out = slurp(f);
	CHECK(strstr(out, "d,\"x,y\",assigned,\"e\r\nf\",,,") != NULL);
	CHECK(strstr(out, ",\"a,\"\"b\"\"\nc\",0\r\n") != NULL);
	CHECK(strstr(out, "1,") != NULL);
	free(out);
	fclose(f);
	store_close(s);
}

TEST(log_prints_one_line_per_entry)
{
	struct store	*s = export_fixture(path_new("log.db"));
	FILE		*f = tmpfile();
	char		*out, want[256], at[32];
	time_t		 t = 1000;
	struct tm	 tm;

	CHECK(s != NULL && f != NULL);
	if (s == NULL || f == NULL)
		return;
	CHECK_INT_EQ(store_print_log(s, 0, f, err, sizeof err), 0);
	out = slurp(f);
	CHECK(strstr(out, "  alice  assign  demo/home-123  bob\n") != NULL);
	CHECK(strstr(out, "  alice  tag  demo/home-123  vip,gold\n") != NULL);
	CHECK(strstr(out, "  alice  status  demo/home-123  done\n") != NULL);
	/* The note's newline does not break the line. */
	CHECK(strstr(out, "  alice  note  demo/home-123  said \"sorry\", "
	    "twice ok\n") != NULL);
	CHECK(strstr(out, "  alice  reply  demo/home-123  account=me "
	    "text=\"we are on it\"\n") != NULL);
	localtime_r(&t, &tm);
	strftime(at, sizeof at, "%Y-%m-%d %H:%M:%S", &tm);
	snprintf(want, sizeof want, "%s  old  status  demo/old-1  open\n", at);
	CHECK(strstr(out, want) != NULL);
	/* Seven entries, seven lines. */
	{
		int	 lines = 0;
		char	*p;

		for (p = out; *p; p++)
			lines += *p == '\n';
		CHECK_INT_EQ(lines, 7);
	}
	free(out);
	rewind(f);
	CHECK(ftruncate(fileno(f), 0) == 0);
	CHECK_INT_EQ(store_print_log(s, 2000, f, err, sizeof err), 0);
	out = slurp(f);
	CHECK(strstr(out, "old-1") == NULL);
	CHECK(strstr(out, "home-123") != NULL);
	free(out);
	fclose(f);
	/* A record names its column, a priority its number. */
	CHECK_INT_EQ(CHANGE(s, RECORD, "demo", "in-1",
	    .detail = "{\"column\": \"Mentions\", \"followers\": 12}"), 0);
	CHECK_INT_EQ(CHANGE(s, PRIORITY, "demo", "in-1", .priority = 4,
	    .who = "rule vip"), 0);
	f = tmpfile();
	CHECK_INT_EQ(store_print_log(s, 0, f, err, sizeof err), 0);
	out = slurp(f);
	CHECK(strstr(out, "  alice  record  demo/in-1  Mentions\n") != NULL);
	CHECK(strstr(out, "  rule vip  priority  demo/in-1  4\n") != NULL);
	free(out);
	fclose(f);
	store_close(s);
}

TEST(log_strips_control_characters)
{
	struct store	*s = open_ok(path_new("logctl.db"), "eve\x1b[2J");
	FILE		*f = tmpfile();
	char		*out;

	CHECK(s != NULL && f != NULL);
	if (s == NULL || f == NULL)
		return;
	CHECK_INT_EQ(CHANGE(s, NOTE, "d", "1",
	    .arg = "a\x1b]0;pwned\x07z \xc2\x9b" "1m"), 0);
	CHECK_INT_EQ(store_print_log(s, 0, f, err, sizeof err), 0);
	out = slurp(f);
	CHECK(strchr(out, '\x1b') == NULL);
	CHECK(strchr(out, '\x07') == NULL);
	CHECK(strstr(out, "\xc2\x9b") == NULL);
	CHECK(strstr(out, "a ]0;pwned z  1m\n") != NULL);
	free(out);
	fclose(f);
	store_close(s);
}

TEST(tags_are_added_in_their_one_spelling)
{
	struct store	*s = open_ok(path_new("tagspell.db"), "alice");

	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK_INT_EQ(CHANGE(s, TAG, "d", "1", .arg = "Complaint", .on = true),
	    -1);
	CHECK_STR_EQ(err, "tag: #Complaint is written #complaint");
	CHECK_INT_EQ(CHANGE(s, TAG, "d", "1", .arg = "a;b", .on = true), -1);
	CHECK_STR_EQ(err, "tag: a tag may not contain \";\"");
	CHECK_INT_EQ(CHANGE(s, TAG, "d", "1", .arg = "two words", .on = true),
	    -1);
	CHECK_STR_EQ(err, "tag: a tag is one word");
	CHECK_INT_EQ(CHANGE(s, TAG, "d", "1", .arg = "x\xc2\x9b", .on = true),
	    -1);
	CHECK_STR_EQ(err, "tag: a tag may not contain a control character");
	CHECK_INT_EQ(store_last_seq(s), 0);
	CHECK_INT_EQ(CHANGE(s, TAG, "d", "1", .arg = "complaint", .on = true),
	    0);
	store_close(s);
}

/* Nothing exported drives a terminal: control characters typed by a
 * teammate or written into the file by hand are cleaned in every field. */
TEST(export_never_writes_control_characters)
{
	const char	*path = path_new("exportctl.db");
	struct store	*s = open_ok(path, "eve\x1b[2J");
	struct post	*p = make_post("demo", "c1", "post \x1b]0;pwned\x07 "
	    "\xc2\x9b" "31m text");
	FILE		*f = tmpfile();
	const char	*fmts[] = { "json", "csv" };
	char		*out;
	json_t		*root;
	size_t		 i, k;

	CHECK(s != NULL && f != NULL);
	if (s == NULL || f == NULL)
		return;
	CHECK_INT_EQ(CHANGE(s, ASSIGN, "demo", "c1", .post = p,
	    .arg = "b\x1b[31mob"), 0);
	CHECK_INT_EQ(CHANGE(s, NOTE, "demo", "c1",
	    .arg = "a\x1b]0;pwned\x07z \xc2\x9b" "1m;\xc2\x85 x"), 0);
	CHECK_INT_EQ(CHANGE(s, ACTION, "demo", "c1", .arg = "reply",
	    .detail = "{\"text\": \"hi \\u001b[2J \\u009b1m\"}"), 0);
	raw_exec(path, "INSERT INTO tags (network, id, tag) VALUES ('demo', "
	    "'c1', 'x' || char(27) || '[5m' || char(155) || char(133))");
	post_unref(p);
	for (k = 0; k < 2; k++) {
		rewind(f);
		CHECK(ftruncate(fileno(f), 0) == 0);
		CHECK_INT_EQ(store_export(s, fmts[k], 0, f, err, sizeof err), 0);
		out = slurp(f);
		for (i = 0; out[i] != '\0'; i++) {
			unsigned char	c = (unsigned char)out[i];

			if ((c < 0x20 && c != '\n' && c != '\r') || c == 0x7f ||
			    (c == 0xc2 && (unsigned char)out[i + 1] >= 0x80 &&
			    (unsigned char)out[i + 1] <= 0x9f)) {
				printf("  %s: byte %zu is 0x%02x\n", fmts[k], i,
				    c);
				CHECK(0);
				break;
			}
			/* JSON is ASCII: U+0080..U+009F can only be \u
			 * escapes. */
			if (k == 0 && c >= 0x80) {
				printf("  json: byte %zu is 0x%02x\n", i, c);
				CHECK(0);
				break;
			}
		}
		if (k == 0) {
			root = json_loads(out, 0, NULL);
			CHECK(root != NULL);
			json_decref(root);
		} else
			/* The ";" of the note makes its detail quoted. */
			CHECK(strstr(out, ",\"{\"\"text\"\":\"\"a\\u001B]0;pwned"
			    "\\u0007z  1m;  x\"\"}\"\r\n") != NULL);
		free(out);
	}
	fclose(f);
	store_close(s);
}

TEST(parse_since)
{
	struct tm	tm = { 0 };
	int64_t		now = 2000000000, want;

	CHECK_INT_EQ(store_parse_since("7d", now), now - 7 * 86400);
	CHECK_INT_EQ(store_parse_since("12h", now), now - 12 * 3600);
	CHECK_INT_EQ(store_parse_since("30m", now), now - 30 * 60);
	CHECK_INT_EQ(store_parse_since("2w", now), now - 14 * 86400);
	CHECK_INT_EQ(store_parse_since("1h30m", now), now - 5400);
	tm.tm_year = 2026 - 1900;
	tm.tm_mon = 10;
	tm.tm_mday = 22;
	tm.tm_isdst = -1;
	want = mktime(&tm);
	CHECK_INT_EQ(store_parse_since("2026-11-22", now), want);
	CHECK_INT_EQ(store_parse_since("2026-11-22T14:05", now),
	    want + 14 * 3600 + 5 * 60);
	CHECK_INT_EQ(store_parse_since("2026-11-22 14:05:07", now),
	    want + 14 * 3600 + 5 * 60 + 7);
	CHECK_INT_EQ(store_parse_since("", now), -1);
	CHECK_INT_EQ(store_parse_since(NULL, now), -1);
	CHECK_INT_EQ(store_parse_since("7", now), -1);
	CHECK_INT_EQ(store_parse_since("7x", now), -1);
	CHECK_INT_EQ(store_parse_since("d", now), -1);
	CHECK_INT_EQ(store_parse_since("-7d", now), -1);
	CHECK_INT_EQ(store_parse_since("2026-13-01", now), -1);
	CHECK_INT_EQ(store_parse_since("2026-02-30", now), -1);
	CHECK_INT_EQ(store_parse_since("2026-11-22T25:00", now), -1);
	CHECK_INT_EQ(store_parse_since("2026-11-22 14", now), -1);
	CHECK_INT_EQ(store_parse_since("2026-11-22x", now), -1);
	CHECK_INT_EQ(store_parse_since("+026-11-22", now), -1);
	CHECK_INT_EQ(store_parse_since("yesterday", now), -1);
}

/* --- errors -------------------------------------------------------------- */

/* Unwritable folders and files are named as such: the number of checks
 * that failed (run as a user permissions apply to). */
#define NOBODY	65534
static int
permission_checks(const char *base)
{
	char		 dir[300], path[400], e[512];
	struct store	*s;
	int		 bad = 0;

#define PERM_CHECK(x) do {						\
	if (!(x)) {							\
		printf("  permission check failed: %s (%s)\n", #x, e);	\
		bad++;							\
	}								\
} while (0)
	snprintf(dir, sizeof dir, "%s/locked", base);
	PERM_CHECK(mkdir(dir, 0700) == 0);
	PERM_CHECK(chmod(dir, 0500) == 0);
	snprintf(path, sizeof path, "%s/triage.db", dir);
	e[0] = '\0';
	s = store_open(path, "alice", e, sizeof e);
	PERM_CHECK(s == NULL);
	PERM_CHECK(strstr(e, path) != NULL);
	PERM_CHECK(strstr(e, "not writable") != NULL);
	store_close(s);
	chmod(dir, 0700);

	/* An existing store that became read-only. */
	snprintf(path, sizeof path, "%s/ro.db", dir);
	e[0] = '\0';
	s = store_open(path, "alice", e, sizeof e);
	PERM_CHECK(s != NULL);
	store_close(s);
	PERM_CHECK(chmod(path, 0400) == 0);
	e[0] = '\0';
	s = store_open(path, "alice", e, sizeof e);
	PERM_CHECK(s == NULL);
	PERM_CHECK(strstr(e, path) != NULL);
	PERM_CHECK(strstr(e, "not writable") != NULL);
	store_close(s);
	chmod(path, 0600);
#undef PERM_CHECK
	return bad;
}

TEST(unwritable_paths_are_named)
{
	char		 dir[256], path[300], file[256];
	struct store	*s;
	FILE		*f;
	pid_t		 pid;
	int		 status = -1;

	/* A path under a regular file cannot exist, root or not. */
	snprintf(file, sizeof file, "%s/plainfile", tmp);
	f = fopen(file, "w");
	fclose(f);
	snprintf(path, sizeof path, "%s/triage.db", file);
	s = store_open(path, "alice", err, sizeof err);
	CHECK(s == NULL);
	CHECK(strstr(err, path) != NULL);
	store_close(s);

	if (geteuid() != 0) {
		CHECK_INT_EQ(permission_checks(tmp), 0);
		return;
	}
	/* Root writes anywhere: the checks run as nobody, in a folder of
	 * its own under one that nobody may enter. */
	snprintf(dir, sizeof dir, "%s/nobody", tmp);
	CHECK(mkdir(dir, 0700) == 0);
	CHECK(chown(dir, NOBODY, NOBODY) == 0);
	CHECK(chmod(tmp, 0711) == 0);
	pid = fork();
	if (pid == 0) {
		if (setgid(NOBODY) != 0 || setuid(NOBODY) != 0 || geteuid() == 0)
			_exit(100);
		status = permission_checks(dir);
		fflush(stdout);
		_exit(status > 0 ? 1 : 0);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	chmod(tmp, 0700);
}

/* A default VFS whose files have no shared memory (as on NFS): WAL cannot
 * work there, and SQLite quietly keeps the rollback journal. */
static sqlite3_vfs		*real_vfs;
static sqlite3_vfs		 noshm_vfs;
static sqlite3_io_methods	 noshm_io;

static int
noshm_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags,
    int *out)
{
	int	rc;

	(void)vfs;
	rc = real_vfs->xOpen(real_vfs, name, file, flags, out);
	if (rc == SQLITE_OK && file->pMethods != NULL) {
		noshm_io = *file->pMethods;
		noshm_io.iVersion = 1;
		file->pMethods = &noshm_io;
	}
	return rc;
}

TEST(no_wal_is_an_error)
{
	const char	*path = path_new("nowal.db");
	struct store	*s;

	real_vfs = sqlite3_vfs_find(NULL);
	noshm_vfs = *real_vfs;
	noshm_vfs.zName = "noshm";
	noshm_vfs.xOpen = noshm_open;
	sqlite3_vfs_register(&noshm_vfs, 1);
	s = store_open(path, "alice", err, sizeof err);
	sqlite3_vfs_register(real_vfs, 1);
	sqlite3_vfs_unregister(&noshm_vfs);
	CHECK(s == NULL);
	{
		char	want[400];

		snprintf(want, sizeof want, "%s: cannot use WAL here (is it a "
		    "network filesystem?)", path);
		CHECK_STR_EQ(err, want);
	}
	store_close(s);
	/* With shared memory back, the same file opens. */
	s = open_ok(path, "alice");
	CHECK(s != NULL);
	store_close(s);
}

TEST(busy_store_gives_up_with_a_message)
{
	const char		*path = path_new("busy.db");
	struct store		*s = open_ok(path, "alice");
	struct store_triage	 t;
	sqlite3			*mine = last_db, *other;
	struct timespec		 t0, t1;
	double			 ms;

	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK_INT_EQ(sqlite3_open(path, &other), SQLITE_OK);
	CHECK_INT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", NULL, NULL, NULL),
	    SQLITE_OK);
	store_set_busy_timeout(s, 200);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_INT_EQ(CHANGE(s, ASSIGN, "d", "1", .arg = "bob"), -1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	CHECK(ms >= 150 && ms < 2000);
	CHECK_STR_EQ(err, "the triage store is busy (another starling is "
	    "writing); try again");
	CHECK(sqlite3_get_autocommit(mine));	/* nothing left open */
	/* Readers are not blocked by a writer in WAL mode. */
	CHECK_INT_EQ(store_get(s, "d", "1", &t), 0);
	CHECK_INT_EQ(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	CHECK_INT_EQ(CHANGE(s, ASSIGN, "d", "1", .arg = "bob"), 0);
	CHECK_INT_EQ(store_last_seq(s), 1);
	store_close(s);
}

TEST(disk_full_names_the_path)
{
	const char	*path = path_new("full.db");
	struct store	*s = open_ok(path, "alice");
	sqlite3		*mine = last_db;
	char		 big[4000], want[400];
	int		 i, rc = 0;

	CHECK(s != NULL);
	if (s == NULL)
		return;
	/* A page limit stands in for a full disk: SQLite says SQLITE_FULL. */
	CHECK_INT_EQ(sqlite3_exec(mine, "PRAGMA max_page_count = 20", NULL, NULL,
	    NULL), SQLITE_OK);
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	for (i = 0; i < 200 && rc == 0; i++)
		rc = CHANGE(s, NOTE, "d", "1", .arg = big);
	CHECK_INT_EQ(rc, -1);
	snprintf(want, sizeof want, "disk full writing %s", path);
	CHECK_STR_EQ(err, want);
	CHECK(sqlite3_get_autocommit(mine));
	/* Each acknowledged note is there, with its audit row. */
	CHECK_INT_EQ(raw_int(path, "SELECT count(*) FROM notes"), i - 1);
	CHECK_INT_EQ(raw_int(path, "SELECT count(*) FROM audit"), i - 1);
	store_close(s);
}

/* --- the same change twice ------------------------------------------------- */

TEST(a_change_id_is_committed_once)
{
	const char		*path = path_new("once.db");
	struct store		*s = open_ok(path, "alice");
	struct store_audit	*au;
	size_t			 n;

	CHECK(s != NULL);
	if (s == NULL)
		return;
	/* A change tried again (its answer lost) is found, not made again. */
	CHECK_INT_EQ(CHANGE(s, NOTE, "d", "1", .arg = "once",
	    .change_id = "c0ffee"), 0);
	CHECK_INT_EQ(CHANGE(s, NOTE, "d", "1", .arg = "once",
	    .change_id = "c0ffee"), 0);
	CHECK_INT_EQ(CHANGE(s, ASSIGN, "d", "1", .arg = "bob",
	    .change_id = "beef"), 0);
	/* Not refused as "already assigned": it is the same change. */
	CHECK_INT_EQ(CHANGE(s, ASSIGN, "d", "1", .arg = "bob",
	    .change_id = "beef"), 0);
	CHECK_INT_EQ(store_history(s, "d", "1", &au, &n), 0);
	CHECK_INT_EQ(n, 2);
	if (n == 2) {
		CHECK_STR_EQ(au[0].change_id, "c0ffee");
		CHECK_STR_EQ(au[1].change_id, "beef");
	}
	free_audit(au, n);
	CHECK_INT_EQ(raw_int(path, "SELECT count(*) FROM notes"), 1);
	/* Without one, each change gets its own. */
	CHECK_INT_EQ(CHANGE(s, NOTE, "d", "1", .arg = "twice"), 0);
	CHECK_INT_EQ(CHANGE(s, NOTE, "d", "1", .arg = "twice"), 0);
	CHECK_INT_EQ(raw_int(path, "SELECT count(DISTINCT change_id) FROM "
	    "audit"), 4);
	store_close(s);
}

/* --- PostgreSQL ------------------------------------------------------------ */

struct pg_opener {
	const char	*url;
	struct store	*s;
	char		 err[512];
};

static void *
pg_open_thread(void *arg)
{
	struct pg_opener	*o = arg;

	o->s = store_open(o->url, "racer", o->err, sizeof o->err);
	return NULL;
}

TEST(pg_creates_and_migrates_once)
{
	const char		*url = path_new("create.db");
	struct pg_opener	 o[4];
	pthread_t		 th[4];
	size_t			 i;

	/* Four starlings start at once on an empty database: one creates
	 * the schema under the lock, the others find it there. */
	for (i = 0; i < 4; i++) {
		o[i].url = url;
		o[i].s = NULL;
		pthread_create(&th[i], NULL, pg_open_thread, &o[i]);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		if (o[i].s == NULL)
			printf("  store_open: %s\n", o[i].err);
		CHECK(o[i].s != NULL);
	}
	CHECK_INT_EQ(o[0].s ? store_schema_version(o[0].s) : -1,
	    STORE_SCHEMA_VERSION);
	CHECK_INT_EQ(raw_int(url, "SELECT count(*) FROM starling_schema"), 1);
	CHECK_INT_EQ(raw_int(url, "SELECT version FROM starling_schema"),
	    STORE_SCHEMA_VERSION);
	CHECK_INT_EQ(raw_int(url, "SELECT count(*) FROM pg_tables WHERE "
	    "tablename IN ('posts', 'triage', 'tags', 'notes', 'audit')"), 5);
	CHECK(strstr(o[0].s ? store_path(o[0].s) : "", "_create") != NULL);
	for (i = 0; i < 4; i++)
		store_close(o[i].s);
	/* A newer schema is refused, and left alone. */
	CHECK_INT_EQ(raw_exec(url, "UPDATE starling_schema SET version = 99"),
	    0);
	CHECK(store_open(url, "alice", err, sizeof err) == NULL);
	CHECK(strstr(err, "schema version 99 is newer than this starling "
	    "knows") != NULL);
	CHECK_INT_EQ(raw_int(url, "SELECT version FROM starling_schema"), 99);
}

TEST(pg_audit_cannot_be_truncated)
{
	const char	*url = path_new("trunc.db");
	struct store	*s = open_ok(url, "alice");

	CHECK(s != NULL);
	CHECK_INT_EQ(s ? CHANGE(s, NOTE, "d", "1", .arg = "x") : -1, 0);
	CHECK(raw_exec(url, "TRUNCATE audit CASCADE") != 0);
	CHECK_INT_EQ(raw_int(url, "SELECT count(*) FROM audit"), 1);
	store_close(s);
}

TEST(pg_names_the_server_never_the_password)
{
	PQconninfoOption	*o, *opts = PQconninfoParse(pg, NULL);
	const char		*port = "5432";
	char			 url[300], want[200];

	for (o = opts; o != NULL && o->keyword != NULL; o++)
		if (o->val != NULL && strcmp(o->keyword, "port") == 0)
			port = o->val;
	snprintf(url, sizeof url, "postgresql://starling:wr0ngpw@127.0.0.1:%s/"
	    "postgres", port);
	snprintf(want, sizeof want, "PostgreSQL triage store (host 127.0.0.1 "
	    "port %s, database postgres): ", port);
	CHECK(store_open(url, "alice", err, sizeof err) == NULL);
	CHECK(strstr(err, want) == err);
	CHECK(strstr(err, "password authentication failed") != NULL);
	CHECK(strstr(err, "wr0ngpw") == NULL);
	/* The right one from store_password_cmd wins over the URL's. */
	{
		struct store	*s = store_open_password(url, "alice",
				    "starling-test", err, sizeof err);

		CHECK(s != NULL);
		store_close(s);
	}
	snprintf(url, sizeof url, "postgresql://starling@127.0.0.1:%s/nosuchdb",
	    port);
	snprintf(want, sizeof want, "PostgreSQL triage store (host 127.0.0.1 "
	    "port %s, database nosuchdb): ", port);
	CHECK(store_open(url, "alice", err, sizeof err) == NULL);
	CHECK(strstr(err, want) == err);
	CHECK(strstr(err, "does not exist") != NULL);
	PQconninfoFree(opts);
}

TEST(pg_watch_is_the_connection)
{
	const char	*url = path_new("watch.db");
	struct store	*a = open_ok(url, "alice"), *b = open_ok(url, "bob");
	struct pollfd	 pfd = { .events = POLLIN };

	CHECK(a != NULL && b != NULL);
	if (a == NULL || b == NULL)
		return;
	pfd.fd = store_watch_fd(a);
	CHECK(pfd.fd >= 0);
	CHECK_INT_EQ(store_watch_fd(a), pfd.fd);
	CHECK(!store_changed(a));
	CHECK_INT_EQ(poll(&pfd, 1, 0), 0);
	CHECK_INT_EQ(store_watch_again(a), -1);	/* no polling */
	CHECK_INT_EQ(CHANGE(b, TAG, "d", "1", .arg = "x", .on = true), 0);
	CHECK_INT_EQ(poll(&pfd, 1, 2000), 1);
	CHECK(store_changed(a));
	CHECK(!store_changed(a));		/* once */
	CHECK_INT_EQ(store_watch_again(a), -1);
	/* Its own commits wake it, but are not another's change. */
	CHECK_INT_EQ(CHANGE(a, TAG, "d", "1", .arg = "y", .on = true), 0);
	poll(&pfd, 1, 500);
	CHECK(!store_changed(a));
	CHECK(store_offline(a) == NULL);
	store_close(a);
	store_close(b);
}

TEST(pg_reconnects_and_catches_up)
{
	const char		*url = path_new("drop.db");
	struct store		*a = open_ok(url, "alice"), *b = open_ok(url, "bob");
	struct store_audit	*au;
	struct pollfd		 pfd = { .events = POLLIN };
	size_t			 n;
	int64_t			 seen;
	int			 i, again;
	bool			 back = false;

	CHECK(a != NULL && b != NULL);
	if (a == NULL || b == NULL)
		return;
	pfd.fd = store_watch_fd(a);
	CHECK_INT_EQ(CHANGE(b, NOTE, "d", "1", .arg = "before"), 0);
	CHECK(changed_soon(a));
	seen = store_last_seq(a);
	/* The server ends every connection to the database. */
	CHECK_INT_EQ(raw_exec(url, "SELECT pg_terminate_backend(pid) FROM "
	    "pg_stat_activity WHERE datname = current_database() AND "
	    "pid <> pg_backend_pid()"), 0);
	/* The reader sees its descriptor end: offline, asked to try again
	 * after the backoff. */
	for (i = 0; i < 20 && store_offline(a) == NULL; i++) {
		CHECK_INT_EQ(poll(&pfd, 1, 2000), 1);
		CHECK(!store_changed(a));
	}
	CHECK_STR_EQ(store_offline(a), "store offline \xe2\x80\x94 reconnecting");
	again = store_watch_again(a);
	CHECK(again > 0 && again <= 1000);
	CHECK_INT_EQ(store_watch_fd(a), -1);
	CHECK(store_audit_since(a, seen, &au, &n) != 0);	/* not yet */
	/* A change on the dropped writer is made on a new connection, once. */
	CHECK_INT_EQ(CHANGE(b, NOTE, "d", "1", .arg = "after",
	    .change_id = "after-1"), 0);
	CHECK_INT_EQ(raw_int(url, "SELECT count(*) FROM audit WHERE "
	    "change_id = 'after-1'"), 1);
	/* Back after the backoff, and the log says what was missed. */
	for (i = 0; i < 40 && !back; i++) {
		again = store_watch_again(a);
		usleep((useconds_t)(again > 0 ? again : 10) * 1000);
		back = store_changed(a);
	}
	CHECK(back);
	CHECK(store_offline(a) == NULL);
	CHECK(store_watch_fd(a) >= 0);
	CHECK_INT_EQ(store_audit_since(a, seen, &au, &n), 0);
	CHECK_INT_EQ(n, 1);
	CHECK_STR_EQ(n == 1 ? au[0].change_id : NULL, "after-1");
	free_audit(au, n);
	/* And it hears the next change through the new connection. */
	pfd.fd = store_watch_fd(a);
	CHECK_INT_EQ(CHANGE(b, TAG, "d", "1", .arg = "z", .on = true), 0);
	CHECK(changed_soon(a));
	store_close(a);
	store_close(b);
}

TEST(pg_offline_change_is_refused)
{
	const char	*url = path_new("refuse.db");
	struct store	*s = open_ok(url, "alice");
	char		 stop[512];

	CHECK(s != NULL);
	if (s == NULL)
		return;
	/* The database goes away under the connection: the change is
	 * refused, saying so, and nothing claims it was made. */
	CHECK_INT_EQ(CHANGE(s, NOTE, "d", "1", .arg = "x"), 0);
	snprintf(stop, sizeof stop, "SELECT pg_terminate_backend(pid) FROM "
	    "pg_stat_activity WHERE datname = '%s'", strrchr(url, '/') + 1);
	CHECK_INT_EQ(pg_raw(pg, stop, NULL), 0);
	snprintf(stop, sizeof stop, "ALTER DATABASE %s ALLOW_CONNECTIONS false",
	    strrchr(url, '/') + 1);
	CHECK_INT_EQ(pg_raw(pg, stop, NULL), 0);
	CHECK_INT_EQ(CHANGE(s, NOTE, "d", "1", .arg = "y"), -1);
	CHECK(strstr(err, "store offline \xe2\x80\x94 reconnecting; not saved "
	    "(host 127.0.0.1 port ") == err);
	CHECK(store_offline(s) != NULL);
	snprintf(stop, sizeof stop, "ALTER DATABASE %s ALLOW_CONNECTIONS true",
	    strrchr(url, '/') + 1);
	CHECK_INT_EQ(pg_raw(pg, stop, NULL), 0);
	CHECK_INT_EQ(raw_int(url, "SELECT count(*) FROM audit"), 1);
	store_close(s);
}

TEST(pg_opens_waiting_for_its_server)
{
	struct store	*s;
	char		 url[128];
	int		 fd, port;
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t	 len = sizeof sa;

	/* A port nothing listens on: bound, never listened. */
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sa, &len) == 0);
	port = ntohs(sa.sin_port);
	snprintf(url, sizeof url, "postgresql://starling@127.0.0.1:%d/x", port);
	/* A command gives up ... */
	CHECK(store_open_password(url, "alice", NULL, err, sizeof err) == NULL);
	CHECK(strstr(err, "Connection refused") != NULL);
	/* ... a deck's worker waits, offline, saying why. */
	s = store_open_waiting(url, "alice", NULL, err, sizeof err);
	CHECK(s != NULL);
	if (s != NULL) {
		CHECK(store_offline(s) != NULL &&
		    strstr(store_offline(s), "store offline \xe2\x80\x94 "
		    "reconnecting (Connection refused") != NULL);
		CHECK_INT_EQ(CHANGE(s, NOTE, "d", "1", .arg = "y"), -1);
		CHECK(strstr(err, "store offline") == err);
		CHECK(store_watch_again(s) >= 0);
		store_close(s);
	}
	/* A server that answers and refuses is an error either way. */
	snprintf(url, sizeof url, "%s", pg);
	CHECK(strrchr(url, '/') != NULL);
	snprintf(strrchr(url, '/'), 32, "/no_such_db");
	CHECK(store_open_waiting(url, "alice", NULL, err, sizeof err) == NULL);
	CHECK(strstr(err, "does not exist") != NULL);
	close(fd);
}

/* Export of a store as JSON (xmalloc'd). */
static char *
export_json(struct store *s)
{
	FILE	*f = tmpfile();
	char	*out;

	CHECK_INT_EQ(store_export(s, "json", 0, f, err, sizeof err), 0);
	out = slurp(f);
	fclose(f);
	return out;
}

TEST(pg_migrate_copies_a_sqlite_store)
{
	char			 file[300];
	const char		*url = path_new("copy.db");
	struct store		*from, *to;
	struct store_audit	 last;
	char			*a, *b;

	snprintf(file, sizeof file, "%s/from.db", tmp);
	{
		const char	*keep = pg;

		pg = NULL;	/* the fixture on a SQLite file */
		from = export_fixture(file);
		pg = keep;
	}
	to = open_ok(url, "alice");
	CHECK(from != NULL && to != NULL);
	if (from == NULL || to == NULL)
		return;
	CHECK_INT_EQ(store_migrate(from, to, false, err, sizeof err), 0);
	a = export_json(from);
	b = export_json(to);
	CHECK(strlen(a) > 500);
	CHECK_STR_EQ(b, a);
	free(a);
	free(b);
	CHECK_INT_EQ(raw_int(url, "SELECT count(*) FROM notes"), 1);
	CHECK_INT_EQ(store_last_seq(to), store_last_seq(from));
	/* Not twice, unless told. */
	CHECK_INT_EQ(store_migrate(from, to, false, err, sizeof err), -1);
	CHECK(strstr(err, "is not empty") != NULL);
	CHECK_INT_EQ(store_migrate(from, to, true, err, sizeof err), 0);
	CHECK_INT_EQ(raw_int(url, "SELECT count(*) FROM audit"),
	    store_last_seq(from));
	/* New entries follow the copied ones. */
	CHECK_INT_EQ(CHANGE(to, NOTE, "demo", "home-123", .arg = "next"), 0);
	last = last_audit(to);
	CHECK_INT_EQ(last.seq, store_last_seq(from) + 1);
	store_audit_free(&last);
	/* Only PostgreSQL is copied into. */
	CHECK_INT_EQ(store_migrate(to, from, false, err, sizeof err), -1);
	CHECK(strstr(err, "cannot be copied into") != NULL);
	store_close(from);
	store_close(to);
}

int
main(void)
{
	char	cmd[128];

	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	snprintf(tmp, sizeof tmp, "/tmp/starling-store-XXXXXX");
	if (mkdtemp(tmp) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	sqlite3_auto_extension((void (*)(void))capture_db);
	pg = getenv("STARLING_TEST_PG_URL");
	if (pg != NULL && *pg == '\0')
		pg = NULL;
	if (pg != NULL)
		printf("backend: PostgreSQL\n");

	if (pg == NULL) {
		RUN(creates_and_migrates_an_empty_file);
		RUN(migrates_existing_version_0_files);
		RUN(migrates_a_version_1_file);
		RUN(refuses_files_that_are_not_stores);
		RUN(refuses_a_newer_schema);
		RUN(addresses_pick_the_backend);
	} else {
		RUN(pg_creates_and_migrates_once);
		RUN(pg_audit_cannot_be_truncated);
		RUN(pg_names_the_server_never_the_password);
		RUN(pg_watch_is_the_connection);
		RUN(pg_reconnects_and_catches_up);
		RUN(pg_offline_change_is_refused);
		RUN(pg_opens_waiting_for_its_server);
		RUN(pg_migrate_copies_a_sqlite_store);
	}
	/* What every backend does. */
	RUN(reopening_keeps_data);
	RUN(a_change_id_is_committed_once);
	RUN(never_triaged_is_new);
	RUN(every_change_writes_its_audit_row);
	RUN(status_transitions);
	RUN(tags_are_sorted_and_no_ops_refused);
	RUN(no_op_changes_are_refused);
	RUN(a_batch_records_once_with_its_rules);
	RUN(an_authors_history_is_newest_first);
	RUN(racing_teammates_get_one_change);
	RUN(a_new_start_clears_its_own_replying_marks);
	RUN(notes_are_kept_in_order);
	RUN(replying_start_and_stop);
	RUN(actions_audit_and_a_reply_marks_replied);
	RUN(snapshot_is_refreshed);
	RUN(each_visits_every_triaged_post);
	RUN(audit_since_is_the_change_feed);
	RUN(audit_is_append_only);
	RUN(export_json_parses_back);
	RUN(export_csv_quotes_fields);
	RUN(csv_quotes_line_breaks);
	RUN(log_prints_one_line_per_entry);
	RUN(log_strips_control_characters);
	RUN(tags_are_added_in_their_one_spelling);
	RUN(export_never_writes_control_characters);
	RUN(parse_since);
	if (pg == NULL) {
		/* SQLite's file and its watch. */
		RUN(changed_sees_other_connections_only);
		RUN(watch_says_when_another_connection_wrote);
		RUN(unwritable_paths_are_named);
		RUN(no_wal_is_an_error);
		RUN(busy_store_gives_up_with_a_message);
		RUN(disk_full_names_the_path);
	}

	sqlite3_reset_auto_extension();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		printf("  could not remove %s\n", tmp);
	return harness_done();
}
