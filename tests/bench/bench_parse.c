/* bench_parse.c — throughput of the Mastodon status parser
 * (include/starling/mastodon_parse.h).
 *
 *   bench_parse [-s SECONDS] LABEL=FILE ...
 *
 * For each FILE (a timeline page, [Status]): reads it into memory, parses it
 * once (warm-up, and the check that it is a non-empty page), then calls
 * mastodon_parse_body(MASTODON_STATUSES) and mastodon_posts_free() over the
 * whole body again and again until SECONDS (default 2) of this process's CPU
 * time (CLOCK_PROCESS_CPUTIME_ID) have been spent in them. A bare
 * json_loadb/json_decref of the same body after every other pass says how
 * much of that is jansson's JSON decoding (the rest is starling's own
 * conversion: mastodon_parse_status, HTML to text, post_new).
 *
 * One line per file on stdout:
 *   parse, LABEL: N posts/s (X µs per post, of which JSON decode Y µs; ...)
 * or "parse, LABEL: n/a (why)". A measurement, not a test: exits 0 unless
 * the arguments are wrong.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "starling/mastodon_parse.h"

#define TARGET_PER_S	50000.0

static double
cpu_s(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The whole file, NUL-terminated; NULL with errno set when it cannot. */
static char *
slurp(const char *path, size_t *len)
{
	FILE	*f;
	char	*buf = NULL, *nb;
	size_t	 cap = 0, n = 0, r;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 65536;
			if ((nb = realloc(buf, cap + 1)) == NULL) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		errno = EIO;
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static void
bench_one(const char *label, const char *path, double seconds)
{
	struct post	**posts;
	size_t		  len, n, per, total = 0;
	unsigned long	  passes = 0, jpasses = 0;
	char		  err[256], *body;
	double		  t0, t, jt, us, jus;	/* CPU seconds, µs */
	json_error_t	  je;
	json_t		 *root;

	if ((body = slurp(path, &len)) == NULL) {
		printf("parse, %s: n/a (cannot read %s: %s)\n", label, path,
		    strerror(errno));
		return;
	}
	if (mastodon_parse_body(body, len, MASTODON_STATUSES, "bench",
	    "example.com", &posts, &per, err, sizeof err) != 0) {
		printf("parse, %s: n/a (%s)\n", label, err);
		free(body);
		return;
	}
	mastodon_posts_free(posts, per);
	if (per == 0) {
		printf("parse, %s: n/a (no statuses in %s)\n", label, path);
		free(body);
		return;
	}

	/* Whole parses, with a bare jansson decode of the same body after every
	 * other one: interleaved, so a noisy neighbour slows both alike. */
	t = jt = 0;
	do {
		t0 = cpu_s();
		if (mastodon_parse_body(body, len, MASTODON_STATUSES, "bench",
		    "example.com", &posts, &n, err, sizeof err) != 0 ||
		    n != per) {
			printf("parse, %s: n/a (pass %lu gave %zu posts, not "
			    "%zu: %s)\n", label, passes + 1, n, per, err);
			free(body);
			return;
		}
		mastodon_posts_free(posts, n);
		t += cpu_s() - t0;
		total += n;
		passes++;
		if (passes % 2 == 0) {
			t0 = cpu_s();
			if ((root = json_loadb(body, len, 0, &je)) != NULL) {
				json_decref(root);
				jpasses++;
			}
			jt += cpu_s() - t0;
		}
	} while (t < seconds);

	us = t / (double)total * 1e6;
	jus = jpasses ? jt / (double)(jpasses * per) * 1e6 : 0;
	printf("parse, %s: %.0f posts/s (%.1f \xc2\xb5s per post, of which "
	    "jansson's JSON decode %.1f \xc2\xb5s, %.0f MB/s; %zu statuses, "
	    "%.1f KB a page, %lu pages in %.1f s CPU; target %.0fk/s: %s)\n",
	    label, (double)total / t, us, jus,
	    jt > 0 ? (double)len * (double)jpasses / jt / 1e6 : 0, per,
	    (double)len / 1024, passes, t, TARGET_PER_S / 1000,
	    (double)total / t >= TARGET_PER_S ? "met" : "NOT met");
	free(body);
}

int
main(int argc, char **argv)
{
	double	 seconds = 2;
	int	 i = 1;
	char	*eq;

	if (argc > 2 && strcmp(argv[1], "-s") == 0) {
		seconds = strtod(argv[2], NULL);
		i = 3;
	}
	if (i >= argc || seconds <= 0) {
		fprintf(stderr, "usage: bench_parse [-s SECONDS] LABEL=FILE "
		    "...\n");
		return 2;
	}
	for (; i < argc; i++) {
		if ((eq = strchr(argv[i], '=')) == NULL) {
			fprintf(stderr, "bench_parse: %s: not LABEL=FILE\n",
			    argv[i]);
			return 2;
		}
		*eq = '\0';
		bench_one(argv[i], eq + 1, seconds);
		fflush(stdout);
	}
	return 0;
}
