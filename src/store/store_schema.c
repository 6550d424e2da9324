/* store_schema.c — the store's schema as an ordered list of migrations.
 *
 * Step i takes a file from PRAGMA user_version i to i + 1; an empty file is
 * version 0. store_open() runs the steps still missing in one transaction
 * and sets user_version with them, so a process that dies half-way leaves
 * the file at the old version. A released step is never edited: a change is
 * a new step, and STORE_SCHEMA_VERSION moves with it.
 */
#include <stddef.h>

#include "starling/store.h"

static const char *const store_schema_steps[] = {
	/* 0 -> 1: the first schema. */
	"CREATE TABLE posts ("
	"  network TEXT NOT NULL,"
	"  id TEXT NOT NULL,"
	"  json TEXT NOT NULL,"			/* post_to_json() */
	"  created INTEGER NOT NULL DEFAULT 0,"	/* the post's, UTC seconds */
	"  saved INTEGER NOT NULL,"		/* last snapshot */
	"  PRIMARY KEY (network, id)"
	") WITHOUT ROWID;"
	"CREATE TABLE triage ("
	"  network TEXT NOT NULL,"
	"  id TEXT NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN"
	"    ('new', 'open', 'assigned', 'replied', 'done', 'ignored')),"
	"  assignee TEXT,"
	"  replying TEXT,"
	"  replying_at INTEGER NOT NULL DEFAULT 0,"
	"  replied_by TEXT,"
	"  first_seen INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL,"
	"  updated_by TEXT NOT NULL,"
	"  PRIMARY KEY (network, id)"
	") WITHOUT ROWID;"
	"CREATE INDEX triage_assignee ON triage (assignee);"
	"CREATE INDEX triage_status ON triage (status);"
	"CREATE TABLE tags ("
	"  network TEXT NOT NULL,"
	"  id TEXT NOT NULL,"
	"  tag TEXT NOT NULL,"
	"  PRIMARY KEY (network, id, tag),"
	"  FOREIGN KEY (network, id) REFERENCES triage (network, id)"
	"    ON DELETE CASCADE"
	") WITHOUT ROWID;"
	"CREATE INDEX tags_tag ON tags (tag);"
	"CREATE TABLE notes ("
	"  nid INTEGER PRIMARY KEY,"
	"  network TEXT NOT NULL,"
	"  id TEXT NOT NULL,"
	"  who TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  text TEXT NOT NULL,"
	"  FOREIGN KEY (network, id) REFERENCES triage (network, id)"
	"    ON DELETE CASCADE"
	");"
	"CREATE INDEX notes_post ON notes (network, id);"
	/* AUTOINCREMENT: a seq is never reused, so the change feed cannot
	 * mistake a new entry for one it has seen. */
	"CREATE TABLE audit ("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  at INTEGER NOT NULL,"
	"  who TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  network TEXT NOT NULL,"
	"  id TEXT NOT NULL,"
	"  detail TEXT NOT NULL DEFAULT '{}'"
	");"
	"CREATE INDEX audit_post ON audit (network, id, seq);"
	"CREATE INDEX audit_at ON audit (at);"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
	/* 1 -> 2: who assigned a post, so the assignee sees who asked. */
	"ALTER TABLE triage ADD COLUMN assigned_by TEXT;"
	"UPDATE triage SET assigned_by = updated_by WHERE assignee IS NOT NULL;",
	/* 2 -> 3: every change's id, so a change tried again after a lost
	 * answer is found committed instead of made twice. */
	"ALTER TABLE audit ADD COLUMN change_id TEXT;"
	"CREATE UNIQUE INDEX audit_change ON audit (change_id);",
	/* 3 -> 4: a post's priority (set by the team's rules or by hand),
	 * and the audit log read by action and time (reports). */
	"ALTER TABLE triage ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX audit_action ON audit (action, at);"
	/* and a post's author, for the author's history with the team. */
	"ALTER TABLE posts ADD COLUMN author TEXT;"
	"UPDATE posts SET author = json_extract(json, '$.author_handle')"
	"  WHERE json_valid(json);"
	"CREATE INDEX posts_author ON posts (network, author, created);",
};

_Static_assert(sizeof store_schema_steps / sizeof store_schema_steps[0] ==
    STORE_SCHEMA_VERSION, "one migration step per schema version");

const char *
store_schema_step(int from)
{
	if (from < 0 || from >= STORE_SCHEMA_VERSION)
		return NULL;
	return store_schema_steps[from];
}
