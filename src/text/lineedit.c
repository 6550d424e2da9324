/* lineedit.c — a UTF-8 buffer with a cursor that steps by grapheme
 * cluster; every change goes through lineedit_replace(). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "starling/lineedit.h"
#include "starling/text.h"
#include "starling/xmalloc.h"

#define LINEEDIT_MIN_CAP	64
#define LINEEDIT_UNDO_MAX	256	/* changes kept */

/* What one change replaced: at `at`, removed was there and ninserted bytes
 * took its place; the cursor was at cursor before. */
struct lineedit_change {
	size_t	 at;
	char	*removed;
	size_t	 nremoved;
	size_t	 ninserted;
	size_t	 cursor;
};

static void
lineedit_grow(struct lineedit *le, size_t need)
{
	size_t	cap = le->cap ? le->cap : LINEEDIT_MIN_CAP;

	if (need <= le->cap)
		return;
	while (cap < need)
		cap *= 2;
	le->text = xrealloc(le->text, cap);
	le->cap = cap;
}

void
lineedit_init(struct lineedit *le, size_t max, bool multiline)
{
	memset(le, 0, sizeof *le);
	le->max = max;
	le->multiline = multiline;
	lineedit_grow(le, LINEEDIT_MIN_CAP);
	*le->text = '\0';
}

static void
lineedit_forget(struct lineedit *le)
{
	size_t	i;

	for (i = 0; i < le->nundo; i++)
		free(le->undo[i].removed);
	free(le->undo);
	le->undo = NULL;
	le->nundo = 0;
}

void
lineedit_free(struct lineedit *le)
{
	free(le->text);
	le->text = NULL;
	le->len = le->cap = le->cursor = 0;
	lineedit_forget(le);
}

void
lineedit_mark(struct lineedit *le, bool join)
{
	le->joining = join;
	le->sealed = true;
}

/* Logs the change about to replace [from, to) with len bytes of s: typing
 * within a word joins the change before it, and so does all of a paste. */
static void
lineedit_log(struct lineedit *le, size_t from, size_t to, const char *s,
    size_t len)
{
	struct lineedit_change	*last = le->nundo ? &le->undo[le->nundo - 1] :
				    NULL;
	bool			 join;

	join = last != NULL && !le->sealed && from == to &&
	    last->nremoved == 0 && from == last->at + last->ninserted &&
	    (le->joining || (len > 0 && *s != ' ' && *s != '\n' &&
	    *s != '\t'));
	if (le->joining)
		join = last != NULL && !le->sealed && from == to &&
		    from == last->at + last->ninserted;
	le->sealed = false;
	if (join) {
		last->ninserted += len;
		return;
	}
	if (le->nundo == LINEEDIT_UNDO_MAX) {
		free(le->undo[0].removed);
		memmove(le->undo, le->undo + 1, (le->nundo - 1) *
		    sizeof *le->undo);
		le->nundo--;
	}
	le->undo = xreallocarray(le->undo, le->nundo + 1, sizeof *le->undo);
	last = &le->undo[le->nundo++];
	last->at = from;
	last->nremoved = to - from;
	last->removed = xstrndup(le->text + from, to - from);
	last->ninserted = len;
	last->cursor = le->cursor;
}

/* Takes the last change back; false when there is none. */
static bool
lineedit_undo(struct lineedit *le)
{
	struct lineedit_change	c;
	bool			ok;

	if (le->nundo == 0)
		return false;
	c = le->undo[--le->nundo];
	le->replaying = true;
	ok = lineedit_replace(le, c.at, c.at + c.ninserted, c.removed,
	    c.nremoved);
	le->replaying = false;
	free(c.removed);
	le->cursor = c.cursor <= le->len ? c.cursor : le->len;
	le->sealed = true;
	return ok;
}

bool
lineedit_replace(struct lineedit *le, size_t from, size_t to, const char *s,
    size_t len)
{
	size_t	i, rest, n;

	if (from > to || to > le->len)
		return false;
	rest = le->len - (to - from);
	if (len > 0 && (len > le->max || rest > le->max - len))
		return false;
	n = rest + len;
	if (!le->replaying && (to > from || len > 0))
		lineedit_log(le, from, to, s, len);
	lineedit_grow(le, n + 1);
	memmove(le->text + from + len, le->text + to, le->len - to + 1);
	memcpy(le->text + from, s, len);
	if (!le->multiline)
		for (i = from; i < from + len; i++)
			if (le->text[i] == '\n')
				le->text[i] = ' ';
	le->len = n;
	le->cursor = from + len;
	return to > from || len > 0;
}

void
lineedit_set(struct lineedit *le, const char *s, size_t len)
{
	if (len > le->max) {
		len = le->max;
		/* Not inside a codepoint. */
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	lineedit_replace(le, 0, le->len, s, len);
}

bool
lineedit_insert(struct lineedit *le, const char *s, size_t len)
{
	return lineedit_replace(le, le->cursor, le->cursor, s, len);
}

bool
lineedit_insert_char(struct lineedit *le, int32_t cp)
{
	char	buf[4];

	return lineedit_insert(le, buf, text_encode(cp, buf));
}

static bool
lineedit_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static size_t
lineedit_line_start(const struct lineedit *le, size_t pos)
{
	while (pos > 0 && le->text[pos - 1] != '\n')
		pos--;
	return pos;
}

static size_t
lineedit_line_end(const struct lineedit *le, size_t pos)
{
	while (pos < le->len && le->text[pos] != '\n')
		pos++;
	return pos;
}

/* Back over spaces, then over the word before them. */
static size_t
lineedit_word_start(const struct lineedit *le, size_t pos)
{
	bool	word = false;
	size_t	p;

	while (pos > 0) {
		p = text_prev_cluster(le->text, pos);
		if (!lineedit_space(le->text[p]))
			word = true;
		else if (word)
			break;
		pos = p;
	}
	return pos;
}

/* Over spaces, then over the word after them. */
static size_t
lineedit_word_end(const struct lineedit *le, size_t pos)
{
	while (pos < le->len && lineedit_space(le->text[pos]))
		pos = text_next_cluster(le->text, le->len, pos);
	while (pos < le->len && !lineedit_space(le->text[pos]))
		pos = text_next_cluster(le->text, le->len, pos);
	return pos;
}

static bool
lineedit_kill(struct lineedit *le, size_t from, size_t to)
{
	return lineedit_replace(le, from, to, "", 0);
}

bool
lineedit_do(struct lineedit *le, enum lineedit_op op)
{
	size_t	at = le->cursor, end;

	if (op <= LINEEDIT_END)
		le->sealed = true;	/* typing after a move is new */
	switch (op) {
	case LINEEDIT_LEFT:
		le->cursor = text_prev_cluster(le->text, at);
		return false;
	case LINEEDIT_RIGHT:
		le->cursor = text_next_cluster(le->text, le->len, at);
		return false;
	case LINEEDIT_WORD_LEFT:
		le->cursor = lineedit_word_start(le, at);
		return false;
	case LINEEDIT_WORD_RIGHT:
		le->cursor = lineedit_word_end(le, at);
		return false;
	case LINEEDIT_HOME:
		le->cursor = lineedit_line_start(le, at);
		return false;
	case LINEEDIT_END:
		le->cursor = lineedit_line_end(le, at);
		return false;
	case LINEEDIT_DELETE_BACK:
		return lineedit_kill(le, text_prev_cluster(le->text, at), at);
	case LINEEDIT_DELETE_FORWARD:
		return lineedit_kill(le, at, text_next_cluster(le->text, le->len,
		    at));
	case LINEEDIT_KILL_START:
		return lineedit_kill(le, lineedit_line_start(le, at), at);
	case LINEEDIT_KILL_END:
		end = lineedit_line_end(le, at);
		if (end == at && at < le->len)
			end++;		/* the newline itself */
		return lineedit_kill(le, at, end);
	case LINEEDIT_KILL_WORD_BACK:
		return lineedit_kill(le, lineedit_word_start(le, at), at);
	case LINEEDIT_CLEAR:
		return lineedit_kill(le, 0, le->len);
	case LINEEDIT_UNDO:
		return lineedit_undo(le);
	}
	return false;
}

int
lineedit_key(struct lineedit *le, const struct lineedit_key *keys, size_t n,
    int32_t key)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (keys[i].key == key)
			return lineedit_do(le, keys[i].op) ? 1 : 0;
	return -1;
}
