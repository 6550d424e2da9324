/* fuzz_text.c — libFuzzer target for the text module: sanitising, cluster
 * iteration, width, fit and wrap on arbitrary bytes, checking invariants
 * rather than outputs. */
#include <locale.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "fuzz.h"
#include "starling/text.h"

int	LLVMFuzzerInitialize(int *, char ***);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		abort();
	return 0;
}

/* Valid UTF-8: every U+FFFD decoded is a real one, not a replacement. */
static void
fuzz_check_utf8(const char *s, size_t len)
{
	size_t	 i = 0, n;
	int32_t	 cp;

	while (i < len) {
		n = text_decode(s + i, len - i, &cp);
		FUZZ_ASSERT(n >= 1 && n <= len - i);
		if (cp == 0xfffd)
			FUZZ_ASSERT(n == 3 && memcmp(s + i, "\xef\xbf\xbd", 3) == 0);
		i += n;
	}
}

static void
fuzz_check_sanitized(const char *s, size_t len, bool multiline)
{
	size_t	 i = 0;
	int32_t	 cp;

	FUZZ_ASSERT(strlen(s) == len);
	fuzz_check_utf8(s, len);
	while (i < len) {
		i += text_decode(s + i, len - i, &cp);
		FUZZ_ASSERT(cp >= 0x20 || (cp == '\n' && multiline));
		FUZZ_ASSERT(cp < 0x7f || cp >= 0xa0);
		FUZZ_ASSERT(!(cp >= 0x202a && cp <= 0x202e));
		FUZZ_ASSERT(!(cp >= 0x2066 && cp <= 0x2069));
		FUZZ_ASSERT(cp != 0x200e && cp != 0x200f && cp != 0x061c);
		FUZZ_ASSERT(cp != 0xfeff && cp != 0x2028 && cp != 0x2029);
	}
}

/* Clusters of s: marks boundaries in bound[0..len], checks each cluster
 * draws codepoints of certain width summing to its width. Returns the
 * width up to the first newline. */
static int
fuzz_clusters(const char *s, size_t len, unsigned char *bound)
{
	struct text_cluster	 c;
	size_t			 i = 0, j, n;
	int32_t			 cp;
	int			 w, total = 0;
	bool			 nl = false;

	memset(bound, 0, len + 1);
	bound[0] = 1;
	while (i < len) {
		n = text_cluster_next(s + i, len - i, &c);
		FUZZ_ASSERT(n >= 1 && n == c.len && n <= len - i);
		FUZZ_ASSERT(c.draw_len < TEXT_CLUSTER_MAX);
		FUZZ_ASSERT(strlen(c.draw) == c.draw_len);
		FUZZ_ASSERT(c.width >= 0);
		fuzz_check_utf8(c.draw, c.draw_len);
		if (c.newline) {
			FUZZ_ASSERT(c.width == 0 && c.draw_len == 0);
			FUZZ_ASSERT(s[i] == '\n' || s[i] == '\r');
		}
		/* What the terminal will count: wcwidth of each codepoint,
		 * and a draw never starts with a zero-width one. */
		w = 0;
		for (j = 0; j < c.draw_len; j += text_decode(c.draw + j,
		    c.draw_len - j, &cp)) {
			text_decode(c.draw + j, c.draw_len - j, &cp);
			FUZZ_ASSERT(cp >= 0x20 && !(cp >= 0x7f && cp < 0xa0));
			FUZZ_ASSERT(wcwidth((wchar_t)cp) >= 0);
			FUZZ_ASSERT(j > 0 || wcwidth((wchar_t)cp) > 0);
			w += wcwidth((wchar_t)cp);
		}
		FUZZ_ASSERT(w == c.width);
		if (c.newline)
			nl = true;
		if (!nl)
			total += c.width;
		i += n;
		bound[i] = 1;
	}
	FUZZ_ASSERT(i == len);
	return total;
}

static void
fuzz_fit(const char *s, size_t len, const unsigned char *bound, int width)
{
	struct text_cluster	 c;
	size_t			 n;
	int			 used = -1;

	n = text_fit(s, len, width, &used);
	FUZZ_ASSERT(n <= len && bound[n]);
	FUZZ_ASSERT(used >= 0 && (used <= width || n == 0));
	FUZZ_ASSERT(used == text_width(s, n));
	FUZZ_ASSERT(memchr(s, '\n', n) == NULL);
	if (n < len) {
		/* Stopped for a reason: a newline or no room. */
		text_cluster_next(s + n, len - n, &c);
		FUZZ_ASSERT(c.newline || used + c.width > width);
	}
}

static void
fuzz_wrap(const char *s, size_t len, const unsigned char *bound, int width)
{
	struct text_line	 lines[256];
	struct text_cluster	 c;
	size_t			 n, i, k, prev_end = 0;
	int			 w = width < 1 ? 1 : width;

	n = text_wrap(s, len, width, lines, 256);
	FUZZ_ASSERT(n == text_wrap(s, len, width, NULL, 0));
	FUZZ_ASSERT((len == 0) == (n == 0));
	for (i = 0; i < n && i < 256; i++) {
		const struct text_line	*l = &lines[i];

		FUZZ_ASSERT(l->start <= l->end && l->end <= len);
		FUZZ_ASSERT(l->start >= prev_end);
		FUZZ_ASSERT(bound[l->start] && bound[l->end]);
		FUZZ_ASSERT(l->width == text_width(s + l->start,
		    l->end - l->start));
		FUZZ_ASSERT(memchr(s + l->start, '\n', l->end - l->start) ==
		    NULL);
		/* Too wide only when it is one cluster. */
		if (l->width > w)
			FUZZ_ASSERT(text_cluster_next(s + l->start,
			    l->end - l->start, &c) == l->end - l->start);
		/* Between lines only spaces and newlines were dropped. */
		for (k = prev_end; k < l->start; k++)
			FUZZ_ASSERT(s[k] == ' ' || s[k] == '\n' ||
			    (s[k] == '\r' && k + 1 < len && s[k + 1] == '\n'));
		prev_end = l->end;
	}
	if (n <= 256)
		for (k = prev_end; k < len; k++)
			FUZZ_ASSERT(s[k] == ' ' || s[k] == '\n' ||
			    (s[k] == '\r' && k + 1 < len && s[k + 1] == '\n'));
}

static void
fuzz_measure(const char *s, size_t len)
{
	unsigned char	*bound = malloc(len + 1);
	int		 total, width;

	total = fuzz_clusters(s, len, bound);
	FUZZ_ASSERT(text_width(s, len) == total);
	for (width = -1; width <= 12; width++) {
		fuzz_fit(s, len, bound, width);
		fuzz_wrap(s, len, bound, width);
	}
	fuzz_fit(s, len, bound, 80);
	fuzz_wrap(s, len, bound, 80);
	free(bound);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*copy, *clean, *cut;
	size_t	 n, m, cap;
	int	 multiline;

	copy = malloc(size + 1);
	memcpy(copy, data, size);
	copy[size] = '\0';

	/* Raw bytes must be safe to measure too. */
	fuzz_measure(copy, size);

	for (multiline = 0; multiline <= 1; multiline++) {
		clean = text_sanitize(copy, multiline);
		n = strlen(clean);
		fuzz_check_sanitized(clean, n, multiline);
		fuzz_measure(clean, n);
		/* Idempotent. */
		cut = text_sanitize(clean, multiline);
		FUZZ_ASSERT(strcmp(cut, clean) == 0);
		free(cut);

		/* A bounded copy is a codepoint-cut prefix of the full one;
		 * the full one with an explicit len agrees with the C one. */
		cut = malloc(3 * size + 1);
		m = text_sanitize_into(copy, strlen(copy), multiline, cut,
		    3 * size + 1);
		FUZZ_ASSERT(m == n && memcmp(cut, clean, n + 1) == 0);
		cap = size ? data[0] % (n + 2) : 0;
		m = text_sanitize_into(copy, strlen(copy), multiline, cut, cap);
		if (cap > 0) {
			FUZZ_ASSERT(m < cap && m <= n);
			FUZZ_ASSERT(memcmp(cut, clean, m) == 0 && cut[m] == '\0');
			fuzz_check_utf8(cut, m);
		} else
			FUZZ_ASSERT(m == 0);
		/* With NULs inside len. */
		m = text_sanitize_into(copy, size, multiline, cut, 3 * size + 1);
		fuzz_check_sanitized(cut, m, multiline);
		free(cut);
		free(clean);
	}
	free(copy);
	return 0;
}
