/* report_print.c — `starling report`'s three formats of one struct report:
 * text for a terminal (columns aligned by display width), JSON for
 * programs, CSV for spreadsheets. Names that came from outside (column
 * titles, handles, tags) are cleaned of control characters in all three.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "starling/clock.h"
#include "starling/report.h"
#include "starling/text.h"
#include "starling/xmalloc.h"

/* s with control characters (C0, DEL, C1) as spaces (xmalloc'd). */
static char *
report_clean(const char *s)
{
	const unsigned char	*p;
	char			*out = xstrdup(s != NULL ? s : ""), *o;

	for (p = (const unsigned char *)out, o = out; *p != '\0'; p++, o++) {
		if (*p < 0x20 || *p == 0x7f)
			*o = ' ';
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			*o++ = ' ';
			*o = ' ';
			p++;
		}
	}
	return out;
}

const char *
report_duration(int64_t s, char *buf, size_t len)
{
	if (s < 0)
		snprintf(buf, len, "-");
	else if (s < 60)
		snprintf(buf, len, "%llds", (long long)s);
	else if (s < 3600)
		snprintf(buf, len, s % 60 ? "%lldm %llds" : "%lldm",
		    (long long)(s / 60), (long long)(s % 60));
	else if (s < 86400)
		snprintf(buf, len, s % 3600 / 60 ? "%lldh %lldm" : "%lldh",
		    (long long)(s / 3600), (long long)(s % 3600 / 60));
	else
		snprintf(buf, len, s % 86400 / 3600 ? "%lldd %lldh" : "%lldd",
		    (long long)(s / 86400), (long long)(s % 86400 / 3600));
	return buf;
}

/* A bucket's label: "2026-12-05" or "2026-12-05 14:00", local. */
static const char *
report_bucket_label(const struct report *r, int64_t t, char *buf,
    size_t len)
{
	return clock_format(t, r->hourly ? CLOCK_MINUTE : CLOCK_DAY,
	    buf, len);
}

/* The range's end as people read it: now, when the range runs to now
 * (included). */
static int64_t
report_until(const struct report *r)
{
	return r->until > r->now ? r->now : r->until;
}

/* --- text ------------------------------------------------------------------ */

/* s padded with spaces to width display columns (left-aligned), or right-
 * aligned when right. */
static void
report_cell(FILE *f, const char *raw, int width, bool right)
{
	char	*s = report_clean(raw);
	int	 w = text_width(s, strlen(s));

	if (right)
		fprintf(f, "%*s%s", width > w ? width - w : 0, "", s);
	else
		fprintf(f, "%s%*s", s, width > w ? width - w : 0, "");
	free(s);
}

static int
report_width(const char *raw)
{
	char	*s = report_clean(raw);
	int	 w = text_width(s, strlen(s));

	free(s);
	return w;
}

static void
report_text_volume(const struct report *r, FILE *f)
{
	char		 label[64], num[32];
	int		 lw = r->hourly ? 16 : 10, *w;
	size_t		 b, i;
	uint32_t	 sum;
	bool		 sparse = r->nbuckets > 48;

	fprintf(f, "Volume (posts recorded per %s)\n", r->hourly ? "hour" :
	    "day");
	if (r->ncolumns == 0) {
		fputs("  no inbox posts recorded\n\n", f);
		return;
	}
	w = xcalloc(r->ncolumns, sizeof *w);
	fprintf(f, "  %-*s", lw, r->hourly ? "Hour" : "Day");
	for (i = 0; i < r->ncolumns; i++) {
		w[i] = report_width(r->columns[i].title);
		if (w[i] < 6)
			w[i] = 6;
		fputs("  ", f);
		report_cell(f, r->columns[i].title, w[i], true);
	}
	fputc('\n', f);
	for (b = 0; b < r->nbuckets; b++) {
		for (i = 0, sum = 0; i < r->ncolumns; i++)
			sum += r->columns[i].counts[b];
		if (sparse && sum == 0)
			continue;	/* a long range: its empty days go */
		fprintf(f, "  %-*s", lw, report_bucket_label(r, r->bucket[b],
		    label, sizeof label));
		for (i = 0; i < r->ncolumns; i++) {
			snprintf(num, sizeof num, "%u",
			    r->columns[i].counts[b]);
			fputs("  ", f);
			report_cell(f, num, w[i], true);
		}
		fputc('\n', f);
	}
	fprintf(f, "  %-*s", lw, "total");
	for (i = 0; i < r->ncolumns; i++) {
		snprintf(num, sizeof num, "%u", r->columns[i].total);
		fputs("  ", f);
		report_cell(f, num, w[i], true);
	}
	fputs("\n\n", f);
	free(w);
}

static void
report_text_stats_row(FILE *f, const char *name, int nw,
    const struct report_stats *s)
{
	char	a[32], b[32];

	fputs("  ", f);
	report_cell(f, name, nw, false);
	fprintf(f, "  %9s  %9s  %7zu\n", report_duration(s->median, a,
	    sizeof a), report_duration(s->p90, b, sizeof b), s->count);
}

static int
report_agent_width(const struct report *r, int min)
{
	size_t	i;
	int	w = min;

	for (i = 0; i < r->nagents; i++)
		if (report_width(r->agents[i].name) > w)
			w = report_width(r->agents[i].name);
	return w;
}

static void
report_text_authors(FILE *f, const char *title,
    const struct report_author *a, size_t n)
{
	char	name[512];
	int	w = 6;
	size_t	i;

	fprintf(f, "%s\n", title);
	if (n == 0) {
		fputs("  none\n\n", f);
		return;
	}
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "@%s (%s)", a[i].handle,
		    a[i].network);
		if (report_width(name) > w)
			w = report_width(name);
	}
	fputs("  ", f);
	report_cell(f, "Author", w, false);
	fputs("  Followers  Posts\n", f);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "@%s (%s)", a[i].handle,
		    a[i].network);
		fputs("  ", f);
		report_cell(f, name, w, false);
		fprintf(f, "  %9ld  %5u\n", a[i].followers, a[i].posts);
	}
	fputc('\n', f);
}

static void
report_text(const struct report *r, FILE *f)
{
	char	a[64], b[64];
	int	w, cw = 6;
	size_t	i;

	fprintf(f, "starling report: %s", r->since > 0 ? report_bucket_label(
	    &(struct report){ .hourly = true }, r->since, a, sizeof a) :
	    "the start");
	fprintf(f, " to %s\n\n", report_bucket_label(
	    &(struct report){ .hourly = true }, report_until(r), b, sizeof b));
	report_text_volume(r, f);
	fprintf(f, "Posts: %u recorded, %u open, %u replied, %u done, "
	    "%u ignored\n\n", r->recorded, r->open, r->replied, r->done,
	    r->ignored);

	w = report_agent_width(r, 8);
	fprintf(f, "First response\n  ");
	report_cell(f, "Who", w, false);
	fputs("     Median        p90    Count\n", f);
	report_text_stats_row(f, "everyone", w, &r->first_response);
	for (i = 0; i < r->nagents; i++)
		if (r->agents[i].first_response.count > 0)
			report_text_stats_row(f, r->agents[i].name, w,
			    &r->agents[i].first_response);
	fputc('\n', f);

	fputs("Agents\n", f);
	if (r->nagents == 0)
		fputs("  none\n", f);
	else {
		w = report_agent_width(r, 5);
		fputs("  ", f);
		report_cell(f, "Agent", w, false);
		fputs("  Assigned   Done  Replied\n", f);
		for (i = 0; i < r->nagents; i++) {
			fputs("  ", f);
			report_cell(f, r->agents[i].name, w, false);
			fprintf(f, "  %8u  %5u  %7u\n", r->agents[i].assigned,
			    r->agents[i].done, r->agents[i].replied);
		}
	}
	fputc('\n', f);

	fputs("SLA\n", f);
	for (i = 0; i < r->ncolumns; i++)
		if (report_width(r->columns[i].title) > cw)
			cw = report_width(r->columns[i].title);
	fputs("  ", f);
	report_cell(f, "Column", cw, false);
	fputs("       SLA  Checked  Breached\n", f);
	for (i = 0; i < r->ncolumns; i++) {
		fputs("  ", f);
		report_cell(f, r->columns[i].title, cw, false);
		fprintf(f, "  %8s  %7u  %8u\n", r->columns[i].sla > 0 ?
		    report_duration(r->columns[i].sla, a, sizeof a) : "none",
		    r->columns[i].sla_checked, r->columns[i].sla_breached);
	}
	fputs("  ", f);
	report_cell(f, "total", cw, false);
	fprintf(f, "  %8s  %7u  %8u\n\n", "", r->sla_checked,
	    r->sla_breached);

	report_text_authors(f, "Top authors by reach", r->by_reach,
	    r->nby_reach);
	report_text_authors(f, "Top authors by volume", r->by_volume,
	    r->nby_volume);

	fputs("Tags\n", f);
	if (r->ntags == 0)
		fputs("  none\n", f);
	for (i = 0, w = 4; i < r->ntags; i++)
		if (report_width(r->tags[i].tag) + 1 > w)
			w = report_width(r->tags[i].tag) + 1;
	for (i = 0; i < r->ntags; i++) {
		snprintf(a, sizeof a, "#%s", r->tags[i].tag);
		fputs("  ", f);
		report_cell(f, a, w, false);
		fprintf(f, "  %5u\n", r->tags[i].count);
	}
}

/* --- JSON ------------------------------------------------------------------ */

static json_t *
report_json_string(const char *s)
{
	char	*c = report_clean(s);
	json_t	*v = json_string(c);

	free(c);
	return v != NULL ? v : json_string("");
}

static json_t *
report_json_seconds(int64_t s)
{
	return s < 0 ? json_null() : json_integer(s);
}

static json_t *
report_json_stats(const struct report_stats *s)
{
	json_t	*o = json_object();

	json_object_set_new(o, "count", json_integer((json_int_t)s->count));
	json_object_set_new(o, "median_seconds", report_json_seconds(
	    s->median));
	json_object_set_new(o, "p90_seconds", report_json_seconds(s->p90));
	return o;
}

static json_t *
report_json_authors(const struct report_author *a, size_t n)
{
	json_t	*arr = json_array(), *o;
	size_t	 i;

	for (i = 0; i < n; i++) {
		o = json_object();
		json_object_set_new(o, "network",
		    report_json_string(a[i].network));
		json_object_set_new(o, "author",
		    report_json_string(a[i].handle));
		json_object_set_new(o, "followers",
		    json_integer(a[i].followers));
		json_object_set_new(o, "posts", json_integer(a[i].posts));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *
report_json(const struct report *r)
{
	json_t	*top = json_object(), *v, *cols, *o, *b, *arr;
	char	 t[64];
	size_t	 i, k;

	v = json_object();
	json_object_set_new(v, "since", r->since > 0 ? json_string(
	    clock_format(r->since, CLOCK_ISO, t, sizeof t)) : json_null());
	json_object_set_new(v, "until", json_string(clock_format(
	    report_until(r), CLOCK_ISO, t, sizeof t)));
	json_object_set_new(v, "unit", json_string(r->hourly ? "hour" :
	    "day"));
	json_object_set_new(v, "recorded", json_integer(r->recorded));
	json_object_set_new(v, "open", json_integer(r->open));
	json_object_set_new(v, "replied", json_integer(r->replied));
	json_object_set_new(v, "done", json_integer(r->done));
	json_object_set_new(v, "ignored", json_integer(r->ignored));
	cols = json_array();
	for (i = 0; i < r->ncolumns; i++) {
		o = json_object();
		json_object_set_new(o, "column",
		    report_json_string(r->columns[i].title));
		json_object_set_new(o, "total",
		    json_integer(r->columns[i].total));
		b = json_array();
		for (k = 0; k < r->nbuckets; k++) {
			json_t	*e = json_object();

			json_object_set_new(e, "start", json_string(
			    clock_format(r->bucket[k], CLOCK_ISO, t,
			    sizeof t)));
			json_object_set_new(e, "count",
			    json_integer(r->columns[i].counts[k]));
			json_array_append_new(b, e);
		}
		json_object_set_new(o, "buckets", b);
		json_array_append_new(cols, o);
	}
	json_object_set_new(v, "columns", cols);
	json_object_set_new(top, "volume", v);

	v = report_json_stats(&r->first_response);
	arr = json_array();
	for (i = 0; i < r->nagents; i++) {
		if (r->agents[i].first_response.count == 0)
			continue;
		o = report_json_stats(&r->agents[i].first_response);
		json_object_set_new(o, "agent",
		    report_json_string(r->agents[i].name));
		json_array_append_new(arr, o);
	}
	json_object_set_new(v, "agents", arr);
	json_object_set_new(top, "first_response", v);

	arr = json_array();
	for (i = 0; i < r->nagents; i++) {
		o = json_object();
		json_object_set_new(o, "agent",
		    report_json_string(r->agents[i].name));
		json_object_set_new(o, "assigned",
		    json_integer(r->agents[i].assigned));
		json_object_set_new(o, "done", json_integer(r->agents[i].done));
		json_object_set_new(o, "replied",
		    json_integer(r->agents[i].replied));
		json_array_append_new(arr, o);
	}
	json_object_set_new(top, "agents", arr);

	v = json_object();
	json_object_set_new(v, "by_reach", report_json_authors(r->by_reach,
	    r->nby_reach));
	json_object_set_new(v, "by_volume", report_json_authors(r->by_volume,
	    r->nby_volume));
	json_object_set_new(top, "authors", v);

	arr = json_array();
	for (i = 0; i < r->ntags; i++) {
		o = json_object();
		json_object_set_new(o, "tag", report_json_string(r->tags[i].tag));
		json_object_set_new(o, "count", json_integer(r->tags[i].count));
		json_array_append_new(arr, o);
	}
	json_object_set_new(top, "tags", arr);

	v = json_object();
	json_object_set_new(v, "default_seconds", r->sla > 0 ?
	    json_integer(r->sla) : json_null());
	json_object_set_new(v, "checked", json_integer(r->sla_checked));
	json_object_set_new(v, "breached", json_integer(r->sla_breached));
	arr = json_array();
	for (i = 0; i < r->ncolumns; i++) {
		o = json_object();
		json_object_set_new(o, "column",
		    report_json_string(r->columns[i].title));
		json_object_set_new(o, "sla_seconds", r->columns[i].sla > 0 ?
		    json_integer(r->columns[i].sla) : json_null());
		json_object_set_new(o, "checked",
		    json_integer(r->columns[i].sla_checked));
		json_object_set_new(o, "breached",
		    json_integer(r->columns[i].sla_breached));
		json_array_append_new(arr, o);
	}
	json_object_set_new(v, "columns", arr);
	json_object_set_new(top, "sla", v);
	return top;
}

/* --- CSV ------------------------------------------------------------------- */

/* One RFC 4180 field then sep: quoted when it holds a comma, a quote, a
 * line break or a ";". */
static void
report_csv_field(FILE *f, const char *raw, const char *sep)
{
	char	*s = report_clean(raw), *p;

	if (strpbrk(s, ",\";") == NULL)
		fputs(s, f);
	else {
		fputc('"', f);
		for (p = s; *p != '\0'; p++) {
			if (*p == '"')
				fputc('"', f);
			fputc(*p, f);
		}
		fputc('"', f);
	}
	free(s);
	fputs(sep, f);
}

static void
report_csv_num(FILE *f, long long n, const char *sep)
{
	char	buf[32];

	if (n < 0)
		buf[0] = '\0';
	else
		snprintf(buf, sizeof buf, "%lld", n);
	report_csv_field(f, buf, sep);
}

static void
report_csv_stats(FILE *f, const char *who, const struct report_stats *s)
{
	report_csv_field(f, who, ",");
	report_csv_num(f, (long long)s->count, ",");
	report_csv_num(f, s->median, ",");
	report_csv_num(f, s->p90, "\r\n");
}

static void
report_csv(const struct report *r, FILE *f)
{
	char	t[64];
	size_t	i, k;

	fputs("column,start,count\r\n", f);
	for (i = 0; i < r->ncolumns; i++)
		for (k = 0; k < r->nbuckets; k++) {
			report_csv_field(f, r->columns[i].title, ",");
			report_csv_field(f, clock_format(r->bucket[k],
			    CLOCK_ISO, t, sizeof t), ",");
			report_csv_num(f, r->columns[i].counts[k], "\r\n");
		}
	fputs("\r\nagent,first_responses,median_seconds,p90_seconds\r\n", f);
	report_csv_stats(f, "", &r->first_response);
	for (i = 0; i < r->nagents; i++)
		if (r->agents[i].first_response.count > 0)
			report_csv_stats(f, r->agents[i].name,
			    &r->agents[i].first_response);
	fputs("\r\nagent,assigned,done,replied\r\n", f);
	for (i = 0; i < r->nagents; i++) {
		report_csv_field(f, r->agents[i].name, ",");
		report_csv_num(f, r->agents[i].assigned, ",");
		report_csv_num(f, r->agents[i].done, ",");
		report_csv_num(f, r->agents[i].replied, "\r\n");
	}
	fputs("\r\nrank,network,author,followers,posts\r\n", f);
	for (i = 0; i < r->nby_reach; i++) {
		report_csv_field(f, "reach", ",");
		report_csv_field(f, r->by_reach[i].network, ",");
		report_csv_field(f, r->by_reach[i].handle, ",");
		report_csv_num(f, r->by_reach[i].followers, ",");
		report_csv_num(f, r->by_reach[i].posts, "\r\n");
	}
	for (i = 0; i < r->nby_volume; i++) {
		report_csv_field(f, "volume", ",");
		report_csv_field(f, r->by_volume[i].network, ",");
		report_csv_field(f, r->by_volume[i].handle, ",");
		report_csv_num(f, r->by_volume[i].followers, ",");
		report_csv_num(f, r->by_volume[i].posts, "\r\n");
	}
	fputs("\r\ntag,count\r\n", f);
	for (i = 0; i < r->ntags; i++) {
		report_csv_field(f, r->tags[i].tag, ",");
		report_csv_num(f, r->tags[i].count, "\r\n");
	}
	fputs("\r\ncolumn,sla_seconds,checked,breached\r\n", f);
	for (i = 0; i < r->ncolumns; i++) {
		report_csv_field(f, r->columns[i].title, ",");
		report_csv_num(f, r->columns[i].sla > 0 ? r->columns[i].sla :
		    -1, ",");
		report_csv_num(f, r->columns[i].sla_checked, ",");
		report_csv_num(f, r->columns[i].sla_breached, "\r\n");
	}
}

int
report_print(const struct report *r, const char *format, void *file,
    char *err, size_t errlen)
{
	FILE	*f = file;
	json_t	*j;
	char	*text;

	if (format == NULL || strcmp(format, "text") == 0)
		report_text(r, f);
	else if (strcmp(format, "json") == 0) {
		j = report_json(r);
		text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
		    JSON_ENSURE_ASCII);
		fputs(text != NULL ? text : "{}", f);
		fputc('\n', f);
		free(text);
		json_decref(j);
	} else if (strcmp(format, "csv") == 0)
		report_csv(r, f);
	else {
		snprintf(err, errlen, "unknown report format \"%s\" (text, "
		    "json or csv)", format);
		return -1;
	}
	if (fflush(f) != 0 || ferror(f)) {
		snprintf(err, errlen, "cannot write the output");
		return -1;
	}
	return 0;
}
