/* wrap.c — greedy line wrapping over grapheme clusters.
 *
 * Break opportunities: a run of spaces (dropped at the break), and the
 * boundary before or after a wide cluster (CJK has no spaces), except
 * before closing punctuation and after opening punctuation, so "。" and "」"
 * never start a line. A word wider than the line breaks between clusters.
 * Spaces never push a line over: they are only kept inside a line.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "starling/text.h"

struct text_wrap_out {
	struct text_line	*lines;
	size_t			 max;
	size_t			 n;
};

static void
text_wrap_emit(struct text_wrap_out *o, size_t start, size_t end, int width)
{
	if (o->n < o->max) {
		o->lines[o->n].start = start;
		o->lines[o->n].end = end;
		o->lines[o->n].width = width;
	}
	o->n++;
}

/* Whether a line may not break between before and after (first codepoints
 * of two adjacent clusters): a cut UAX #14 forbids (classes OP, CL, EX, IS)
 * that matters next to wide text. */
static bool
text_wrap_glued(int32_t before, int32_t after)
{
	utf8proc_category_t	 b = utf8proc_category(before);
	utf8proc_category_t	 a = utf8proc_category(after);

	if (b == UTF8PROC_CATEGORY_PS || b == UTF8PROC_CATEGORY_PI)
		return true;
	if (a == UTF8PROC_CATEGORY_PE || a == UTF8PROC_CATEGORY_PF)
		return true;
	if (a == UTF8PROC_CATEGORY_PO)
		return after >= 0x80 || strchr(",.!?:;", (int)after) != NULL;
	return false;
}

size_t
text_wrap(const char *s, size_t len, int width, struct text_line *lines,
    size_t max)
{
	struct text_wrap_out	 o = { lines, lines != NULL ? max : 0, 0 };
	const unsigned char	*u = (const unsigned char *)s;
	struct text_cluster	 c;
	size_t			 start = 0, pos = 0, trail = 0, prev_at = 0;
	size_t			 brk_end = 0, brk_next = 0;
	int			 w = 0, trail_w = 0, brk_w = 0, brk_wnext = 0;
	int32_t			 cp, prev_cp;
	bool			 brk = false, prev_space = false;
	bool			 prev_wide = false;

	/* [start, pos) is the line so far, w its width with trailing spaces;
	 * [start, trail) the same without them. brk is the last opportunity:
	 * the line would end at brk_end and the next start at brk_next. */
	if (len == 0)
		return 0;
	if (width < 1)
		width = 1;
	while (pos < len) {
		if (u[pos] >= 0x20 && u[pos] < 0x7f &&
		    (pos + 1 == len || u[pos + 1] < 0x80)) {
			/* Printable ASCII: skip building a draw. */
			c.len = 1;
			c.width = 1;
			c.newline = false;
		} else
			text_cluster_next(s + pos, len - pos, &c);
		if (c.newline) {
			text_wrap_emit(&o, start, trail, trail_w);
			start = pos = trail = pos + c.len;
			w = trail_w = 0;
			brk = prev_space = prev_wide = false;
			continue;
		}
		if (c.len == 1 && s[pos] == ' ') {
			if (!prev_space) {
				brk_end = pos;
				brk_w = w;
			}
			w++;
			pos++;
			brk = prev_space = true;
			brk_next = pos;
			brk_wnext = w;
			continue;
		}

		if (c.width > 0 && !prev_space && pos > start &&
		    (prev_wide || c.width >= 2)) {
			text_decode(s + pos, len - pos, &cp);
			text_decode(s + prev_at, len - prev_at, &prev_cp);
			if (!text_wrap_glued(prev_cp, cp)) {
				brk = true;
				brk_end = brk_next = pos;
				brk_w = brk_wnext = w;
			}
		}

		if (w + c.width > width && pos > start) {
			if (trail == start) {
				/* Only spaces so far (an indent too wide):
				 * drop them rather than emit a blank line. */
				start = trail = pos;
				w = trail_w = 0;
			} else if (brk && brk_end > start) {
				text_wrap_emit(&o, start, brk_end, brk_w);
				start = brk_next;
				w -= brk_wnext;
				trail = pos;
				trail_w = w;
			} else {
				text_wrap_emit(&o, start, pos, w);
				start = trail = pos;
				w = trail_w = 0;
			}
			brk = prev_space = false;
			if (start == pos)
				prev_wide = false;
			continue;	/* retry c on the new line */
		}

		/* Fits, or is alone on its line and wider than it. */
		if (c.width > 0) {
			prev_wide = c.width >= 2;
			prev_at = pos;
		}
		w += c.width;
		pos += c.len;
		trail = pos;
		trail_w = w;
		prev_space = false;
	}
	text_wrap_emit(&o, start, trail, trail_w);
	return o.n;
}
