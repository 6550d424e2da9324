/* draft.c — drafts on disk: what the user typed, kept in the state
 * folder's drafts/ until the server has the post. Beside each draft
 * ("x.txt") is its ".key" file, one small JSON object: the post's
 * Idempotency-Key, what it is (kind, account, options, the post it
 * answers) and what happened to it (an approval's id while it awaits
 * one, an approver's note on a returned text, a try that got no answer
 * where a second try is a second post). Every file is written whole or
 * not at all (fileq.h). The composer (compose.c) writes them as the user
 * types; :drafts lists them; the outbox and approvals mark them. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "starling/account.h"
#include "starling/clock.h"
#include "starling/fileq.h"
#include "starling/paths.h"
#include "starling/post.h"
#include "starling/post_json.h"
#include "starling/xmalloc.h"
#include "ui_internal.h"

#define DRAFT_KEY_LEN	32		/* hex digits */
#define DRAFT_META_MAX	(256 * 1024)	/* a .key file, its target post and all */

/* By enum ui_compose_kind: the word for it, the draft's prefix. */
static const struct {
	const char	*word, *prefix;
} draft_kinds[] = {
	[UI_COMPOSE_POST] = { "post", "new-" },
	[UI_COMPOSE_REPLY] = { "reply", "" },
	[UI_COMPOSE_QUOTE] = { "quote", "quote_" },
};

const char *
ui_draft_word(enum ui_compose_kind kind)
{
	return draft_kinds[kind].word;
}

bool
ui_draft_kind(const char *word, enum ui_compose_kind *kind)
{
	size_t	i;

	for (i = 0; word != NULL && i < sizeof draft_kinds /
	    sizeof draft_kinds[0]; i++)
		if (strcmp(word, draft_kinds[i].word) == 0) {
			*kind = (enum ui_compose_kind)i;
			return true;
		}
	return false;
}

char *
ui_draft_dir(void)
{
	char	*dir = paths_state_dir(), *path;

	xasprintf(&path, "%s/drafts", dir);
	free(dir);
	return path;
}

char *
ui_draft_key_new(void)
{
	unsigned char	raw[16];
	char		*out = xmalloc(33);
	int		 fd, i;

	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || read(fd, raw, sizeof raw) != (ssize_t)sizeof raw) {
		/* Unique enough for one client's retries. */
		for (i = 0; i < 16; i++)
			raw[i] = (unsigned char)(rand() ^ (time(NULL) >> i) ^
			    getpid());
	}
	if (fd >= 0)
		close(fd);
	for (i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
	return out;
}

/* The draft file of a box: a reply's and a quote's by the post (replying
 * again reopens it), a new post's new each time. */
char *
ui_draft_path(enum ui_compose_kind kind, const struct post *p)
{
	char	*dir = ui_draft_dir(), *path, *rnd, name[256];
	size_t	 i, o = 0;
	char	 c;
	const char *parts[2];

	if (p == NULL) {
		rnd = ui_draft_key_new();
		xasprintf(&path, "%s/new-%lld-%.8s.txt", dir,
		    (long long)clock_wall_ms(), rnd);
		free(rnd);
		free(dir);
		return path;
	}
	parts[0] = p->network;
	parts[1] = p->id;
	o = (size_t)snprintf(name, sizeof name, "%s", draft_kinds[kind].prefix);
	for (i = 0; i < 2; i++) {
		const char *s = parts[i];

		if (i == 1 && o < sizeof name - 1)
			name[o++] = '_';
		for (; *s && o < sizeof name - 1; s++) {
			c = *s;
			name[o++] = (c >= 'a' && c <= 'z') || (c >= 'A' &&
			    c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
			    c == '.' ? c : '_';
		}
	}
	name[o] = '\0';
	xasprintf(&path, "%s/%s.txt", dir, name);
	free(dir);
	return path;
}

/* The file beside the draft: "x.key" beside "x.txt". */
char *
ui_draft_side(const char *draft, const char *ext)
{
	char	*path;
	size_t	 n = strlen(draft);

	if (n > 4 && strcmp(draft + n - 4, ".txt") == 0)
		n -= 4;
	xasprintf(&path, "%.*s%s", (int)n, draft, ext);
	return path;
}

/* A whole small file (xmalloc'd, NUL-ended), or NULL. */
char *
ui_draft_read(const char *path, size_t max, size_t *len)
{
	FILE	*f;
	char	*buf;
	size_t	 n;

	if ((f = fopen(path, "re")) == NULL)
		return NULL;
	buf = xmalloc(max + 1);
	n = fread(buf, 1, max, f);
	fclose(f);
	buf[n] = '\0';
	if (len != NULL)
		*len = n;
	return buf;
}

static bool
draft_key_ok(const char *s)
{
	size_t	i;

	for (i = 0; s[i] != '\0'; i++)
		if (strchr("0123456789abcdef", s[i]) == NULL)
			return false;
	return i == DRAFT_KEY_LEN;
}

/* What the .key file beside the draft says: {"key": ..., "kind": ...,
 * "account": ..., "target": {...}}, or NULL. An older draft's file holds
 * the key alone: {"key": ...} then. */
json_t *
ui_draft_meta_load(const char *draft)
{
	char	*path = ui_draft_side(draft, ".key"), *buf;
	json_t	*o;

	buf = ui_draft_read(path, DRAFT_META_MAX, NULL);
	free(path);
	if (buf == NULL)
		return NULL;
	if (draft_key_ok(buf))
		o = json_pack("{ss}", "key", buf);
	else
		o = json_loads(buf, 0, NULL);
	free(buf);
	if (o != NULL && !json_is_object(o)) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

/* The key kept beside the draft, when there is a well-formed one. */
char *
ui_draft_key_load(const char *draft)
{
	json_t		*o = ui_draft_meta_load(draft);
	const char	*k = o ? json_string_value(json_object_get(o, "key")) :
			    NULL;
	char		*key = k != NULL && draft_key_ok(k) ? xstrdup(k) : NULL;

	json_decref(o);
	return key;
}

/* The .key file: the key and what the draft is (xmalloc'd JSON). */
char *
ui_draft_meta(const char *key, enum ui_compose_kind kind,
    struct account *acct, const char *visibility, const char *cw,
    const struct post *target, const char *note, const char *returned_by,
    bool sending)
{
	json_t	*o = json_object(), *t;
	char	*s, *out, *pj;

	json_object_set_new(o, "key", json_string(key));
	json_object_set_new(o, "kind", json_string(draft_kinds[kind].word));
	json_object_set_new(o, "account", json_string(account_name(acct)));
	if (visibility != NULL)
		json_object_set_new(o, "visibility", json_string(visibility));
	if (cw != NULL && *cw != '\0')
		json_object_set_new(o, "cw", json_string(cw));
	if (target != NULL && (pj = post_to_json(target)) != NULL) {
		if ((t = json_loads(pj, 0, NULL)) != NULL)
			json_object_set_new(o, "target", t);
		free(pj);
	}
	/* An approver's note on a post returned for another look. */
	if (note != NULL)
		json_object_set_new(o, "note", json_string(note));
	if (returned_by != NULL)
		json_object_set_new(o, "returned_by", json_string(returned_by));
	/* A try of it got no answer, where a second try is a second post. */
	if (sending)
		json_object_set_new(o, "sending", json_string("1"));
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	out = xstrdup(s ? s : "{}");
	free(s);
	return out;
}

/* Removes the draft's files; -1 with errno when one cannot go. */
int
ui_draft_unlink(const char *draft)
{
	static const char *const ext[] = { ".key" };
	char	*path;
	size_t	 i;
	int	 rc = 0;

	if (unlink(draft) != 0 && errno != ENOENT)
		rc = -1;
	for (i = 0; rc == 0 && i < sizeof ext / sizeof ext[0]; i++) {
		path = ui_draft_side(draft, ext[i]);
		if (unlink(path) != 0 && errno != ENOENT)
			rc = -1;
		free(path);
	}
	return rc;
}

void
ui_draft_drop(const char *draft)
{
	if (draft != NULL)
		ui_draft_unlink(draft);
}

int
ui_draft_mark(const char *draft, const char *key, const char *value)
{
	json_t	*o = ui_draft_meta_load(draft);
	char	*s, *path;
	int	 rc;

	if (o == NULL)
		return -1;
	if (value != NULL)
		json_object_set_new(o, key, json_string(value));
	else
		json_object_del(o, key);
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	if (s == NULL)
		return -1;
	path = ui_draft_side(draft, ".key");
	rc = fileq_write_file(path, s, strlen(s));
	free(path);
	free(s);
	return rc;
}

char *
ui_draft_find(const char *key, const char *value)
{
	char		*dir = ui_draft_dir(), *path, *found = NULL;
	const char	*v;
	struct dirent	*de;
	json_t		*o;
	DIR		*dp;
	size_t		 len;

	if ((dp = opendir(dir)) == NULL) {
		free(dir);
		return NULL;
	}
	while (found == NULL && (de = readdir(dp)) != NULL) {
		len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".txt") != 0)
			continue;
		xasprintf(&path, "%s/%s", dir, de->d_name);
		if ((o = ui_draft_meta_load(path)) != NULL &&
		    (v = json_string_value(json_object_get(o, key))) != NULL &&
		    strcmp(v, value) == 0)
			found = path;
		else
			free(path);
		json_decref(o);
	}
	closedir(dp);
	free(dir);
	return found;
}

size_t
ui_drafts_marked(const char *key, char ***files, char ***values)
{
	char		*dir = ui_draft_dir(), *path;
	const char	*v;
	struct dirent	*de;
	json_t		*o;
	DIR		*dp;
	size_t		 len, n = 0;

	*files = xcalloc(1, sizeof **files);
	*values = xcalloc(1, sizeof **values);
	if ((dp = opendir(dir)) == NULL) {
		free(dir);
		return 0;
	}
	while ((de = readdir(dp)) != NULL) {
		len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".txt") != 0)
			continue;
		xasprintf(&path, "%s/%s", dir, de->d_name);
		if ((o = ui_draft_meta_load(path)) != NULL &&
		    (v = json_string_value(json_object_get(o, key))) != NULL) {
			*files = xreallocarray(*files, n + 2, sizeof **files);
			*values = xreallocarray(*values, n + 2,
			    sizeof **values);
			(*files)[n] = path;
			(*values)[n++] = xstrdup(v);
			(*files)[n] = (*values)[n] = NULL;
		} else
			free(path);
		json_decref(o);
	}
	closedir(dp);
	free(dir);
	return n;
}

char *
ui_draft_new(const char *name, enum ui_compose_kind kind,
    const struct post *target, struct account *acct, const char *text,
    const char *cw, const char *visibility, const char *key, char *err,
    size_t errlen)
{
	char	*dir = ui_draft_dir(), *path, *meta, *side;
	int	 rc;

	xasprintf(&path, "%s/%s.txt", dir, name);
	free(dir);
	meta = ui_draft_meta(key, kind, acct, visibility, cw, target, NULL,
	    NULL, false);
	side = ui_draft_side(path, ".key");
	/* The key first, so the text is never sent under another. */
	rc = fileq_write_file(side, meta, strlen(meta));
	if (rc == 0)
		rc = fileq_write_file(path, text, strlen(text));
	if (rc != 0) {
		snprintf(err, errlen, "cannot save %s: %s", path,
		    strerror(errno));
		ui_draft_unlink(path);
		free(path);
		path = NULL;
	}
	free(side);
	free(meta);
	return path;
}

/* --- drafts ------------------------------------------------------------- */

struct draft_entry {
	char	*file, *label;
	time_t	 mtime;
};

static int
draft_cmp(const void *a, const void *b)
{
	const struct draft_entry	*x = a, *y = b;

	return x->mtime < y->mtime ? 1 : x->mtime > y->mtime ? -1 :
	    strcmp(x->file, y->file);
}

/* "reply to @ana as fake: Thanks for…" */
static char *
draft_label(const char *file)
{
	json_t		*meta = ui_draft_meta_load(file), *t;
	const char	*kind, *acct, *handle = NULL, *note, *by;
	char		*text, *label, *nl, *lead;
	size_t		 n = 0;

	if (meta == NULL)
		return NULL;
	kind = json_string_value(json_object_get(meta, "kind"));
	acct = json_string_value(json_object_get(meta, "account"));
	if (acct == NULL) {
		/* An older reply draft: r on its post reopens it. */
		json_decref(meta);
		return NULL;
	}
	if ((t = json_object_get(meta, "target")) != NULL)
		handle = json_string_value(json_object_get(t, "author_handle"));
	text = ui_draft_read(file, 200, &n);
	if (text != NULL)
		while ((nl = strchr(text, '\n')) != NULL)
			*nl = ' ';
	note = json_string_value(json_object_get(meta, "note"));
	by = json_string_value(json_object_get(meta, "returned_by"));
	/* What an approver said of it, beside it; or that it waits. */
	if (note != NULL)
		xasprintf(&lead, "[%s: %s] ", by ? by : "note", note);
	else if (json_object_get(meta, "approval") != NULL)
		lead = xstrdup("[awaiting approval] ");
	else if (json_object_get(meta, "sending") != NULL)
		lead = xstrdup("[may have been sent] ");
	else
		lead = xstrdup("");
	xasprintf(&label, "%s%s%s%s as %s: %s", lead, kind ? kind : "post",
	    handle ? (strcmp(kind ? kind : "", "quote") == 0 ? " of @" :
	    " to @") : "", handle ? handle : "", acct ? acct : "?",
	    text ? text : "");
	free(lead);
	free(text);
	json_decref(meta);
	return label;
}

size_t
ui_drafts_list(struct ui *ui, char ***files, char ***labels)
{
	char			*dir = ui_draft_dir(), *path, *label;
	struct draft_entry	*d = NULL;
	struct dirent		*de;
	struct stat		 st;
	DIR			*dp;
	size_t			 n = 0, i, len;

	(void)ui;
	if ((dp = opendir(dir)) != NULL) {
		while ((de = readdir(dp)) != NULL) {
			len = strlen(de->d_name);
			if (len < 5 || strcmp(de->d_name + len - 4, ".txt") != 0)
				continue;
			xasprintf(&path, "%s/%s", dir, de->d_name);
			if (stat(path, &st) != 0 ||
			    (label = draft_label(path)) == NULL) {
				free(path);
				continue;
			}
			d = xreallocarray(d, n + 1, sizeof *d);
			d[n].file = path;
			d[n].label = label;
			d[n++].mtime = st.st_mtime;
		}
		closedir(dp);
	}
	free(dir);
	if (n > 1)
		qsort(d, n, sizeof *d, draft_cmp);
	*files = xcalloc(n + 1, sizeof **files);
	*labels = xcalloc(n + 1, sizeof **labels);
	for (i = 0; i < n; i++) {
		(*files)[i] = d[i].file;
		(*labels)[i] = d[i].label;
	}
	free(d);
	return n;
}
