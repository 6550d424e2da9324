/* width.c — grapheme clusters (utf8proc) and their width as drawn.
 *
 * ncurses and tmux both measure with libc wcwidth() and put every
 * zero-width codepoint into the previous cell, so a cluster drawn as its
 * codepoints takes the sum of their wcwidth() columns. We draw a simplified
 * cluster whose every codepoint has a certain width: joiners, presentation
 * selectors, skin tones and tag characters are dropped, unprintable
 * codepoints become U+FFFD, and a cluster never starts with a zero-width
 * codepoint (it would join the previous cell on screen).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <wchar.h>

#include <utf8proc.h>

#include "starling/text.h"

#define TEXT_REPLACEMENT 0xfffd

/* Codepoints that only modify the base before them: drawn, they make a
 * terminal guess (a ZWJ family in 2 or 6 columns, VS16 turning a 1-column
 * symbol into 2), so they are left out of a cluster's draw. */
static bool
text_is_modifier(int32_t cp)
{
	return cp == 0x200d ||			/* ZWJ */
	    cp == 0xfe0e || cp == 0xfe0f ||	/* VS15, VS16 */
	    (cp >= 0x1f3fb && cp <= 0x1f3ff) ||	/* skin tones */
	    (cp >= 0xe0000 && cp <= 0xe007f);	/* tags (subdivision flags) */
}

/* Columns a codepoint takes, or -1 when it must be drawn as U+FFFD. */
static int
text_cp_width(int32_t cp)
{
	int	 w;

	/* Controls: glibc says 0 for NUL, which must never reach a draw. */
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return -1;
	w = wcwidth((wchar_t)cp);
	return w < 0 ? -1 : w;
}

/* Adds cp (at index idx within its cluster) to c's draw. Returns false once
 * the draw is full, so later (reordered) codepoints cannot slip in. */
static bool
text_cluster_add(struct text_cluster *c, int32_t cp, size_t idx)
{
	char	 buf[4];
	size_t	 n;
	int	 w;

	/* A modifier alone is a character of its own (a skin swatch). */
	if (idx > 0 && text_is_modifier(cp))
		return true;
	w = text_cp_width(cp);
	if (w < 0) {
		cp = TEXT_REPLACEMENT;
		w = 1;
	}
	if (w == 0 && c->draw_len == 0)
		return true;	/* nothing to attach to: dropped */
	n = text_encode(cp, buf);
	if (c->draw_len + n > TEXT_CLUSTER_MAX - 1)
		return false;
	memcpy(c->draw + c->draw_len, buf, n);
	c->draw_len += n;
	c->draw[c->draw_len] = '\0';
	c->width += w;
	return true;
}

size_t
text_cluster_next(const char *s, size_t len, struct text_cluster *c)
{
	const unsigned char	*u = (const unsigned char *)s;
	int32_t			 cp, next, state = 0;
	size_t			 pos, n, idx;
	bool			 room;

	c->len = 0;
	c->width = 0;
	c->draw_len = 0;
	c->draw[0] = '\0';
	c->newline = false;
	if (len == 0)
		return 0;

	/* Printable ASCII followed by ASCII (or the end) is a whole cluster:
	 * only CR LF and Prepend join across ASCII, and neither applies. */
	if (u[0] >= 0x20 && u[0] < 0x7f && (len == 1 || u[1] < 0x80)) {
		c->len = 1;
		c->width = 1;
		c->draw_len = 1;
		c->draw[0] = (char)u[0];
		c->draw[1] = '\0';
		return 1;
	}
	if (u[0] == '\n' || (u[0] == '\r' && len > 1 && u[1] == '\n')) {
		c->len = u[0] == '\n' ? 1 : 2;
		c->newline = true;
		return c->len;
	}

	pos = text_decode(s, len, &cp);
	room = text_cluster_add(c, cp, 0);
	for (idx = 1; pos < len; idx++) {
		n = text_decode(s + pos, len - pos, &next);
		if (utf8proc_grapheme_break_stateful(cp, next, &state))
			break;
		if (room)
			room = text_cluster_add(c, next, idx);
		cp = next;
		pos += n;
	}
	c->len = pos;
	return pos;
}

int
text_width(const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	struct text_cluster	 c;
	size_t			 i = 0;
	int			 w = 0;

	while (i < len) {
		if (u[i] >= 0x20 && u[i] < 0x7f &&
		    (i + 1 == len || u[i + 1] < 0x80)) {
			w++;
			i++;
			continue;
		}
		i += text_cluster_next(s + i, len - i, &c);
		if (c.newline)
			break;
		w += c.width;
	}
	return w;
}

size_t
text_fit(const char *s, size_t len, int width, int *used)
{
	const unsigned char	*u = (const unsigned char *)s;
	struct text_cluster	 c;
	size_t			 i = 0;
	int			 w = 0;

	while (i < len) {
		if (u[i] >= 0x20 && u[i] < 0x7f &&
		    (i + 1 == len || u[i + 1] < 0x80)) {
			if (w + 1 > width)
				break;
			w++;
			i++;
			continue;
		}
		text_cluster_next(s + i, len - i, &c);
		if (c.newline || w + c.width > width)
			break;
		w += c.width;
		i += c.len;
	}
	if (used != NULL)
		*used = w;
	return i;
}

size_t
text_prev_cluster(const char *s, size_t pos)
{
	struct text_cluster	c;
	size_t			at, prev;

	if (pos == 0)
		return 0;
	/* Clusters never cross a line break: start from the line's start. */
	for (at = pos - 1; at > 0 && s[at - 1] != '\n'; at--)
		;
	prev = at;
	while (at < pos) {
		prev = at;
		at += text_cluster_next(s + at, pos - at, &c);
	}
	return prev;
}

size_t
text_next_cluster(const char *s, size_t len, size_t pos)
{
	struct text_cluster	c;

	if (pos >= len)
		return len;
	return pos + text_cluster_next(s + pos, len - pos, &c);
}
