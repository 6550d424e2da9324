/* bench_rules.c — the team's rules at work, with 20 rules (12 with a
 * regular expression) as a busy team might write them:
 *
 *   bench_rules DIR [POSTS] [RECORDS]     (100,000 and 5,000)
 *
 * Two figures on one line, each the median of three runs:
 *   - matching: posts tried against all 20 rules per second (rules_match(),
 *     in memory), and so rules tried per second;
 *   - recording: inbox posts recorded with their rules' actions per second
 *     (rules_record(): one store_apply_batch() transaction each) on a fresh
 *     SQLite store in DIR, and the rule actions written per second.
 * A measurement, not a test: exits 1 only when something fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "starling/config.h"
#include "starling/post.h"
#include "starling/rules.h"
#include "starling/store.h"

#define REPS	3

static const char yaml[] =
    "store: x.db\n"
    "team: [alice, bob, carol, dave]\n"
    "columns:\n"
    "  - { title: Inbox, source: demo, inbox: true }\n"
    "  - { title: Competitors, source: demo, inbox: true }\n"
    "rules:\n"
    "  - { name: spam, match: \"crypto (giveaway|airdrop)|free followers\", status: ignored, stop: true }\n"
    "  - { name: refunds, match: \"refund|money back|chargeback\", tag: refund, assign: alice }\n"
    "  - { name: broken, match: \"broken|cracked|doesn.t work|stopped working\", tag: complaint }\n"
    "  - { name: late, match: \"late|never arrived|still waiting|where is my\", tag: delivery, assign: bob }\n"
    "  - { name: sales, match: \"price|discount|quote|bulk order|wholesale\", tag: lead, assign: carol }\n"
    "  - { name: praise, match: \"love|thank(s| you)|great job|amazing\", tag: praise }\n"
    "  - { name: outage, match: \"down|outage|error [0-9]{3}|can.t log ?in\", tag: outage, priority: 3 }\n"
    "  - { name: legal, match: \"lawyer|lawsuit|sue\", tag: legal, priority: 5, assign: dave }\n"
    "  - { name: press, match: \"journalist|reporter|press inquiry\", tag: press, priority: 4 }\n"
    "  - { name: security, match: \"vulnerab|exploit|security (hole|issue)|phishing\", tag: security, priority: 9 }\n"
    "  - { name: jobs, match: \"hiring|job|career\", tag: jobs }\n"
    "  - { name: competitor, columns: Competitors, tag: competitor }\n"
    "  - { name: vip, followers: 50000, tag: vip, priority: 2 }\n"
    "  - { name: big, followers: 5000, tag: reach }\n"
    "  - { name: pt, lang: pt, tag: portuguese }\n"
    "  - { name: de, lang: de, tag: german }\n"
    "  - { name: replies, kind: reply, status: open }\n"
    "  - { name: quotes, kind: quote, tag: quoted }\n"
    "  - { name: dana, from: [dana, \"dana@x.example\"], assign: bob, priority: 1 }\n"
    "  - { name: question, match: \"\\\\?$|^(how|why|when|where|can|does)\\\\b\", tag: question }\n";

static const char *const texts[] = {
	"my order arrived broken, can I get a refund?",
	"love the new release, great job team",
	"site is down again, error 503 when I try to pay",
	"how do I change my password",
	"any discount for a bulk order of 200 units?",
	"crypto giveaway! free followers here",
	"still waiting for my parcel, ordered two weeks ago",
	"just had lunch, nothing to do with you",
	"found a security issue in your login page",
	"are you hiring engineers this year?",
	"a journalist here, press inquiry about the recall",
	"it stopped working after the update. why?",
};

static double
now_s(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct post *
make_post(size_t i)
{
	static const char *const langs[] = { "en", "en", "pt", "de", "en" };
	char	id[32], who[32];

	snprintf(id, sizeof id, "b%zu", i);
	snprintf(who, sizeof who, i % 97 == 0 ? "dana" : "user%zu", i % 500);
	return post_new(&(struct post){ .network = "demo", .id = id,
	    .author_name = who, .author_handle = who,
	    .text = texts[i % (sizeof texts / sizeof texts[0])],
	    .followers = (long)(i * 7919 % 80000), .lang = langs[i % 5],
	    .reply_to_id = i % 4 == 0 ? "x" : NULL,
	    .notify = POST_NOTIFY_MENTION, .created = 1700000000 });
}

static int
cmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	struct config_errors	 errs = { NULL, 0 };
	struct config		 cfg;
	struct rules		*rs;
	struct store		*st;
	struct store_change	 c[64];
	struct post		**posts;
	const char		*dir = argc > 1 ? argv[1] : "/tmp";
	size_t			 n = argc > 2 ? (size_t)atol(argv[2]) : 100000;
	size_t			 nrec = argc > 3 ? (size_t)atol(argv[3]) : 5000;
	size_t			 i, k, actions, total;
	double			 match[REPS], rec[REPS], act[REPS], t;
	char			 path[512], err[256];
	int			 r, rc;

	config_defaults(&cfg);
	if (config_parse(&cfg, "bench", yaml, strlen(yaml), NULL,
	    &errs) != 0 || (rs = rules_new(&cfg, err, sizeof err)) == NULL) {
		fprintf(stderr, "bench_rules: %s\n", errs.n ? errs.v[0] : err);
		return 1;
	}
	posts = calloc(n > nrec ? n : nrec, sizeof *posts);
	for (i = 0; i < (n > nrec ? n : nrec); i++)
		posts[i] = make_post(i);
	for (r = 0; r < REPS; r++) {
		total = 0;
		t = now_s();
		for (i = 0; i < n; i++)
			total += rules_match(rs, posts[i], i % 3 ? "Inbox" :
			    "Competitors", c, 64);
		match[r] = (double)n / (now_s() - t);
		if (total == 0) {
			fprintf(stderr, "bench_rules: no rule matched\n");
			return 1;
		}
	}
	for (r = 0; r < REPS; r++) {
		snprintf(path, sizeof path, "%s/rules-%d-%d.db", dir,
		    (int)getpid(), r);
		if ((st = store_open(path, "bench", err, sizeof err)) == NULL) {
			fprintf(stderr, "bench_rules: %s\n", err);
			return 1;
		}
		actions = 0;
		t = now_s();
		for (i = 0; i < nrec; i++) {
			rc = rules_record(st, rs, posts[i], i % 3 ? "Inbox" :
			    "Competitors", &k, err, sizeof err);
			if (rc != 1) {
				fprintf(stderr, "bench_rules: %s\n", err);
				return 1;
			}
			actions += k;
		}
		t = now_s() - t;
		rec[r] = (double)nrec / t;
		act[r] = (double)actions / t;
		store_close(st);
		unlink(path);
		snprintf(path + strlen(path), 8, "-wal");
		unlink(path);
		path[strlen(path) - 4] = '\0';
		snprintf(path + strlen(path), 8, "-shm");
		unlink(path);
	}
	qsort(match, REPS, sizeof *match, cmp);
	qsort(rec, REPS, sizeof *rec, cmp);
	qsort(act, REPS, sizeof *act, cmp);
	printf("rules: %zu rules: %.0f posts/s matched (%.1f M rules tried/s); "
	    "%.0f posts/s recorded with their rules on SQLite (%.0f rule "
	    "actions/s)\n", rules_count(rs), match[1],
	    match[1] * (double)rules_count(rs) / 1e6, rec[1], act[1]);
	for (i = 0; i < (n > nrec ? n : nrec); i++)
		post_unref(posts[i]);
	free(posts);
	rules_free(rs);
	config_free(&cfg);
	return 0;
}
