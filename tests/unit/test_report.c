/* test_report.c — the report's figures with known answers: first-response
 * median and p90, per-agent counts, volume buckets, SLA breaches and spike
 * detection, first from audit entries made here with chosen times, then
 * from a store written through store_apply_batch() (SQLite, or PostgreSQL
 * with STARLING_TEST_PG_URL as tests/pg/check.sh sets it).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <libpq-fe.h>

#include "harness.h"
#include "pgdb.h"
#include "starling/report.h"
#include "starling/store.h"

static char		 tmp[64];
static int		 nfile;
static char		 err[512];
static const char	*pg;

/* 2026-11-30 00:00 UTC; TZ is UTC in these tests but one. */
#define T0	1795996800LL

static int64_t	seq;

static void
add(struct report *r, int64_t at, const char *who, const char *action,
    const char *id, const char *detail)
{
	struct store_audit	a = {
		.seq = ++seq, .at = at, .who = (char *)who,
		.action = (char *)action, .network = (char *)"mastodon",
		.id = (char *)id, .detail = (char *)detail
	};

	report_add(r, &a);
}

static void
record(struct report *r, int64_t at, const char *id, const char *column,
    const char *author, long followers)
{
	char	d[256];

	snprintf(d, sizeof d, "{\"column\": \"%s\", \"author\": \"%s\", "
	    "\"followers\": %ld, \"kind\": \"mention\"}", column, author,
	    followers);
	add(r, at, "collector", "record", id, d);
}

static const struct report_agent *
agent(const struct report *r, const char *name)
{
	size_t	i;

	for (i = 0; i < r->nagents; i++)
		if (strcmp(r->agents[i].name, name) == 0)
			return &r->agents[i];
	return NULL;
}

static const struct report_column *
column(const struct report *r, const char *title)
{
	size_t	i;

	for (i = 0; i < r->ncolumns; i++)
		if (strcmp(r->columns[i].title, title) == 0)
			return &r->columns[i];
	return NULL;
}

TEST(stats_median_and_p90)
{
	int64_t			v[10] = { 50, 10, 40, 20, 30, 100, 90, 60, 80,
				    70 };
	int64_t			w[3] = { 7, 3, 5 };
	struct report_stats	s;

	s = report_stats_of(v, 10);
	CHECK_INT_EQ(s.count, 10);
	CHECK_INT_EQ(s.median, 55);	/* (50 + 60) / 2 */
	CHECK_INT_EQ(s.p90, 90);	/* rank ceil(9) = 9th */
	s = report_stats_of(w, 3);
	CHECK_INT_EQ(s.median, 5);
	CHECK_INT_EQ(s.p90, 7);		/* rank ceil(2.7) = 3rd */
	s = report_stats_of(NULL, 0);
	CHECK_INT_EQ(s.count, 0);
	CHECK_INT_EQ(s.median, -1);
	CHECK_INT_EQ(s.p90, -1);
}

/* Ten posts in two columns over two days, answered by alice and bob. */
static void
build(struct report *r, int64_t since, int64_t until, int64_t now)
{
	struct report_sla	 slas[] = { { "Complaints", 600 } };
	struct report_options	 o = {
		.since = since, .until = until, .now = now, .sla = 3600,
		.slas = slas, .nslas = 1
	};
	char			 id[16];
	int			 i;

	seq = 0;
	report_begin(r, &o);
	/* Day 1, 09:00: posts m0..m5 in Mentions, one every 10 minutes;
	 * each is answered i * 5 minutes later (0, 5, ..., 25 min). */
	for (i = 0; i < 6; i++) {
		snprintf(id, sizeof id, "m%d", i);
		record(r, T0 + 9 * 3600 + i * 600, id, "Mentions",
		    i % 2 ? "dana@x" : "eve@y", i % 2 ? 120 : 50000);
	}
	for (i = 0; i < 6; i++) {
		snprintf(id, sizeof id, "m%d", i);
		add(r, T0 + 9 * 3600 + i * 600 + i * 300, i < 4 ? "alice" :
		    "bob", "reply", id, "{\"account\": \"work\"}");
	}
	/* A second reply is no first response. */
	add(r, T0 + 12 * 3600, "bob", "reply", "m0", "{}");
	/* Day 2: c0..c3 in Complaints (SLA 10 minutes). c0 answered after
	 * 20 min (a breach), c1 closed after 5 min (no breach), c2 never
	 * answered (a breach once now is past), c3 ignored by a rule. */
	for (i = 0; i < 4; i++) {
		snprintf(id, sizeof id, "c%d", i);
		record(r, T0 + 86400 + 14 * 3600 + i * 60, id, "Complaints",
		    "dana@x", 130);
	}
	add(r, T0 + 86400 + 14 * 3600 + 1200, "carol", "reply", "c0", "{}");
	add(r, T0 + 86400 + 14 * 3600 + 60 + 10, "rule vip", "assign", "c1",
	    "{\"assignee\": \"bob\", \"status\": \"assigned\"}");
	add(r, T0 + 86400 + 14 * 3600 + 60 + 300, "bob", "status", "c1",
	    "{\"status\": \"done\", \"from\": \"assigned\"}");
	add(r, T0 + 86400 + 14 * 3600 + 180, "rule spam", "status", "c3",
	    "{\"status\": \"ignored\", \"from\": \"new\"}");
	add(r, T0 + 86400 + 14 * 3600 + 180, "rule spam", "tag", "c3",
	    "{\"tag\": \"spam\"}");
	add(r, T0 + 86400 + 14 * 3600 + 200, "alice", "tag", "c0",
	    "{\"tag\": \"refund\"}");
	add(r, T0 + 86400 + 14 * 3600 + 200, "alice", "tag", "c2",
	    "{\"tag\": \"refund\"}");
	add(r, T0 + 86400 + 14 * 3600 + 210, "alice", "assign", "c2",
	    "{\"assignee\": \"alice\", \"status\": \"assigned\"}");
	/* An approval claimed is no teammate's work done. */
	{
		struct store_audit	ap = { .seq = ++seq,
		    .at = T0 + 86400 + 15 * 3600, .who = (char *)"alice",
		    .action = (char *)"status", .network = (char *)"approval",
		    .id = (char *)"a1",
		    .detail = (char *)"{\"status\": \"done\"}" };

		report_add(r, &ap);
	}
	/* Outside the range: not counted. */
	record(r, T0 + 5 * 86400, "late", "Mentions", "zed@z", 1);
	report_finish(r);
}

TEST(first_response_median_p90_and_per_agent)
{
	struct report			 r;
	const struct report_agent	*a;

	build(&r, T0, T0 + 3 * 86400, T0 + 10 * 86400);
	/* Responses: 0, 300, 600, 900, 1200, 1500 (Mentions), 1200 (c0). */
	CHECK_INT_EQ(r.first_response.count, 7);
	CHECK_INT_EQ(r.first_response.median, 900);
	CHECK_INT_EQ(r.first_response.p90, 1500);
	CHECK((a = agent(&r, "alice")) != NULL);
	if (a != NULL) {
		CHECK_INT_EQ(a->first_response.count, 4);
		CHECK_INT_EQ(a->first_response.median, 450);
		CHECK_INT_EQ(a->first_response.p90, 900);
		CHECK_INT_EQ(a->replied, 4);
		CHECK_INT_EQ(a->assigned, 1);
		CHECK_INT_EQ(a->done, 0);
	}
	CHECK((a = agent(&r, "bob")) != NULL);
	if (a != NULL) {
		CHECK_INT_EQ(a->first_response.count, 2);
		CHECK_INT_EQ(a->first_response.median, 1350);
		CHECK_INT_EQ(a->replied, 3);
		CHECK_INT_EQ(a->assigned, 1);
		CHECK_INT_EQ(a->done, 1);
	}
	CHECK((a = agent(&r, "carol")) != NULL);
	if (a != NULL)
		CHECK_INT_EQ(a->first_response.median, 1200);
	CHECK(agent(&r, "rule spam") == NULL);
	CHECK(agent(&r, "rule vip") == NULL);
	report_free(&r);
}

TEST(volume_buckets_status_and_authors)
{
	struct report			 r;
	const struct report_column	*c;

	build(&r, T0, T0 + 3 * 86400, T0 + 10 * 86400);
	CHECK(!r.hourly);
	CHECK_INT_EQ(r.nbuckets, 3);
	CHECK_INT_EQ(r.bucket[0], T0);
	CHECK_INT_EQ(r.bucket[2], T0 + 2 * 86400);
	CHECK_INT_EQ(r.ncolumns, 2);
	/* By title: Complaints, then Mentions. */
	CHECK_STR_EQ(r.columns[0].title, "Complaints");
	CHECK((c = column(&r, "Mentions")) != NULL);
	if (c != NULL && r.nbuckets == 3) {
		CHECK_INT_EQ(c->total, 6);
		CHECK_INT_EQ(c->counts[0], 6);
		CHECK_INT_EQ(c->counts[1], 0);
	}
	CHECK((c = column(&r, "Complaints")) != NULL);
	if (c != NULL && r.nbuckets == 3) {
		CHECK_INT_EQ(c->total, 4);
		CHECK_INT_EQ(c->counts[1], 4);
	}
	CHECK_INT_EQ(r.recorded, 10);
	CHECK_INT_EQ(r.replied, 7);
	CHECK_INT_EQ(r.done, 1);
	CHECK_INT_EQ(r.ignored, 1);
	CHECK_INT_EQ(r.open, 1);
	/* dana@x has 7 posts; eve@y the most followers. */
	CHECK(r.nby_volume == 2 && r.nby_reach == 2);
	if (r.nby_volume == 2 && r.nby_reach == 2) {
		CHECK_STR_EQ(r.by_volume[0].handle, "dana@x");
		CHECK_INT_EQ(r.by_volume[0].posts, 7);
		CHECK_INT_EQ(r.by_volume[0].followers, 130);
		CHECK_STR_EQ(r.by_reach[0].handle, "eve@y");
		CHECK_INT_EQ(r.by_reach[0].followers, 50000);
	}
	CHECK_INT_EQ(r.ntags, 2);
	if (r.ntags == 2) {
		CHECK_STR_EQ(r.tags[0].tag, "refund");
		CHECK_INT_EQ(r.tags[0].count, 2);
		CHECK_STR_EQ(r.tags[1].tag, "spam");
	}
	report_free(&r);
}

TEST(one_day_is_counted_by_the_hour)
{
	struct report			 r;
	const struct report_column	*c;

	build(&r, T0, T0 + 86400, T0 + 86400);
	CHECK(r.hourly);
	CHECK_INT_EQ(r.nbuckets, 24);
	CHECK_INT_EQ(r.recorded, 6);
	CHECK((c = column(&r, "Mentions")) != NULL);
	if (c != NULL && r.nbuckets == 24) {
		CHECK_INT_EQ(c->counts[9], 6);
		CHECK_INT_EQ(c->counts[8], 0);
		CHECK_INT_EQ(c->counts[10], 0);
	}
	report_free(&r);
}

/* Buckets are local days and hours: in Berlin, days start at 23:00 UTC
 * in winter, and the day summer time starts has 23 hours. */
TEST(buckets_are_local_days_and_hours)
{
	struct report			 r;
	struct report_options		 o = { 0 };
	const int64_t			 dec1 = 1796079600;	/* 00:00 CET */
	const int64_t			 mar29 = 1774738800;

	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	o.since = dec1 - 86400;
	o.until = dec1 + 86400;
	o.now = dec1 + 86400;
	seq = 0;
	report_begin(&r, &o);
	record(&r, dec1 - 1800, "a", "Mentions", "x", 1);
	record(&r, dec1 + 1800, "b", "Mentions", "x", 1);
	report_finish(&r);
	CHECK(!r.hourly);
	CHECK_INT_EQ(r.nbuckets, 2);
	if (r.nbuckets == 2 && r.ncolumns == 1) {
		CHECK_INT_EQ(r.bucket[1], dec1);
		CHECK_INT_EQ(r.columns[0].counts[0], 1);
		CHECK_INT_EQ(r.columns[0].counts[1], 1);
	}
	report_free(&r);
	o.since = mar29;
	o.until = mar29 + 23 * 3600;
	o.now = o.until;
	report_begin(&r, &o);
	record(&r, mar29 + 2 * 3600 + 60, "c", "Mentions", "x", 1);
	report_finish(&r);
	CHECK(r.hourly);
	CHECK_INT_EQ(r.nbuckets, 23);
	if (r.nbuckets == 23 && r.ncolumns == 1) {
		CHECK_INT_EQ(r.bucket[2], mar29 + 2 * 3600);	/* 03:00 CEST */
		CHECK_INT_EQ(r.bucket[22], mar29 + 22 * 3600);
		CHECK_INT_EQ(r.columns[0].counts[2], 1);
	}
	report_free(&r);
	setenv("TZ", "UTC", 1);
	tzset();
}

TEST(sla_breaches)
{
	struct report			 r;
	const struct report_column	*c;

	/* Mentions: the default hour, none late. Complaints: 10 minutes:
	 * c0 (20 min) and c2 (never) break it, c1 (closed at 5 min) and
	 * c3 (ignored at 2 min) do not. */
	build(&r, T0, T0 + 3 * 86400, T0 + 10 * 86400);
	CHECK((c = column(&r, "Complaints")) != NULL);
	if (c != NULL) {
		CHECK_INT_EQ(c->sla, 600);
		CHECK_INT_EQ(c->sla_checked, 4);
		CHECK_INT_EQ(c->sla_breached, 2);
	}
	CHECK((c = column(&r, "Mentions")) != NULL);
	if (c != NULL) {
		CHECK_INT_EQ(c->sla, 3600);
		CHECK_INT_EQ(c->sla_breached, 0);
	}
	CHECK_INT_EQ(r.sla_checked, 10);
	CHECK_INT_EQ(r.sla_breached, 2);
	report_free(&r);
	/* Five minutes after c2 came, it is not overdue yet. */
	build(&r, T0, T0 + 3 * 86400, T0 + 86400 + 14 * 3600 + 120 + 300);
	CHECK((c = column(&r, "Complaints")) != NULL);
	if (c != NULL)
		CHECK_INT_EQ(c->sla_breached, 1);
	report_free(&r);
}

TEST(spike_detection)
{
	uint32_t	prev[REPORT_SPIKE_HOURS];
	double		mean, sd;
	size_t		i;

	for (i = 0; i < REPORT_SPIKE_HOURS; i++)
		prev[i] = i % 2 ? 4 : 2;	/* mean 3, sd 1 */
	CHECK(!report_spike(6, prev, REPORT_SPIKE_HOURS, &mean, &sd));
	CHECK(mean > 2.999 && mean < 3.001);
	CHECK(sd > 0.999 && sd < 1.001);
	/* Above mean + 3 sd but fewer than 10: no spike. */
	CHECK(!report_spike(7, prev, REPORT_SPIKE_HOURS, NULL, NULL));
	CHECK(!report_spike(9, prev, REPORT_SPIKE_HOURS, NULL, NULL));
	CHECK(report_spike(10, prev, REPORT_SPIKE_HOURS, NULL, NULL));
	/* A busy column: 40 an hour give or take 10; 70 is its mean plus
	 * 3 sd exactly, not above. */
	for (i = 0; i < REPORT_SPIKE_HOURS; i++)
		prev[i] = i % 2 ? 50 : 30;
	CHECK(!report_spike(70, prev, REPORT_SPIKE_HOURS, &mean, &sd));
	CHECK(report_spike(71, prev, REPORT_SPIKE_HOURS, NULL, NULL));
	/* A quiet week then 10 posts. */
	memset(prev, 0, sizeof prev);
	CHECK(report_spike(10, prev, REPORT_SPIKE_HOURS, NULL, NULL));
	CHECK(!report_spike(0, prev, REPORT_SPIKE_HOURS, NULL, NULL));
}

/* --- on a store ------------------------------------------------------------ */

static const char *
path_new(void)
{
	static char	buf[256];

	if (pg != NULL)
		pgdb_new(pg, "report", NULL, buf, sizeof buf);
	else
		snprintf(buf, sizeof buf, "%s/%d.db", tmp, nfile++);
	return buf;
}

/* Records id in column as who, with a rule's tag, as the collector
 * does. */
static int
store_record(struct store *s, const char *id, const char *column,
    const char *author, long followers)
{
	char			 d[256];
	struct store_change	 c[2] = {
		{ .kind = STORE_CHANGE_RECORD, .network = "mastodon",
		  .id = id, .detail = d },
		{ .kind = STORE_CHANGE_TAG, .network = "mastodon", .id = id,
		  .arg = "inbox", .on = true, .who = "rule inbox",
		  .optional = true },
	};

	snprintf(d, sizeof d, "{\"column\": \"%s\", \"author\": \"%s\", "
	    "\"followers\": %ld, \"kind\": \"mention\", \"network\": "
	    "\"mastodon\"}", column, author, followers);
	return store_apply_batch(s, c, 2, err, sizeof err);
}

static int
store_do(struct store *s, enum store_change_kind k, const char *id,
    const char *arg, enum store_status st)
{
	struct store_change	c = {
		.kind = k, .network = "mastodon", .id = id, .arg = arg,
		.status = st, .on = true
	};

	return store_apply(s, &c, err, sizeof err);
}

TEST(a_store_written_through_batches)
{
	const char		*url = path_new();
	struct store		*a = store_open(url, "alice", err, sizeof err);
	struct store		*b = store_open(url, "bob", err, sizeof err);
	struct report		 r;
	struct report_options	 o = { 0 };
	struct report_spike	*sp = NULL;
	const struct report_agent *ag;
	int64_t			 now = (int64_t)time(NULL);
	char			 id[16];
	size_t			 i, n = 0;
	bool			 spiked = false;

	CHECK(a != NULL && b != NULL);
	if (a == NULL || b == NULL) {
		printf("  %s\n", err);
		store_close(a);
		return;
	}
	for (i = 0; i < 12; i++) {
		snprintf(id, sizeof id, "s%zu", i);
		CHECK_INT_EQ(store_record(a, id, i < 10 ? "Mentions" : "Brand",
		    i % 3 ? "dana@x" : "eve@y", (long)i * 100), 0);
	}
	/* Bob's deck saw the same post: recorded once. */
	CHECK_INT_EQ(store_record(b, "s0", "Mentions", "eve@y", 0), -1);
	CHECK_INT_EQ(store_do(a, STORE_CHANGE_ASSIGN, "s1", "bob", 0), 0);
	CHECK_INT_EQ(store_do(b, STORE_CHANGE_ACTION, "s1", "reply", 0), 0);
	CHECK_INT_EQ(store_do(b, STORE_CHANGE_ACTION, "s2", "reply", 0), 0);
	CHECK_INT_EQ(store_do(a, STORE_CHANGE_ACTION, "s3", "reply", 0), 0);
	CHECK_INT_EQ(store_do(b, STORE_CHANGE_STATUS, "s4", NULL, STORE_DONE),
	    0);
	CHECK_INT_EQ(store_do(a, STORE_CHANGE_STATUS, "s5", NULL,
	    STORE_IGNORED), 0);

	o.since = now - 3600;
	o.until = now + 60;
	o.now = now + 7200;	/* two hours on */
	o.sla = 1800;
	CHECK_INT_EQ(report_read(&r, a, &o, err, sizeof err), 0);
	CHECK(r.hourly);
	CHECK_INT_EQ(r.recorded, 12);
	CHECK_INT_EQ(r.replied, 3);
	CHECK_INT_EQ(r.done, 1);
	CHECK_INT_EQ(r.ignored, 1);
	CHECK_INT_EQ(r.open, 7);
	CHECK_INT_EQ(r.first_response.count, 3);
	CHECK(r.first_response.median >= 0 && r.first_response.median < 60);
	CHECK((ag = agent(&r, "bob")) != NULL);
	if (ag != NULL) {
		CHECK_INT_EQ(ag->assigned, 1);
		CHECK_INT_EQ(ag->replied, 2);
		CHECK_INT_EQ(ag->done, 1);
		CHECK_INT_EQ(ag->first_response.count, 2);
	}
	CHECK((ag = agent(&r, "alice")) != NULL);
	if (ag != NULL)
		CHECK_INT_EQ(ag->replied, 1);
	/* Seven open posts, never answered, are past their half hour two
	 * hours on (until is before that: the clock stops there). */
	CHECK_INT_EQ(r.sla_checked, 12);
	CHECK_INT_EQ(r.sla_breached, 0);
	CHECK(column(&r, "Mentions") != NULL &&
	    column(&r, "Mentions")->total == 10);
	CHECK(r.ntags == 1 && strcmp(r.tags[0].tag, "inbox") == 0 &&
	    r.tags[0].count == 12);
	report_free(&r);
	o.until = 0;
	CHECK_INT_EQ(report_read(&r, a, &o, err, sizeof err), 0);
	CHECK_INT_EQ(r.sla_breached, 7);
	report_free(&r);

	/* A quiet week, then 10 posts in Mentions in the last hour, up to
	 * now included (they may have been written in this second). */
	CHECK_INT_EQ(report_spikes(a, now, &sp, &n), 0);
	for (i = 0; i < n; i++) {
		if (strcmp(sp[i].column, "Mentions") == 0) {
			CHECK_INT_EQ(sp[i].last, 10);
			spiked = sp[i].spike;
		} else {
			CHECK_STR_EQ(sp[i].column, "Brand");
			CHECK_INT_EQ(sp[i].last, 2);
			CHECK(!sp[i].spike);
		}
	}
	CHECK_INT_EQ(n, 2);
	CHECK(spiked);
	report_spikes_free(sp, n);
	/* An hour and a bit on, they are history, not a spike. */
	CHECK_INT_EQ(report_spikes(a, now + 3700, &sp, &n), 0);
	for (i = 0; i < n; i++) {
		CHECK_INT_EQ(sp[i].last, 0);
		CHECK(!sp[i].spike);
	}
	report_spikes_free(sp, n);
	store_close(a);
	store_close(b);
}

TEST(json_has_exactly_the_six_keys)
{
	struct report	 r;
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*f = open_memstream(&buf, &len);
	json_t		*j, *v;
	const char	*k;
	const char	*want[] = { "volume", "first_response", "agents",
			    "authors", "tags", "sla" };
	size_t		 i = 0;

	build(&r, T0, T0 + 3 * 86400, T0 + 10 * 86400);
	CHECK_INT_EQ(report_print(&r, "json", f, err, sizeof err), 0);
	fclose(f);
	j = json_loads(buf, 0, NULL);
	CHECK(json_is_object(j));
	CHECK_INT_EQ(json_object_size(j), 6);
	json_object_foreach(j, k, v) {
		CHECK(i < 6 && strcmp(k, want[i]) == 0);
		i++;
	}
	CHECK_INT_EQ(json_integer_value(json_object_get(json_object_get(j,
	    "first_response"), "median_seconds")), 900);
	CHECK_INT_EQ(json_integer_value(json_object_get(json_object_get(j,
	    "sla"), "breached")), 2);
	json_decref(j);
	free(buf);
	/* CSV: the tables, CRLF, a header each. */
	buf = NULL;
	f = open_memstream(&buf, &len);
	CHECK_INT_EQ(report_print(&r, "csv", f, err, sizeof err), 0);
	fclose(f);
	CHECK(strncmp(buf, "column,start,count\r\n", 20) == 0);
	CHECK(strstr(buf, "\r\nagent,assigned,done,replied\r\nalice,1,0,4\r\n")
	    != NULL);
	CHECK(strstr(buf, "\r\ncolumn,sla_seconds,checked,breached\r\n"
	    "Complaints,600,4,2\r\n") != NULL);
	free(buf);
	CHECK_INT_EQ(report_print(&r, "xml", stdout, err, sizeof err), -1);
	report_free(&r);
}

int
main(void)
{
	char	cmd[128];

	setenv("TZ", "UTC", 1);
	tzset();
	snprintf(tmp, sizeof tmp, "/tmp/starling-report-XXXXXX");
	if (mkdtemp(tmp) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	pg = getenv("STARLING_TEST_PG_URL");
	if (pg != NULL && *pg == '\0')
		pg = NULL;
	if (pg != NULL)
		printf("backend: PostgreSQL\n");
	RUN(stats_median_and_p90);
	RUN(first_response_median_p90_and_per_agent);
	RUN(volume_buckets_status_and_authors);
	RUN(one_day_is_counted_by_the_hour);
	RUN(buckets_are_local_days_and_hours);
	RUN(sla_breaches);
	RUN(spike_detection);
	RUN(json_has_exactly_the_six_keys);
	RUN(a_store_written_through_batches);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		printf("  could not remove %s\n", tmp);
	return harness_done();
}
