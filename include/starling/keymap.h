/*
 * keymap — keys to command strings, per context. Keys are named the way a user
 * writes them in config: "j", "G", "?", "C-d" (Ctrl), "M-x" (Alt), "Enter",
 * "Esc", "Tab", "BTab", "Space", "Backspace", "Up", "Down", "Left", "Right",
 * "PgUp", "PgDn", "Home", "End", "Delete", "Insert", "F1".."F12".
 * A key not bound in a context bubbles up to its parent (detail -> deck ->
 * global).
 */
#ifndef STARLING_KEYMAP_H
#define STARLING_KEYMAP_H

#include <stddef.h>
#include <stdint.h>

/* Key codes: a Unicode codepoint (control keys are 1..31, Esc 27, Enter 13),
 * or one of these above the Unicode range. Alt adds KEY_META. */
enum {
	KEYC_BASE = 0x110000,
	KEYC_UP, KEYC_DOWN, KEYC_LEFT, KEYC_RIGHT, KEYC_PPAGE, KEYC_NPAGE,
	KEYC_HOME, KEYC_END, KEYC_DC, KEYC_IC, KEYC_BTAB, KEYC_BACKSPACE,
	KEYC_RESIZE,
	KEYC_F1, KEYC_F12 = KEYC_F1 + 11,
	KEYC_PASTE_START, KEYC_PASTE_END,	/* bracketed paste: Esc [200~ */
	KEYC_META = 0x1000000
};
#define KEYC_ENTER	13
#define KEYC_ESC	27
#define KEYC_TAB	9

enum keymap_context {
	KEYMAP_GLOBAL, KEYMAP_DECK, KEYMAP_DETAIL, KEYMAP_HELP, KEYMAP_PROMPT,
	KEYMAP_NCONTEXTS
};

struct keymap;

/* Parses a key name; returns the key code or -1. */
int32_t		 keymap_parse_key(const char *name);
/* Writes the canonical name of key into buf. */
const char	*keymap_key_name(int32_t key, char *buf, size_t len);
const char	*keymap_context_name(enum keymap_context);
/* The context named name ("deck"), or -1. */
int		 keymap_context_find(const char *name);
/* Where an unbound key goes next: detail -> deck -> global, help -> global;
 * KEYMAP_NCONTEXTS for none (global, and prompt, whose keys are editing keys
 * the UI handles). */
enum keymap_context keymap_context_parent(enum keymap_context);

struct keymap	*keymap_new(void);	/* with the default bindings */
void		 keymap_free(struct keymap *);
/* Binds (or with command NULL, unbinds). Returns 0, or -1 if key is bad. */
int		 keymap_bind(struct keymap *, enum keymap_context,
		    const char *key, const char *command);
/* The command for key in ctx or the contexts it bubbles to; NULL if none. */
const char	*keymap_lookup(const struct keymap *, enum keymap_context,
		    int32_t key);

/* A key sequence a terminal sent that curses did not decode (its terminfo
 * entry names other sequences: TERM=xterm-256color inside tmux sends Home
 * as Esc [ 1 ~). s holds the len bytes after the Esc, which are a CSI
 * ("[1~", "[1;5H", "[3~") or SS3 ("OH", "OP") sequence. Returns the key
 * (modifiers dropped: C-Home is Home), KEYMAP_SEQ_UNKNOWN for a whole
 * sequence this table does not know (it is swallowed, never read as keys),
 * or KEYMAP_SEQ_MORE while it is not complete. */
#define KEYMAP_SEQ_UNKNOWN	(-1)
#define KEYMAP_SEQ_MORE		(-2)
int32_t		 keymap_sequence(const char *s, size_t len);

/* Iterates bindings of one context (not its parents), sorted by command then
 * key; returns 0 at the end. i starts at 0. */
int		 keymap_each(const struct keymap *, enum keymap_context,
		    size_t *i, int32_t *key, const char **command);

#endif
