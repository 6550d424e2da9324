/*
 * ui — the deck on screen and the event loop, on the UI thread. The only
 * module (with main.c) that includes curses; this header does not. What
 * keys and the : prompt run is the command table (cmd.h), part of the UI.
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
	const char		*store_password; /* store_password_cmd's, or
						 * NULL */
	bool			 monochrome;	/* NO_COLOR */
};

/* Starts the screen and one source per column. NULL with a message on
 * stderr when the terminal cannot be used. */
struct ui	*ui_new(const struct ui_options *);
/* Runs until quit or a terminating signal; returns the exit status. */
int		 ui_run(struct ui *);
/* Restores the terminal and stops every source. */
void		 ui_free(struct ui *);

#endif
