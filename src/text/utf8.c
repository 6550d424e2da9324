/* utf8.c — strict UTF-8 decoding and encoding. Ill-formed input decodes as
 * U+FFFD one "maximal subpart" at a time (Unicode ch. 3, U+FFFD substitution
 * of maximal subparts), so every caller sees the same replacement count. */
#include <stddef.h>
#include <stdint.h>

#include "starling/text.h"

size_t
text_decode(const char *s, size_t len, int32_t *cp)
{
	const unsigned char	*u = (const unsigned char *)s;
	unsigned char		 c, lo = 0x80, hi = 0xbf;
	size_t			 n, i;
	int32_t			 v;

	*cp = 0xfffd;
	if (len == 0)
		return 0;
	c = u[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	/* C0, C1 would be overlong; F5..FF would exceed U+10FFFF. */
	if (c < 0xc2 || c > 0xf4)
		return 1;
	if (c < 0xe0) {
		n = 2;
		v = c & 0x1f;
	} else if (c < 0xf0) {
		n = 3;
		v = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (c == 0xed)
			hi = 0x9f;	/* surrogates */
	} else {
		n = 4;
		v = c & 0x07;
		if (c == 0xf0)
			lo = 0x90;	/* overlong */
		else if (c == 0xf4)
			hi = 0x8f;	/* above U+10FFFF */
	}
	for (i = 1; i < n; i++) {
		if (i >= len || u[i] < lo || u[i] > hi)
			return i;
		v = (v << 6) | (u[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*cp = v;
	return n;
}

size_t
text_encode(int32_t cp, char *out)
{
	unsigned char	*u = (unsigned char *)out;

	if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = (unsigned char)(0xc0 | (cp >> 6));
		u[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		u[0] = (unsigned char)(0xe0 | (cp >> 12));
		u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	u[0] = (unsigned char)(0xf0 | (cp >> 18));
	u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	u[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

