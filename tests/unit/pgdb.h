/* pgdb.h — a fresh database on the tests' PostgreSQL server
 * (STARLING_TEST_PG_URL, set by tests/pg/check.sh), for the unit tests
 * that run on either backend. Header-only, like harness.h. */
#ifndef STARLING_PGDB_H
#define STARLING_PGDB_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

/* Creates a database named PREFIX<pid>_<n>[_tag] (tag up to its first
 * '.', may be NULL) on the server at server, and puts its URL, with the
 * server's host, port and user, into out. */
static void
pgdb_new(const char *server, const char *prefix, const char *tag, char *out,
    size_t len)
{
	static int		 n;
	PQconninfoOption	*o, *opts = PQconninfoParse(server, NULL);
	const char		*host = "127.0.0.1", *port = "5432";
	const char		*user = "starling";
	char			 db[64], sql[128];
	PGconn			*c;

	for (o = opts; o != NULL && o->keyword != NULL; o++) {
		if (o->val == NULL)
			continue;
		if (strcmp(o->keyword, "host") == 0)
			host = o->val;
		else if (strcmp(o->keyword, "port") == 0)
			port = o->val;
		else if (strcmp(o->keyword, "user") == 0)
			user = o->val;
	}
	if (tag != NULL)
		snprintf(db, sizeof db, "%s%d_%d_%.*s", prefix, (int)getpid(),
		    n++, (int)strcspn(tag, "."), tag);
	else
		snprintf(db, sizeof db, "%s%d_%d", prefix, (int)getpid(), n++);
	snprintf(out, len, "postgresql://%s@%s:%s/%s", user, host, port, db);
	PQconninfoFree(opts);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", db);
	c = PQconnectdb(server);
	PQclear(PQexec(c, sql));
	PQfinish(c);
}

#endif
