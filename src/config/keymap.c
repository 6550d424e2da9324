/*
 * keymap.c — keys to command strings, per context.
 *
 * Each context keeps its bindings in an array sorted by key (binary search per
 * keypress) and an index of them sorted by command (for the help overlay),
 * rebuilt on every change: bindings change rarely, keys arrive often.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "starling/keymap.h"
#include "starling/xmalloc.h"

#define nitems(a) (sizeof (a) / sizeof (a)[0])

struct keymap_entry {
	int32_t	 key;
	char	*command;
};

struct keymap_table {
	struct keymap_entry	 *v;		/* sorted by key */
	struct keymap_entry	**order;	/* sorted by command, key */
	size_t			  n;
};

struct keymap {
	struct keymap_table	ctx[KEYMAP_NCONTEXTS];
};

static const char *const keymap_contexts[KEYMAP_NCONTEXTS] = {
	"global", "deck", "detail", "help", "prompt"
};

/* Where an unbound key goes next; KEYMAP_NCONTEXTS is nowhere. Prompt keys
 * are editing keys: they never reach the deck's bindings. */
static const enum keymap_context keymap_parents[KEYMAP_NCONTEXTS] = {
	[KEYMAP_GLOBAL] = KEYMAP_NCONTEXTS,
	[KEYMAP_DECK] = KEYMAP_GLOBAL,
	[KEYMAP_DETAIL] = KEYMAP_DECK,
	[KEYMAP_HELP] = KEYMAP_GLOBAL,
	[KEYMAP_PROMPT] = KEYMAP_NCONTEXTS,
};

/* The first name of a key is its canonical one. */
static const struct {
	const char	*name;
	int32_t		 key;
} keymap_names[] = {
	{ "Enter", KEYC_ENTER },	{ "Return", KEYC_ENTER },
	{ "Esc", KEYC_ESC },		{ "Escape", KEYC_ESC },
	{ "Tab", KEYC_TAB },		{ "BTab", KEYC_BTAB },
	{ "Space", ' ' },
	{ "Backspace", KEYC_BACKSPACE },{ "BSpace", KEYC_BACKSPACE },
	{ "Up", KEYC_UP },		{ "Down", KEYC_DOWN },
	{ "Left", KEYC_LEFT },		{ "Right", KEYC_RIGHT },
	{ "PgUp", KEYC_PPAGE },		{ "PageUp", KEYC_PPAGE },
	{ "PPage", KEYC_PPAGE },
	{ "PgDn", KEYC_NPAGE },		{ "PageDown", KEYC_NPAGE },
	{ "NPage", KEYC_NPAGE },
	{ "Home", KEYC_HOME },		{ "End", KEYC_END },
	{ "Delete", KEYC_DC },		{ "Del", KEYC_DC },
	{ "Insert", KEYC_IC },		{ "Ins", KEYC_IC },
	{ "Resize", KEYC_RESIZE },
};

/* C-x for the control characters that are not C-letter. */
static const struct {
	char	 c;
	int32_t	 key;
} keymap_ctrl_punct[] = {
	{ '@', 0 }, { ' ', 0 }, { '[', 27 }, { '\\', 28 }, { ']', 29 },
	{ '^', 30 }, { '_', 31 }, { '?', 127 },
};

/* Terminal key sequences by their last byte: CSI and SS3 ("[A", "OA"). */
static const struct {
	char	 final;
	int32_t	 key;
} keymap_seq_final[] = {
	{ 'A', KEYC_UP }, { 'B', KEYC_DOWN }, { 'C', KEYC_RIGHT },
	{ 'D', KEYC_LEFT }, { 'H', KEYC_HOME }, { 'F', KEYC_END },
	{ 'Z', KEYC_BTAB }, { 'P', KEYC_F1 }, { 'Q', KEYC_F1 + 1 },
	{ 'R', KEYC_F1 + 2 }, { 'S', KEYC_F1 + 3 }, { 'M', KEYC_ENTER },
};

/* CSI N ~ by N: the vt220 and rxvt variants (1 and 7 are Home, 4 and 8
 * End), the editing keys and the function keys. */
static const int32_t keymap_seq_tilde[] = {
	[1] = KEYC_HOME, [2] = KEYC_IC, [3] = KEYC_DC, [4] = KEYC_END,
	[5] = KEYC_PPAGE, [6] = KEYC_NPAGE, [7] = KEYC_HOME, [8] = KEYC_END,
	[11] = KEYC_F1, [12] = KEYC_F1 + 1, [13] = KEYC_F1 + 2,
	[14] = KEYC_F1 + 3, [15] = KEYC_F1 + 4, [17] = KEYC_F1 + 5,
	[18] = KEYC_F1 + 6, [19] = KEYC_F1 + 7, [20] = KEYC_F1 + 8,
	[21] = KEYC_F1 + 9, [23] = KEYC_F1 + 10, [24] = KEYC_F1 + 11,
};

/* The defaults, written the way a user writes them in the config. */
static const struct {
	const char	*context, *key, *command;
} keymap_defaults[] = {
	{ "global", "?", "help" },
	{ "global", ":", "command-prompt" },
	{ "global", "q", "quit" },
	{ "global", "C-l", "redraw" },

	{ "deck", "h", "column-left" },
	{ "deck", "Left", "column-left" },
	{ "deck", "l", "column-right" },
	{ "deck", "Right", "column-right" },
	{ "deck", "j", "down" },
	{ "deck", "Down", "down" },
	{ "deck", "k", "up" },
	{ "deck", "Up", "up" },
	{ "deck", "g", "top" },
	{ "deck", "Home", "top" },
	{ "deck", "G", "bottom" },
	{ "deck", "End", "bottom" },
	{ "deck", "PgUp", "page-up" },
	{ "deck", "C-b", "page-up" },
	{ "deck", "PgDn", "page-down" },
	{ "deck", "C-f", "page-down" },
	{ "deck", "Space", "page-down" },
	{ "deck", "C-u", "half-page-up" },
	{ "deck", "C-d", "half-page-down" },
	{ "deck", "Enter", "open" },
	{ "deck", "1", "column 1" },
	{ "deck", "2", "column 2" },
	{ "deck", "3", "column 3" },
	{ "deck", "4", "column 4" },
	{ "deck", "5", "column 5" },
	{ "deck", "6", "column 6" },
	{ "deck", "7", "column 7" },
	{ "deck", "8", "column 8" },
	{ "deck", "9", "column 9" },
	{ "deck", "/", "filter" },
	/* The selected post: network actions, then team triage. */
	{ "deck", "r", "reply" },
	{ "deck", "w", "compose" },
	{ "deck", "Q", "quote" },
	{ "deck", "Z", "undo-send" },
	{ "deck", "t", "repost" },
	{ "deck", "f", "like" },
	{ "deck", "a", "assign" },
	{ "deck", "#", "tag" },
	{ "deck", "d", "done" },
	{ "deck", "x", "ignore" },
	{ "deck", "u", "reopen" },
	{ "deck", "n", "note" },
	{ "deck", "A", "approve" },
	{ "deck", "X", "reject" },
	{ "deck", "U", "unassign" },
	{ "deck", "b", "bookmark" },
	{ "deck", "o", "open-url" },
	{ "deck", "y", "copy-url" },
	{ "deck", "c", "thread" },

	{ "detail", "Esc", "close" },
	{ "detail", "q", "close" },
	{ "detail", "j", "scroll-down" },
	{ "detail", "Down", "scroll-down" },
	{ "detail", "k", "scroll-up" },
	{ "detail", "Up", "scroll-up" },
	{ "detail", "1", "open-url 1" },
	{ "detail", "2", "open-url 2" },
	{ "detail", "3", "open-url 3" },
	{ "detail", "4", "open-url 4" },
	{ "detail", "5", "open-url 5" },
	{ "detail", "6", "open-url 6" },
	{ "detail", "7", "open-url 7" },
	{ "detail", "8", "open-url 8" },
	{ "detail", "9", "open-url 9" },

	{ "help", "Esc", "close" },
	{ "help", "q", "close" },
	{ "help", "?", "close" },
	{ "help", "j", "scroll-down" },
	{ "help", "Down", "scroll-down" },
	{ "help", "k", "scroll-up" },
	{ "help", "Up", "scroll-up" },
	{ "help", "g", "top" },
	{ "help", "Home", "top" },
	{ "help", "G", "bottom" },
	{ "help", "End", "bottom" },
	{ "help", "PgDn", "page-down" },
	{ "help", "Space", "page-down" },
	{ "help", "PgUp", "page-up" },
};

/* Decodes exactly one UTF-8 codepoint filling all of s; -1 otherwise. */
static int32_t
keymap_decode(const char *s)
{
	const unsigned char	*u = (const unsigned char *)s;
	int32_t			 cp, min;
	size_t			 n, i;

	if (u[0] < 0x80)
		return u[1] == '\0' ? u[0] : -1;
	if ((u[0] & 0xe0) == 0xc0) {
		n = 2;
		cp = u[0] & 0x1f;
		min = 0x80;
	} else if ((u[0] & 0xf0) == 0xe0) {
		n = 3;
		cp = u[0] & 0x0f;
		min = 0x800;
	} else if ((u[0] & 0xf8) == 0xf0) {
		n = 4;
		cp = u[0] & 0x07;
		min = 0x10000;
	} else
		return -1;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (u[i] & 0x3f);
	}
	if (u[n] != '\0' || cp < min || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	return cp;
}

static bool
keymap_encode(int32_t cp, char *buf, size_t len)
{
	if (len < 5 || cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return false;
	if (cp < 0x80) {
		buf[0] = (char)cp;
		buf[1] = '\0';
	} else if (cp < 0x800) {
		buf[0] = (char)(0xc0 | (cp >> 6));
		buf[1] = (char)(0x80 | (cp & 0x3f));
		buf[2] = '\0';
	} else if (cp < 0x10000) {
		buf[0] = (char)(0xe0 | (cp >> 12));
		buf[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		buf[2] = (char)(0x80 | (cp & 0x3f));
		buf[3] = '\0';
	} else {
		buf[0] = (char)(0xf0 | (cp >> 18));
		buf[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		buf[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		buf[3] = (char)(0x80 | (cp & 0x3f));
		buf[4] = '\0';
	}
	return true;
}

/* A key without modifiers: a name or one character. */
static int32_t
keymap_parse_base(const char *s)
{
	char	*end;
	long	 f;
	size_t	 i;

	for (i = 0; i < nitems(keymap_names); i++) {
		if (strcasecmp(s, keymap_names[i].name) == 0)
			return keymap_names[i].key;
	}
	if ((s[0] == 'F' || s[0] == 'f') && s[1] >= '1' && s[1] <= '9') {
		f = strtol(s + 1, &end, 10);
		if (*end == '\0' && f >= 1 && f <= 12)
			return KEYC_F1 + (int32_t)(f - 1);
	}
	return keymap_decode(s);
}

int32_t
keymap_parse_key(const char *name)
{
	const char	*s = name;
	int32_t		 meta = 0, key;
	bool		 ctrl = false;
	size_t		 i;

	if (s == NULL || *s == '\0')
		return -1;
	/* "C-" or "M-" alone is not a modifier: nothing follows it. */
	while ((s[0] == 'C' || s[0] == 'M') && s[1] == '-' && s[2] != '\0') {
		if (s[0] == 'M') {
			if (meta != 0)
				return -1;
			meta = KEYC_META;
		} else {
			if (ctrl)
				return -1;
			ctrl = true;
		}
		s += 2;
	}
	if ((key = keymap_parse_base(s)) == -1)
		return -1;
	if (ctrl) {
		if (key >= 'a' && key <= 'z')
			key = key - 'a' + 1;
		else if (key >= 'A' && key <= 'Z')
			key = key - 'A' + 1;
		else {
			for (i = 0; i < nitems(keymap_ctrl_punct); i++) {
				if (key == keymap_ctrl_punct[i].c)
					break;
			}
			if (i == nitems(keymap_ctrl_punct))
				return -1;
			key = keymap_ctrl_punct[i].key;
		}
	}
	return key | meta;
}

const char *
keymap_key_name(int32_t key, char *buf, size_t len)
{
	const char	*prefix = "";
	char		 base[16];
	size_t		 i;

	if (len == 0)
		return buf;
	if (key < 0 || key >= 2 * KEYC_META) {
		snprintf(buf, len, "?");
		return buf;
	}
	if (key & KEYC_META) {
		prefix = "M-";
		key &= ~KEYC_META;
	}

	for (i = 0; i < nitems(keymap_names); i++) {
		if (keymap_names[i].key == key)
			break;
	}
	if (i < nitems(keymap_names))
		snprintf(base, sizeof base, "%s", keymap_names[i].name);
	else if (key >= KEYC_F1 && key <= KEYC_F12)
		snprintf(base, sizeof base, "F%d", (int)(key - KEYC_F1 + 1));
	else if (key >= 1 && key <= 26)
		snprintf(base, sizeof base, "C-%c", 'a' + key - 1);
	else if (key == 0)
		snprintf(base, sizeof base, "C-Space");
	else if (key < 0x20 || key == 127) {
		for (i = 0; i < nitems(keymap_ctrl_punct); i++) {
			if (keymap_ctrl_punct[i].key == key)
				break;
		}
		snprintf(base, sizeof base, "C-%c", keymap_ctrl_punct[i].c);
	} else if (!keymap_encode(key, base, sizeof base))
		snprintf(base, sizeof base, "?");
	snprintf(buf, len, "%s%s", prefix, base);
	return buf;
}

int32_t
keymap_sequence(const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 1, p;
	long			 n = 0;
	bool			 digits = false, more = false;

	if (len == 0)
		return KEYMAP_SEQ_MORE;
	if (u[0] != '[' && u[0] != 'O')
		return KEYMAP_SEQ_UNKNOWN;
	if (u[0] == '[' && len >= 2 && u[1] == '[') {
		/* The Linux console's F1-F5: "[[A" to "[[E". */
		if (len == 2)
			return KEYMAP_SEQ_MORE;
		if (len == 3 && u[2] >= 'A' && u[2] <= 'E')
			return KEYC_F1 + (u[2] - 'A');
		return KEYMAP_SEQ_UNKNOWN;
	}
	/* Parameters (digits, ';' and the private markers <=>?), then
	 * intermediates, then one final byte. SS3 takes parameters too (a
	 * modifier, "O5H", in some terminals). */
	for (p = i; i < len && u[i] >= 0x30 && u[i] <= 0x3f; i++) {
		if (more)
			continue;
		if (u[i] >= '0' && u[i] <= '9' && n < 1000) {
			n = n * 10 + (u[i] - '0');
			digits = true;
		} else
			more = true;	/* the rest: modifiers */
	}
	while (i < len && u[i] >= 0x20 && u[i] <= 0x2f)
		i++;
	if (i == len)
		return KEYMAP_SEQ_MORE;
	if (u[i] < 0x40 || u[i] > 0x7e || i + 1 != len)
		return KEYMAP_SEQ_UNKNOWN;
	/* Only plain parameters name keys: not "[?1;2c" or "[<0;5;5M". */
	if (i > p && !(u[p] >= '0' && u[p] <= '9') && u[p] != ';')
		return KEYMAP_SEQ_UNKNOWN;
	if (u[i] == '~') {
		if (u[0] == '[' && digits && (n == 200 || n == 201))
			return n == 200 ? KEYC_PASTE_START : KEYC_PASTE_END;
		if (u[0] == '[' && digits && (size_t)n < nitems(keymap_seq_tilde) &&
		    keymap_seq_tilde[n] != 0)
			return keymap_seq_tilde[n];
		return KEYMAP_SEQ_UNKNOWN;
	}
	if (digits && n != 1 && !(u[0] == 'O' && !more))
		return KEYMAP_SEQ_UNKNOWN;	/* "[2A" is not a key */
	for (p = 0; p < nitems(keymap_seq_final); p++)
		if (keymap_seq_final[p].final == (char)u[i])
			break;
	if (p == nitems(keymap_seq_final) ||
	    (u[0] == '[' && keymap_seq_final[p].key == KEYC_ENTER))
		return KEYMAP_SEQ_UNKNOWN;
	return keymap_seq_final[p].key;
}

const char *
keymap_context_name(enum keymap_context ctx)
{
	if ((unsigned)ctx >= KEYMAP_NCONTEXTS)
		return NULL;
	return keymap_contexts[ctx];
}

int
keymap_context_find(const char *name)
{
	int	i;

	for (i = 0; i < KEYMAP_NCONTEXTS; i++) {
		if (strcmp(keymap_contexts[i], name) == 0)
			return i;
	}
	return -1;
}

enum keymap_context
keymap_context_parent(enum keymap_context ctx)
{
	if ((unsigned)ctx >= KEYMAP_NCONTEXTS)
		return KEYMAP_NCONTEXTS;
	return keymap_parents[ctx];
}

struct keymap *
keymap_new(void)
{
	struct keymap	*km = xcalloc(1, sizeof *km);
	size_t		 i;
	int		 ctx;

	for (i = 0; i < nitems(keymap_defaults); i++) {
		ctx = keymap_context_find(keymap_defaults[i].context);
		if (ctx == -1 || keymap_bind(km, (enum keymap_context)ctx,
		    keymap_defaults[i].key, keymap_defaults[i].command) != 0) {
			fprintf(stderr, "keymap: bad default %s %s\n",
			    keymap_defaults[i].context, keymap_defaults[i].key);
			abort();
		}
	}
	return km;
}

void
keymap_free(struct keymap *km)
{
	struct keymap_table	*t;
	size_t			 i, c;

	if (km == NULL)
		return;
	for (c = 0; c < KEYMAP_NCONTEXTS; c++) {
		t = &km->ctx[c];
		for (i = 0; i < t->n; i++)
			free(t->v[i].command);
		free(t->v);
		free(t->order);
	}
	free(km);
}

/* The index of key in t, or where it would go (*found false). */
static size_t
keymap_search(const struct keymap_table *t, int32_t key, bool *found)
{
	size_t	lo = 0, hi = t->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t->v[mid].key == key) {
			*found = true;
			return mid;
		}
		if (t->v[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

static int
keymap_order_cmp(const void *a, const void *b)
{
	const struct keymap_entry	*x = *(const struct keymap_entry *const *)a;
	const struct keymap_entry	*y = *(const struct keymap_entry *const *)b;
	int				 c;

	if ((c = strcmp(x->command, y->command)) != 0)
		return c;
	return x->key < y->key ? -1 : x->key > y->key;
}

static void
keymap_reorder(struct keymap_table *t)
{
	size_t	i;

	t->order = xreallocarray(t->order, t->n + 1, sizeof *t->order);
	for (i = 0; i < t->n; i++)
		t->order[i] = &t->v[i];
	qsort(t->order, t->n, sizeof *t->order, keymap_order_cmp);
}

int
keymap_bind(struct keymap *km, enum keymap_context ctx, const char *name,
    const char *command)
{
	struct keymap_table	*t;
	int32_t			 key;
	size_t			 i;
	bool			 found;

	if ((unsigned)ctx >= KEYMAP_NCONTEXTS)
		return -1;
	if ((key = keymap_parse_key(name)) == -1)
		return -1;
	t = &km->ctx[ctx];
	i = keymap_search(t, key, &found);
	if (command == NULL) {
		if (!found)
			return 0;
		free(t->v[i].command);
		memmove(&t->v[i], &t->v[i + 1], (t->n - i - 1) * sizeof *t->v);
		t->n--;
	} else if (found) {
		free(t->v[i].command);
		t->v[i].command = xstrdup(command);
	} else {
		t->v = xreallocarray(t->v, t->n + 1, sizeof *t->v);
		memmove(&t->v[i + 1], &t->v[i], (t->n - i) * sizeof *t->v);
		t->v[i].key = key;
		t->v[i].command = xstrdup(command);
		t->n++;
	}
	keymap_reorder(t);
	return 0;
}

const char *
keymap_lookup(const struct keymap *km, enum keymap_context ctx, int32_t key)
{
	const struct keymap_table	*t;
	size_t				 i;
	bool				 found;

	while ((unsigned)ctx < KEYMAP_NCONTEXTS) {
		t = &km->ctx[ctx];
		i = keymap_search(t, key, &found);
		if (found)
			return t->v[i].command;
		ctx = keymap_parents[ctx];
	}
	return NULL;
}

int
keymap_each(const struct keymap *km, enum keymap_context ctx, size_t *i,
    int32_t *key, const char **command)
{
	const struct keymap_table	*t;

	if ((unsigned)ctx >= KEYMAP_NCONTEXTS)
		return 0;
	t = &km->ctx[ctx];
	if (*i >= t->n)
		return 0;
	*key = t->order[*i]->key;
	*command = t->order[*i]->command;
	(*i)++;
	return 1;
}
