/* store_export.c — `starling log` and `starling export`: the audit log and
 * the triage state for people and for reports, built on store.h's reads in
 * one snapshot. The formats are described in store.h.
 */
#include <ctype.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "starling/clock.h"
#include "starling/post.h"
#include "starling/store.h"
#include "starling/xmalloc.h"

static json_t *
store_export_time(int64_t t)
{
	char	buf[64];

	return json_string(clock_format(t, CLOCK_ISO, buf, sizeof buf));
}

static json_t	*store_export_string(const char *);

static char	*store_export_clean(const char *, bool);

/* Writes s with control characters (C0, DEL, C1) as spaces and bytes that
 * are not UTF-8 as "?": a note must not drive the reader's terminal. */
static void
store_export_put_clean(FILE *f, const char *s)
{
	char	*c = store_export_clean(s != NULL ? s : "", false);

	fputs(c, f);
	free(c);
}

static int
store_export_finish(FILE *f, char *err, size_t errlen)
{
	if (fflush(f) != 0 || ferror(f)) {
		snprintf(err, errlen, "cannot write the output");
		return -1;
	}
	return 0;
}

/* --- log ----------------------------------------------------------------- */

static void	store_export_log_detail(FILE *, const struct store_audit *,
		    json_t *);

char *
store_audit_describe(const struct store_audit *a)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f;
	json_t	*d;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return xstrdup("");
	d = a->detail ? json_loads(a->detail, 0, NULL) : NULL;
	store_export_log_detail(f, a, d);
	json_decref(d);
	fclose(f);
	/* The log's two-space lead is not wanted here. */
	if (buf != NULL && strncmp(buf, "  ", 2) == 0)
		memmove(buf, buf + 2, strlen(buf + 2) + 1);
	return buf ? buf : xstrdup("");
}

/* The detail's meaningful part for the log line (may be empty). */
static void
store_export_log_detail(FILE *f, const struct store_audit *a, json_t *d)
{
	static const struct {
		const char	*action, *key;
	} keys[] = {
		{ "assign", "assignee" }, { "tag", "tag" }, { "untag", "tag" },
		{ "status", "status" }, { "note", "text" },
		{ "priority", "priority" }, { "record", "column" },
	};
	const char	*k, *sep = "";
	json_t		*v;
	size_t		 i;

	if (!json_is_object(d))
		return;
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (strcmp(a->action, keys[i].action) != 0)
			continue;
		if ((v = json_object_get(d, keys[i].key)) != NULL &&
		    json_is_string(v)) {
			fputs("  ", f);
			store_export_put_clean(f, json_string_value(v));
		} else if (v != NULL && json_is_integer(v))
			fprintf(f, "  %lld", (long long)json_integer_value(v));
		return;
	}
	if (strcmp(a->action, "unassign") == 0) {
		if ((v = json_object_get(d, "from")) != NULL &&
		    json_is_string(v)) {
			fputs("  was ", f);
			store_export_put_clean(f, json_string_value(v));
		}
		return;
	}
	/* An action: key=value, in the order given. */
	json_object_foreach(d, k, v) {
		char	*text;

		fputs(*sep == '\0' ? "  " : sep, f);
		sep = " ";
		store_export_put_clean(f, k);
		fputc('=', f);
		if (json_is_string(v))
			text = xstrdup(json_string_value(v));
		else if (json_is_object(v) &&
		    json_is_string(json_object_get(v, "network")) &&
		    json_is_string(json_object_get(v, "id")))
			/* A post (what an approval item answers): its
			 * address, not its whole snapshot. */
			xasprintf(&text, "%s/%s", json_string_value(
			    json_object_get(v, "network")), json_string_value(
			    json_object_get(v, "id")));
		else
			text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		if (text != NULL && strpbrk(text, " \t\n") != NULL &&
		    json_is_string(v)) {
			fputc('"', f);
			store_export_put_clean(f, text);
			fputc('"', f);
		} else if (text != NULL)
			store_export_put_clean(f, text);
		free(text);
	}
}

/* One log line. */
static bool
store_export_log_line(const struct store_audit *a, void *arg)
{
	FILE	*f = arg;
	json_t	*d;
	char	 at[64];

	fprintf(f, "%s  ", clock_format(a->at, CLOCK_SECOND, at, sizeof at));
	store_export_put_clean(f, a->who);
	fputs("  ", f);
	store_export_put_clean(f, a->action);
	fputs("  ", f);
	store_export_put_clean(f, a->network);
	fputc('/', f);
	store_export_put_clean(f, a->id);
	d = a->detail != NULL ? json_loads(a->detail, 0, NULL) : NULL;
	store_export_log_detail(f, a, d);
	json_decref(d);
	fputc('\n', f);
	return !ferror(f);
}

int
store_print_log(struct store *s, int64_t since, void *file, char *err,
    size_t errlen)
{
	FILE	*f = file;

	/* Row by row: the memory of one entry, whatever the log's size. */
	if (store_audit_each(s, since, store_export_log_line, f) != 0) {
		if (ferror(f))
			snprintf(err, errlen, "cannot write the output");
		else
			snprintf(err, errlen, "%s: cannot read the audit log",
			    store_path(s));
		return -1;
	}
	return store_export_finish(f, err, errlen);
}

/* --- export --------------------------------------------------------------- */

/* Both formats are written as the rows are read, one at a time: the
 * export's memory does not grow with the store. */
struct store_export_ctx {
	struct store	*s;
	int64_t		 since;
	FILE		*f;
	bool		 first;
};

/* s with what a terminal would act on removed: C0 controls (line breaks
 * and tabs kept when breaks), DEL and C1 controls become spaces, bytes
 * that are not UTF-8 "?" (xmalloc'd; NULL for NULL). */
static char *
store_export_clean(const char *s, bool breaks)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			*out, *o;
	size_t			 n, i;

	if (s == NULL)
		return NULL;
	o = out = xmalloc(strlen(s) + 1);
	while (*p != '\0') {
		if (*p < 0x80) {
			if ((*p < 0x20 && !(breaks && (*p == '\n' ||
			    *p == '\r' || *p == '\t'))) || *p == 0x7f)
				*o++ = ' ';
			else
				*o++ = (char)*p;
			p++;
			continue;
		}
		n = *p >= 0xf0 && *p < 0xf5 ? 4 : *p >= 0xe0 ? 3 :
		    *p >= 0xc2 && *p < 0xe0 ? 2 : 0;
		for (i = 1; n != 0 && i < n; i++)
			if ((p[i] & 0xc0) != 0x80)
				n = 0;
		if (n == 0) {
			*o++ = '?';
			p++;
		} else if (n == 2 && *p == 0xc2 && p[1] <= 0x9f) {
			*o++ = ' ';		/* C1 */
			p += 2;
		} else {
			memcpy(o, p, n);
			o += n;
			p += n;
		}
	}
	*o = '\0';
	return out;
}

/* A JSON string of s cleaned, or null. */
static json_t *
store_export_string(const char *s)
{
	char	*c = store_export_clean(s, true);
	json_t	*v = c != NULL ? json_string(c) : NULL;

	free(c);
	return v != NULL ? v : json_null();
}

/* Cleans every string in v, in place (an action's detail). */
static json_t *
store_export_clean_json(json_t *v)
{
	const char	*k;
	json_t		*e;
	size_t		 i;
	void		*tmp;

	if (json_is_string(v))
		return store_export_string(json_string_value(v));
	if (json_is_object(v)) {
		json_t	*o = json_object();

		json_object_foreach_safe(v, tmp, k, e) {
			char	*ck = store_export_clean(k, false);

			json_object_set_new(o, ck, store_export_clean_json(e));
			free(ck);
		}
		return o;
	}
	if (json_is_array(v)) {
		json_t	*a = json_array();

		json_array_foreach(v, i, e)
			json_array_append_new(a, store_export_clean_json(e));
		return a;
	}
	return json_incref(v);
}

/* Writes v as one element of a top-level array: pretty, indented one
 * level deeper, ASCII only (U+0080 and up as \u escapes, C1 among them). */
static void
store_export_json_element(struct store_export_ctx *ctx, json_t *v)
{
	char	*text = json_dumps(v, JSON_INDENT(2) | JSON_ENSURE_ASCII |
	    JSON_PRESERVE_ORDER);
	char	*p;

	fputs(ctx->first ? "\n    " : ",\n    ", ctx->f);
	ctx->first = false;
	for (p = text; p != NULL && *p != '\0'; p++) {
		fputc(*p, ctx->f);
		if (*p == '\n')
			fputs("    ", ctx->f);
	}
	free(text);
}

static json_t *
store_export_notes(struct store *s, const char *network, const char *id)
{
	struct store_audit	*a;
	json_t			*notes = json_array(), *d, *o;
	size_t			 n, i;

	if (store_history(s, network, id, &a, &n) != 0)
		return notes;
	for (i = 0; i < n; i++) {
		if (strcmp(a[i].action, "note") == 0 &&
		    (d = json_loads(a[i].detail, 0, NULL)) != NULL) {
			o = json_object();
			json_object_set_new(o, "who",
			    store_export_string(a[i].who));
			json_object_set_new(o, "at", store_export_time(a[i].at));
			json_object_set_new(o, "text", store_export_string(
			    json_string_value(json_object_get(d, "text"))));
			json_array_append_new(notes, o);
			json_decref(d);
		}
		store_audit_free(&a[i]);
	}
	free(a);
	return notes;
}

static json_t *
store_export_post(struct store *s, const char *network, const char *id)
{
	struct post	*p = store_get_post(s, network, id);
	json_t		*o;

	if (p == NULL)
		return json_null();
	o = json_object();
	json_object_set_new(o, "author", store_export_string(p->author_name));
	json_object_set_new(o, "handle", store_export_string(p->author_handle));
	json_object_set_new(o, "text", store_export_string(p->text));
	json_object_set_new(o, "url", store_export_string(p->url));
	json_object_set_new(o, "created", p->created != 0 ?
	    store_export_time(p->created) : json_null());
	post_unref(p);
	return o;
}

static bool
store_export_json_row(const struct store_triage *t, void *arg)
{
	struct store_export_ctx	*ctx = arg;
	json_t			*o, *tags;
	size_t			 i;

	if (t->updated < ctx->since)
		return true;
	o = json_object();
	json_object_set_new(o, "network", store_export_string(t->network));
	json_object_set_new(o, "id", store_export_string(t->id));
	json_object_set_new(o, "status",
	    json_string(store_status_name(t->status)));
	json_object_set_new(o, "assignee", store_export_string(t->assignee));
	tags = json_array();
	for (i = 0; i < t->ntags; i++)
		json_array_append_new(tags, store_export_string(t->tags[i]));
	json_object_set_new(o, "tags", tags);
	json_object_set_new(o, "notes",
	    store_export_notes(ctx->s, t->network, t->id));
	json_object_set_new(o, "replying", store_export_string(t->replying));
	json_object_set_new(o, "replied_by",
	    store_export_string(t->replied_by));
	json_object_set_new(o, "first_seen", store_export_time(t->first_seen));
	json_object_set_new(o, "updated", store_export_time(t->updated));
	json_object_set_new(o, "updated_by",
	    store_export_string(t->updated_by));
	json_object_set_new(o, "priority", json_integer(t->priority));
	json_object_set_new(o, "post",
	    store_export_post(ctx->s, t->network, t->id));
	store_export_json_element(ctx, o);
	json_decref(o);
	return !ferror(ctx->f);
}

static bool
store_export_json_audit(const struct store_audit *a, void *arg)
{
	struct store_export_ctx	*ctx = arg;
	json_t			*o, *d;

	o = json_object();
	json_object_set_new(o, "seq", json_integer(a->seq));
	json_object_set_new(o, "at", store_export_time(a->at));
	json_object_set_new(o, "who", store_export_string(a->who));
	json_object_set_new(o, "action", store_export_string(a->action));
	json_object_set_new(o, "network", store_export_string(a->network));
	json_object_set_new(o, "id", store_export_string(a->id));
	d = a->detail != NULL ? json_loads(a->detail, 0, NULL) : NULL;
	json_object_set_new(o, "detail", d != NULL ?
	    store_export_clean_json(d) : store_export_string(a->detail));
	json_decref(d);
	store_export_json_element(ctx, o);
	json_decref(o);
	return !ferror(ctx->f);
}

static int
store_export_json(struct store *s, int64_t since, FILE *f, char *err,
    size_t errlen)
{
	struct store_export_ctx	 ctx = { .s = s, .since = since, .f = f };
	int			 rc;

	fputs("{\n  \"triage\": [", f);
	ctx.first = true;
	rc = store_each(s, store_export_json_row, &ctx);
	fputs(ctx.first ? "],\n  \"audit\": [" : "\n  ],\n  \"audit\": [", f);
	ctx.first = true;
	if (rc == 0)
		rc = store_audit_each(s, since, store_export_json_audit, &ctx);
	fputs(ctx.first ? "]\n}\n" : "\n  ]\n}\n", f);
	if (rc != 0) {
		if (ferror(f))
			snprintf(err, errlen, "cannot write the output");
		else
			snprintf(err, errlen, "%s: cannot read the store",
			    store_path(s));
		return -1;
	}
	return 0;
}

/* One RFC 4180 field, cleaned, then sep ("," or "\r\n"). Quoted when it
 * holds a comma, a quote, a line break, or a ";" (the separator of CSV in
 * many locales, and of the tags field). */
static void
store_export_csv_field(FILE *f, const char *raw, const char *sep)
{
	char	*clean = store_export_clean(raw != NULL ? raw : "", true);
	char	*s = clean;

	if (strpbrk(s, ",\"\r\n;") == NULL)
		fputs(s, f);
	else {
		fputc('"', f);
		for (; *s != '\0'; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	}
	free(clean);
	fputs(sep, f);
}

static bool
store_export_csv_row(const struct store_triage *t, void *arg)
{
	struct store_export_ctx	*ctx = arg;
	FILE			*f = ctx->f;
	char			*tags = NULL, *p, at[64], num[16];
	size_t			 i, len = 1;

	if (t->updated < ctx->since)
		return true;
	for (i = 0; i < t->ntags; i++)
		len += strlen(t->tags[i]) + 1;
	p = tags = xmalloc(len);
	*p = '\0';
	for (i = 0; i < t->ntags; i++)
		p += sprintf(p, "%s%s", i ? ";" : "", t->tags[i]);
	store_export_csv_field(f, t->network, ",");
	store_export_csv_field(f, t->id, ",");
	store_export_csv_field(f, store_status_name(t->status), ",");
	store_export_csv_field(f, t->assignee, ",");
	store_export_csv_field(f, tags, ",");
	store_export_csv_field(f, t->replied_by, ",");
	store_export_csv_field(f, clock_format(t->updated, CLOCK_ISO, at,
	    sizeof at), ",");
	store_export_csv_field(f, t->updated_by, ",");
	snprintf(num, sizeof num, "%d", t->priority);
	store_export_csv_field(f, num, "\r\n");
	free(tags);
	return !ferror(f);
}

static bool
store_export_csv_audit(const struct store_audit *a, void *arg)
{
	struct store_export_ctx	*ctx = arg;
	FILE			*f = ctx->f;
	char			 num[32], at[64];

	snprintf(num, sizeof num, "%lld", (long long)a->seq);
	store_export_csv_field(f, num, ",");
	store_export_csv_field(f, clock_format(a->at, CLOCK_ISO, at,
	    sizeof at), ",");
	store_export_csv_field(f, a->who, ",");
	store_export_csv_field(f, a->action, ",");
	store_export_csv_field(f, a->network, ",");
	store_export_csv_field(f, a->id, ",");
	store_export_csv_field(f, a->detail, "\r\n");
	return !ferror(f);
}

static int
store_export_csv(struct store *s, int64_t since, FILE *f, char *err,
    size_t errlen)
{
	struct store_export_ctx	 ctx = { .s = s, .since = since, .f = f };

	fputs("network,id,status,assignee,tags,replied_by,updated,updated_by,"
	    "priority\r\n", f);
	if (store_each(s, store_export_csv_row, &ctx) != 0 ||
	    fputs("\r\nseq,at,who,action,network,id,detail\r\n", f) == EOF ||
	    store_audit_each(s, since, store_export_csv_audit, &ctx) != 0) {
		if (ferror(f))
			snprintf(err, errlen, "cannot write the output");
		else
			snprintf(err, errlen, "%s: cannot read the store",
			    store_path(s));
		return -1;
	}
	return 0;
}

int
store_export(struct store *s, const char *format, int64_t since, void *file,
    char *err, size_t errlen)
{
	FILE	*f = file;
	int	 rc;

	if (format == NULL || (strcmp(format, "json") != 0 &&
	    strcmp(format, "csv") != 0)) {
		snprintf(err, errlen, "unknown export format \"%s\" (csv or "
		    "json)", format != NULL ? format : "");
		return -1;
	}
	if (store_read_begin(s, err, errlen) != 0)
		return -1;
	if (strcmp(format, "json") == 0)
		rc = store_export_json(s, since, f, err, errlen);
	else
		rc = store_export_csv(s, since, f, err, errlen);
	store_read_end(s);
	if (rc != 0)
		return -1;
	return store_export_finish(f, err, errlen);
}

/* --- since ---------------------------------------------------------------- */

int64_t
store_parse_since(const char *s, int64_t now)
{
	int64_t		 t;

	if (s == NULL || *s == '\0')
		return -1;
	/* A span back from now (clock.c's one duration parser). */
	if (clock_parse_duration(s, &t) == 0)
		return now - t;
	/* A date, maybe with a time, in local time (clock.c). */
	if (clock_parse_iso8601(s, CLOCK_LOCAL, &t) != 0)
		return -1;
	return t;
}
