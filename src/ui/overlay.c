/* overlay.c — the detail pane and the help overlay. Both are a list of lines
 * wrapped to the screen width when opened or resized, then scrolled. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "starling/clock.h"
#include "starling/cmd.h"
#include "starling/keymap.h"
#include "starling/network.h"
#include "starling/post.h"
#include "starling/text.h"
#include "starling/timeline.h"
#include "starling/xmalloc.h"
#include "ui_internal.h"

#define OVERLAY_MARGIN	2

void
ui_overlay_free_lines(struct ui *ui)
{
	size_t	i;

	for (i = 0; i < ui->nlines; i++)
		free(ui->lines[i].text);
	free(ui->lines);
	ui->lines = NULL;
	ui->nlines = 0;
}

static struct ui_line *
overlay_push(struct ui *ui)
{
	struct ui_line	*l;

	ui->lines = xreallocarray(ui->lines, ui->nlines + 1, sizeof *ui->lines);
	l = &ui->lines[ui->nlines++];
	memset(l, 0, sizeof *l);
	return l;
}

/* Adds s wrapped to the overlay width, in one style. */
static void
overlay_text(struct ui *ui, const char *s, enum theme_element e)
{
	int			 width = ui->cols - 2 * OVERLAY_MARGIN;
	size_t			 n, i, len = strlen(s);
	struct text_line	*lines;

	if (width < 1)
		width = 1;
	if (len == 0) {
		overlay_push(ui)->style = e;
		return;
	}
	n = text_wrap(s, len, width, NULL, 0);
	lines = xcalloc(n, sizeof *lines);
	text_wrap(s, len, width, lines, n);
	for (i = 0; i < n; i++) {
		struct ui_line *l = overlay_push(ui);

		l->text = xstrndup(s + lines[i].start,
		    lines[i].end - lines[i].start);
		l->style = e;
	}
	free(lines);
}

const char *
ui_count(char *buf, size_t len, long n, const char *one, const char *many)
{
	snprintf(buf, len, "%ld %s", n, n == 1 ? one : many);
	return buf;
}

void
ui_overlay_add(struct ui *ui, const char *s, enum theme_element e)
{
	overlay_text(ui, s, e);
}

static void
overlay_textf(struct ui *ui, enum theme_element e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
overlay_textf(struct ui *ui, enum theme_element e, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	overlay_text(ui, s, e);
	free(s);
}

/* The post's own text, wrapped, with spans coloured at draw time. */
static void
overlay_post_text(struct ui *ui, const struct post *p)
{
	int			 width = ui->cols - 2 * OVERLAY_MARGIN;
	size_t			 n, i, len = strlen(p->text);
	struct text_line	*lines;

	if (width < 1)
		width = 1;
	n = text_wrap(p->text, len, width, NULL, 0);
	lines = xcalloc(n ? n : 1, sizeof *lines);
	text_wrap(p->text, len, width, lines, n);
	for (i = 0; i < n; i++) {
		struct ui_line *l = overlay_push(ui);

		l->post = p;
		l->start = lines[i].start;
		l->end = lines[i].end;
		l->style = THEME_TEXT;
	}
	free(lines);
}

/* A post any column shows, by network and id. */
const struct post *
ui_find_post(struct ui *ui, const char *network, const char *id)
{
	size_t	i;
	ssize_t	j;

	for (i = 0; i < ui->ncol; i++) {
		j = timeline_find(ui->col[i].tl, id);
		if (j >= 0) {
			const struct post *p = timeline_at(ui->col[i].tl,
			    (size_t)j)->post;
			if (strcmp(p->network, network) == 0)
				return p;
		}
	}
	return NULL;
}

static void
overlay_thread_post(struct ui *ui, const struct post *t)
{
	char	when[32];

	clock_relative(t->created, ui->now, when, sizeof when);
	overlay_textf(ui, THEME_AUTHOR, "%s @%s \xc2\xb7 %s", t->author_name ?
	    t->author_name : "", t->author_handle ? t->author_handle : "", when);
	overlay_post_text(ui, t);
	overlay_text(ui, "", THEME_NORMAL);
}

/* The detail pane's first line: its keys, the thread's only where the
 * post's account can fetch one (a demo post has none). */
static void
overlay_detail_keys(struct ui *ui, const struct post *p)
{
	bool	thread = p->action_ref != NULL && cmd_account(ui, p) != NULL;

	overlay_textf(ui, THEME_DIM, "Post \xe2\x80\x94 Esc closes, j/k scroll, "
	    "%s1-9 open links", thread ? "c loads the thread, " : "");
}

static void
overlay_detail(struct ui *ui)
{
	const struct post	*p = ui->detail, *parent;
	char			 when[64], url[1024], n1[48], n2[48], n3[48];
	char			 buf[1024];
	const char		*link;
	size_t			 i, nlink = 0;

	overlay_detail_keys(ui, p);
	overlay_text(ui, "", THEME_NORMAL);
	/* The thread, when fetched: what came before, this post, replies. */
	for (i = 0; i < ui->nthread; i++)
		if (ui->thread[i]->created <= p->created)
			overlay_thread_post(ui, ui->thread[i]);
	if (ui->nthread > 0)
		overlay_text(ui, "\xe2\x94\x80\xe2\x94\x80 this post "
		    "\xe2\x94\x80\xe2\x94\x80", THEME_DIM);
	else if (p->reply_to_id != NULL &&
	    (parent = ui_find_post(ui, p->network, p->reply_to_id))) {
		overlay_textf(ui, THEME_CONTEXT, "In reply to %s @%s:",
		    parent->author_name ? parent->author_name : "",
		    parent->author_handle ? parent->author_handle : "");
		overlay_text(ui, parent->text, THEME_DIM);
		overlay_text(ui, "", THEME_NORMAL);
	} else if (p->reply_to_author)
		overlay_textf(ui, THEME_CONTEXT, "\xe2\x86\xa9 In reply to @%s",
		    p->reply_to_author);
	if (p->reposted_by_name || p->reposted_by_handle)
		overlay_textf(ui, THEME_CONTEXT, "\xe2\x86\xbb %s by %s",
		    network_words(network_of(p))->reposted,
		    p->reposted_by_name ? p->reposted_by_name :
		    p->reposted_by_handle);
	if (p->notify_by)
		overlay_textf(ui, THEME_CONTEXT, "\xe2\x98\x85 from %s",
		    p->notify_by);
	overlay_textf(ui, THEME_AUTHOR, "%s", p->author_name ? p->author_name :
	    "");
	if (p->followers > 0)
		overlay_textf(ui, THEME_HANDLE, "@%s \xc2\xb7 %s",
		    p->author_handle ? p->author_handle : "", ui_count(n1,
		    sizeof n1, p->followers, "follower", "followers"));
	else
		overlay_textf(ui, THEME_HANDLE, "@%s",
		    p->author_handle ? p->author_handle : "");
	clock_absolute(p->created, when, sizeof when);
	overlay_textf(ui, THEME_TIME, "%s%s%s%s", when,
	    p->edited ? " (edited)" : "", p->lang ? " \xc2\xb7 " : "",
	    p->lang ? p->lang : "");
	overlay_text(ui, "", THEME_NORMAL);
	if (p->content_warning && *p->content_warning)
		overlay_textf(ui, THEME_WARNING, "CW: %s", p->content_warning);
	overlay_post_text(ui, p);
	overlay_text(ui, "", THEME_NORMAL);
	for (i = 0; i < p->nmedia; i++)
		overlay_textf(ui, THEME_CONTEXT, "[media %zu: %s]", i + 1,
		    p->media[i].alt && *p->media[i].alt ? p->media[i].alt :
		    "no description");
	if (p->quote_text)
		overlay_textf(ui, THEME_CONTEXT, "\xe2\x9d\x9d quoting @%s: %s",
		    p->quote_author ? p->quote_author : "?", p->quote_text);
	if (p->poll)
		overlay_textf(ui, THEME_CONTEXT, "[poll: %s]", p->poll);
	overlay_textf(ui, THEME_COUNTS, "\xe2\x86\xa9 %s  \xe2\x86\xbb %s%s  "
	    "\xe2\x99\xa5 %s%s%s", ui_count(n1, sizeof n1, p->replies, "reply",
	    "replies"), ui_count(n2, sizeof n2, p->reposts, "repost",
	    "reposts"), p->flags & POST_REPOSTED ? " (you too)" : "",
	    ui_count(n3, sizeof n3, p->likes, "like", "likes"),
	    p->flags & POST_LIKED ? " (you too)" : "",
	    p->flags & POST_BOOKMARKED ? "  \xe2\x9a\x91 bookmarked" : "");
	while ((link = post_link(p, nlink + 1, buf, sizeof buf)) != NULL) {
		if (nlink++ == 0) {
			overlay_text(ui, "", THEME_NORMAL);
			overlay_text(ui, "Links", THEME_HEADER);
		}
		snprintf(url, sizeof url, "[%zu] %s", nlink, link);
		overlay_text(ui, url, THEME_LINK);
	}
	if (p->url) {
		overlay_text(ui, "", THEME_NORMAL);
		overlay_textf(ui, THEME_DIM, "%s", p->url);
	}
	ui_triage_overlay(ui, p);
	ui_author_overlay(ui, p);
	for (i = 0, nlink = 0; i < ui->nthread; i++) {
		if (ui->thread[i]->created <= p->created)
			continue;
		if (nlink++ == 0) {
			overlay_text(ui, "", THEME_NORMAL);
			overlay_text(ui, "\xe2\x94\x80\xe2\x94\x80 replies "
			    "\xe2\x94\x80\xe2\x94\x80", THEME_DIM);
		}
		overlay_thread_post(ui, ui->thread[i]);
	}
}

/* Help rows: cells of fixed widths (by display width, cut with "…"), then
 * a last one wrapped under itself, so the columns hold at any width. */
#define HELP_KEYS	16
#define HELP_CMD	18

static void
overlay_cell(char *line, size_t len, const char *s, int width)
{
	size_t	o = strlen(line), n = strlen(s), fit;
	int	used;

	if (text_width(s, n) > width) {
		fit = text_fit(s, n, width - 1, &used);
		snprintf(line + o, len - o, "%.*s\xe2\x80\xa6%*s", (int)fit, s,
		    width - 1 - used + 1, "");
	} else
		snprintf(line + o, len - o, "%s%*s ", s, width -
		    text_width(s, n), "");
}

static void
overlay_row(struct ui *ui, const char *const *cell, const int *width,
    size_t n, const char *last)
{
	char			 line[1024], pad[256];
	int			 avail = ui->cols - 2 * OVERLAY_MARGIN, lead = 2;
	size_t			 i, nl, len = strlen(last), k;
	struct text_line	*lines;

	snprintf(line, sizeof line, "  ");
	for (i = 0; i < n; i++) {
		overlay_cell(line, sizeof line, cell[i], width[i]);
		lead += width[i] + 1;
	}
	if (avail - lead < 8 || len == 0) {
		/* No room beside: the description goes under, indented. */
		overlay_text(ui, line, THEME_HELP);
		if (len > 0) {
			snprintf(pad, sizeof pad, "      %s", last);
			overlay_text(ui, pad, THEME_HELP);
		}
		return;
	}
	nl = text_wrap(last, len, avail - lead, NULL, 0);
	lines = xcalloc(nl, sizeof *lines);
	text_wrap(last, len, avail - lead, lines, nl);
	for (k = 0; k < nl; k++) {
		if (k > 0)
			snprintf(line, sizeof line, "%*s", lead, "");
		snprintf(line + strlen(line), sizeof line - strlen(line),
		    "%.*s", (int)(lines[k].end - lines[k].start),
		    last + lines[k].start);
		overlay_push(ui)->text = xstrdup(line);
		ui->lines[ui->nlines - 1].style = THEME_HELP;
	}
	free(lines);
}

/* The widths of the key and command cells: less on a narrow screen. */
static void
overlay_help_widths(struct ui *ui, int *w)
{
	int	avail = ui->cols - 2 * OVERLAY_MARGIN - 2;

	w[0] = HELP_KEYS;
	w[1] = HELP_CMD;
	if (avail < 2 * (HELP_KEYS + HELP_CMD)) {
		w[0] = avail * HELP_KEYS / (2 * (HELP_KEYS + HELP_CMD));
		w[1] = avail * HELP_CMD / (2 * (HELP_KEYS + HELP_CMD));
		if (w[0] < 5)
			w[0] = 5;
		if (w[1] < 6)
			w[1] = 6;
	}
}

/* What a command does where the context makes it mean something else than
 * in the deck: in the help and the detail pane they scroll. */
static const struct {
	enum keymap_context	 ctx;
	const char		*cmd, *help;
} overlay_help_words[] = {
	{ KEYMAP_HELP, "top", "Scroll to the top" },
	{ KEYMAP_HELP, "bottom", "Scroll to the end" },
	{ KEYMAP_HELP, "page-down", "Scroll down one screen" },
	{ KEYMAP_HELP, "page-up", "Scroll up one screen" },
	{ KEYMAP_DETAIL, "top", "Scroll to the top" },
	{ KEYMAP_DETAIL, "bottom", "Scroll to the end" },
	{ KEYMAP_DETAIL, "page-down", "Scroll down one screen" },
	{ KEYMAP_DETAIL, "page-up", "Scroll up one screen" },
};

static void
overlay_help_line(struct ui *ui, enum keymap_context ctx, const char *keys,
    const char *cmd)
{
	const struct cmd_entry	*ce;
	const char		*cell[2] = { keys, cmd }, *help;
	char			 word[64], desc[512];
	int			 w[2];
	size_t			 i;

	sscanf(cmd, "%63s", word);
	ce = cmd_find(word);
	help = ce ? ce->help : "";
	for (i = 0; i < sizeof overlay_help_words /
	    sizeof overlay_help_words[0]; i++)
		if (overlay_help_words[i].ctx == ctx &&
		    strcmp(overlay_help_words[i].cmd, cmd) == 0)
			help = overlay_help_words[i].help;
	snprintf(desc, sizeof desc, "%s%s", help, ce && ce->later ?
	    " (not yet)" : "");
	overlay_help_widths(ui, w);
	overlay_row(ui, cell, w, 2, desc);
}

/* "column 3" bound to 3: one of a run shown once as "1-9  column N". The
 * number, or -1. */
static int
overlay_help_numbered(const char *cmd, const char *key, char *word,
    size_t len)
{
	const char	*sp = strchr(cmd, ' ');
	char		*end;
	long		 n;

	if (sp == NULL || strcmp(sp + 1, key) != 0)
		return -1;
	n = strtol(sp + 1, &end, 10);
	if (*end != '\0' || n < 0 || n > 99)
		return -1;
	snprintf(word, len, "%.*s N", (int)(sp - cmd), cmd);
	return (int)n;
}

static void
overlay_help_context(struct ui *ui, enum keymap_context ctx, const char *title)
{
	char		 keys[256], name[32], shown[96], last[96] = "";
	char		 run[32];
	const char	*cmd;
	size_t		 i = 0;
	int32_t		 key;
	int		 lo = -1, hi = -1, num;
	bool		 any = false;

	overlay_text(ui, "", THEME_NORMAL);
	overlay_text(ui, title, THEME_HEADER);
	*keys = '\0';
	/* Bindings come sorted by command: gather each command's keys. */
	for (;;) {
		int more = keymap_each(ui->opt.keymap, ctx, &i, &key, &cmd);

		num = -1;
		if (more) {
			keymap_key_name(key, name, sizeof name);
			num = overlay_help_numbered(cmd, name, shown,
			    sizeof shown);
			if (num < 0)
				snprintf(shown, sizeof shown, "%s", cmd);
		}
		if (any && (!more || strcmp(shown, last) != 0 ||
		    (num >= 0 && num != hi + 1))) {
			if (lo >= 0) {
				snprintf(run, sizeof run, lo == hi ? "%d" :
				    "%d-%d", lo, hi);
				if (*keys)
					strncat(keys, " ", sizeof keys -
					    strlen(keys) - 1);
				strncat(keys, run, sizeof keys - strlen(keys) - 1);
			}
			if (!more || strcmp(shown, last) != 0) {
				overlay_help_line(ui, ctx, keys, last);
				*keys = '\0';
			}
			lo = hi = -1;
		}
		if (!more)
			break;
		any = true;
		snprintf(last, sizeof last, "%s", shown);
		if (num >= 0) {
			if (lo < 0)
				lo = num;
			hi = num;
			continue;
		}
		if (*keys)
			strncat(keys, " ", sizeof keys - strlen(keys) - 1);
		strncat(keys, name, sizeof keys - strlen(keys) - 1);
	}
}

static void
overlay_help(struct ui *ui)
{
	char	name[128];
	size_t	i;
	int	w[2], width;

	overlay_text(ui, "starling help \xe2\x80\x94 Esc or q closes, j/k scroll",
	    THEME_DIM);
	overlay_help_context(ui, KEYMAP_GLOBAL, "Keys everywhere");
	overlay_help_context(ui, KEYMAP_DECK, "Keys in the deck");
	overlay_help_context(ui, KEYMAP_DETAIL, "Keys in the detail pane");
	overlay_help_context(ui, KEYMAP_HELP, "Keys in this help");
	overlay_text(ui, "", THEME_NORMAL);
	overlay_text(ui, "Commands (type : then a command; Tab completes)",
	    THEME_HEADER);
	overlay_help_widths(ui, w);
	width = w[0] + w[1] + 1;
	for (i = 0; i < cmd_count; i++) {
		const struct cmd_entry	*ce = &cmd_table[i];
		const char		*cell[1] = { name };
		char			 desc[512];

		/* "repost, boost": an alias is a name too. */
		snprintf(name, sizeof name, "%s%s%s%s%s", ce->name,
		    ce->alias ? ", " : "",
		    ce->alias ? ce->alias : "",
		    *ce->usage ? " " : "", ce->usage);
		snprintf(desc, sizeof desc, "%s%s", ce->help, ce->later ?
		    " (not yet)" : "");
		overlay_row(ui, cell, &width, 1, desc);
	}
	overlay_text(ui, "", THEME_NORMAL);
	overlay_text(ui, "Prompt keys: Enter runs, Esc cancels, Tab completes, "
	    "Up/Down history, C-a C-e C-u C-w C-k edit.", THEME_DIM);
}

void
ui_overlay_build(struct ui *ui)
{
	ui_overlay_free_lines(ui);
	if (ui->overlay == UI_OVERLAY_DETAIL && ui->detail != NULL)
		overlay_detail(ui);
	else if (ui->overlay == UI_OVERLAY_HELP)
		overlay_help(ui);
	else if (ui->overlay == UI_OVERLAY_REPORT)
		ui_report_lines(ui);
}

void
ui_overlay_draw(struct ui *ui)
{
	int	rows = ui->rows - 1, y, w = ui->cols - 2 * OVERLAY_MARGIN;
	size_t	i;

	if (ui->scroll > (int)ui->nlines - rows)
		ui->scroll = (int)ui->nlines - rows;
	if (ui->scroll < 0)
		ui->scroll = 0;
	for (y = 0; y < rows; y++) {
		ui_fill(ui, y, 0, ui->cols, THEME_NORMAL);
		i = (size_t)(y + ui->scroll);
		if (i >= ui->nlines)
			continue;
		if (ui->lines[i].post)
			ui_draw_rich(ui, y, OVERLAY_MARGIN, w, ui->lines[i].post,
			    ui->lines[i].start, ui->lines[i].end,
			    ui->lines[i].style);
		else if (ui->lines[i].text)
			ui_draw_text(ui, y, OVERLAY_MARGIN, w, ui->lines[i].text,
			    strlen(ui->lines[i].text), ui->lines[i].style);
	}
	ui->dirty_overlay = false;
}
