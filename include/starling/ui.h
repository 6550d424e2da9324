/*
 * ui — the deck on screen and the event loop, on the UI thread. The only
 * module (with main.c) that includes curses; this header does not, so the
 * command table can drive the UI without knowing the screen.
 */
#ifndef STARLING_UI_H
#define STARLING_UI_H

#include <stdbool.h>

struct config;
struct wake;
struct keymap;
struct theme;

struct ui;

struct account;

struct ui_options {
	const struct config	*config;	/* outlives the ui */
	struct account		**accounts;	/* one per config account, or NULL */
	struct wake		*wake;		/* the accounts' wake pipe */
	struct keymap		*keymap;
	const struct theme	*theme;
	unsigned long		 seed;
	bool			 monochrome;	/* NO_COLOR */
};

/* Starts the screen and one source per column. NULL with a message on
 * stderr when the terminal cannot be used. */
struct ui	*ui_new(const struct ui_options *);
/* Runs until quit or a terminating signal; returns the exit status. */
int		 ui_run(struct ui *);
/* Restores the terminal and stops every source. */
void		 ui_free(struct ui *);

/* --- what commands do ---------------------------------------------------- */
enum ui_move {
	UI_MOVE_DOWN, UI_MOVE_UP, UI_MOVE_TOP, UI_MOVE_BOTTOM,
	UI_MOVE_PAGE_DOWN, UI_MOVE_PAGE_UP, UI_MOVE_HALF_DOWN, UI_MOVE_HALF_UP
};

void	ui_quit(struct ui *);
void	ui_column_step(struct ui *, int delta);
int	ui_column_go(struct ui *, int number);		/* 1-based; -1 if none */
void	ui_move(struct ui *, enum ui_move);
void	ui_open(struct ui *);
void	ui_close(struct ui *);
void	ui_help(struct ui *);
void	ui_command_prompt(struct ui *, const char *initial);
void	ui_filter(struct ui *, const char *text);	/* NULL: ask */
void	ui_mark_read(struct ui *);
void	ui_redraw(struct ui *);
void	ui_scroll(struct ui *, int lines);
void	ui_reply(struct ui *);
void	ui_toggle(struct ui *, const char *what);	/* repost, like, bookmark */
void	ui_open_url(struct ui *, int n);	/* 0: the post; n: its nth link */
void	ui_copy_url(struct ui *);
void	ui_thread(struct ui *);
void	ui_older(struct ui *);
void	ui_assign(struct ui *, const char *who);	/* NULL: pick; "": nobody */
void	ui_tag(struct ui *, const char *tag, bool add);	/* NULL: pick */
void	ui_set_status(struct ui *, const char *status);
void	ui_note(struct ui *, const char *text);		/* NULL: ask */
void	ui_message(struct ui *, bool error, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#endif
