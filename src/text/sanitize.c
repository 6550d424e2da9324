/* sanitize.c — making untrusted text safe to put on a terminal.
 *
 * Everything a network sends ends up on someone's screen: an escape sequence
 * could retitle the window, plant an OSC 8 link or clear the screen, and bidi
 * controls can make text read differently from its bytes. Output is valid
 * UTF-8 with no controls but '\n'. Escape sequences are removed whole, the
 * way a terminal would have consumed them, so no half of one shows up.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "starling/text.h"
#include "starling/xmalloc.h"

#define TEXT_ESC	0x1b
#define TEXT_BEL	0x07
#define TEXT_CAN	0x18
#define TEXT_SUB	0x1a

struct text_out {
	char	*p;
	size_t	 n;
	size_t	 cap;		/* bytes usable, excluding the NUL */
	bool	 full;
};

static void
text_out_cp(struct text_out *o, int32_t cp)
{
	char	 buf[4];
	size_t	 n;

	if (o->full)
		return;
	n = text_encode(cp, buf);
	if (o->n + n > o->cap) {
		o->full = true;	/* cut here, on a codepoint boundary */
		return;
	}
	memcpy(o->p + o->n, buf, n);
	o->n += n;
}

/* Invisible format characters that only serve to mislead on a terminal:
 * bidi embeddings, overrides, isolates and marks (Trojan Source), zero
 * width spaces and word joiners, BOM, soft hyphen. ZWJ and ZWNJ stay: emoji
 * sequences and Persian need them, and they take no column. */
static bool
text_sanitize_invisible(int32_t cp)
{
	switch (cp) {
	case 0x00ad:	/* soft hyphen */
	case 0x061c:	/* Arabic letter mark */
	case 0x180e:	/* Mongolian vowel separator */
	case 0x200b:	/* zero width space */
	case 0x200e:	/* LRM */
	case 0x200f:	/* RLM */
	case 0xfeff:	/* BOM, zero width no-break space */
		return true;
	}
	return (cp >= 0x202a && cp <= 0x202e) ||	/* embeddings, overrides */
	    (cp >= 0x2060 && cp <= 0x2064) ||	/* word joiner, invisible ops */
	    (cp >= 0x2066 && cp <= 0x206f) ||	/* isolates, deprecated */
	    (cp >= 0xfff9 && cp <= 0xfffb);	/* interlinear annotation */
}

/* CSI parameters and intermediates, then one final byte. A byte that
 * cannot be part of it ends the sequence and is read as text again. */
static size_t
text_sanitize_csi(const unsigned char *u, size_t len, size_t i)
{
	while (i < len && u[i] >= 0x20 && u[i] <= 0x3f)
		i++;
	if (i < len && u[i] >= 0x40 && u[i] <= 0x7e)
		i++;
	return i;
}

/* OSC, DCS, SOS, PM, APC: a string up to ST (ESC \ or U+009C) or BEL;
 * CAN and SUB abort it; any other ESC aborts it and starts anew. An
 * unterminated string runs to the end, as it would on a terminal. */
static size_t
text_sanitize_string(const unsigned char *u, size_t len, size_t i)
{
	for (; i < len; i++) {
		switch (u[i]) {
		case TEXT_BEL:
		case TEXT_CAN:
		case TEXT_SUB:
			return i + 1;
		case TEXT_ESC:
			if (i + 1 < len && u[i + 1] == '\\')
				return i + 2;
			return i;
		case 0xc2:
			if (i + 1 < len && u[i + 1] == 0x9c)
				return i + 2;
			break;
		}
	}
	return i;
}

/* SS2, SS3: the one character they shift, when it is not a control. */
static size_t
text_sanitize_single(const unsigned char *u, size_t len, size_t i)
{
	int32_t	cp;
	size_t	n;

	if (i >= len || u[i] < 0x20 || u[i] == 0x7f)
		return i;
	n = text_decode((const char *)u + i, len - i, &cp);
	if (cp >= 0x80 && cp < 0xa0)
		return i;
	return i + n;
}

/* After ESC at u[i - 1]: the whole sequence it starts. */
static size_t
text_sanitize_escape(const unsigned char *u, size_t len, size_t i)
{
	if (i >= len)
		return i;
	switch (u[i]) {
	case '[':
		return text_sanitize_csi(u, len, i + 1);
	case ']':
	case 'P':
	case 'X':
	case '^':
	case '_':
		return text_sanitize_string(u, len, i + 1);
	case 'N':
	case 'O':
		return text_sanitize_single(u, len, i + 1);
	}
	/* nF intermediates (ESC ( B), then one final byte. */
	while (i < len && u[i] >= 0x20 && u[i] <= 0x2f)
		i++;
	if (i < len && u[i] >= 0x30 && u[i] <= 0x7e)
		i++;
	return i;
}

/* After a C1 control (UTF-8, ending at u[i - 1]): the rest of the sequence
 * it starts, or nothing more when it starts none. */
static size_t
text_sanitize_c1(const unsigned char *u, size_t len, size_t i, int32_t cp)
{
	switch (cp) {
	case 0x008e:	/* SS2 */
	case 0x008f:	/* SS3 */
		return text_sanitize_single(u, len, i);
	case 0x009b:	/* 8-bit CSI */
		return text_sanitize_csi(u, len, i);
	case 0x0090:	/* DCS */
	case 0x0098:	/* SOS */
	case 0x009d:	/* OSC */
	case 0x009e:	/* PM */
	case 0x009f:	/* APC */
		return text_sanitize_string(u, len, i);
	}
	return i;
}

size_t
text_escape_len(const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	int32_t			 cp;
	size_t			 n;

	if (len == 0)
		return 0;
	if (u[0] == TEXT_ESC)
		return text_sanitize_escape(u, len, 1);
	if (u[0] != 0xc2)
		return 0;
	n = text_decode(s, len, &cp);
	switch (cp) {
	case 0x008e:
	case 0x008f:
	case 0x0090:
	case 0x0098:
	case 0x009b:
	case 0x009d:
	case 0x009e:
	case 0x009f:
		return text_sanitize_c1(u, len, n, cp);
	}
	return 0;
}

static void
text_sanitize_run(const char *s, size_t len, bool multiline,
    struct text_out *o)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0;
	int32_t			 cp;
	int32_t			 nl = multiline ? '\n' : ' ';

	while (i < len && !o->full) {
		if (u[i] >= 0x20 && u[i] < 0x7f) {
			if (o->n + 1 > o->cap) {
				o->full = true;
				break;
			}
			o->p[o->n++] = (char)u[i++];
			continue;
		}
		if (u[i] == TEXT_ESC) {
			i = text_sanitize_escape(u, len, i + 1);
			continue;
		}
		i += text_decode(s + i, len - i, &cp);
		switch (cp) {
		case '\r':
			if (i < len && u[i] == '\n')
				i++;
			/* FALLTHROUGH */
		case '\n':
		case 0x0085:	/* NEL */
		case 0x2028:	/* line separator */
		case 0x2029:	/* paragraph separator */
			text_out_cp(o, nl);
			continue;
		case '\t':
			text_out_cp(o, ' ');
			continue;
		}
		if (cp >= 0x80 && cp < 0xa0) {
			i = text_sanitize_c1(u, len, i, cp);
			continue;
		}
		if (cp < 0x20 || cp == 0x7f)
			continue;
		if (text_sanitize_invisible(cp))
			continue;
		text_out_cp(o, cp);
	}
}

size_t
text_sanitize_into(const char *s, size_t len, bool multiline, char *out,
    size_t cap)
{
	struct text_out	 o = { out, 0, 0, false };

	if (cap == 0)
		return 0;
	o.cap = cap - 1;
	text_sanitize_run(s, len, multiline, &o);
	out[o.n] = '\0';
	return o.n;
}

char *
text_sanitize(const char *s, bool multiline)
{
	size_t	 len = strlen(s), n;
	char	*out;

	/* A lone invalid byte grows into a 3-byte U+FFFD: the worst case. */
	out = xreallocarray(NULL, len + 1, 3);
	n = text_sanitize_into(s, len, multiline, out, 3 * len + 1);
	return xrealloc(out, n + 1);
}
