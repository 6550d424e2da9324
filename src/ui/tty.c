/* tty.c — the terminal under curses: what curses would write that the user
 * must not see. */
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>

#include "ui_internal.h"

/* ncurses 6.4 flushes after every cursor move until it has been through
 * endwin() once; without this a one-line change leaves as a dozen writes (a
 * dozen packets over ssh). The trip through endwin() must not leave the
 * alternate screen and come back (the shell would flash by): rmcup and
 * smcup are emptied meanwhile. They are changed in place, as tigetstr()
 * gives curses' own copy (the term.h variables are a copy curses does not
 * read). */
void
ui_tty_settle(void)
{
	char	*rmcup = tigetstr("rmcup"), *smcup = tigetstr("smcup");
	char	 r0 = 0, s0 = 0;
	bool	 r = rmcup != NULL && rmcup != (char *)-1 && *rmcup != '\0';
	bool	 s = smcup != NULL && smcup != (char *)-1 && *smcup != '\0';

	if (r) {
		r0 = *rmcup;
		*rmcup = '\0';
	}
	if (s) {
		s0 = *smcup;
		*smcup = '\0';
	}
	endwin();
	doupdate();
	if (r)
		*rmcup = r0;
	if (s)
		*smcup = s0;
}

/* Bracketed paste on or off: a paste comes between Esc [200~ and Esc [201~
 * (KEYC_PASTE_START, KEYC_PASTE_END), so the composer takes it as text
 * and nothing pasted runs as a key. */
void
ui_tty_paste(bool on)
{
	const char	*seq = on ? "\033[?2004h" : "\033[?2004l";

	fflush(stdout);
	if (write(STDOUT_FILENO, seq, 8) < 0) {
		/* a terminal that is gone: nothing to switch */
	}
}
