/* fuzz_config.c — libFuzzer target for the config parser: arbitrary bytes
 * must never crash or leak, and every error must be one well-formed line,
 * "fuzz.yaml:LINE:COL: message". */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "starling/config.h"

static int
fuzz_check(const char *command, char *err, size_t len)
{
	if (strcmp(command, "down") == 0 || strcmp(command, "quit") == 0)
		return 0;
	snprintf(err, len, "unknown command");
	return -1;
}

/* "fuzz.yaml:" digits ":" digits ": " then a message with no control
 * characters. */
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config		cfg;
	struct config_errors	errs = { NULL, 0 };
	size_t			i;
	int			rc;

	config_defaults(&cfg);
	rc = config_parse(&cfg, "fuzz.yaml", (const char *)data, size,
	    fuzz_check, &errs);
	FUZZ_ASSERT(rc == (errs.n == 0 ? 0 : -1));
	for (i = 0; i < errs.n; i++)
		fuzz_check_error(errs.v[i]);
	for (i = 0; rc == 0 && i < cfg.ncolumns; i++) {
		FUZZ_ASSERT(cfg.columns[i].title != NULL);
		FUZZ_ASSERT(cfg.columns[i].rate >= 0);
		FUZZ_ASSERT(cfg.columns[i].backlog >= 0 &&
		    cfg.columns[i].backlog <= 1000);
		FUZZ_ASSERT(cfg.columns[i].width == 0 ||
		    cfg.columns[i].width >= CONFIG_MIN_WIDTH);
	}
	config_errors_free(&errs);
	config_free(&cfg);
	return 0;
}
