/* draw.c — putting measured text on the screen. Every cluster is drawn as
 * text.h simplified it, and only when it fits whole, so the screen's idea of
 * each cell matches the terminal's and nothing crosses a column rule. */
#include <string.h>

#include "starling/config.h"
#include "starling/post.h"
#include "starling/text.h"
#include "ui_internal.h"

void
ui_set_style(struct ui *ui, enum theme_element e)
{
	attr_set(ui->attr[e], ui->pair[e], NULL);
}

void
ui_fill(struct ui *ui, int y, int x, int w, enum theme_element e)
{
	if (w <= 0)
		return;
	ui_set_style(ui, e);
	mvhline(y, x, ' ', w);
}

/* The text at the cursor in the current attributes, whole clusters. */
static int
ui_draw_text_styled(struct ui *ui, int maxw, const char *s)
{
	struct text_cluster	c;
	size_t			off = 0, len = strlen(s);
	int			used = 0;

	(void)ui;
	while (off < len) {
		off += text_cluster_next(s + off, len - off, &c);
		if (c.newline || used + c.width > maxw)
			break;
		if (c.draw_len > 0 && c.width > 0) {
			addnstr(c.draw, (int)c.draw_len);
			used += c.width;
		}
	}
	return used;
}

int
ui_draw_text(struct ui *ui, int y, int x, int maxw, const char *s, size_t len,
    enum theme_element e)
{
	struct text_cluster	c;
	size_t			off = 0;
	int			used = 0, room = maxw;

	if (maxw <= 0)
		return 0;
	/* Cut short: keep a cell for the ellipsis that says so. */
	if (maxw > 1 && text_width(s, len) > maxw)
		room = maxw - 1;
	ui_set_style(ui, e);
	move(y, x);
	while (off < len) {
		text_cluster_next(s + off, len - off, &c);
		off += c.len;
		if (c.newline)
			break;
		if (used + c.width > room)
			break;
		if (c.draw_len > 0 && c.width > 0) {
			addnstr(c.draw, (int)c.draw_len);
			used += c.width;
		}
	}
	if (room < maxw) {
		addstr("\xe2\x80\xa6");
		used++;
	}
	return used;
}

static enum theme_element
ui_span_style(const struct post *p, size_t off, enum theme_element base)
{
	size_t	i;

	for (i = 0; i < p->nspans; i++) {
		if (off >= p->spans[i].start && off < p->spans[i].end) {
			switch (p->spans[i].kind) {
			case POST_SPAN_LINK:
				return THEME_LINK;
			case POST_SPAN_MENTION:
				return THEME_MENTION;
			case POST_SPAN_HASHTAG:
				return THEME_HASHTAG;
			}
		}
	}
	return base;
}

/* Draws p->text[start, end) with its links, mentions and tags coloured. */
int
ui_draw_rich(struct ui *ui, int y, int x, int maxw, const struct post *p,
    size_t start, size_t end, enum theme_element base)
{
	struct text_cluster	c;
	size_t			off = start;
	int			used = 0;
	enum theme_element	cur = THEME_COUNT, e;

	move(y, x);
	while (off < end) {
		text_cluster_next(p->text + off, end - off, &c);
		if (c.newline)
			break;
		if (used + c.width > maxw)
			break;
		e = p->nspans ? ui_span_style(p, off, base) : base;
		if (e != cur) {
			ui_set_style(ui, e);
			cur = e;
		}
		if (c.draw_len > 0 && c.width > 0) {
			addnstr(c.draw, (int)c.draw_len);
			used += c.width;
		}
		off += c.len;
	}
	return used;
}

/* A tag in the colour the config gives it (tags: name: colour). */
int
ui_draw_tag(struct ui *ui, int y, int x, int maxw, const char *tag,
    const char *text)
{
	const struct config	*cfg = ui->opt.config;
	size_t			 i;

	for (i = 0; i < cfg->ntags && i < 64; i++) {
		if (strcmp(cfg->tags[i].key, tag) != 0 || ui->tag_pair[i] == 0)
			continue;
		attr_set(ui->attr[THEME_TAG], ui->tag_pair[i], NULL);
		move(y, x);
		return ui_draw_text_styled(ui, maxw, text);
	}
	return ui_draw_text(ui, y, x, maxw, text, strlen(text), THEME_TAG);
}

static int
ui_color(int c)
{
	int	n = COLORS > 256 ? 256 : COLORS;

	if (c == THEME_COLOR_DEFAULT)
		return -1;
	c = theme_color_fallback(c, n);
	return c >= n ? -1 : c;
}

void
ui_colors_init(struct ui *ui)
{
	struct theme	t = *ui->opt.theme;
	bool		mono = ui->opt.monochrome || !has_colors();
	int		i;

	/* COLORS and COLOR_PAIRS are 0 until start_color() sets them from
	 * terminfo: ask only after starting. */
	if (!mono && (start_color() == ERR || COLORS < 8))
		mono = true;
	if (mono)
		theme_monochrome(&t);
	else
		use_default_colors();
	for (i = 0; i < THEME_COUNT; i++) {
		const struct theme_style	*s = &t.style[i];
		attr_t				 a = A_NORMAL;

		if (s->attrs & THEME_BOLD)
			a |= A_BOLD;
		if (s->attrs & THEME_DIM)
			a |= A_DIM;
		if (s->attrs & THEME_ITALIC)
			a |= A_ITALIC;
		if (s->attrs & THEME_UNDERLINE)
			a |= A_UNDERLINE;
		if (s->attrs & THEME_REVERSE)
			a |= A_REVERSE;
		ui->attr[i] = a;
		ui->pair[i] = 0;
		if (!mono && i + 1 < COLOR_PAIRS) {
			init_pair((short)(i + 1), (short)ui_color(s->fg),
			    (short)ui_color(s->bg));
			ui->pair[i] = (short)(i + 1);
		}
	}
	/* Tag colours from the config, on the tag element's background. */
	for (i = 0; !mono && i < (int)ui->opt.config->ntags && i < 64; i++) {
		int	c = theme_parse_color(ui->opt.config->tags[i].value);
		short	pr = (short)(THEME_COUNT + 1 + i);

		ui->tag_pair[i] = 0;
		if (c < -1 || pr >= COLOR_PAIRS)
			continue;
		init_pair(pr, (short)ui_color(c),
		    (short)ui_color(t.style[THEME_TAG].bg));
		ui->tag_pair[i] = pr;
	}
}
