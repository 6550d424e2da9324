/*
 * text — UTF-8, grapheme clusters (utf8proc), display width, wrapping and
 * sanitising. No curses here: the UI draws what these functions measured.
 *
 * Width rule: the screen and the terminal must agree on every cell. A cluster
 * is drawn *simplified*: ZWJ joins, emoji skin-tone modifiers, VS15/VS16
 * and tag characters are dropped (a ZWJ family becomes its members side by
 * side), so every codepoint drawn has a width wcwidth() (what ncurses and
 * tmux use) is certain of; its width is their sum. Invalid UTF-8 and
 * unprintable codepoints become U+FFFD. A draw keeps what fits in
 * TEXT_CLUSTER_MAX - 1 bytes, cut between codepoints (zalgo text).
 */
#ifndef STARLING_TEXT_H
#define STARLING_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TEXT_CLUSTER_MAX 32

/* One grapheme cluster as it will be drawn. */
struct text_cluster {
	size_t	 len;			/* source bytes consumed (>= 1) */
	int	 width;			/* terminal columns of draw (0..n) */
	size_t	 draw_len;		/* bytes in draw */
	char	 draw[TEXT_CLUSTER_MAX];/* simplified UTF-8 to draw, NUL-ended */
	bool	 newline;		/* the cluster is '\n' (draw is empty) */
};

/* Decodes one codepoint; returns bytes used (>= 1 when len > 0), *cp is
 * U+FFFD for an invalid sequence. */
size_t	 text_decode(const char *s, size_t len, int32_t *cp);

/* Encodes cp (U+FFFD if not a scalar value) into out (4 bytes of room);
 * returns the bytes written. */
size_t	 text_encode(int32_t cp, char *out);

/* Line editing moves by grapheme cluster, so a flag, a family emoji or a
 * letter with its accents is one step and never left half-deleted: the
 * byte offset where the cluster before pos starts, and where the one at pos
 * ends (len at the end). pos must be on a cluster boundary. */
size_t	 text_prev_cluster(const char *s, size_t pos);
size_t	 text_next_cluster(const char *s, size_t len, size_t pos);

/* Reads the cluster at s (len > 0). Returns c->len. Measures with wcwidth(),
 * so the caller must have set a UTF-8 LC_CTYPE. A cluster with nothing
 * visible to draw (a lone combining mark or ZWJ, say) has width 0 and an
 * empty draw: it would otherwise join the previous cell on screen. "\r\n"
 * is one newline cluster; other controls draw as U+FFFD. */
size_t	 text_cluster_next(const char *s, size_t len, struct text_cluster *c);

/* Display width of a (sanitised) string, as drawn, up to a newline's end:
 * it stops at the first newline. */
int	 text_width(const char *s, size_t len);

/* Bytes of s that fit in width columns (whole clusters only, stopping before
 * a newline); *used (may be NULL) gets the columns they take. */
size_t	 text_fit(const char *s, size_t len, int width, int *used);

/* Wrapping: breaks at spaces when it can, inside a word only when the word is
 * wider than the line; never splits a cluster; '\n' always breaks. Spaces at
 * a break are dropped. Beside a wide cluster (CJK, emoji) a line may break
 * too, but not before closing or after opening punctuation ("。", "「").
 * A line is wider than width only when it is one cluster wider than width
 * (width < 1 counts as 1). Lines are byte ranges into s. */
struct text_line {
	size_t	 start, end;
	int	 width;
};
/* Fills up to max lines (lines may be NULL when max is 0); returns how many
 * lines the whole text needs: 0 for empty text, else one more than its
 * newlines plus the soft breaks. Trailing spaces of a line are not in it. */
size_t	 text_wrap(const char *s, size_t len, int width,
	    struct text_line *lines, size_t max);

/* Returns a new sanitised copy (xmalloc): valid UTF-8 only; C0/C1 controls,
 * DEL, escape sequences (CSI, OSC, DCS...), bidi overrides/isolates and other
 * invisible format characters removed; tabs become a space; "\r\n" and "\r"
 * become "\n". With multiline false, newlines become a space too. Never NULL
 * for a non-NULL input. */
char	*text_sanitize(const char *s, bool multiline);

/* The length of the escape sequence s starts with (ESC, or a C1 CSI, OSC,
 * DCS, SOS, PM, APC, SS2 or SS3 as UTF-8), all of it as a terminal would
 * consume it: CSI to its final byte, strings to BEL or ST (unterminated: to
 * len), SS2/SS3 with the character they shift. 0 when s starts none. */
size_t	 text_escape_len(const char *s, size_t len);

/* Same into a caller buffer: returns the length written (at most cap - 1,
 * cut on a codepoint boundary) and NUL-terminates (nothing when cap is 0).
 * NULs within len are removed like other controls. */
size_t	 text_sanitize_into(const char *s, size_t len, bool multiline,
	    char *out, size_t cap);

#endif
