/* x_count.c — X's weighted length (twitter-text v3): the text in NFC;
 * code points in the light ranges weigh 1, the rest 2; an emoji sequence
 * (a grapheme cluster with a pictographic or regional-indicator code
 * point, or a keycap) 2 in all; a URL 23 however long. A URL is an http(s)
 * address, or a bare domain under a common top-level domain, whose domain
 * labels are 1 to 63 characters as DNS has them (an international label
 * counted as its punycode, "xn--…"). */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "starling/x.h"
#include "starling/xmalloc.h"

#define X_URL_WEIGHT	23
#define X_LABEL_MAX	63

/* Code points that weigh 1 (twitter-text's config v3 "ranges"). */
static const struct {
	int32_t	from, to;
} x_light[] = {
	{ 0, 4351 }, { 8192, 8205 }, { 8208, 8223 }, { 8242, 8247 },
};

/* Top-level domains a bare domain (no scheme) is a link under. */
static const char *const x_bare_tlds[] = {
	"com", "net", "org", "io", "co", "me", "info", "biz", "edu", "gov",
	"app", "dev", "ly", "tv", "ai", "uk", "de", "fr", "jp", "us", "ca",
	"eu", "nl", "es", "it", "au", "ru", "br", "in", "ch", NULL
};

/* Decoded text: code points and where each began in the bytes. */
struct x_cps {
	int32_t	*cp;
	size_t	 n;
};

static int
x_weight(int32_t cp)
{
	size_t	i;

	for (i = 0; i < sizeof x_light / sizeof *x_light; i++)
		if (cp >= x_light[i].from && cp <= x_light[i].to)
			return 1;
	return 2;
}

/* Ends a URL's domain or path: spaces, controls, the directional
 * marks, and (for the domain) the URL's delimiters. */
static bool
x_url_stop(int32_t c)
{
	const utf8proc_property_t *p = utf8proc_get_property(c);

	if (c <= ' ' || c == 0x7f || c == 0xfffe || c == 0xffff)
		return true;
	if ((c >= 0x200e && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) ||
	    (c >= 0x2066 && c <= 0x2069) || c == 0x3000)
		return true;
	return p->category == UTF8PROC_CATEGORY_ZS ||
	    p->category == UTF8PROC_CATEGORY_ZL ||
	    p->category == UTF8PROC_CATEGORY_ZP ||
	    p->category == UTF8PROC_CATEGORY_CC;
}

static bool
x_label_char(int32_t c)
{
	const utf8proc_property_t *p;

	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_';
	if (x_url_stop(c))
		return false;
	p = utf8proc_get_property(c);
	return p->category <= UTF8PROC_CATEGORY_MC ||	/* letters, marks */
	    p->category == UTF8PROC_CATEGORY_ME ||
	    p->category == UTF8PROC_CATEGORY_ND;
}

/* RFC 3492: the length of a label's punycode (without "xn--"). */
static size_t
x_punycode_len(const int32_t *cp, size_t n)
{
	const int32_t	base = 36, tmin = 1, tmax = 26, skew = 38,
			damp = 700;
	int64_t		delta = 0, bias = 72, q, k, t;
	int32_t		nn = 128, m;
	size_t		h, b = 0, out = 0, i;

	for (i = 0; i < n; i++)
		if (cp[i] < 0x80)
			b++;
	out = b + (b > 0);
	h = b;
	while (h < n) {
		m = INT32_MAX;
		for (i = 0; i < n; i++)
			if (cp[i] >= nn && cp[i] < m)
				m = cp[i];
		delta += (int64_t)(m - nn) * (int64_t)(h + 1);
		nn = m;
		for (i = 0; i < n; i++) {
			if (cp[i] < nn)
				delta++;
			if (cp[i] != nn)
				continue;
			for (q = delta, k = base;; k += base) {
				t = k <= bias ? tmin : k >= bias + tmax ? tmax :
				    k - bias;
				if (q < t)
					break;
				out++;
				q = (q - t) / (base - t);
			}
			out++;
			/* adapt */
			delta = h == b ? delta / damp : delta / 2;
			delta += delta / (int64_t)(h + 1);
			for (k = 0; delta > ((base - tmin) * tmax) / 2;
			    k += base)
				delta /= base - tmin;
			bias = k + (base - tmin + 1) * delta / (delta + skew);
			delta = 0;
			h++;
		}
		delta++;
		nn++;
	}
	return out;
}

/* Whether the label cp[0..n) is one DNS takes. */
static bool
x_label_ok(const int32_t *cp, size_t n)
{
	size_t	i;
	bool	ascii = true;

	if (n == 0 || cp[0] == '-' || cp[n - 1] == '-')
		return false;
	for (i = 0; i < n; i++)
		if (cp[i] >= 0x80)
			ascii = false;
	if (ascii)
		return n <= X_LABEL_MAX;
	return 4 + x_punycode_len(cp, n) <= X_LABEL_MAX;
}

/* The domain at cp[at..): its end (past the last label), or at when
 * there is none; *tld and *tldn the last label. */
static size_t
x_domain(const struct x_cps *t, size_t at, size_t *tld, size_t *tldn)
{
	size_t	i = at, start, labels = 0;

	for (;;) {
		start = i;
		while (i < t->n && x_label_char(t->cp[i]))
			i++;
		if (!x_label_ok(t->cp + start, i - start))
			return at;
		labels++;
		*tld = start;
		*tldn = i - start;
		if (i + 1 < t->n && t->cp[i] == '.' &&
		    x_label_char(t->cp[i + 1]))
			i++;
		else
			break;
	}
	if (labels < 2)
		return at;
	/* A top-level domain of letters. */
	for (start = *tld; start < *tld + *tldn; start++)
		if ((t->cp[start] < 0x80 && !((t->cp[start] | 0x20) >= 'a' &&
		    (t->cp[start] | 0x20) <= 'z')))
			return at;
	return i;
}

/* Past the port and path of a URL whose domain ends at i. */
static size_t
x_url_rest(const struct x_cps *t, size_t i)
{
	size_t	end;

	if (i < t->n && t->cp[i] == ':') {
		end = i + 1;
		while (end < t->n && t->cp[end] >= '0' && t->cp[end] <= '9')
			end++;
		if (end > i + 1)
			i = end;
	}
	if (i >= t->n || (t->cp[i] != '/' && t->cp[i] != '?' &&
	    t->cp[i] != '#'))
		return i;
	while (i < t->n && !x_url_stop(t->cp[i]))
		i++;
	/* Punctuation that ends a sentence is not the URL's. */
	while (i > 0 && t->cp[i - 1] < 0x80 &&
	    strchr(".,;:!?'\")]}", (int)t->cp[i - 1]) != NULL &&
	    t->cp[i - 1] != 0)
		i--;
	return i;
}

static bool
x_ascii_at(const struct x_cps *t, size_t i, const char *s)
{
	for (; *s; s++, i++)
		if (i >= t->n || t->cp[i] >= 0x80 ||
		    ((t->cp[i] | 0x20) != (*s | 0x20)))
			return false;
	return true;
}

/* The end of a URL starting at cp[i], or i when none starts there. */
static size_t
x_url_at(const struct x_cps *t, size_t i)
{
	size_t	d, end, tld, tldn, k;
	char	name[16];

	if (i > 0 && t->cp[i - 1] < 0x80 && (strchr("@$#_-./",
	    (int)t->cp[i - 1]) != NULL || ((t->cp[i - 1] | 0x20) >= 'a' &&
	    (t->cp[i - 1] | 0x20) <= 'z') || (t->cp[i - 1] >= '0' &&
	    t->cp[i - 1] <= '9')) && t->cp[i - 1] != 0)
		return i;
	if (x_ascii_at(t, i, "http://") || x_ascii_at(t, i, "https://")) {
		d = i + (t->cp[i + 4] == ':' ? 7 : 8);
		end = x_domain(t, d, &tld, &tldn);
		return end == d ? i : x_url_rest(t, end);
	}
	if (i > 0 && t->cp[i - 1] >= 0x80 && x_label_char(t->cp[i - 1]))
		return i;
	end = x_domain(t, i, &tld, &tldn);
	if (end == i || tldn >= sizeof name)
		return i;
	for (k = 0; k < tldn; k++) {
		if (t->cp[tld + k] >= 0x80)
			return i;
		name[k] = (char)(t->cp[tld + k] | 0x20);
	}
	name[k] = '\0';
	for (k = 0; x_bare_tlds[k] != NULL; k++)
		if (strcmp(name, x_bare_tlds[k]) == 0)
			break;
	if (x_bare_tlds[k] == NULL || (end < t->n &&
	    x_label_char(t->cp[end])))
		return i;
	return x_url_rest(t, end);
}

/* Whether the cluster cp[from..to) is an emoji sequence. */
static bool
x_emoji(const int32_t *cp, size_t n)
{
	size_t	i;
	int	bc;

	for (i = 0; i < n; i++) {
		bc = utf8proc_get_property(cp[i])->boundclass;
		if (bc == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC ||
		    bc == UTF8PROC_BOUNDCLASS_REGIONAL_INDICATOR ||
		    cp[i] == 0x20e3)
			return true;
	}
	return false;
}

static long
x_count_cps(const struct x_cps *t, bool emoji)
{
	size_t		i = 0, j, end;
	utf8proc_int32_t state;
	long		n = 0;

	while (i < t->n) {
		if ((end = x_url_at(t, i)) > i) {
			n += X_URL_WEIGHT;
			i = end;
			continue;
		}
		/* The grapheme cluster at i. */
		state = 0;
		for (j = i + 1; j < t->n; j++)
			if (utf8proc_grapheme_break_stateful(t->cp[j - 1],
			    t->cp[j], &state))
				break;
		if (emoji && x_emoji(t->cp + i, j - i)) {
			n += 2;
			i = j;
			continue;
		}
		n += x_weight(t->cp[i]);
		i++;
	}
	return n;
}

/* text as NFC code points (invalid bytes each one U+FFFD). */
static void
x_decode(const char *text, struct x_cps *t)
{
	utf8proc_uint8_t	*nfc = NULL;
	const utf8proc_uint8_t	*s;
	utf8proc_ssize_t	 len, k;
	utf8proc_int32_t	 c;

	len = utf8proc_map((const utf8proc_uint8_t *)text, 0, &nfc,
	    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	s = len >= 0 ? nfc : (const utf8proc_uint8_t *)text;
	if (len < 0)
		len = (utf8proc_ssize_t)strlen(text);
	t->cp = xcalloc((size_t)len + 1, sizeof *t->cp);
	t->n = 0;
	while (len > 0) {
		k = utf8proc_iterate(s, len, &c);
		if (k <= 0) {
			c = 0xfffd;
			k = 1;
		}
		t->cp[t->n++] = c;
		s += k;
		len -= k;
	}
	free(nfc);
}

long
x_count_weighted(const char *text, bool emoji)
{
	struct x_cps	t;
	long		n;

	x_decode(text, &t);
	n = x_count_cps(&t, emoji);
	free(t.cp);
	return n;
}

long
x_count(const char *text)
{
	return x_count_weighted(text, true);
}
