/* approval.c — posts that wait for an approver, in the store: an item is
 * submitted, then claimed by one approver or returned to its writer, each
 * step one batch (approval.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "starling/approval.h"
#include "starling/post.h"
#include "starling/post_json.h"
#include "starling/store.h"
#include "starling/triage.h"
#include "starling/xmalloc.h"

void
approval_free(struct approval *a)
{
	if (a == NULL)
		return;
	free(a->writer);
	free(a->account);
	free(a->kind);
	free(a->text);
	free(a->cw);
	free(a->visibility);
	if (a->target != NULL)
		post_unref(a->target);
	memset(a, 0, sizeof *a);
}

static void
approval_set(json_t *o, const char *key, const char *v)
{
	if (v != NULL)
		json_object_set_new(o, key, json_string(v));
}

char *
approval_detail(const struct approval *a)
{
	json_t	*o = json_object(), *t;
	char	*pj, *s, *out;

	approval_set(o, "writer", a->writer);
	approval_set(o, "account", a->account);
	approval_set(o, "kind", a->kind);
	approval_set(o, "text", a->text);
	approval_set(o, "cw", a->cw);
	approval_set(o, "visibility", a->visibility);
	if (a->target != NULL && (pj = post_to_json(a->target)) != NULL) {
		if ((t = json_loads(pj, 0, NULL)) != NULL)
			json_object_set_new(o, "target", t);
		free(pj);
	}
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	out = xstrdup(s != NULL ? s : "{}");
	free(s);
	return out;
}

static char *
approval_get(json_t *o, const char *key)
{
	const char	*v = json_string_value(json_object_get(o, key));

	return v != NULL ? xstrdup(v) : NULL;
}

int
approval_parse(const char *detail, struct approval *out)
{
	json_t	*o, *t;
	char	*pj;

	memset(out, 0, sizeof *out);
	if (detail == NULL || (o = json_loads(detail, 0, NULL)) == NULL)
		return -1;
	out->writer = approval_get(o, "writer");
	out->account = approval_get(o, "account");
	out->kind = approval_get(o, "kind");
	out->text = approval_get(o, "text");
	out->cw = approval_get(o, "cw");
	out->visibility = approval_get(o, "visibility");
	if ((t = json_object_get(o, "target")) != NULL &&
	    (pj = json_dumps(t, JSON_COMPACT)) != NULL) {
		out->target = post_from_json(pj, strlen(pj));
		free(pj);
	}
	json_decref(o);
	if (out->writer == NULL || out->account == NULL || out->kind == NULL ||
	    out->text == NULL || (strcmp(out->kind, "post") != 0 &&
	    out->target == NULL)) {
		approval_free(out);
		return -1;
	}
	return 0;
}

struct post *
approval_snapshot(const struct approval *a, const char *id, long long now)
{
	struct post	tmpl;

	memset(&tmpl, 0, sizeof tmpl);
	tmpl.network = TRIAGE_APPROVAL;
	tmpl.id = id;
	tmpl.column = a->account;
	tmpl.author_name = a->writer;
	tmpl.author_handle = a->writer;
	tmpl.created = (int64_t)now;
	tmpl.text = a->text;
	tmpl.content_warning = a->cw;
	tmpl.visibility = a->visibility;
	/* The post it answers, shown as a quote is; a reply says so. */
	if (a->target != NULL) {
		tmpl.quote_author = a->target->author_handle;
		tmpl.quote_text = a->target->text;
		if (strcmp(a->kind, "reply") == 0)
			tmpl.reply_to_author = a->target->author_handle;
	}
	return post_new(&tmpl);
}

int
approval_submit(struct store *s, const struct approval *a,
    char id[APPROVAL_ID_LEN + 1], char *err, size_t errlen)
{
	struct store_change	 c[2];
	struct post		*snap;
	char			*detail;
	int			 rc;

	if (a->writer == NULL || a->account == NULL || a->kind == NULL ||
	    a->text == NULL) {
		snprintf(err, errlen, "submit: the post is not complete");
		return -1;
	}
	if (*id == '\0')
		store_change_id_new(id);
	snap = approval_snapshot(a, id, (long long)time(NULL));
	detail = approval_detail(a);
	memset(c, 0, sizeof c);
	c[0].kind = STORE_CHANGE_ACTION;
	c[0].arg = "submit";
	c[0].detail = detail;
	c[0].post = snap;
	c[0].who = a->writer;
	c[1].kind = STORE_CHANGE_STATUS;
	c[1].status = STORE_OPEN;
	c[1].who = a->writer;
	c[0].network = c[1].network = TRIAGE_APPROVAL;
	c[0].id = c[1].id = id;
	rc = store_apply_batch(s, c, 2, err, errlen);
	free(detail);
	post_unref(snap);
	return rc;
}

int
approval_read(struct store *s, const char *id, struct approval *out,
    char *err, size_t errlen)
{
	struct store_audit	*a = NULL;
	size_t			 n = 0, i;
	int			 rc = 0;

	memset(out, 0, sizeof *out);
	if (store_history(s, TRIAGE_APPROVAL, id, &a, &n) != 0) {
		snprintf(err, errlen, "cannot read the post awaiting approval");
		return -1;
	}
	for (i = 0; i < n; i++)
		if (rc == 0 && strcmp(a[i].action, "submit") == 0)
			rc = approval_parse(a[i].detail, out) == 0 ? 1 : 0;
	for (i = 0; i < n; i++)
		store_audit_free(&a[i]);
	free(a);
	if (rc == 0)
		snprintf(err, errlen, "no post awaits approval as %s", id);
	return rc;
}

/* Why item id cannot be claimed any more, from its state: "already
 * approved by alice". */
static void
approval_taken(struct store *s, const char *id, char *err, size_t errlen)
{
	struct store_triage	t;

	memset(&t, 0, sizeof t);
	if (store_get(s, TRIAGE_APPROVAL, id, &t) != 1)
		snprintf(err, errlen, "no post awaits approval as %s", id);
	else if (t.status == STORE_DONE)
		snprintf(err, errlen, "already approved by %s", t.updated_by ?
		    t.updated_by : "someone");
	else if (t.status == STORE_IGNORED)
		snprintf(err, errlen, "already returned to its writer by %s",
		    t.updated_by ? t.updated_by : "someone");
	store_triage_free(&t);
}

/* The batch of a claim or a return: refused unless the item is open. */
static int
approval_decide(struct store *s, const char *id, struct store_change *c,
    size_t n, char *err, size_t errlen)
{
	char	why[256];

	c[0].kind = STORE_CHANGE_STATUS;
	c[0].arg = "open";
	if (store_apply_batch(s, c, n, why, sizeof why) == 0)
		return 0;
	snprintf(err, errlen, "%s", why);
	/* A refusal of the status (the item is not open): who took it. */
	if (strncmp(why, "done:", 5) == 0 || strncmp(why, "ignore:", 7) == 0)
		approval_taken(s, id, err, errlen);
	return -1;
}

int
approval_claim(struct store *s, const char *id, struct approval *out,
    char *err, size_t errlen)
{
	struct store_change	 c[2];
	json_t			*o;
	char			*detail;
	int			 rc;

	if ((rc = approval_read(s, id, out, err, errlen)) != 1)
		return -1;
	o = json_pack("{ssss}", "writer", out->writer, "account",
	    out->account);
	detail = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	memset(c, 0, sizeof c);
	c[0].status = STORE_DONE;
	c[1].kind = STORE_CHANGE_ACTION;
	c[1].arg = "approve";
	c[1].detail = detail;
	c[0].network = c[1].network = TRIAGE_APPROVAL;
	c[0].id = c[1].id = id;
	rc = approval_decide(s, id, c, 2, err, errlen);
	free(detail);
	if (rc != 0)
		approval_free(out);
	return rc;
}

int
approval_reject(struct store *s, const char *id, const char *note,
    char *err, size_t errlen)
{
	struct approval		 a;
	struct store_change	 c[3];
	json_t			*o;
	char			*detail;
	int			 rc;

	if (note == NULL || *note == '\0') {
		snprintf(err, errlen, "reject: say why (:reject NOTE), so the "
		    "writer knows what to change");
		return -1;
	}
	if (approval_read(s, id, &a, err, errlen) != 1)
		return -1;
	o = json_pack("{ssss}", "writer", a.writer, "note", note);
	detail = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	memset(c, 0, sizeof c);
	c[0].status = STORE_IGNORED;
	c[1].kind = STORE_CHANGE_ACTION;
	c[1].arg = "reject";
	c[1].detail = detail;
	c[2].kind = STORE_CHANGE_NOTE;
	c[2].arg = note;
	c[0].network = c[1].network = c[2].network = TRIAGE_APPROVAL;
	c[0].id = c[1].id = c[2].id = id;
	rc = approval_decide(s, id, c, 3, err, errlen);
	free(detail);
	approval_free(&a);
	return rc;
}

bool
approval_outcome(const char *action, const char *detail, char **writer,
    char **note)
{
	json_t	*o;

	*writer = *note = NULL;
	if (action == NULL || (strcmp(action, "approve") != 0 &&
	    strcmp(action, "reject") != 0) || detail == NULL ||
	    (o = json_loads(detail, 0, NULL)) == NULL)
		return false;
	*writer = approval_get(o, "writer");
	*note = approval_get(o, "note");
	json_decref(o);
	if (*writer == NULL) {
		free(*note);
		*note = NULL;
		return false;
	}
	return true;
}

const char *
approval_state(enum store_status status)
{
	switch (status) {
	case STORE_DONE:
		return "approved";
	case STORE_IGNORED:
		return "returned";
	default:
		return "awaiting approval";
	}
}
