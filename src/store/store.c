/* store.c — the store's front: picks the backend from the store's address,
 * checks every change before a backend sees it, and dispatches each call
 * through the backend's table (store_backend.h). What every backend shares
 * is here too: status names, the rules a change follows, freeing results.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "starling/name.h"
#include "starling/post.h"
#include "starling/store.h"
#include "starling/xmalloc.h"
#include "store_backend.h"

struct store {
	const struct store_backend	*ops;
	void				*conn;
	char				*where;	/* the address, scheme removed */
};

/* How an address names its backend, first match wins; a libpq
 * "keyword=value" string is PostgreSQL's too, anything else a SQLite
 * path. */
struct store_scheme {
	const char			*prefix;
	const struct store_backend	*backend;
	bool				 whole;	/* the backend takes the whole
						 * address */
};

static const struct store_scheme store_schemes[] = {
	{ "sqlite://", &store_sqlite_backend, false },
	{ "sqlite:", &store_sqlite_backend, false },
	{ "postgresql://", &store_pg_backend, true },
	{ "postgres://", &store_pg_backend, true },
};

/* The keywords of a libpq connection string ("host=db dbname=triage"). */
static const char *const store_pq_keywords[] = {
	"host", "hostaddr", "port", "dbname", "user", "password", "passfile",
	"service", "sslmode", "connect_timeout", "options", "application_name",
	"target_session_attrs"
};

#define STORE_NELEM(a)	(sizeof (a) / sizeof (a)[0])

static const char *store_status_names[] = {
	"new", "open", "assigned", "replied", "done", "ignored"
};
#define STORE_NSTATUS	STORE_NELEM(store_status_names)

const char *
store_status_name(enum store_status st)
{
	if ((unsigned)st >= STORE_NSTATUS)
		return "new";
	return store_status_names[st];
}

int
store_status_parse(const char *s)
{
	size_t	i;

	for (i = 0; s != NULL && i < STORE_NSTATUS; i++)
		if (strcmp(s, store_status_names[i]) == 0)
			return (int)i;
	return -1;
}

static char *
store_strdup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

void
store_triage_free(struct store_triage *t)
{
	size_t	i;

	if (t == NULL)
		return;
	free(t->network);
	free(t->id);
	free(t->assignee);
	free(t->assigned_by);
	for (i = 0; i < t->ntags; i++)
		free(t->tags[i]);
	free(t->tags);
	free(t->replying);
	free(t->replied_by);
	free(t->updated_by);
	memset(t, 0, sizeof *t);
}

void
store_triage_copy(struct store_triage *dst, const struct store_triage *src)
{
	size_t	i;

	*dst = *src;
	dst->network = store_strdup(src->network);
	dst->id = store_strdup(src->id);
	dst->assignee = store_strdup(src->assignee);
	dst->assigned_by = store_strdup(src->assigned_by);
	dst->tags = src->ntags ? xcalloc(src->ntags, sizeof *dst->tags) : NULL;
	for (i = 0; i < src->ntags; i++)
		dst->tags[i] = xstrdup(src->tags[i]);
	dst->replying = store_strdup(src->replying);
	dst->replied_by = store_strdup(src->replied_by);
	dst->updated_by = store_strdup(src->updated_by);
}

void
store_audit_free(struct store_audit *a)
{
	if (a == NULL)
		return;
	free(a->who);
	free(a->action);
	free(a->network);
	free(a->id);
	free(a->detail);
	free(a->change_id);
	memset(a, 0, sizeof *a);
}

/* --- addresses ------------------------------------------------------------ */

/* A libpq "keyword=value ..." string: its first word is a keyword and =. */
static bool
store_is_pq_keywords(const char *url)
{
	size_t	i, len;

	while (isspace((unsigned char)*url))
		url++;
	for (i = 0; i < STORE_NELEM(store_pq_keywords); i++) {
		len = strlen(store_pq_keywords[i]);
		if (strncmp(url, store_pq_keywords[i], len) == 0 &&
		    (url[len] == '=' || (isspace((unsigned char)url[len]) &&
		    url[len + strspn(url + len, " \t")] == '=')))
			return true;
	}
	return false;
}

char *
store_url_redact(const char *url)
{
	const char	*p, *at, *colon, *end;
	char		*out, *o;
	size_t		 len = strlen(url);

	/* Room for every password replaced by "***" and then some. */
	out = o = xmalloc(len * 2 + 8);
	p = url;
	/* scheme://user:password@host */
	if ((colon = strstr(url, "://")) != NULL) {
		end = colon + 3 + strcspn(colon + 3, "/?#");
		at = NULL;
		for (const char *q = colon + 3; q < end; q++)
			if (*q == '@')
				at = q;
		if (at != NULL) {
			const char *pw = memchr(colon + 3, ':',
			    (size_t)(at - (colon + 3)));

			if (pw != NULL) {
				memcpy(o, url, (size_t)(pw + 1 - url));
				o += pw + 1 - url;
				memcpy(o, "***", 3);
				o += 3;
				p = at;
			}
		}
	}
	/* password=... as a query parameter or a libpq keyword. */
	while (*p != '\0') {
		if (strncmp(p, "password", 8) == 0 && (p == url ||
		    strchr("?&; \t", p[-1]) != NULL)) {
			const char	*v = p + 8;

			v += strspn(v, " \t");
			if (*v == '=') {
				v++;
				v += strspn(v, " \t");
				memcpy(o, p, (size_t)(v - p));
				o += v - p;
				memcpy(o, "***", 3);
				o += 3;
				if (*v == '\'') {
					for (v++; *v != '\0' && *v != '\''; v++)
						if (*v == '\\' && v[1] != '\0')
							v++;
					if (*v == '\'')
						v++;
				} else
					v += strcspn(v, "& \t");
				p = v;
				continue;
			}
		}
		*o++ = *p++;
	}
	*o = '\0';
	return out;
}

/* The backend for url and the address it takes (xmalloc'd), or NULL with
 * a message. */
static const struct store_backend *
store_pick(const char *url, char **where, char *err, size_t errlen)
{
	const struct store_scheme	*sc = NULL;
	size_t				 i;

	if (url == NULL || *url == '\0') {
		snprintf(err, errlen, "no store path");
		return NULL;
	}
	for (i = 0; i < STORE_NELEM(store_schemes) && sc == NULL; i++)
		if (strncmp(url, store_schemes[i].prefix,
		    strlen(store_schemes[i].prefix)) == 0)
			sc = &store_schemes[i];
	if (sc == NULL && store_is_pq_keywords(url)) {
		*where = xstrdup(url);
		return &store_pg_backend;
	}
	*where = xstrdup(sc != NULL && !sc->whole ?
	    url + strlen(sc->prefix) : url);
	if (**where == '\0') {
		snprintf(err, errlen, "no store path in \"%s\"", url);
		free(*where);
		return NULL;
	}
	return sc != NULL ? sc->backend : &store_sqlite_backend;
}

static struct store *
store_connect(const char *url, const char *who, const char *password,
    bool existing, bool wait, char *err, size_t errlen)
{
	const struct store_backend	*ops;
	struct store			*s;
	struct stat			 sb;
	char				*where;

	if ((ops = store_pick(url, &where, err, errlen)) == NULL)
		return NULL;
	if (existing && ops == &store_sqlite_backend && stat(where, &sb) != 0) {
		snprintf(err, errlen, "no triage store at %s", where);
		free(where);
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	s->ops = ops;
	s->conn = ops->open(where, who, password, wait, err, errlen);
	/* Only a redacted address is kept: it is what messages show. */
	s->where = ops == &store_sqlite_backend ? where :
	    store_url_redact(where);
	if (s->where != where) {
		memset(where, 0, strlen(where));
		free(where);
	}
	if (s->conn == NULL) {
		free(s->where);
		free(s);
		return NULL;
	}
	return s;
}

struct store *
store_open(const char *url, const char *who, char *err, size_t errlen)
{
	return store_connect(url, who, NULL, false, false, err, errlen);
}

struct store *
store_open_password(const char *url, const char *who, const char *password,
    char *err, size_t errlen)
{
	return store_connect(url, who, password, false, false, err, errlen);
}

struct store *
store_open_waiting(const char *url, const char *who, const char *password,
    char *err, size_t errlen)
{
	return store_connect(url, who, password, false, true, err, errlen);
}

struct store *
store_open_existing(const char *url, const char *who, const char *password,
    char *err, size_t errlen)
{
	return store_connect(url, who, password, true, false, err, errlen);
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	s->ops->close(s->conn);
	free(s->where);
	free(s);
}

const char *
store_path(const struct store *s)
{
	return s->where;
}

const char *
store_offline(struct store *s)
{
	return s->ops->offline(s->conn);
}

int
store_schema_version(struct store *s)
{
	return s->ops->schema_version(s->conn);
}

void
store_set_busy_timeout(struct store *s, int ms)
{
	s->ops->set_busy_timeout(s->conn, ms);
}

int
store_read_begin(struct store *s, char *err, size_t errlen)
{
	return s->ops->read_begin(s->conn, err, errlen);
}

void
store_read_end(struct store *s)
{
	s->ops->read_end(s->conn);
}

/* --- changes -------------------------------------------------------------- */

static bool
store_valid_name(const char *s, size_t max)
{
	size_t	len = s != NULL ? strlen(s) : 0;

	return len > 0 && len <= max;
}

/* Presence (replying) and actions other than a reply leave "updated"
 * alone; likes and reposts do not make a post triaged. */
void
store_change_effects(const struct store_change *c, bool *row, bool *touch)
{
	*row = true;
	*touch = true;
	if (c->kind == STORE_CHANGE_REPLYING || c->kind == STORE_CHANGE_RECORD)
		*touch = false;
	if (c->kind == STORE_CHANGE_ACTION && strcmp(c->arg, "reply") != 0)
		*row = *touch = false;
}

/* Assigned, or once unassigned open again, unless it was closed. */
enum store_status
store_change_assigned(const struct store_change *c, enum store_status now)
{
	if (c->arg != NULL)
		return STORE_ASSIGNED;
	if (now == STORE_DONE || now == STORE_IGNORED || now == STORE_REPLIED)
		return now;
	return STORE_OPEN;
}

const char *
store_change_action(const struct store_change *c)
{
	switch (c->kind) {
	case STORE_CHANGE_ASSIGN:
		return c->arg != NULL ? "assign" : "unassign";
	case STORE_CHANGE_TAG:
		return c->on ? "tag" : "untag";
	case STORE_CHANGE_STATUS:
		return "status";
	case STORE_CHANGE_NOTE:
		return "note";
	case STORE_CHANGE_REPLYING:
		return c->on ? "replying" : "replying-stopped";
	case STORE_CHANGE_RECORD:
		return "record";
	case STORE_CHANGE_PRIORITY:
		return "priority";
	case STORE_CHANGE_ACTION:
		break;
	}
	return c->arg;
}

const char *
store_change_who(const struct store_change *c, const char *user)
{
	return c->who != NULL ? c->who : user;
}

/* The command a status change is known by ("done", "reopen"). */
const char *
store_change_verb(const struct store_change *c)
{
	static const char *const verbs[] = {
		[STORE_NEW] = "status", [STORE_OPEN] = "reopen",
		[STORE_ASSIGNED] = "status", [STORE_REPLIED] = "status",
		[STORE_DONE] = "done", [STORE_IGNORED] = "ignore"
	};

	if (c->kind != STORE_CHANGE_STATUS)
		return store_change_action(c);
	if ((unsigned)c->status >= STORE_NELEM(verbs))
		return "status";
	return verbs[c->status];
}

/* What a change needs before anything is written. */
static int
store_change_check(const struct store_change *c, char *err, size_t errlen)
{
	json_t	*detail;
	char	*norm, why[128];

	switch (c->kind) {
	case STORE_CHANGE_ASSIGN:
		if (c->arg != NULL && !store_valid_name(c->arg,
		    STORE_NAME_MAX)) {
			snprintf(err, errlen, "assign: no teammate named");
			return -1;
		}
		break;
	case STORE_CHANGE_TAG:
		if (!store_valid_name(c->arg, STORE_NAME_MAX)) {
			snprintf(err, errlen, "tag: no tag named");
			return -1;
		}
		/* A tag is added in its one spelling (name.h); any tag can
		 * come off, one an older version let in too. */
		if (c->on && !name_tag_is_normal(c->arg)) {
			if ((norm = name_tag(c->arg, why, sizeof why)) == NULL)
				snprintf(err, errlen, "tag: %s", why);
			else
				snprintf(err, errlen, "tag: #%s is written #%s",
				    c->arg, norm);
			free(norm);
			return -1;
		}
		break;
	case STORE_CHANGE_STATUS:
		if ((unsigned)c->status >= STORE_NSTATUS) {
			snprintf(err, errlen, "status: unknown status %d",
			    (int)c->status);
			return -1;
		}
		if (c->arg != NULL && store_status_parse(c->arg) < 0) {
			snprintf(err, errlen, "status: unknown status %s",
			    c->arg);
			return -1;
		}
		break;
	case STORE_CHANGE_NOTE:
		if (!store_valid_name(c->arg, STORE_TEXT_MAX)) {
			snprintf(err, errlen, c->arg == NULL || *c->arg == '\0' ?
			    "note: the note is empty" :
			    "note: the note is too long");
			return -1;
		}
		break;
	case STORE_CHANGE_REPLYING:
		break;
	case STORE_CHANGE_ACTION:
		if (!store_valid_name(c->arg, STORE_NAME_MAX)) {
			snprintf(err, errlen, "no action named");
			return -1;
		}
		/* FALLTHROUGH */
	case STORE_CHANGE_RECORD:
		if (c->detail != NULL && strlen(c->detail) > STORE_TEXT_MAX) {
			snprintf(err, errlen, "%s: the detail is too long",
			    store_change_action(c));
			return -1;
		}
		break;
	case STORE_CHANGE_PRIORITY:
		if (c->priority < 0 || c->priority > 9999) {
			snprintf(err, errlen, "priority: %d is not between 0 "
			    "and 9999", c->priority);
			return -1;
		}
		break;
	default:
		snprintf(err, errlen, "no such change (%d)", (int)c->kind);
		return -1;
	}
	if (!store_valid_name(c->network, STORE_KEY_MAX) ||
	    !store_valid_name(c->id, STORE_KEY_MAX)) {
		snprintf(err, errlen, "no post to change");
		return -1;
	}
	if (c->who != NULL && !store_valid_name(c->who, STORE_NAME_MAX)) {
		snprintf(err, errlen, "%s: no one named",
		    store_change_action(c));
		return -1;
	}
	if ((c->kind == STORE_CHANGE_ACTION || c->kind == STORE_CHANGE_RECORD)
	    && c->detail != NULL) {
		detail = json_loads(c->detail, JSON_REJECT_DUPLICATES, NULL);
		if (detail == NULL || !json_is_object(detail)) {
			json_decref(detail);
			snprintf(err, errlen, "%s: the detail is not a JSON "
			    "object", store_change_action(c));
			return -1;
		}
		json_decref(detail);
	}
	return 0;
}

void
store_change_id_new(char buf[STORE_CHANGE_ID_LEN + 1])
{
	unsigned char	r[STORE_CHANGE_ID_LEN / 2];
	size_t		i;

	/* getrandom() does not fail for 16 bytes once the pool is ready;
	 * the clock and the process stand in if it ever does. */
	if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
		struct timespec	ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		snprintf(buf, STORE_CHANGE_ID_LEN + 1, "%016llx%08x%08x",
		    (unsigned long long)ts.tv_sec * 1000000000ULL +
		    (unsigned long long)ts.tv_nsec, (unsigned)getpid(),
		    (unsigned)rand());
		return;
	}
	for (i = 0; i < sizeof r; i++)
		snprintf(buf + 2 * i, 3, "%02x", r[i]);
}

int
store_apply(struct store *s, const struct store_change *c, char *err,
    size_t errlen)
{
	return store_apply_batch(s, c, 1, err, errlen);
}

int
store_apply_batch(struct store *s, const struct store_change *c, size_t n,
    char *err, size_t errlen)
{
	struct store_change	*mine;
	char			 id[STORE_CHANGE_ID_LEN + 1], *ids;
	const char		*first;
	size_t			 i, idlen = STORE_NAME_MAX + 24;
	int			 rc;

	if (n == 0) {
		snprintf(err, errlen, "an empty batch of changes");
		return -1;
	}
	for (i = 0; i < n; i++)
		if (store_change_check(&c[i], err, errlen) != 0)
			return -1;
	first = c[0].change_id;
	if (first == NULL || *first == '\0') {
		store_change_id_new(id);
		first = id;
	} else if (strlen(first) > STORE_NAME_MAX) {
		snprintf(err, errlen, "the change id is too long");
		return -1;
	}
	mine = xreallocarray(NULL, n, sizeof *mine);
	ids = xreallocarray(NULL, n, idlen);
	for (i = 0; i < n; i++) {
		mine[i] = c[i];
		if (i == 0)
			mine[i].change_id = first;
		else {
			snprintf(ids + i * idlen, idlen, "%s.%zu", first, i);
			mine[i].change_id = ids + i * idlen;
		}
	}
	rc = s->ops->apply(s->conn, mine, n, err, errlen);
	free(ids);
	free(mine);
	return rc;
}

int
store_replying_clear(struct store *s, char *err, size_t errlen)
{
	return s->ops->replying_clear(s->conn, err, errlen);
}

/* --- reads ---------------------------------------------------------------- */

int
store_get(struct store *s, const char *network, const char *id,
    struct store_triage *out)
{
	return s->ops->get(s->conn, network, id, out);
}

struct post *
store_get_post(struct store *s, const char *network, const char *id)
{
	return s->ops->get_post(s->conn, network, id);
}

int
store_author_posts(struct store *s, const char *network, const char *handle,
    size_t max, bool (*cb)(const struct post *, const struct store_triage *,
    void *), void *arg)
{
	if (network == NULL || handle == NULL || max == 0)
		return 0;
	return s->ops->author_posts(s->conn, network, handle, max, cb, arg);
}

int
store_history(struct store *s, const char *network, const char *id,
    struct store_audit **out, size_t *n)
{
	return s->ops->history(s->conn, network, id, out, n);
}

int
store_each(struct store *s, bool (*cb)(const struct store_triage *, void *),
    void *arg)
{
	return s->ops->each(s->conn, cb, arg);
}

int
store_audit_since(struct store *s, int64_t after, struct store_audit **out,
    size_t *n)
{
	return s->ops->audit_since(s->conn, after, out, n);
}

int
store_audit_from(struct store *s, int64_t since, struct store_audit **out,
    size_t *n)
{
	return s->ops->audit_from(s->conn, since, out, n);
}

int
store_audit_each(struct store *s, int64_t since,
    bool (*cb)(const struct store_audit *, void *), void *arg)
{
	return s->ops->audit_each(s->conn, since, cb, arg);
}

int64_t
store_last_seq(struct store *s)
{
	return s->ops->last_seq(s->conn);
}

/* --- the change feed ------------------------------------------------------ */

int
store_watch_fd(struct store *s)
{
	return s->ops->watch_fd(s->conn);
}

bool
store_changed(struct store *s)
{
	return s->ops->changed(s->conn);
}

int
store_watch_again(struct store *s)
{
	return s->ops->watch_again(s->conn);
}

/* --- copying a store ------------------------------------------------------ */

struct store_migrate_ctx {
	struct store	*to;
	char		*err;
	size_t		 errlen;
	size_t		 n;
};

static int
store_migrate_one(const struct store_record *r, void *arg)
{
	struct store_migrate_ctx	*ctx = arg;

	ctx->n++;
	return ctx->to->ops->load(ctx->to->conn, r, ctx->err, ctx->errlen);
}

int
store_migrate(struct store *from, struct store *to, bool force, char *err,
    size_t errlen)
{
	struct store_migrate_ctx	 ctx = { to, err, errlen, 0 };
	char				 e[256];

	if (to->ops->load == NULL) {
		snprintf(err, errlen, "%s: a %s store cannot be copied into; "
		    "copy into a PostgreSQL store", to->where, to->ops->name);
		return -1;
	}
	if (from->ops == to->ops && strcmp(from->where, to->where) == 0) {
		snprintf(err, errlen, "%s: the store cannot be copied into "
		    "itself", to->where);
		return -1;
	}
	if (to->ops->load_begin(to->conn, force, err, errlen) != 0)
		return -1;
	err[0] = '\0';
	if (from->ops->dump(from->conn, store_migrate_one, &ctx) != 0) {
		if (err[0] == '\0')
			snprintf(err, errlen, "%s: cannot read the store",
			    from->where);
		to->ops->load_end(to->conn, false, e, sizeof e);
		return -1;
	}
	return to->ops->load_end(to->conn, true, err, errlen);
}
