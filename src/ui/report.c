/* report.c — the deck's view of report.h: the :report overlay (the last 24
 * hours: volume per inbox column as hourly sparklines, first response,
 * open and done counts, a per-agent table) and spike alerts (a column
 * header's "▲ spike 42/h", the status line, one bell). Both are read on
 * the store's reader thread (triage_read()) and never wait on it.
 *
 * Spikes are counted again at most once a minute, and only when the store
 * changed since the last count or a spike is showing (it ends as the hour
 * passes): a quiet deck costs nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "starling/clock.h"
#include "starling/config.h"
#include "starling/log.h"
#include "starling/report.h"
#include "starling/text.h"
#include "starling/triage.h"
#include "starling/xmalloc.h"
#include "ui_internal.h"

#define REPORT_SPIKE_EVERY_MS	60000	/* at most one count a minute */
#define REPORT_HOURS		24

struct ui_report {
	/* The overlay. */
	struct report		 rep;
	bool			 have, reading, failed;
	char			 error[256];
	unsigned		 gen;		/* the overlay's newest read */

	/* Spikes. */
	struct report_spike	*spikes;
	size_t			 nspikes;
	bool			 counting, counted;
	int64_t			 next;		/* mono ms: may count again */
	int64_t			 seq;		/* triage_seq() then */
};

/* One read's question and answer. */
struct ui_report_read {
	struct report_options	 o;
	struct report_sla	*slas;
	unsigned		 gen;
	struct report		 rep;
	int			 rc;
	char			 error[256];
	/* Spikes. */
	bool			 spikes;
	struct report_spike	*v;
	size_t			 n;
};

static struct ui_report *
report_state(struct ui *ui)
{
	if (ui->report == NULL)
		ui->report = xcalloc(1, sizeof *ui->report);
	return ui->report;
}

static void
report_read_free(void *arg)
{
	struct ui_report_read	*r = arg;

	report_free(&r->rep);
	report_spikes_free(r->v, r->n);
	free(r->slas);
	free(r);
}

static void
report_read_run(struct store *s, void *arg)
{
	struct ui_report_read	*r = arg;

	if (r->spikes)
		r->rc = report_spikes(s, r->o.now, &r->v, &r->n);
	else
		r->rc = report_read(&r->rep, s, &r->o, r->error,
		    sizeof r->error);
}

/* --- the overlay ---------------------------------------------------------- */

/* s padded with spaces to width display columns, into buf. */
static const char *
report_pad(const char *s, int width, char *buf, size_t len)
{
	int	w = text_width(s, strlen(s));

	if (w > width) {
		int	used;
		size_t	fit = text_fit(s, strlen(s), width - 1, &used);

		snprintf(buf, len, "%.*s\xe2\x80\xa6%*s", (int)fit, s,
		    width - 1 - used, "");
	} else
		snprintf(buf, len, "%s%*s", s, width - w, "");
	return buf;
}

/* "▁▂▃▅█" of counts, scaled to their largest. */
static void
report_sparkline(const uint32_t *v, size_t n, char *buf, size_t len)
{
	static const char *const bars[] = {
		"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
		"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88"
	};
	uint32_t	max = 0;
	size_t		i, o = 0;

	for (i = 0; i < n; i++)
		if (v[i] > max)
			max = v[i];
	buf[0] = '\0';
	for (i = 0; i < n && o + 4 < len; i++) {
		size_t	b = max ? (size_t)((uint64_t)v[i] * 7 / max) : 0;

		memcpy(buf + o, bars[b], 3);
		o += 3;
	}
	buf[o] = '\0';
}

static void
report_lines(struct ui *ui)
{
	struct ui_report	*st = report_state(ui);
	const struct report	*r = &st->rep;
	char			 line[1024], a[64], b[64], c[64], spark[512];
	char			 name[256];
	int			 nw = 8;
	size_t			 i, first;

	ui_overlay_add(ui, "Report \xe2\x80\x94 the last 24 hours \xc2\xb7 Esc or "
	    "q closes, j/k scroll", THEME_DIM);
	ui_overlay_add(ui, "", THEME_NORMAL);
	if (st->failed) {
		ui_overlay_add(ui, st->error, THEME_ERROR);
		return;
	}
	if (!st->have) {
		ui_overlay_add(ui, "reading the store\xe2\x80\xa6", THEME_DIM);
		return;
	}
	ui_overlay_add(ui, "Volume per inbox column, hour by hour", THEME_HEADER);
	if (r->ncolumns == 0)
		ui_overlay_add(ui, "  no inbox posts recorded", THEME_DIM);
	for (i = 0; i < r->ncolumns; i++)
		if (text_width(r->columns[i].title,
		    strlen(r->columns[i].title)) > nw)
			nw = text_width(r->columns[i].title,
			    strlen(r->columns[i].title));
	if (nw > 24)
		nw = 24;
	/* The last REPORT_HOURS buckets. */
	first = r->nbuckets > REPORT_HOURS ? r->nbuckets - REPORT_HOURS : 0;
	for (i = 0; i < r->ncolumns; i++) {
		report_sparkline(r->columns[i].counts + first, r->nbuckets -
		    first, spark, sizeof spark);
		snprintf(line, sizeof line, "  %s  %s  %u", report_pad(
		    r->columns[i].title, nw, name, sizeof name), spark,
		    r->columns[i].total);
		ui_overlay_add(ui, line, THEME_STATE_LIVE);
	}
	ui_overlay_add(ui, "", THEME_NORMAL);
	snprintf(line, sizeof line, "Posts: %u recorded \xc2\xb7 %u open \xc2\xb7 "
	    "%u replied \xc2\xb7 %u done \xc2\xb7 %u ignored", r->recorded,
	    r->open, r->replied, r->done, r->ignored);
	ui_overlay_add(ui, line, THEME_TEXT);
	snprintf(line, sizeof line, "First response: median %s \xc2\xb7 p90 %s "
	    "\xc2\xb7 %zu answered", report_duration(r->first_response.median,
	    a, sizeof a), report_duration(r->first_response.p90, b, sizeof b),
	    r->first_response.count);
	ui_overlay_add(ui, line, THEME_TEXT);
	if (r->sla_checked > 0) {
		snprintf(line, sizeof line, "SLA: %u of %u late", r->sla_breached,
		    r->sla_checked);
		ui_overlay_add(ui, line, r->sla_breached ? THEME_WARNING :
		    THEME_TEXT);
	}
	ui_overlay_add(ui, "", THEME_NORMAL);
	ui_overlay_add(ui, "Agents", THEME_HEADER);
	if (r->nagents == 0) {
		ui_overlay_add(ui, "  nobody has assigned, closed or answered "
		    "a post", THEME_DIM);
		return;
	}
	for (i = 0, nw = 5; i < r->nagents; i++)
		if (text_width(r->agents[i].name, strlen(r->agents[i].name)) >
		    nw)
			nw = text_width(r->agents[i].name,
			    strlen(r->agents[i].name));
	if (nw > 24)
		nw = 24;
	snprintf(line, sizeof line, "  %s  Assigned  Done  Replied    Median"
	    "       p90", report_pad("Agent", nw, name, sizeof name));
	ui_overlay_add(ui, line, THEME_DIM);
	for (i = 0; i < r->nagents; i++) {
		const struct report_agent	*ag = &r->agents[i];

		snprintf(line, sizeof line, "  %s  %8u  %4u  %7u  %8s  %8s",
		    report_pad(ag->name, nw, name, sizeof name), ag->assigned,
		    ag->done, ag->replied, report_duration(
		    ag->first_response.median, a, sizeof a), report_duration(
		    ag->first_response.p90, c, sizeof c));
		ui_overlay_add(ui, line, THEME_TEXT);
	}
}

void
ui_report_lines(struct ui *ui)
{
	report_lines(ui);
}

static void
report_done(void *ctx, void *arg)
{
	struct ui		*ui = ctx;
	struct ui_report	*st = report_state(ui);
	struct ui_report_read	*r = arg;

	if (r->gen != st->gen)
		return;		/* an older question */
	st->reading = false;
	report_free(&st->rep);
	if (r->rc != 0) {
		st->failed = true;
		snprintf(st->error, sizeof st->error, "%s", r->error);
	} else {
		st->rep = r->rep;
		memset(&r->rep, 0, sizeof r->rep);
		st->have = true;
	}
	if (ui->overlay == UI_OVERLAY_REPORT) {
		ui_overlay_build(ui);
		ui->dirty_overlay = true;
	}
}

/* The config's SLAs, as the report takes them. */
static void
report_options(struct ui *ui, struct ui_report_read *r, int64_t now)
{
	const struct config	*cfg = ui->opt.config;
	size_t			 i;

	r->o.now = now;
	r->o.sla = cfg->sla;
	r->slas = xcalloc(cfg->ncolumns ? cfg->ncolumns : 1, sizeof *r->slas);
	for (i = 0; i < cfg->ncolumns; i++)
		if (cfg->columns[i].sla > 0 && cfg->columns[i].title != NULL) {
			r->slas[r->o.nslas].column = cfg->columns[i].title;
			r->slas[r->o.nslas++].seconds = cfg->columns[i].sla;
		}
	r->o.slas = r->slas;
}

enum cmd_result
ui_report_open(struct cmd_ctx *ctx)
{
	struct ui		*ui = ctx->ui;
	struct ui_report	*st = report_state(ui);
	struct ui_report_read	*r;
	int64_t			 now = (int64_t)time(NULL);

	if (ui_triage_unusable(ui) != NULL)
		return cmd_error(ctx, "report: %s", ui_triage_unusable(ui));
	ui_close_all(ui);
	r = xcalloc(1, sizeof *r);
	report_options(ui, r, now);
	/* 24 hours to now included: counted by the hour. */
	r->o.until = now + 1;
	r->o.since = r->o.until - REPORT_HOURS * 3600;
	r->gen = ++st->gen;
	st->have = st->failed = false;
	st->reading = true;
	if (!triage_read(ui->tri, report_read_run, report_done, ui, r,
	    report_read_free))
		return cmd_error(ctx, "report: no triage store");
	ui->overlay = UI_OVERLAY_REPORT;
	ui->scroll = 0;
	ui_overlay_build(ui);
	return CMD_REDRAW;
}

/* --- spikes ---------------------------------------------------------------- */

static const struct report_spike *
report_spike_find(const struct report_spike *v, size_t n, const char *title)
{
	size_t	i;

	for (i = 0; title != NULL && i < n; i++)
		if (v[i].spike && strcmp(v[i].column, title) == 0)
			return &v[i];
	return NULL;
}

static bool
report_any_spike(const struct ui_report *st)
{
	size_t	i;

	for (i = 0; i < st->nspikes; i++)
		if (st->spikes[i].spike)
			return true;
	return false;
}

static void
report_spikes_done(void *ctx, void *arg)
{
	struct ui		*ui = ctx;
	struct ui_report	*st = report_state(ui);
	struct ui_report_read	*r = arg;
	char			 said[256];
	size_t			 i, o = 0;

	st->counting = false;
	if (r->rc != 0)
		return;
	/* A spike not showing before: said once, with one bell. */
	for (i = 0; i < r->n; i++) {
		if (!r->v[i].spike || report_spike_find(st->spikes,
		    st->nspikes, r->v[i].column) != NULL)
			continue;
		log_msg("spike in %s: %u posts in the last hour (mean %.1f, "
		    "sd %.1f)", r->v[i].column, r->v[i].last, r->v[i].mean,
		    r->v[i].sd);
		if (o < sizeof said)
			o += (size_t)snprintf(said + o, sizeof said - o,
			    "%s%s %u/h (usually %.0f)", o ? ", " : "",
			    r->v[i].column, r->v[i].last, r->v[i].mean);
	}
	if (o > 0)
		ui_message(ui, true, "\xe2\x96\xb2 spike in %s", said);
	report_spikes_free(st->spikes, st->nspikes);
	st->spikes = r->v;
	st->nspikes = r->n;
	r->v = NULL;
	r->n = 0;
	if (o > 0)
		beep();
	for (i = 0; i < ui->ncol; i++)
		ui->col[i].dirty = true;
	ui->dirty_status = true;
}

/* Whether a count is wanted, and when it may be made (mono ms). */
static bool
report_spikes_wanted(struct ui *ui, int64_t *at)
{
	struct ui_report	*st = report_state(ui);

	if (!config_alerts(ui->opt.config) || st->counting ||
	    ui_triage_unusable(ui) != NULL)
		return false;
	if (st->counted && triage_seq(ui->tri) == st->seq &&
	    !report_any_spike(st))
		return false;
	*at = st->counted ? st->next : 0;
	return true;
}

int
ui_report_due(struct ui *ui)
{
	int64_t	at, now = clock_mono_ms();

	if (!report_spikes_wanted(ui, &at))
		return -1;
	return at <= now ? 0 : at - now > 60000 ? 60000 : (int)(at - now);
}

void
ui_report_tick(struct ui *ui)
{
	struct ui_report	*st = report_state(ui);
	struct ui_report_read	*r;
	int64_t			 at, now = clock_mono_ms();

	if (!report_spikes_wanted(ui, &at) || at > now)
		return;
	r = xcalloc(1, sizeof *r);
	r->spikes = true;
	r->o.now = (int64_t)time(NULL);
	st->seq = triage_seq(ui->tri);
	st->counting = st->counted = true;
	st->next = now + REPORT_SPIKE_EVERY_MS;
	if (!triage_read(ui->tri, report_read_run, report_spikes_done, ui, r,
	    report_read_free))
		st->counting = false;
}

uint32_t
ui_report_spike(struct ui *ui, const struct ui_column *c)
{
	const struct report_spike	*sp;

	if (ui->report == NULL || !config_alerts(ui->opt.config))
		return 0;
	sp = report_spike_find(ui->report->spikes, ui->report->nspikes,
	    c->cfg->title);
	return sp != NULL ? sp->last : 0;
}

void
ui_report_status(struct ui *ui, char *buf, size_t len)
{
	struct ui_report	*st = ui->report;
	size_t			 i, o = 0;

	*buf = '\0';
	for (i = 0; st != NULL && config_alerts(ui->opt.config) &&
	    i < st->nspikes && o < len; i++)
		if (st->spikes[i].spike)
			o += (size_t)snprintf(buf + o, len - o,
			    "%s\xe2\x96\xb2 spike %s %u/h", o ? " \xc2\xb7 " : "",
			    st->spikes[i].column, st->spikes[i].last);
}

void
ui_report_free(struct ui *ui)
{
	if (ui->report == NULL)
		return;
	report_free(&ui->report->rep);
	report_spikes_free(ui->report->spikes, ui->report->nspikes);
	free(ui->report);
	ui->report = NULL;
}
