/* card.c — one post as a card in a column. Measuring and drawing share one
 * walk over the card's lines, so a card's height can never disagree with what
 * is drawn.
 *
 *   ▌• ↻ Ana boosted                      context (repost, reply, notify)
 *   ▌• José Álvarez @jose          3m     author, handle, time
 *   ▌  text wrapped to the column …       text, links/mentions/tags coloured
 *   ▌  [image: a cat on a desk]           media, quote, poll
 *   ▌  ↩ 3  ↻ 12  ♥ 40                    counts
 *   ▌  →bob #complaint ✎2                 triage badges, on more rows
 *   ▌  alice is replying                  when they do not fit
 *                                         blank separator
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "starling/approval.h"
#include "starling/clock.h"
#include "starling/config.h"
#include "starling/network.h"
#include "starling/post.h"
#include "starling/store.h"
#include "starling/text.h"
#include "ui_internal.h"

#define CARD_GUTTER	2	/* selection bar, unread dot */
#define CARD_MAX_LINES	64	/* wrapped text lines kept per card */

struct card_walk {
	struct ui	*ui;
	bool		 draw;
	int		 y, x, width, ymax, line, skip;
	bool		 selected, unread;
	bool		 dim;		/* done or ignored */
	int		 sla;		/* seconds; 0: no clock */
};

/* Starts a card row: the gutter, and returns the screen row or -1 when the
 * row is not drawn (measuring, skipped or below ymax). */
static int
card_row(struct card_walk *w)
{
	int	row = w->y + w->line - w->skip;

	w->line++;
	if (!w->draw || w->line - 1 < w->skip || row >= w->ymax)
		return -1;
	ui_fill(w->ui, row, w->x, w->width, THEME_NORMAL);
	if (w->selected)
		ui_draw_text(w->ui, row, w->x, 1, "\xe2\x96\x8c", 3, THEME_MARKER);
	return row;
}

static void
card_simple(struct card_walk *w, const char *s, enum theme_element e)
{
	int	row = card_row(w);

	if (row >= 0)
		ui_draw_text(w->ui, row, w->x + CARD_GUTTER,
		    w->width - CARD_GUTTER, s, strlen(s), e);
}

static const char *
card_notify_verb(enum post_notify n)
{
	switch (n) {
	case POST_NOTIFY_MENTION:	return "mentioned you";
	case POST_NOTIFY_REPLY:		return "replied";
	case POST_NOTIFY_REPOST:	return "reposted your post";
	case POST_NOTIFY_LIKE:		return "liked your post";
	case POST_NOTIFY_FOLLOW:	return "followed you";
	case POST_NOTIFY_QUOTE:		return "quoted you";
	case POST_NOTIFY_POLL:		return "poll ended";
	case POST_NOTIFY_UPDATE:	return "edited a post";
	case POST_NOTIFY_NONE:		break;
	}
	return "";
}

static const char *
card_media_kind(enum post_media_kind k)
{
	switch (k) {
	case POST_MEDIA_IMAGE:	return "image";
	case POST_MEDIA_VIDEO:	return "video";
	case POST_MEDIA_GIFV:	return "gif";
	case POST_MEDIA_AUDIO:	return "audio";
	case POST_MEDIA_LINK:	return "link card";
	case POST_MEDIA_OTHER:	break;
	}
	return "media";
}

/* "950", "12.3k", "123k", "1.2M": a follower count in a few cells. */
static void
card_short_count(long n, char *buf, size_t len)
{
	static const struct { long unit; const char *suffix; } units[] = {
		{ 1000000000L, "B" }, { 1000000L, "M" }, { 1000L, "k" }
	};
	size_t	i;
	long	tenths;

	for (i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (n < units[i].unit)
			continue;
		/* Truncated, never rounded up past what the author has. */
		tenths = n / (units[i].unit / 10);
		if (tenths >= 1000 || tenths % 10 == 0)
			snprintf(buf, len, "%ld%s", tenths / 10,
			    units[i].suffix);
		else
			snprintf(buf, len, "%ld.%ld%s", tenths / 10,
			    tenths % 10, units[i].suffix);
		return;
	}
	snprintf(buf, len, "%ld", n);
}

static void
card_author(struct card_walk *w, const struct post *p)
{
	char		 when[32], handle[256], star[32];
	int		 row = card_row(w), tw, avail, used;
	int		 influencer = w->ui->opt.config->influencer;
	const char	*name = p->author_name && *p->author_name ?
			    p->author_name : p->author_handle;
	bool		 clock = w->sla > 0 && !w->dim &&
			    triage_answerable(p) && ui_triage_open(w->ui, p);
	bool		 overdue = clock && w->ui->now - p->created > w->sla;

	if (row < 0)
		return;
	/* Redrawn when its age reads differently or its SLA passes. */
	ui_tick_at(w->ui, ui_age_next(p->created, w->ui->now));
	if (clock && !overdue)
		ui_tick_at(w->ui, p->created + w->sla + 1);
	if (w->unread)
		ui_draw_text(w->ui, row, w->x + 1, 1, "\xe2\x80\xa2", 3,
		    THEME_UNREAD);
	clock_relative(p->created, w->ui->now, when, sizeof when);
	if (overdue) {
		/* Past the column's SLA and still open: say so. */
		memmove(when + 1, when, strlen(when) + 1);
		when[0] = '!';
	}
	tw = text_width(when, strlen(when));
	avail = w->width - CARD_GUTTER - tw - 1;
	if (avail < 4) {
		avail = w->width - CARD_GUTTER;
		tw = 0;
	}
	used = ui_draw_text(w->ui, row, w->x + CARD_GUTTER, avail, name ? name :
	    "", name ? strlen(name) : 0, w->dim ? THEME_DIM : THEME_AUTHOR);
	if (influencer > 0 && p->followers >= influencer && used + 3 < avail) {
		/* Before the handle, which may be cut: the reach matters
		 * more. */
		memcpy(star, " \xe2\x98\x85", 4);
		card_short_count(p->followers, star + 4, sizeof star - 4);
		used += ui_draw_text(w->ui, row, w->x + CARD_GUTTER + used,
		    avail - used, star, strlen(star), w->dim ? THEME_DIM :
		    THEME_INFLUENCER);
	}
	if (p->author_handle && *p->author_handle && used + 2 < avail) {
		snprintf(handle, sizeof handle, " @%s", p->author_handle);
		ui_draw_text(w->ui, row, w->x + CARD_GUTTER + used,
		    avail - used, handle, strlen(handle), w->dim ? THEME_DIM :
		    THEME_HANDLE);
	}
	if (tw > 0)
		ui_draw_text(w->ui, row, w->x + w->width - tw, tw, when,
		    strlen(when), overdue ? THEME_ERROR : THEME_TIME);
}

static void
card_text(struct card_walk *w, const struct post *p)
{
	struct text_line	lines[CARD_MAX_LINES];
	size_t			n, i, len = strlen(p->text);
	int			row, cw = w->width - CARD_GUTTER;

	if (len == 0)
		return;
	n = text_wrap(p->text, len, cw, lines, CARD_MAX_LINES);
	if (n > CARD_MAX_LINES)
		n = CARD_MAX_LINES;	/* the detail pane shows the rest */
	for (i = 0; i < n; i++) {
		if ((row = card_row(w)) < 0)
			continue;
		ui_draw_rich(w->ui, row, w->x + CARD_GUTTER, cw, p,
		    lines[i].start, lines[i].end, w->dim ? THEME_DIM :
		    THEME_TEXT);
	}
}

static void
card_counts(struct card_walk *w, const struct post *p)
{
	char	buf[96];

	/* A check after what the user did themselves: boosted, liked. */
	snprintf(buf, sizeof buf, "\xe2\x86\xa9 %ld  \xe2\x86\xbb %ld%s  "
	    "\xe2\x99\xa5 %ld%s%s", p->replies, p->reposts,
	    p->flags & POST_REPOSTED ? "\xe2\x9c\x93" : "", p->likes,
	    p->flags & POST_LIKED ? "\xe2\x9c\x93" : "",
	    p->flags & POST_BOOKMARKED ? "  \xe2\x9a\x91" : "");
	card_simple(w, buf, THEME_COUNTS);
}

/* One badge: its text, and its tag when it is drawn in the tag's colour. */
struct card_badge {
	char			 text[160];
	const char		*tag;
	enum theme_element	 style;
};

#define CARD_MAX_BADGES	24

static size_t
card_badge_add(struct card_badge *b, size_t n, enum theme_element e,
    const char *tag, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static size_t
card_badge_add(struct card_badge *b, size_t n, enum theme_element e,
    const char *tag, const char *fmt, ...)
{
	va_list	ap;

	if (n == CARD_MAX_BADGES)
		return n;
	va_start(ap, fmt);
	vsnprintf(b[n].text, sizeof b[n].text, fmt, ap);
	va_end(ap);
	b[n].tag = tag;
	b[n].style = e;
	return n + 1;
}

/* Triage: assignee, tags in their colours, status, notes, and who else is
 * replying right now. No row when the post was never triaged. A badge that
 * does not fit on the row goes to the next one (each whole; one wider than
 * the column is cut). */
static void
card_badges(struct card_walk *w, const struct post *p)
{
	const struct store_triage	*t = ui_triage_get(w->ui, p);
	const char			*replying;
	struct card_badge		 b[CARD_MAX_BADGES];
	char				 buf[512];
	int				 row = -1, x = 0, bw;
	int				 cw = w->width - CARD_GUTTER;
	size_t				 i, n = 0;

	if (t == NULL)
		return;
	ui_triage_badges(w->ui, p, buf, sizeof buf, &replying);
	if (*buf == '\0' && replying == NULL)
		return;
	if (t->assignee) {
		/* "→bob (alice)": the assignee sees who asked. */
		if (t->assigned_by && strcmp(t->assigned_by, t->assignee) != 0)
			n = card_badge_add(b, n, THEME_BADGE, NULL,
			    "\xe2\x86\x92%s (%s)", t->assignee, t->assigned_by);
		else
			n = card_badge_add(b, n, THEME_BADGE, NULL,
			    "\xe2\x86\x92%s", t->assignee);
	}
	if (t->priority > 0)
		n = card_badge_add(b, n, THEME_PRIORITY, NULL, "P%d",
		    t->priority);
	for (i = 0; i < t->ntags; i++)
		n = card_badge_add(b, n, THEME_TAG, t->tags[i], "#%s",
		    t->tags[i]);
	if (strcmp(p->network, TRIAGE_APPROVAL) == 0)
		/* An item awaiting approval says so, not "open". */
		n = card_badge_add(b, n, THEME_BADGE, NULL, "%s",
		    approval_state(t->status));
	else if (t->status != STORE_NEW && t->status != STORE_ASSIGNED) {
		if (t->status == STORE_REPLIED && t->replied_by)
			n = card_badge_add(b, n, THEME_BADGE, NULL, "%s by %s",
			    store_status_name(t->status), t->replied_by);
		else
			n = card_badge_add(b, n, THEME_BADGE, NULL, "%s",
			    store_status_name(t->status));
	}
	if (t->nnotes)
		n = card_badge_add(b, n, THEME_BADGE, NULL, "\xe2\x9c\x8e%zu",
		    t->nnotes);
	if (replying)
		n = card_badge_add(b, n, THEME_WARNING, NULL, "%s is replying",
		    replying);
	for (i = 0; i < n; i++) {
		bw = text_width(b[i].text, strlen(b[i].text));
		if (i == 0 || (x > 0 && x + bw > cw)) {
			row = card_row(w);
			x = 0;
		}
		if (row >= 0 && b[i].tag != NULL)
			ui_draw_tag(w->ui, row, w->x + CARD_GUTTER + x, cw - x,
			    b[i].tag, b[i].text);
		else if (row >= 0)
			ui_draw_text(w->ui, row, w->x + CARD_GUTTER + x, cw - x,
			    b[i].text, strlen(b[i].text), b[i].style);
		x += bw + 1;
	}
}

static int
card_walk(struct card_walk *w, const struct post *p)
{
	const struct network	*net;
	char			 buf[512];
	size_t			 i;

	if (p->network != NULL && strcmp(p->network, TRIAGE_APPROVAL) == 0) {
		/* A post awaiting approval: the account it would post as,
		 * and what it is. */
		snprintf(buf, sizeof buf, "\xe2\x9c\x8e for approval \xc2\xb7 "
		    "as %s \xc2\xb7 %s%s", p->column ? p->column : "?",
		    p->reply_to_author ? "reply to @" : p->quote_author ?
		    "quote of @" : "new post", p->reply_to_author ?
		    p->reply_to_author : p->quote_author ? p->quote_author : "");
		card_simple(w, buf, THEME_CONTEXT);
	} else if (p->notify != POST_NOTIFY_NONE) {
		snprintf(buf, sizeof buf, "\xe2\x98\x85 %s %s", p->notify_by ?
		    p->notify_by : "someone", card_notify_verb(p->notify));
		card_simple(w, buf, THEME_CONTEXT);
	} else if (p->reposted_by_name || p->reposted_by_handle) {
		/* Each network's own word for it. */
		snprintf(buf, sizeof buf, "\xe2\x86\xbb %s %s",
		    p->reposted_by_name ? p->reposted_by_name :
		    p->reposted_by_handle,
		    network_words(network_of(p))->reposted);
		card_simple(w, buf, THEME_CONTEXT);
	} else if (p->reply_to_author) {
		snprintf(buf, sizeof buf, "\xe2\x86\xa9 reply to @%s",
		    p->reply_to_author);
		card_simple(w, buf, THEME_CONTEXT);
	}
	card_author(w, p);
	if (p->content_warning && *p->content_warning) {
		snprintf(buf, sizeof buf, "CW: %s", p->content_warning);
		card_simple(w, buf, THEME_WARNING);
		card_simple(w, "[Enter shows the post]", THEME_DIM);
	} else {
		card_text(w, p);
		for (i = 0; i < p->nmedia; i++) {
			snprintf(buf, sizeof buf, "[%s: %s]",
			    card_media_kind(p->media[i].kind), p->media[i].alt &&
			    *p->media[i].alt ? p->media[i].alt : "no description");
			card_simple(w, buf, THEME_CONTEXT);
		}
		if (p->quote_text) {
			snprintf(buf, sizeof buf, "\xe2\x9d\x9d @%s: %s",
			    p->quote_author ? p->quote_author : "?",
			    p->quote_text);
			card_simple(w, buf, THEME_CONTEXT);
		}
		if (p->poll) {
			snprintf(buf, sizeof buf, "[poll: %s]", p->poll);
			card_simple(w, buf, THEME_CONTEXT);
		}
	}
	if (p->notify != POST_NOTIFY_FOLLOW && (net = network_of(p)) != NULL &&
	    net->counts)
		card_counts(w, p);
	card_badges(w, p);
	w->line++;			/* blank separator */
	return w->line;
}

int
ui_card_height(struct ui *ui, const struct post *p, int width)
{
	struct card_walk	w = { .ui = ui, .draw = false, .width = width };

	return card_walk(&w, p);
}

void
ui_card_draw(struct ui *ui, const struct post *p, int y, int x, int width,
    int ymax, bool selected, bool unread, int sla)
{
	struct card_walk	w = { .ui = ui, .draw = true, .y = y, .x = x,
				    .width = width, .ymax = ymax, .skip = 0,
				    .selected = selected, .unread = unread,
				    .sla = sla };
	int			skip = 0;

	w.dim = ui_triage_dim(ui, p);
	card_walk(&w, p);
	/* The separator row: blank, but part of the card. */
	if (y + w.line - 1 - skip < ymax && y + w.line - 1 - skip >= y)
		ui_fill(ui, y + w.line - 1 - skip, x, width, THEME_NORMAL);
}
