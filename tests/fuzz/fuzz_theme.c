/* fuzz_theme.c — libFuzzer target for the theme parser: arbitrary bytes must
 * never crash or leak, every error is one well-formed line, and every colour
 * a theme yields survives every fallback. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "starling/config.h"
#include "starling/theme.h"

static void
fuzz_check_error(const char *e)
{
	const char	*p;

	FUZZ_ASSERT(strncmp(e, "fuzz.yaml:", 10) == 0);
	p = e + 10;
	FUZZ_ASSERT(*p >= '1' && *p <= '9');
	while (*p >= '0' && *p <= '9')
		p++;
	FUZZ_ASSERT(*p++ == ':');
	FUZZ_ASSERT(*p >= '1' && *p <= '9');
	while (*p >= '0' && *p <= '9')
		p++;
	FUZZ_ASSERT(p[0] == ':' && p[1] == ' ' && p[2] != '\0');
	for (; *p != '\0'; p++)
		FUZZ_ASSERT((unsigned char)*p >= 0x20 && *p != 0x7f);
}

static void
fuzz_check_color(int c)
{
	static const int	ncolors[] = { 8, 16, 256 };
	size_t			i;
	int			f;

	FUZZ_ASSERT(c == THEME_COLOR_DEFAULT || (c >= 0 && c <= 255) ||
	    (c & ~0xffffff) == THEME_COLOR_RGB);
	for (i = 0; i < sizeof ncolors / sizeof ncolors[0]; i++) {
		f = theme_color_fallback(c, ncolors[i]);
		FUZZ_ASSERT(f >= THEME_COLOR_DEFAULT && f < ncolors[i]);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct theme		t;
	struct config_errors	errs = { NULL, 0 };
	size_t			i;
	int			rc, e;

	theme_init(&t);
	rc = theme_parse(&t, "fuzz.yaml", (const char *)data, size, &errs);
	FUZZ_ASSERT(rc == (errs.n == 0 ? 0 : -1));
	for (i = 0; i < errs.n; i++)
		fuzz_check_error(errs.v[i]);
	for (e = 0; e < THEME_COUNT; e++) {
		fuzz_check_color(t.style[e].fg);
		fuzz_check_color(t.style[e].bg);
		FUZZ_ASSERT((t.style[e].attrs & ~0x1fu) == 0);
	}
	theme_monochrome(&t);
	config_errors_free(&errs);
	theme_free(&t);
	return 0;
}
