/* bench_bluesky.c — throughput of the Bluesky feed parser
 * (include/starling/bluesky_parse.h).
 *
 *   bench_bluesky [-s SECONDS] LABEL=FILE ...
 *
 * For each FILE (a getTimeline page): reads it into memory, then parses it
 * with bluesky_parse_page(BLUESKY_FEED) and frees the page over and over
 * for SECONDS (default 2), and prints
 *   parse, LABEL: N posts/s (X µs per post)
 * or "parse, LABEL: n/a (why)". A measurement, not a test: exits 0 unless
 * used wrongly.
 */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "starling/bluesky_parse.h"

static double
bench_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
bench_one(const char *label, const char *path, double seconds)
{
	struct bluesky_page	 pg;
	FILE			*f;
	char			*body, err[256];
	long			 n;
	size_t			 len, per;
	unsigned long		 passes = 0;
	double			 t0, t;

	if ((f = fopen(path, "rb")) == NULL) {
		printf("parse, %s: n/a (cannot read %s: %s)\n", label, path,
		    strerror(errno));
		return;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	body = malloc((size_t)n + 1);
	len = fread(body, 1, (size_t)n, f);
	body[len] = '\0';
	fclose(f);
	if (bluesky_parse_page(body, len, BLUESKY_FEED, "bench", NULL, 0, &pg,
	    err, sizeof err) != 0 || pg.n == 0) {
		printf("parse, %s: n/a (%s)\n", label, *err ? err : "no posts");
		free(body);
		return;
	}
	per = pg.n;
	bluesky_page_free(&pg);
	t0 = bench_now();
	do {
		if (bluesky_parse_page(body, len, BLUESKY_FEED, "bench", NULL, 0,
		    &pg, err, sizeof err) == 0)
			bluesky_page_free(&pg);
		passes++;
	} while ((t = bench_now() - t0) < seconds);
	printf("parse, %s: %.0f posts/s (%.1f \xc2\xb5s per post, %zu posts a "
	    "page)\n", label, (double)(passes * per) / t,
	    t * 1e6 / (double)(passes * per), per);
	free(body);
}

int
main(int argc, char **argv)
{
	double	seconds = 2;
	int	c, i;
	char	*eq;

	setlocale(LC_ALL, "C.UTF-8");
	while ((c = getopt(argc, argv, "s:")) != -1) {
		if (c != 's') {
			fprintf(stderr, "usage: bench_bluesky [-s SECONDS] "
			    "LABEL=FILE ...\n");
			return 1;
		}
		seconds = atof(optarg);
	}
	for (i = optind; i < argc; i++) {
		if ((eq = strchr(argv[i], '=')) == NULL) {
			fprintf(stderr, "bench_bluesky: %s: not LABEL=FILE\n",
			    argv[i]);
			return 1;
		}
		*eq = '\0';
		bench_one(argv[i], eq + 1, seconds);
	}
	return 0;
}
