/*
 * theme.c — UI elements to colours and attributes, read from YAML themes.
 *
 * A theme that names an element says all of its style: what it leaves out is
 * the terminal's default colour and no attribute, never the built-in default,
 * so a theme reads the same whatever theme_init picks.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "starling/config.h"
#include "starling/theme.h"
#include "starling/xmalloc.h"
#include "starling/ydoc.h"

#define nitems(a) (sizeof (a) / sizeof (a)[0])

static const char *const theme_names[THEME_COUNT + 1] = {
#define THEME_NAME(e, n) n,
	THEME_ELEMENTS(THEME_NAME)
#undef THEME_NAME
	NULL
};

static const char *const theme_colors[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"
};

static const struct {
	const char	*name;
	unsigned	 attr;
} theme_attrs[] = {
	{ "bold", THEME_BOLD },
	{ "dim", THEME_DIM },
	{ "italic", THEME_ITALIC },
	{ "underline", THEME_UNDERLINE },
	{ "reverse", THEME_REVERSE },
};

#define D THEME_COLOR_DEFAULT
/* Basic colours and attributes only, so they hold on any dark terminal. */
static const struct {
	enum theme_element	e;
	int			fg, bg;
	unsigned		attrs;
} theme_defaults[] = {
	{ THEME_NORMAL,		D, D, 0 },
	{ THEME_RULE,		4, D, 0 },
	{ THEME_HEADER,		7, 4, THEME_BOLD },
	{ THEME_HEADER_FOCUS,	0, 6, THEME_BOLD },
	{ THEME_SELECTED,	D, D, THEME_REVERSE },
	{ THEME_MARKER,		3, D, THEME_BOLD },
	{ THEME_AUTHOR,		D, D, THEME_BOLD },
	{ THEME_HANDLE,		6, D, 0 },
	{ THEME_TIME,		D, D, THEME_DIM },
	{ THEME_TEXT,		D, D, 0 },
	{ THEME_LINK,		4, D, THEME_UNDERLINE },
	{ THEME_MENTION,	6, D, 0 },
	{ THEME_HASHTAG,	5, D, 0 },
	{ THEME_UNREAD,		3, D, THEME_BOLD },
	{ THEME_COUNTS,		D, D, THEME_DIM },
	{ THEME_CONTEXT,	2, D, 0 },
	{ THEME_WARNING,	3, D, THEME_BOLD },
	{ THEME_BADGE,		0, 3, 0 },
	{ THEME_INFLUENCER,	3, D, THEME_BOLD },
	{ THEME_PRIORITY,	7, 1, THEME_BOLD },
	{ THEME_TAG,		5, D, THEME_BOLD },
	{ THEME_DIM,		D, D, THEME_DIM },
	{ THEME_STATE_LIVE,	2, D, 0 },
	{ THEME_STATE_WAIT,	3, D, 0 },
	{ THEME_ERROR,		1, D, THEME_BOLD },
	{ THEME_STATUS,		D, D, THEME_REVERSE },
	{ THEME_PROMPT,		D, D, THEME_BOLD },
	{ THEME_HELP,		D, D, 0 },
	{ THEME_HELP_KEY,	3, D, THEME_BOLD },
};

/* What monochrome adds so that an element still stands out. */
static const struct {
	enum theme_element	e;
	unsigned		attrs;
} theme_mono[] = {
	{ THEME_SELECTED, THEME_REVERSE },
	{ THEME_HEADER_FOCUS, THEME_REVERSE },
	{ THEME_PROMPT, THEME_REVERSE },
	{ THEME_STATUS, THEME_REVERSE },
	{ THEME_ERROR, THEME_BOLD },
	{ THEME_AUTHOR, THEME_BOLD },
	{ THEME_UNREAD, THEME_BOLD },
	{ THEME_PRIORITY, THEME_BOLD },
	{ THEME_LINK, THEME_UNDERLINE },
	{ THEME_DIM, THEME_DIM },
};
#undef D

/* xterm's default palette for the 16 basic colours. */
static const unsigned theme_basic_rgb[16] = {
	0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd,
	0xe5e5e5, 0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff,
	0x00ffff, 0xffffff
};
static const int theme_cube[6] = { 0x00, 0x5f, 0x87, 0xaf, 0xd7, 0xff };

const char *
theme_element_name(enum theme_element e)
{
	if ((unsigned)e >= THEME_COUNT)
		return NULL;
	return theme_names[e];
}

int
theme_element_find(const char *name)
{
	int	i;

	for (i = 0; i < THEME_COUNT; i++) {
		if (strcmp(theme_names[i], name) == 0)
			return i;
	}
	return -1;
}

void
theme_init(struct theme *t)
{
	size_t	i;

	memset(t, 0, sizeof *t);
	for (i = 0; i < nitems(theme_defaults); i++) {
		t->style[theme_defaults[i].e].fg = theme_defaults[i].fg;
		t->style[theme_defaults[i].e].bg = theme_defaults[i].bg;
		t->style[theme_defaults[i].e].attrs = theme_defaults[i].attrs;
	}
}

void
theme_free(struct theme *t)
{
	free(t->name);
	t->name = NULL;
}

int
theme_parse_color(const char *s)
{
	const char	*p;
	char		*end;
	unsigned long	 v;
	size_t		 i;

	if (s == NULL || *s == '\0')
		return -2;
	if (strcasecmp(s, "default") == 0)
		return THEME_COLOR_DEFAULT;
	p = s;
	if (strncasecmp(p, "bright-", 7) == 0)
		p += 7;
	for (i = 0; i < nitems(theme_colors); i++) {
		if (strcasecmp(p, theme_colors[i]) == 0)
			return (int)i + (p != s ? 8 : 0);
	}
	if (p != s)
		return -2;
	if (s[0] == '#') {
		for (i = 1; i <= 6; i++) {
			if (strchr("0123456789abcdefABCDEF", s[i]) == NULL ||
			    s[i] == '\0')
				return -2;
		}
		if (s[7] != '\0')
			return -2;
		return THEME_COLOR_RGB | (int)strtoul(s + 1, NULL, 16);
	}
	for (p = s; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return -2;
	}
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || v > 255 || p - s > 3)
		return -2;
	return (int)v;
}

/* The RGB of a palette index, as xterm draws it. */
static unsigned
theme_index_rgb(int i)
{
	int	g;

	if (i < 16)
		return theme_basic_rgb[i];
	if (i < 232) {
		i -= 16;
		return (unsigned)(theme_cube[i / 36] << 16 |
		    theme_cube[(i / 6) % 6] << 8 | theme_cube[i % 6]);
	}
	g = 8 + (i - 232) * 10;
	return (unsigned)(g << 16 | g << 8 | g);
}

/* Squared distance, green weighted most as the eye sees it. */
static long
theme_distance(unsigned a, unsigned b)
{
	long	dr = (long)(a >> 16 & 0xff) - (long)(b >> 16 & 0xff);
	long	dg = (long)(a >> 8 & 0xff) - (long)(b >> 8 & 0xff);
	long	db = (long)(a & 0xff) - (long)(b & 0xff);

	return 3 * dr * dr + 4 * dg * dg + 2 * db * db;
}

static int
theme_nearest(unsigned rgb, int from, int to)
{
	long	best = -1, d;
	int	i, found = from;

	for (i = from; i < to; i++) {
		d = theme_distance(rgb, theme_index_rgb(i));
		if (best == -1 || d < best) {
			best = d;
			found = i;
		}
	}
	return found;
}

int
theme_color_fallback(int color, int ncolors)
{
	unsigned	rgb;

	if (color == THEME_COLOR_DEFAULT || color < 0 || ncolors > 256)
		return color;
	if (!(color & THEME_COLOR_RGB) && color > 255)
		return THEME_COLOR_DEFAULT;
	if (ncolors < 8)
		return THEME_COLOR_DEFAULT;
	if (color & THEME_COLOR_RGB) {
		rgb = (unsigned)color & 0xffffff;
		/* 0..15 are left out: terminals redefine them. */
		if (ncolors >= 256)
			return theme_nearest(rgb, 16, 256);
	} else {
		if (color < ncolors && (ncolors >= 256 || color < 16))
			return color;
		rgb = theme_index_rgb(color);
	}
	return theme_nearest(rgb, 0, ncolors >= 16 ? 16 : 8);
}

void
theme_monochrome(struct theme *t)
{
	size_t	i;

	for (i = 0; i < THEME_COUNT; i++) {
		t->style[i].fg = THEME_COLOR_DEFAULT;
		t->style[i].bg = THEME_COLOR_DEFAULT;
	}
	for (i = 0; i < nitems(theme_mono); i++)
		t->style[theme_mono[i].e].attrs |= theme_mono[i].attrs;
}

struct theme_parser {
	struct ydoc		 y;
	struct theme		*t;
	struct theme_style	*style;		/* the element being read */
};

static void
theme_color_error(struct theme_parser *p, const char *key, yaml_node_t *v)
{
	char	got[128];

	if (ydoc_string(v) == NULL) {
		ydoc_error(&p->y, v, "\"%s\" must be a colour, got %s", key,
		    ydoc_got(v, got, sizeof got));
		return;
	}
	ydoc_error(&p->y, v, "unknown colour %s (expected a colour name, "
	    "0..255 or #rrggbb)", ydoc_got(v, got, sizeof got));
}

static void
theme_parse_attr(struct theme_parser *p, yaml_node_t *v)
{
	const char	*s = ydoc_string(v);
	char		 buf[128];
	size_t		 i;

	if (!ydoc_expect(&p->y, v, YAML_SCALAR_NODE, "an attribute"))
		return;
	for (i = 0; i < nitems(theme_attrs); i++) {
		if (strcmp(s, theme_attrs[i].name) == 0) {
			p->style->attrs |= theme_attrs[i].attr;
			return;
		}
	}
	ydoc_error(&p->y, v, "unknown attribute %s (expected one of: bold, "
	    "dim, italic, underline, reverse)", ydoc_quote(s, buf, sizeof buf));
}

static const char *const theme_style_keys[] = { "fg", "bg", "attrs" };

static void
theme_style_pair(struct ydoc *y, size_t row, yaml_node_t *key,
    yaml_node_t *v, void *arg)
{
	struct theme_parser	*p = arg;
	yaml_node_item_t	*it;
	yaml_node_t		*item;
	int			 c;

	(void)y;
	(void)key;
	switch (row) {
	case 0:
	case 1:
		c = theme_parse_color(ydoc_string(v));
		if (c == -2) {
			theme_color_error(p, theme_style_keys[row], v);
			return;
		}
		if (row == 0)
			p->style->fg = c;
		else
			p->style->bg = c;
		return;
	default:
		/* A single attribute may be written without the list. */
		if (v->type != YAML_SEQUENCE_NODE) {
			theme_parse_attr(p, v);
			return;
		}
		for (it = v->data.sequence.items.start;
		    it < v->data.sequence.items.top; it++) {
			if ((item = ydoc_node(&p->y, *it)) != NULL)
				theme_parse_attr(p, item);
		}
		return;
	}
}

static void
theme_element_pair(struct ydoc *y, size_t row, yaml_node_t *key,
    yaml_node_t *v, void *arg)
{
	struct theme_parser	*p = arg;
	const char		*name = (const char *)key->data.scalar.value;
	char			*list, buf[128], where[128];
	int			 e;

	(void)row;
	if ((e = theme_element_find(name)) == -1) {
		list = ydoc_join(theme_names);
		ydoc_error(y, key, "unknown element %s (expected one of: %s)",
		    ydoc_quote(name, buf, sizeof buf), list);
		free(list);
		return;
	}
	snprintf(where, sizeof where, "\"%s\"", name);
	if (!ydoc_expect(y, v, YAML_MAPPING_NODE, where))
		return;
	p->style = &p->t->style[e];
	p->style->fg = THEME_COLOR_DEFAULT;
	p->style->bg = THEME_COLOR_DEFAULT;
	p->style->attrs = 0;
	p->style->set = true;
	snprintf(where, sizeof where, "elements.%s", name);
	ydoc_map(y, v, where, theme_style_keys, sizeof theme_style_keys[0],
	    nitems(theme_style_keys), theme_style_pair, p);
}

static const char *const theme_top_keys[] = { "name", "elements" };

static void
theme_top_pair(struct ydoc *y, size_t row, yaml_node_t *key, yaml_node_t *v,
    void *arg)
{
	struct theme_parser	*p = arg;

	(void)key;
	if (row == 0) {
		if (!ydoc_expect(y, v, YAML_SCALAR_NODE, "\"name\""))
			return;
		free(p->t->name);
		p->t->name = xstrdup(ydoc_string(v));
		return;
	}
	if (!ydoc_expect(y, v, YAML_MAPPING_NODE, "\"elements\""))
		return;
	ydoc_map(y, v, "elements", NULL, 0, 0, theme_element_pair, p);
}

int
theme_parse(struct theme *t, const char *name, const char *buf, size_t len,
    struct config_errors *errs)
{
	struct theme_parser	 p;
	yaml_node_t		*root;
	size_t			 before = errs->n;

	memset(&p, 0, sizeof p);
	p.t = t;
	if (ydoc_load(&p.y, name, buf, len, errs) == 0 &&
	    (root = ydoc_root(&p.y)) != NULL &&
	    ydoc_expect(&p.y, root, YAML_MAPPING_NODE, "the top level")) {
		ydoc_map(&p.y, root, "top level", theme_top_keys,
		    sizeof theme_top_keys[0], nitems(theme_top_keys),
		    theme_top_pair, &p);
	}
	ydoc_free(&p.y);
	return errs->n == before ? 0 : -1;
}

int
theme_load(struct theme *t, const char *path, struct config_errors *errs)
{
	char	*buf;
	size_t	 len = 0;
	int	 rc;

	if ((buf = ydoc_read_file(path, &len, errs)) == NULL)
		return -1;
	rc = theme_parse(t, path, buf, len, errs);
	free(buf);
	return rc;
}
