/* column.c — one column of the deck: its timeline, what is selected, where
 * the view starts, its filter, and drawing its header and cards.
 *
 * Selection and view are anchored to post ids, not positions, so posts
 * arriving above never move the selection off the post being read, and never
 * move the view while the user reads further down. Only a user on the newest
 * post sees new ones appear above it, and only while it stays on screen.
 * A column nobody has moved in yet follows the newest post, until it is
 * held: a key is pressed while it has the focus, or it has had the focus on
 * screen for UI_LOOK_MS. From then on a key acts on the post the user saw
 * selected, never on one that arrived meanwhile.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "starling/account.h"
#include "starling/clock.h"
#include "starling/config.h"
#include "starling/network.h"
#include "starling/post.h"
#include "starling/match.h"
#include "starling/text.h"
#include "starling/timeline.h"
#include "starling/xmalloc.h"
#include "ui_internal.h"

int
ui_body_rows(const struct ui *ui)
{
	/* Header rows at the top, the status line at the bottom. */
	int	n = ui->rows - UI_HEADER_ROWS - 1;

	return n < 1 ? 1 : n;
}

static bool
column_matches(const struct ui_column *c, const struct post *p)
{
	if (c->filter == NULL || *c->filter == '\0')
		return true;
	return text_match(p->text, c->filter) ||
	    (p->author_name && text_match(p->author_name, c->filter)) ||
	    (p->author_handle && text_match(p->author_handle, c->filter)) ||
	    (p->content_warning && text_match(p->content_warning, c->filter));
}

/* Whether the column shows the highest priority first (sort: priority). */
static bool
column_by_priority(const struct ui_column *c)
{
	return c->cfg != NULL && c->cfg->sort != NULL &&
	    strcmp(c->cfg->sort, "priority") == 0;
}

struct column_rank {
	int	priority;
	size_t	index;
};

/* Higher priority first; the timeline's order (newest first) within. */
static int
column_rank_cmp(const void *a, const void *b)
{
	const struct column_rank	*x = a, *y = b;

	if (x->priority != y->priority)
		return x->priority > y->priority ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static void
column_rebuild_view(struct ui *ui, struct ui_column *c)
{
	const struct store_triage	*t;
	struct column_rank		*rank;
	size_t				 n = timeline_count(c->tl), i;

	if (c->aview < n) {
		c->aview = n + 64;
		c->view = xreallocarray(c->view, c->aview, sizeof *c->view);
	}
	c->nview = 0;
	for (i = 0; i < n; i++)
		if (column_matches(c, timeline_at(c->tl, i)->post))
			c->view[c->nview++] = i;
	if (!column_by_priority(c) || c->nview < 2)
		return;
	rank = xreallocarray(NULL, c->nview, sizeof *rank);
	for (i = 0; i < c->nview; i++) {
		t = ui_triage_get(ui, timeline_at(c->tl, c->view[i])->post);
		rank[i].priority = t != NULL ? t->priority : 0;
		rank[i].index = c->view[i];
	}
	qsort(rank, c->nview, sizeof *rank, column_rank_cmp);
	for (i = 0; i < c->nview; i++)
		c->view[i] = rank[i].index;
	free(rank);
}

static struct post *
column_post(struct ui_column *c, size_t v)
{
	return v < c->nview ? timeline_at(c->tl, c->view[v])->post : NULL;
}

static void
column_set_id(char **slot, const struct post *p)
{
	free(*slot);
	*slot = p ? xstrdup(p->id) : NULL;
}

/* The view index of id, or fallback clamped to the view. */
static size_t
column_find(struct ui_column *c, const char *id, size_t fallback)
{
	ssize_t	ti;
	size_t	lo = 0, hi = c->nview, mid;

	if (id != NULL && (ti = timeline_find(c->tl, id)) >= 0 &&
	    column_by_priority(c)) {
		for (lo = 0; lo < c->nview; lo++)	/* by priority */
			if (c->view[lo] == (size_t)ti)
				return lo;
	} else if (id != NULL && ti >= 0) {
		while (lo < hi) {		/* view is sorted by index */
			mid = (lo + hi) / 2;
			if (c->view[mid] < (size_t)ti)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < c->nview && c->view[lo] == (size_t)ti)
			return lo;
	}
	if (c->nview == 0)
		return 0;
	return fallback < c->nview ? fallback : c->nview - 1;
}

static int
column_card_height(struct ui *ui, struct ui_column *c, size_t v)
{
	return ui_card_height(ui, column_post(c, v), c->width);
}

/* Moves top so the selected card is on screen (as much of it as fits). */
static void
column_show_selected(struct ui *ui, struct ui_column *c)
{
	int	rows = ui_body_rows(ui), h = 0;
	size_t	v;

	if (c->sel < c->top)
		c->top = c->sel;
	for (;;) {
		h = 0;
		for (v = c->top; v <= c->sel && v < c->nview; v++)
			h += column_card_height(ui, c, v);
		if (h <= rows || c->top >= c->sel)
			break;
		c->top++;
	}
	if (c->top == 0)
		c->above = 0;
	else if (c->above > c->top)
		c->above = c->top;
	column_set_id(&c->sel_id, column_post(c, c->sel));
	column_set_id(&c->top_id, column_post(c, c->top));
}

static void
column_settle(struct ui *ui, struct ui_column *c, bool at_top)
{
	size_t	prev_top = c->top, prev_sel = c->sel, arrived;
	int	rows = ui_body_rows(ui), h = 0;
	size_t	v;

	/* Looked at for a moment with the focus: the selection stays. */
	if (!c->held && c->shown && clock_wall_ms() - c->shown_at >= UI_LOOK_MS)
		c->held = true;
	c->sel = column_find(c, c->sel_id, c->sel);
	c->top = column_find(c, c->top_id, c->top);
	/* Posts that arrived above the post the view starts at. */
	arrived = c->top > prev_top ? c->top - prev_top : 0;
	if (!c->touched && !c->held) {
		/* Nobody has moved or looked here yet: follow the newest. */
		c->sel = c->top = 0;
	} else if (at_top && (prev_sel == 0 || !c->touched) && c->width > 0) {
		/* Reading the newest post (or held where it was the newest):
		 * show the new ones above it, as long as it stays on screen.
		 * Anyone further down keeps the view. */
		for (v = 0; v <= c->sel && v < c->nview; v++)
			h += column_card_height(ui, c, v);
		if (h <= rows)
			c->top = 0;
	}
	if (c->top > 0)
		c->above += arrived;
	column_show_selected(ui, c);
}

void
ui_column_init(struct ui *ui, struct ui_column *c, const struct config_column *cfg)
{
	const struct source_ops	*ops = NULL;
	const struct network	*net;

	memset(c, 0, sizeof *c);
	c->cfg = cfg;
	c->tl = timeline_new(UI_TIMELINE_CAP);
	ui_triage_column_init(ui, c);
	if (c->triage.kind != TRIAGE_VIEW_NONE) {
		/* Fed from the triage store by triage.c, not by a thread. */
	} else if (cfg->account != NULL) {
		c->account = ui_find_account(ui, cfg->account);
		if (c->account != NULL)
			ops = account_network(c->account)->source_ops;
		if (ops == NULL)
			c->why = "network not supported yet";
		c->src = source_start_account(ops, cfg, c->account, ui->wake,
		    1024);
	} else {
		if ((net = network_find(cfg->source)) != NULL && !net->account)
			ops = net->source_ops;
		if (ops == NULL)
			c->why = "no source for this column";
		c->src = source_start(ops, cfg, ui->opt.seed, ui->wake, 1024);
	}
	if (c->src != NULL)
		source_get_status(c->src, &c->status);
	c->dirty = true;
}

void
ui_column_free(struct ui_column *c)
{
	source_stop(c->src);
	timeline_free(c->tl);
	free(c->view);
	free(c->filter);
	free(c->sel_id);
	free(c->top_id);
	free(c->marker);
	free(c->read_sent);
}

/* Moves up to max queued posts into the timeline. True when more wait. */
bool
ui_column_drain(struct ui *ui, struct ui_column *c, size_t max)
{
	struct post	*p;
	size_t		 n = 0, added = 0;
	bool		 at_top = c->top == 0;

	if (c->src == NULL)
		return false;
	if (source_get_status(c->src, &c->status))
		c->dirty = true;
	while (n < max && (p = source_pop(c->src)) != NULL) {
		n++;
		ui_triage_inbox(ui, c, p);
		if (timeline_insert(c->tl, p) != TIMELINE_NONE)
			added++;
	}
	if (added == 0)
		return n == max;
	c->arrived = true;
	column_rebuild_view(ui, c);
	column_settle(ui, c, at_top);
	c->dirty = true;
	return n == max;
}

/* One post from elsewhere (the triage store) into the column. */
void
ui_column_insert(struct ui *ui, struct ui_column *c, struct post *p)
{
	bool	at_top = c->top == 0;

	if (timeline_insert(c->tl, p) == TIMELINE_NONE)
		return;
	column_rebuild_view(ui, c);
	column_settle(ui, c, at_top);
	c->dirty = true;
}

const struct post *
ui_column_selected(struct ui_column *c)
{
	return column_post(c, c->sel);
}

void
ui_column_mark_read(struct ui_column *c)
{
	size_t	i, n = timeline_count(c->tl);

	for (i = 0; i < n; i++)
		timeline_mark_seen(c->tl, i);
	c->dirty = true;
}

void
ui_column_set_filter(struct ui *ui, struct ui_column *c, const char *text)
{
	free(c->filter);
	c->filter = text && *text ? xstrdup(text) : NULL;
	column_rebuild_view(ui, c);
	c->sel = column_find(c, c->sel_id, 0);
	c->top = c->sel < c->top ? c->sel : column_find(c, c->top_id, 0);
	if (c->top > c->sel)
		c->top = c->sel;
	column_show_selected(ui, c);
	c->dirty = true;
}

/* Index of the first card that does not fit entirely from top. */
static size_t
column_last_visible(struct ui *ui, struct ui_column *c, size_t from)
{
	int	rows = ui_body_rows(ui), h = 0;
	size_t	v;

	for (v = from; v < c->nview; v++) {
		h += column_card_height(ui, c, v);
		if (h > rows)
			break;
	}
	return v;
}

void
ui_column_move(struct ui *ui, struct ui_column *c, enum ui_move how)
{
	size_t	v, half;
	int	rows = ui_body_rows(ui), h;

	if (c->nview == 0)
		return;
	c->touched = true;
	switch (how) {
	case UI_MOVE_DOWN:
		if (c->sel + 1 < c->nview)
			c->sel++;
		break;
	case UI_MOVE_UP:
		if (c->sel > 0)
			c->sel--;
		break;
	case UI_MOVE_TOP:
		c->sel = c->top = 0;
		c->above = 0;
		break;
	case UI_MOVE_BOTTOM:
		c->sel = c->nview - 1;
		break;
	case UI_MOVE_PAGE_DOWN:
	case UI_MOVE_HALF_DOWN:
		v = column_last_visible(ui, c, c->top);
		if (how == UI_MOVE_HALF_DOWN) {
			half = (v - c->top) / 2;
			v = c->top + (half ? half : 1);
		}
		if (v <= c->top)
			v = c->top + 1;
		if (v >= c->nview)
			v = c->nview - 1;
		c->top = c->sel = v;
		break;
	case UI_MOVE_PAGE_UP:
	case UI_MOVE_HALF_UP:
		h = 0;
		v = c->top;
		while (v > 0) {
			h += column_card_height(ui, c, v - 1);
			if (h > (how == UI_MOVE_PAGE_UP ? rows : rows / 2))
				break;
			v--;
		}
		if (v == c->top && v > 0)
			v--;
		c->top = c->sel = v;
		break;
	}
	column_show_selected(ui, c);
	c->dirty = true;
	/* At the oldest post: fetch the page before it. */
	if (c->sel + 1 >= c->nview && how != UI_MOVE_UP &&
	    how != UI_MOVE_PAGE_UP && how != UI_MOVE_HALF_UP &&
	    how != UI_MOVE_TOP)
		ui_column_want_older(ui, c, false);
}

/* s in at most maxw cells: whole, or its start and end around "…" (an error
 * keeps both what failed and why). */
static void
column_middle(const char *s, int maxw, char *out, size_t len)
{
	size_t	slen = strlen(s), head, tail;
	int	used, tw = 0, cw;

	if (text_width(s, slen) <= maxw || maxw < 2) {
		head = text_fit(s, slen, maxw < 0 ? 0 : maxw, NULL);
		snprintf(out, len, "%.*s", (int)head, s);
		return;
	}
	head = text_fit(s, slen, (maxw - 1) / 2 + (maxw - 1) % 2, &used);
	for (tail = slen; tail > head; tail = text_prev_cluster(s, tail)) {
		size_t prev = text_prev_cluster(s, tail);

		cw = text_width(s + prev, tail - prev);
		if (used + 1 + tw + cw > maxw)
			break;
		tw += cw;
	}
	snprintf(out, len, "%.*s\xe2\x80\xa6%s", (int)head, s, s + tail);
}

/* The column's state in at most maxw cells where it can be: what may
 * shrink is the error's text (its middle goes); "retrying in 4 s", "rate
 * limited until 14:05:00" and the like are never cut. */
static const char *
column_state_text(const struct ui_column *c, char *buf, size_t len, int maxw,
    enum theme_element *style)
{
	const struct source_status	*s = &c->status;
	struct tm			 tm, today;
	time_t				 now = time(NULL);
	char				 at[32] = "", keep[64] = "", text[192];
	char				 note_buf[256];
	const char			*pre = "", *detail = NULL;
	int				 room;

	if (s->until) {
		/* The date too when it is not today. */
		localtime_r(&now, &today);
		localtime_r(&s->until, &tm);
		strftime(at, sizeof at, tm.tm_year == today.tm_year &&
		    tm.tm_yday == today.tm_yday ? "%H:%M:%S" :
		    "%Y-%m-%d %H:%M:%S", &tm);
	}
	*style = THEME_STATE_WAIT;
	switch (s->state) {
	case SOURCE_STARTING:
		snprintf(keep, sizeof keep, "connecting");
		break;
	case SOURCE_LIVE:
		*style = THEME_STATE_LIVE;
		snprintf(keep, sizeof keep, "\xe2\x97\x8f live");
		break;
	case SOURCE_POLLING:
		*style = THEME_STATE_LIVE;
		/* What the adapter adds ("budget 1,204/3,000 this month"). */
		if (*s->text && strcmp(s->text, "polling") != 0) {
			detail = s->text;
			snprintf(keep, sizeof keep, " \xc2\xb7 polling");
		} else
			snprintf(keep, sizeof keep, "polling");
		break;
	case SOURCE_IDLE:
		/* Why, when the adapter says ("budget spent · resumes …"). */
		snprintf(keep, sizeof keep, "%.60s", *s->text ? s->text : "idle");
		break;
	case SOURCE_BACKOFF: {
		long	left = (long)(s->until - now);

		*style = THEME_ERROR;
		detail = s->text;
		/* The countdown ends as the retry begins: "now" while it
		 * runs, never "in 0 s". */
		if (left > 0)
			snprintf(keep, sizeof keep, "%s%s in %ld s",
			    *s->text ? " \xc2\xb7 " : "",
			    *s->again ? s->again : "retrying", left);
		else
			snprintf(keep, sizeof keep, "%s%s now",
			    *s->text ? " \xc2\xb7 " : "",
			    *s->again ? s->again : "retrying");
		break;
	}
	case SOURCE_RATELIMITED:
		*style = THEME_ERROR;
		snprintf(keep, sizeof keep, "rate limited until %s", at);
		break;
	case SOURCE_AUTHFAILED:
		*style = THEME_ERROR;
		if (s->until > now)
			snprintf(keep, sizeof keep, "auth failed \xc2\xb7 "
			    "retrying at %s", at);
		else
			snprintf(keep, sizeof keep, "auth failed");
		break;
	case SOURCE_ERROR:
		*style = THEME_ERROR;
		pre = "error: ";
		detail = s->text;
		break;
	case SOURCE_UNAVAILABLE:
		*style = THEME_ERROR;
		pre = "unavailable: ";
		detail = c->why ? c->why : "";
		break;
	}
	/* A standing note goes first, and is cut before the state. */
	if (*s->note != '\0') {
		size_t	kl = strlen(keep);

		if (detail == NULL) {
			detail = s->note;
			if (kl + 4 < sizeof keep) {
				memmove(keep + 4, keep, kl + 1);
				memcpy(keep, " \xc2\xb7 ", 4);
			}
		} else {
			snprintf(note_buf, sizeof note_buf, "%s \xc2\xb7 %s",
			    s->note, detail);
			detail = note_buf;
		}
	}
	*text = '\0';
	if (detail != NULL) {
		room = maxw - text_width(pre, strlen(pre)) -
		    text_width(keep, strlen(keep));
		/* At least a little of what went wrong. */
		if (room < 6)
			room = 6;
		column_middle(detail, room, text, sizeof text);
	}
	snprintf(buf, len, "%s%s%s", pre, text, keep);
	return buf;
}

/* A URL without its scheme ("alerts.example/feeds/42"). */
static const char *
ui_column_url_host(const char *url)
{
	const char	*p = strstr(url, "://");

	return p != NULL ? p + 3 : url;
}

/* Row 1's left part: a notice the user must see whole (loading, the
 * filter, posts above), or else what the column shows, which may be cut.
 * True for a notice. */
static bool
column_header_left(struct ui *ui, struct ui_column *c, char *buf, size_t len)
{
	const struct config_column	*cfg = c->cfg;
	uint32_t			 spike;

	if (c->status.loading)
		snprintf(buf, len, "loading older\xe2\x80\xa6");
	else if (c->filter)
		snprintf(buf, len, "/%s (%zu)", c->filter, c->nview);
	else if ((spike = ui_report_spike(ui, c)) > 0)
		snprintf(buf, len, "\xe2\x96\xb2 spike %u/h", spike);
	else if (c->above > 0)
		snprintf(buf, len, "\xe2\x86\x91%zu new above", c->above);
	else if (ui_triage_sla_of(ui, c) > 0) {
		size_t	open;
		int64_t	oldest;
		char	age[32];

		ui_triage_sla(ui, c, &open, &oldest);
		if (open > 0) {
			clock_relative(oldest, ui->now, age, sizeof age);
			ui_tick_at(ui, ui_age_next(oldest, ui->now));
			snprintf(buf, len, "%zu open \xc2\xb7 oldest %s",
			    open, age);
		} else
			snprintf(buf, len, "nothing open");
		return false;
	} else if (cfg->url != NULL || cfg->command != NULL) {
		/* A feed names its document, a program its command line. */
		snprintf(buf, len, "%s\xc2\xb7%s", cfg->source,
		    cfg->url != NULL ? ui_column_url_host(cfg->url) :
		    cfg->command);
		return false;
	} else if (cfg->source) {
		snprintf(buf, len, "%s\xc2\xb7%s%s%s", cfg->source,
		    cfg->channel ? cfg->channel : "", cfg->query ? " " : "",
		    cfg->query ? cfg->query : "");
		return false;
	} else if (c->triage.kind != TRIAGE_VIEW_NONE) {
		snprintf(buf, len, "store\xc2\xb7%s%s%s", cfg->type,
		    c->triage.arg ? " " : "", c->triage.arg ? c->triage.arg : "");
		return false;
	} else {
		snprintf(buf, len, "%s\xc2\xb7%s",
		    cfg->account ? cfg->account : "store",
		    cfg->type ? cfg->type : "");
		return false;
	}
	return true;
}

/* Two rows: where the deck is scrolled, the title and unread count; then
 * the notice or source and the state. The state gets the room it needs and
 * the source is cut first; a notice that no longer fits beside the state
 * moves up beside the title, which is cut instead. */
static void
column_header(struct ui *ui, struct ui_column *c, size_t index)
{
	const struct config_column	*cfg = c->cfg;
	enum theme_element		 hs = index == ui->focus ?
					    THEME_HEADER_FOCUS : THEME_HEADER;
	enum theme_element		 ss;
	char				 left[64] = "", right[64] = "", buf[256];
	char				 state[256], note[256];
	int				 x = c->x, w = c->width, lw = 0, rw = 0;
	int				 sw, nw;
	size_t				 unread = timeline_unread(c->tl);
	bool				 notice, up = false;

	/* Row 1 first: it decides whether the notice moves up. */
	notice = column_header_left(ui, c, note, sizeof note);
	nw = text_width(note, strlen(note));
	column_state_text(c, state, sizeof state, notice ? w - nw - 1 : w - 1,
	    &ss);
	sw = text_width(state, strlen(state));
	if (sw > w)
		sw = w;
	if (notice && nw + 1 + sw > w) {
		/* The notice goes up: the state has the whole row. */
		up = true;
		column_state_text(c, state, sizeof state, w - 1, &ss);
		sw = text_width(state, strlen(state));
		if (sw > w)
			sw = w;
	}

	/* Row 0: where the deck is scrolled, title, unread count (or the
	 * notice, which says more). */
	ui_fill(ui, 0, x, w, hs);
	if (index == ui->first && ui->first > 0)
		snprintf(left, sizeof left, "\xe2\x97\x80%zu ", ui->first);
	if (index + 1 < ui->ncol && (index + 1 >= ui->ncol ||
	    !ui->col[index + 1].visible))
		snprintf(right, sizeof right, " %zu\xe2\x96\xb6",
		    ui->ncol - index - 1);
	if (*left)
		lw = ui_draw_text(ui, 0, x, w, left, strlen(left), hs);
	if (*right) {
		rw = text_width(right, strlen(right));
		ui_draw_text(ui, 0, x + w - rw, rw, right, strlen(right), hs);
	}
	if (up && w - lw - rw > 1) {
		int uw = nw + 1 < w - lw - rw ? nw + 1 : w - lw - rw;

		ui_draw_text(ui, 0, x + w - rw - uw + 1, uw - 1, note,
		    strlen(note), THEME_UNREAD);
		rw += uw;
	} else if (unread > 0) {
		snprintf(buf, sizeof buf, " %zu new", unread);
		int uw = text_width(buf, strlen(buf));
		if (uw < w - lw - rw - 4) {
			ui_draw_text(ui, 0, x + w - rw - uw, uw, buf, strlen(buf),
			    THEME_UNREAD);
			rw += uw;
		}
	}
	snprintf(buf, sizeof buf, "%zu %s", index + 1, cfg->title ? cfg->title :
	    "");
	if (w - lw - rw - 1 > 0)
		ui_draw_text(ui, 0, x + lw, w - lw - rw - 1, buf, strlen(buf),
		    hs);

	/* Row 1: the notice or source, and the state. */
	ui_fill(ui, 1, x, w, THEME_NORMAL);
	if (up) {
		/* The notice is up beside the title. */
		*note = '\0';
		notice = false;
	}
	lw = text_width(note, strlen(note));
	if (lw > w - sw - 1)
		lw = w - sw - 1;
	if (lw > 0)
		ui_draw_text(ui, 1, x, lw, note, strlen(note),
		    notice ? THEME_UNREAD : THEME_DIM);
	ui_draw_text(ui, 1, x + w - sw, sw, state, strlen(state), ss);
}

void
ui_column_draw(struct ui *ui, struct ui_column *c)
{
	size_t	index = (size_t)(c - ui->col), v;
	int	y = UI_HEADER_ROWS, ymax = ui->rows - 1, h;
	bool	focused = index == ui->focus;

	/* Priorities changed since the view was made (a rule, a teammate):
	 * the order follows them, the selection stays. */
	if (column_by_priority(c) && c->resort) {
		c->resort = false;
		column_rebuild_view(ui, c);
		c->sel = column_find(c, c->sel_id, c->sel);
		c->top = column_find(c, c->top_id, c->top);
		if (c->top > c->sel)
			c->top = c->sel;
		column_show_selected(ui, c);
	}

	/* Since when the user sees it with the focus. */
	if (focused && !c->shown)
		c->shown_at = clock_wall_ms();
	c->shown = focused;

	ui->tick = 0;
	for (v = c->top; v < c->nview && y < ymax; v++) {
		struct timeline_entry *e = timeline_at(c->tl, c->view[v]);

		h = ui_card_height(ui, e->post, c->width);
		ui_card_draw(ui, e->post, y, c->x, c->width, ymax,
		    focused && v == c->sel, e->unread, ui_triage_sla_of(ui, c));
		/* Seen: on screen in the focused column after a keypress. */
		if (focused && ui->by_key && y + h <= ymax)
			timeline_mark_seen(c->tl, c->view[v]);
		y += h;
	}
	for (; y < ymax; y++)
		ui_fill(ui, y, c->x, c->width, THEME_NORMAL);
	if (c->nview == 0) {
		const char *msg = c->filter ? "no posts match" :
		    c->status.state == SOURCE_UNAVAILABLE ? c->why : "no posts yet";
		ui_draw_text(ui, UI_HEADER_ROWS + 1, c->x + 2, c->width - 2, msg,
		    strlen(msg), THEME_DIM);
	}
	column_header(ui, c, index);
	c->tick = ui->tick;
	c->dirty = false;
}

/* Column widths and which columns are on screen, from ui->first. */
void
ui_layout(struct ui *ui)
{
	const struct config	*cfg = ui->opt.config;
	size_t			 i, nauto = 0, fit;
	int			 fixed = 0, x, w, autow, avail;

	ui->too_small = ui->cols < UI_MIN_COLS || ui->rows < UI_MIN_ROWS;
	for (i = 0; i < ui->ncol; i++) {
		w = ui->col[i].cfg->width ? ui->col[i].cfg->width :
		    cfg->column_width;
		if (w)
			fixed += w + 1;
		else
			nauto++;
	}
	/* Auto columns share what the fixed ones leave; if they would be
	 * narrower than the minimum, show as many as fit at a width that
	 * fills the screen and scroll. */
	avail = ui->cols - fixed;
	autow = nauto ? (avail - (int)nauto + 1) / (int)nauto : 0;
	if (nauto && autow < CONFIG_MIN_WIDTH) {
		fit = (size_t)((ui->cols + 1) / (CONFIG_MIN_WIDTH + 1));
		if (fit < 1)
			fit = 1;
		autow = (ui->cols - (int)fit + 1) / (int)fit;
	}
	if (autow > ui->cols)
		autow = ui->cols;

	if (ui->focus < ui->first)
		ui->first = ui->focus;
	for (;;) {
		x = 0;
		for (i = 0; i < ui->ncol; i++) {
			struct ui_column *c = &ui->col[i];

			w = c->cfg->width ? c->cfg->width : cfg->column_width;
			if (w == 0)
				w = autow;
			if (w > ui->cols)
				w = ui->cols;
			c->visible = false;
			if (i < ui->first)
				continue;
			if (x + w > ui->cols && i != ui->first)
				continue;
			if (x > 0 && x + w <= ui->cols && i > ui->first &&
			    !ui->col[i - 1].visible)
				continue;
			c->visible = true;
			c->x = x;
			c->width = w;
			x += w + 1;
		}
		if (ui->col[ui->focus].visible || ui->first >= ui->focus)
			break;
		ui->first++;
	}
	/* After a resize to a wider screen: bring back columns from the left
	 * that now fit beside the focused one. */
	while (ui->first > 0) {
		struct ui_column	*prev = &ui->col[ui->first - 1];
		int			 pw = prev->cfg->width ? prev->cfg->width :
					    cfg->column_width ? cfg->column_width :
					    autow;

		x = 0;
		for (i = ui->first; i < ui->ncol; i++)
			if (ui->col[i].visible)
				x = ui->col[i].x + ui->col[i].width + 1;
		if (x + pw + 1 > ui->cols)
			break;
		ui->first--;
		ui_layout(ui);
		return;
	}
	/* The last visible column takes what is left of the row. */
	for (i = ui->ncol; i-- > 0;) {
		if (ui->col[i].visible) {
			if (ui->col[i].cfg->width == 0 && cfg->column_width == 0)
				ui->col[i].width = ui->cols - ui->col[i].x;
			break;
		}
	}
	for (i = 0; i < ui->ncol; i++)
		ui->col[i].dirty = true;
}
