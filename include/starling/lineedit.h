/*
 * lineedit — the text being typed into a box: a UTF-8 buffer with a cursor,
 * shared by the prompt, the note box, the picker's filter and the reply box
 * (multi-line). The cursor moves, and text is deleted, by grapheme cluster,
 * so a flag or a letter with its accents is one step and never left half
 * deleted. No curses and no key names here: a box lists the keys it takes
 * as a table of lineedit_key rows (its own key codes) and draws the text.
 *
 * Every change of the text goes through lineedit_replace(), the one place
 * where the undo log records what was replaced: LINEEDIT_UNDO takes the
 * last change back (typing runs of one word, and what a paste inserts
 * between lineedit_mark() calls, are one change). Wrapping is the
 * drawer's (the cursor is a byte offset into text, on a cluster boundary).
 */
#ifndef STARLING_LINEEDIT_H
#define STARLING_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct lineedit_change;

/* Read the fields; change them only through these functions. */
struct lineedit {
	char	*text;		/* NUL-terminated; never NULL after init */
	size_t	 len;		/* bytes of text */
	size_t	 cursor;	/* byte offset, on a cluster boundary */
	size_t	 max;		/* the text never grows past this many bytes */
	bool	 multiline;	/* else a newline inserted becomes a space */
	size_t	 cap;		/* bytes allocated */
	struct lineedit_change	*undo;	/* the log, oldest first */
	size_t	 nundo;
	bool	 joining;	/* inserts join the last change (a paste) */
	bool	 sealed;	/* the next change is one of its own */
	bool	 replaying;	/* undoing: not logged */
};

enum lineedit_op {
	LINEEDIT_LEFT,		/* one cluster */
	LINEEDIT_RIGHT,
	LINEEDIT_WORD_LEFT,	/* to the start of this or the previous word */
	LINEEDIT_WORD_RIGHT,	/* to the end of this or the next word */
	LINEEDIT_HOME,		/* the start of the cursor's line */
	LINEEDIT_END,		/* the end of the cursor's line */
	LINEEDIT_DELETE_BACK,	/* the cluster before the cursor */
	LINEEDIT_DELETE_FORWARD,/* the cluster under the cursor */
	LINEEDIT_KILL_START,	/* from the line's start to the cursor */
	LINEEDIT_KILL_END,	/* from the cursor to the line's end (at the
				 * end, the newline) */
	LINEEDIT_KILL_WORD_BACK,/* the word before the cursor (C-w) */
	LINEEDIT_CLEAR,		/* the whole text */
	LINEEDIT_UNDO		/* the last change taken back */
};

/* One editing key of a box: the key code is the caller's. */
struct lineedit_key {
	int32_t			key;
	enum lineedit_op	op;
};

/* An empty text of at most max bytes. */
void	lineedit_init(struct lineedit *, size_t max, bool multiline);
void	lineedit_free(struct lineedit *);

/* Replaces the whole text (cut to max on a codepoint boundary); the cursor
 * goes to the end. */
void	lineedit_set(struct lineedit *, const char *s, size_t len);

/* Replaces bytes [from, to) with s; the cursor goes after s. Returns false,
 * changing nothing, when the range is not in the text or the result would
 * be longer than max. */
bool	lineedit_replace(struct lineedit *, size_t from, size_t to,
	    const char *s, size_t len);
/* Inserts s (or one codepoint) at the cursor; false if it does not fit. */
bool	lineedit_insert(struct lineedit *, const char *s, size_t len);
bool	lineedit_insert_char(struct lineedit *, int32_t cp);

/* Ends the change being typed: what comes next is a change of its own
 * (join true: what comes next joins the last change, as a paste does
 * until it ends). */
void	lineedit_mark(struct lineedit *, bool join);

/* Does op; returns true when the text changed (a move returns false). */
bool	lineedit_do(struct lineedit *, enum lineedit_op);

/* Does the op bound to key among the n rows of keys: returns 1 when the
 * text changed, 0 when only the cursor could move, -1 when key is not an
 * editing key of this box. */
int	lineedit_key(struct lineedit *, const struct lineedit_key *keys,
	    size_t n, int32_t key);

#endif
