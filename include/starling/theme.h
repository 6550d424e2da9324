/*
 * theme — named UI elements mapped to colours and attributes. Themes are YAML
 * data files (themes/NAME.yaml); unknown element names are errors. The UI turns
 * styles into curses pairs; this module knows no curses.
 *
 * A theme file:
 *   name: default
 *   elements:
 *     header:   { fg: white, bg: blue, attrs: [bold] }
 *     selected: { bg: 236 }
 *     link:     { fg: "#5fafff", attrs: [underline] }
 * Colours: default, black, red, green, yellow, blue, magenta, cyan, white,
 * bright-black .. bright-white, 0..255, or #rrggbb.
 */
#ifndef STARLING_THEME_H
#define STARLING_THEME_H

#include <stdbool.h>
#include <stddef.h>

struct config_errors;

#define THEME_ELEMENTS(X)				\
	X(NORMAL,	"normal")			\
	X(RULE,		"rule")				\
	X(HEADER,	"header")			\
	X(HEADER_FOCUS,	"header-focus")			\
	X(SELECTED,	"selected")			\
	X(MARKER,	"marker")			\
	X(AUTHOR,	"author")			\
	X(HANDLE,	"handle")			\
	X(TIME,		"time")				\
	X(TEXT,		"text")				\
	X(LINK,		"link")				\
	X(MENTION,	"mention")			\
	X(HASHTAG,	"hashtag")			\
	X(UNREAD,	"unread")			\
	X(COUNTS,	"counts")			\
	X(CONTEXT,	"context")			\
	X(WARNING,	"content-warning")		\
	X(BADGE,	"badge")			\
	X(INFLUENCER,	"influencer")			\
	X(PRIORITY,	"priority")			\
	X(TAG,		"tag")				\
	X(DIM,		"dim")				\
	X(STATE_LIVE,	"state-live")			\
	X(STATE_WAIT,	"state-wait")			\
	X(ERROR,	"error")			\
	X(STATUS,	"status-line")			\
	X(PROMPT,	"prompt")			\
	X(HELP,		"help")				\
	X(HELP_KEY,	"help-key")

enum theme_element {
#define THEME_ENUM(e, n) THEME_##e,
	THEME_ELEMENTS(THEME_ENUM)
#undef THEME_ENUM
	THEME_COUNT
};

#define THEME_COLOR_DEFAULT	(-1)
#define THEME_COLOR_RGB		0x1000000	/* | 0xRRGGBB */

#define THEME_BOLD	0x01
#define THEME_DIM	0x02
#define THEME_ITALIC	0x04
#define THEME_UNDERLINE	0x08
#define THEME_REVERSE	0x10

struct theme_style {
	int		 fg, bg;	/* THEME_COLOR_DEFAULT, 0..255, or RGB */
	unsigned	 attrs;
	bool		 set;		/* the theme named this element */
};

struct theme {
	char			*name;
	struct theme_style	 style[THEME_COUNT];
};

const char	*theme_element_name(enum theme_element);
int		 theme_element_find(const char *name);	/* -1 if unknown */

/* The built-in monochrome-safe defaults every theme starts from. */
void		 theme_init(struct theme *);
void		 theme_free(struct theme *);
int		 theme_parse(struct theme *, const char *name, const char *buf,
		    size_t len, struct config_errors *errs);
int		 theme_load(struct theme *, const char *path,
		    struct config_errors *errs);
/* Parses a colour ("red", "bright-blue", "203", "#ff8800"); -2 if invalid. */
int		 theme_parse_color(const char *);
/* Maps a colour to what a terminal with ncolors (8, 16, 256; > 256 means
 * truecolour) can show. */
int		 theme_color_fallback(int color, int ncolors);
/* Monochrome: colours dropped, attributes kept, and the elements that need to
 * stand out (selected, header-focus, error...) get reverse/bold. */
void		 theme_monochrome(struct theme *);

#endif
