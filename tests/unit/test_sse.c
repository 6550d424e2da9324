/* test_sse.c — the event-stream parser: every WHATWG rule it follows, the
 * same events whatever the chunking, and Mastodon's real stream. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "harness.h"
#include "starling/sse.h"

#define FIXTURE	"tests/fixtures/mastodon/streaming-events.txt"

/* Everything the parser reported, as one text to compare:
 * "[type|id|data]" per event, "~" per heartbeat. */
struct rec {
	char	*text;
	size_t	 len, cap;
	int	 events, heartbeats;
	size_t	 max_data;
};

static void
rec_add(struct rec *r, const char *s, size_t n)
{
	if (r->len + n + 1 > r->cap) {
		r->cap = (r->len + n + 1) * 2;
		r->text = realloc(r->text, r->cap);
	}
	memcpy(r->text + r->len, s, n);
	r->len += n;
	r->text[r->len] = '\0';
}

static void
rec_event(const char *event, const char *data, size_t len, const char *id,
    void *arg)
{
	struct rec	*r = arg;

	r->events++;
	if (len > r->max_data)
		r->max_data = len;
	if (data[len] != '\0')
		rec_add(r, "!unterminated!", 14);
	rec_add(r, "[", 1);
	rec_add(r, event, strlen(event));
	rec_add(r, "|", 1);
	if (id != NULL)
		rec_add(r, id, strlen(id));
	else
		rec_add(r, "-", 1);
	rec_add(r, "|", 1);
	rec_add(r, data, len);
	rec_add(r, "]", 1);
}

static void
rec_heartbeat(void *arg)
{
	struct rec	*r = arg;

	r->heartbeats++;
	rec_add(r, "~", 1);
}

static void
rec_clear(struct rec *r)
{
	free(r->text);
	memset(r, 0, sizeof *r);
}

/* Parses s in one go into r. */
static void
parse_whole(const char *s, size_t len, struct rec *r)
{
	struct sse	*p = sse_new(rec_event, rec_heartbeat, r);

	sse_feed(p, s, len);
	sse_free(p);
}

static const char *
parse(const char *s, struct rec *r)
{
	rec_clear(r);
	parse_whole(s, strlen(s), r);
	return r->text != NULL ? r->text : "";
}

TEST(basic_event_and_default_type)
{
	struct rec	r = { 0 };

	CHECK_STR_EQ(parse("data: hello\n\n", &r), "[message|-|hello]");
	CHECK_STR_EQ(parse("event: update\ndata: {\"a\":1}\n\n", &r),
	    "[update|-|{\"a\":1}]");
	/* The type does not carry over to the next event. */
	CHECK_STR_EQ(parse("event: a\ndata: 1\n\ndata: 2\n\n", &r),
	    "[a|-|1][message|-|2]");
	/* An empty event field means the default type. */
	CHECK_STR_EQ(parse("event:\ndata: x\n\n", &r), "[message|-|x]");
	/* The last event field wins. */
	CHECK_STR_EQ(parse("event: a\nevent: b\ndata: x\n\n", &r), "[b|-|x]");
	rec_clear(&r);
}

TEST(line_endings_crlf_lf_cr)
{
	struct rec	r = { 0 };

	CHECK_STR_EQ(parse("data: a\r\n\r\n", &r), "[message|-|a]");
	CHECK_STR_EQ(parse("data: a\r\rdata: b\r\r", &r),
	    "[message|-|a][message|-|b]");
	CHECK_STR_EQ(parse("data: a\rdata: b\n\r\n", &r),
	    "[message|-|a\nb]");
	/* CR LF is one line end, LF CR is two. */
	CHECK_STR_EQ(parse("data: a\n\rdata: b\r\n\n", &r),
	    "[message|-|a][message|-|b]");
	rec_clear(&r);
}

TEST(space_after_colon)
{
	struct rec	r = { 0 };

	/* One space is stripped, no more. */
	CHECK_STR_EQ(parse("data:x\n\n", &r), "[message|-|x]");
	CHECK_STR_EQ(parse("data: x\n\n", &r), "[message|-|x]");
	CHECK_STR_EQ(parse("data:  x\n\n", &r), "[message|-| x]");
	CHECK_STR_EQ(parse("data:\tx\n\n", &r), "[message|-|\tx]");
	CHECK_STR_EQ(parse("data: x \n\n", &r), "[message|-|x ]");
	/* Only the first colon splits. */
	CHECK_STR_EQ(parse("data: a: b\n\n", &r), "[message|-|a: b]");
	/* Names are exact: no case folding, no spaces. */
	CHECK_STR_EQ(parse("Data: x\ndata : y\n\n", &r), "");
	rec_clear(&r);
}

TEST(data_lines_joined)
{
	struct rec	r = { 0 };

	CHECK_STR_EQ(parse("data: a\ndata: b\ndata: c\n\n", &r),
	    "[message|-|a\nb\nc]");
	/* Empty data lines count. */
	CHECK_STR_EQ(parse("data\n\n", &r), "[message|-|]");
	CHECK_STR_EQ(parse("data:\n\n", &r), "[message|-|]");
	CHECK_STR_EQ(parse("data\ndata\n\n", &r), "[message|-|\n]");
	CHECK_STR_EQ(parse("data: a\ndata\n\n", &r), "[message|-|a\n]");
	CHECK_INT_EQ(r.events, 1);
	rec_clear(&r);
}

TEST(no_data_no_dispatch)
{
	struct rec	r = { 0 };

	CHECK_STR_EQ(parse("event: update\n\n", &r), "");
	CHECK_STR_EQ(parse("id: 5\n\n", &r), "");
	CHECK_STR_EQ(parse("\n\n\n", &r), "");
	/* The dropped event's type does not leak into the next one. */
	CHECK_STR_EQ(parse("event: a\n\ndata: x\n\n", &r), "[message|-|x]");
	/* Unterminated at the end: never dispatched. */
	CHECK_STR_EQ(parse("data: x\n", &r), "");
	CHECK_STR_EQ(parse("data: x", &r), "");
	rec_clear(&r);
}

TEST(ids)
{
	struct rec	r = { 0 };
	struct sse	*p;
	static const char with_nul[] = "id: a\0b\ndata: x\n\n";

	CHECK_STR_EQ(parse("id: 7\ndata: x\n\n", &r), "[message|7|x]");
	/* The last id sticks to later events. */
	CHECK_STR_EQ(parse("id: 7\ndata: x\n\ndata: y\n\n", &r),
	    "[message|7|x][message|7|y]");
	/* Even set by an event that was never dispatched. */
	CHECK_STR_EQ(parse("id: 9\n\ndata: y\n\n", &r), "[message|9|y]");
	/* An empty id clears it. */
	CHECK_STR_EQ(parse("id: 7\ndata: x\n\nid\ndata: y\n\n", &r),
	    "[message|7|x][message|-|y]");
	/* An id holding NUL is ignored. */
	rec_clear(&r);
	p = sse_new(rec_event, rec_heartbeat, &r);
	sse_feed(p, "id: 1\n", 6);
	sse_feed(p, with_nul, sizeof with_nul - 1);
	CHECK_STR_EQ(r.text, "[message|1|x]");
	/* sse_reset keeps the last id. */
	sse_feed(p, "id: 3\ndata: partial\n", 20);
	sse_reset(p);
	sse_feed(p, "data: z\n\n", 9);
	CHECK_STR_EQ(r.text, "[message|1|x][message|3|z]");
	sse_free(p);
	rec_clear(&r);
}

TEST(retry_and_unknown_fields_ignored)
{
	struct rec	r = { 0 };

	CHECK_STR_EQ(parse("retry: 1000\ndata: x\n\n", &r), "[message|-|x]");
	CHECK_STR_EQ(parse("retry: 1000\n\n", &r), "");
	CHECK_STR_EQ(parse("foo: bar\ndata: x\nstream: user\n\n", &r),
	    "[message|-|x]");
	rec_clear(&r);
}

TEST(comments_are_heartbeats)
{
	struct rec	r = { 0 };

	CHECK_STR_EQ(parse(":thump\n", &r), "~");
	CHECK_INT_EQ(r.events, 0);
	CHECK_INT_EQ(r.heartbeats, 1);
	CHECK_STR_EQ(parse(":\n:)\r\n", &r), "~~");
	/* A comment inside an event neither ends nor breaks it. */
	CHECK_STR_EQ(parse("data: a\n:thump\ndata: b\n\n", &r),
	    "~[message|-|a\nb]");
	rec_clear(&r);
}

TEST(bom_skipped_at_start_only)
{
	struct rec	r = { 0 };
	struct sse	*p;

	CHECK_STR_EQ(parse("\xef\xbb\xbf" "data: x\n\n", &r), "[message|-|x]");
	/* A second BOM is part of the field name: an unknown field. */
	CHECK_STR_EQ(parse("\xef\xbb\xbf\xef\xbb\xbf" "data: x\n\n", &r), "");
	/* Not at the start: kept as data. */
	CHECK_STR_EQ(parse("data: \xef\xbb\xbf\n\n", &r),
	    "[message|-|\xef\xbb\xbf]");
	/* Half a BOM is not one: its bytes stay. */
	CHECK_STR_EQ(parse("\xef\xbb" "data: x\n\n", &r), "");
	CHECK_STR_EQ(parse("\xef" "\n" "data: x\n\n", &r), "[message|-|x]");
	/* Split byte by byte; again after a reset (a new connection). */
	rec_clear(&r);
	p = sse_new(rec_event, rec_heartbeat, &r);
	sse_feed(p, "\xef", 1);
	sse_feed(p, "\xbb", 1);
	sse_feed(p, "\xbf" "da", 3);
	sse_feed(p, "ta: x\n\n", 7);
	sse_reset(p);
	sse_feed(p, "\xef\xbb\xbf" "data: y\n\n", 12);
	CHECK_STR_EQ(r.text, "[message|-|x][message|-|y]");
	sse_free(p);
	rec_clear(&r);
}

TEST(cr_at_chunk_end_then_lf)
{
	struct rec	 r = { 0 };
	struct sse	*p = sse_new(rec_event, rec_heartbeat, &r);

	sse_feed(p, "data: a\r", 8);
	sse_feed(p, "\ndata: b\r", 9);
	sse_feed(p, "\n\r", 2);
	sse_feed(p, "\n", 1);
	CHECK_STR_EQ(r.text, "[message|-|a\nb]");
	CHECK_INT_EQ(r.events, 1);
	sse_free(p);
	rec_clear(&r);
}

TEST(reset_forgets_partial_event)
{
	struct rec	 r = { 0 };
	struct sse	*p = sse_new(rec_event, rec_heartbeat, &r);

	sse_feed(p, "event: update\ndata: {\"id\":", 26);
	sse_reset(p);
	sse_feed(p, "\n\ndata: fresh\n\n", 15);
	CHECK_STR_EQ(r.text, "[message|-|fresh]");
	/* A CR pending at the reset does not eat the new stream's LF. */
	sse_feed(p, "data: q\r", 8);
	sse_reset(p);
	sse_feed(p, "\ndata: r\n\n", 10);
	CHECK_STR_EQ(r.text, "[message|-|fresh][message|-|r]");
	sse_free(p);
	rec_clear(&r);
}

TEST(cap_cuts_data_and_still_delivers)
{
	struct rec	 r = { 0 };
	struct sse	*p = sse_new(rec_event, rec_heartbeat, &r);

	sse_set_max_event(p, 8);
	sse_feed(p, "data: 0123456789abcdef\n\n", 24);
	CHECK_STR_EQ(r.text, "[message|-|01234567]");
	/* Across lines, the joining newline counts. */
	rec_clear(&r);
	sse_feed(p, "data: 0123\ndata: 456789\n\n", 25);
	CHECK_STR_EQ(r.text, "[message|-|0123\n456]");
	/* The next event starts afresh. */
	rec_clear(&r);
	sse_feed(p, "data: ok\n\n", 10);
	CHECK_STR_EQ(r.text, "[message|-|ok]");
	/* A line without end, fed in pieces, stays bounded. */
	rec_clear(&r);
	sse_feed(p, "event: big\ndata: ", 17);
	for (int i = 0; i < 1000; i++)
		sse_feed(p, "xxxxxxxxxx", 10);
	sse_feed(p, "\n\n", 2);
	CHECK_STR_EQ(r.text, "[big|-|xxxxxxxx]");
	sse_free(p);
	rec_clear(&r);
}

TEST(cap_default_is_sse_max_event)
{
	struct rec	 r = { 0 };
	struct sse	*p = sse_new(rec_event, NULL, &r);
	size_t		 n = SSE_MAX_EVENT + 1000, i;
	char		*big = malloc(n);

	memset(big, 'y', n);
	sse_feed(p, "data: ", 6);
	for (i = 0; i < n; i += 4096)
		sse_feed(p, big + i, n - i < 4096 ? n - i : 4096);
	sse_feed(p, "\n\n", 2);
	CHECK_INT_EQ(r.events, 1);
	CHECK_INT_EQ(r.max_data, SSE_MAX_EVENT);
	free(big);
	sse_free(p);
	rec_clear(&r);
}


/* What "flat" allows (KiB): the 4 MiB cap twice and change; under
 * AddressSanitizer its quarantine keeps what realloc freed, and shadow. */
#if defined(__SANITIZE_ADDRESS__)
#define TEST_FLAT_KIB	(48 * 1024)
#else
#define TEST_FLAT_KIB	(16 * 1024)
#endif

/* Peak resident memory of this process, KiB. */
static long
test_maxrss(void)
{
	struct rusage	ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

TEST(hundred_mb_line_without_newline_keeps_memory_flat)
{
	struct rec	 r = { 0 };
	struct sse	*p = sse_new(rec_event, rec_heartbeat, &r);
	static char	 chunk[65536];
	size_t		 fed;
	long		 before;

	memset(chunk, 'z', sizeof chunk);
	before = test_maxrss();
	sse_feed(p, "data: ", 6);
	for (fed = 0; fed < (size_t)100 << 20; fed += sizeof chunk)
		sse_feed(p, chunk, sizeof chunk);
	/* The cap (4 MiB) and a little: never the 100 MB fed. */
	if (test_maxrss() - before >= TEST_FLAT_KIB)
		printf("    grew by %ld KiB\n", test_maxrss() - before);
	CHECK(test_maxrss() - before < TEST_FLAT_KIB);
	sse_feed(p, "\n\n", 2);
	CHECK_INT_EQ(r.events, 1);
	CHECK(r.max_data <= SSE_MAX_EVENT);
	/* A comment line without end is no different. */
	sse_feed(p, ":", 1);
	for (fed = 0; fed < (size_t)100 << 20; fed += sizeof chunk)
		sse_feed(p, chunk, sizeof chunk);
	CHECK(test_maxrss() - before < TEST_FLAT_KIB);
	sse_free(p);
	rec_clear(&r);
}

TEST(nul_bytes_in_data_pass_through)
{
	struct rec	 r = { 0 };
	static const char s[] = "data: a\0b\n\n";
	static const char t[] = "event: up\0date\ndata: x\n\n";

	parse_whole(s, sizeof s - 1, &r);
	CHECK_INT_EQ(r.events, 1);
	CHECK_INT_EQ(r.max_data, 3);
	/* Not in a type: that field is ignored. */
	rec_clear(&r);
	parse_whole(t, sizeof t - 1, &r);
	CHECK_STR_EQ(r.text, "[message|-|x]");
	rec_clear(&r);
}

/* Every rule above in one stream. */
static const char sample[] =
    "\xef\xbb\xbf:hello\r\n"
    "\r\n"
    "event: update\r\n"
    "id: 1\r\n"
    "data: {\"a\":\r\n"
    "data:  1}\r\n"
    "\r\n"
    "event: delete\r"
    "data:42\r"
    "retry: 3000\r"
    "\r"
    ":thump\n"
    "event: nodata\n"
    "id: 2\n"
    "\n"
    "data\n"
    "foo: bar\n"
    "\n"
    "data: caf\xc3\xa9 \xf0\x9f\x90\xa6\n"
    "data: two\r\n"
    "\n"
    "event: status.update\n"
    "data: last\n"
    "\n"
    "data: never dispatched";

static const char sample_want[] =
    "~[update|1|{\"a\":\n 1}][delete|1|42]~[message|2|]"
    "[message|2|caf\xc3\xa9 \xf0\x9f\x90\xa6\ntwo][status.update|2|last]";

TEST(sample_whole)
{
	struct rec	r = { 0 };

	parse_whole(sample, sizeof sample - 1, &r);
	CHECK_STR_EQ(r.text, sample_want);
	rec_clear(&r);
}

/* The same events whatever the cut: into two at every offset, into three
 * at every pair of offsets, and a byte at a time. */
TEST(sample_split_everywhere)
{
	const size_t	 n = sizeof sample - 1;
	struct rec	 r = { 0 };
	struct sse	*p;
	size_t		 i, j;
	int		 bad = 0;

	for (i = 0; i <= n; i++) {
		for (j = i; j <= n; j++) {
			rec_clear(&r);
			p = sse_new(rec_event, rec_heartbeat, &r);
			sse_feed(p, sample, i);
			sse_feed(p, sample + i, j - i);
			sse_feed(p, sample + j, n - j);
			sse_free(p);
			if (r.text == NULL || strcmp(r.text, sample_want) != 0)
				bad++;
		}
	}
	CHECK_INT_EQ(bad, 0);
	rec_clear(&r);
	p = sse_new(rec_event, rec_heartbeat, &r);
	for (i = 0; i < n; i++)
		sse_feed(p, sample + i, 1);
	sse_free(p);
	CHECK_STR_EQ(r.text, sample_want);
	rec_clear(&r);
}

static char *
read_file(const char *path, size_t *len)
{
	FILE	*f = fopen(path, "rb");
	char	*buf = NULL;
	long	 n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		*len = fread(buf, 1, (size_t)n, f);
		buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

/* Mastodon's own stream: its events, in order, whatever the chunking. */
TEST(mastodon_stream_fixture)
{
	static const char *types[] = { "update", "notification",
	    "filters_changed", "announcement", "announcement.reaction",
	    "announcement.delete", "status.update", "update", "delete",
	    "status.update", "update", "delete", "update", "delete",
	    "status.update", "status.update", "conversation" };
	const size_t	 ntypes = sizeof types / sizeof types[0];
	struct rec	 whole = { 0 }, r = { 0 };
	struct sse	*p;
	size_t		 len, i, k, step;
	char		*s, *cur, want[64];
	int		 bad = 0;

	if ((s = read_file(FIXTURE, &len)) == NULL) {
		printf("FAIL: %s missing\n", FIXTURE);
		CHECK(s != NULL);
		return;
	}
	parse_whole(s, len, &whole);
	CHECK_INT_EQ(whole.events, (int)ntypes);
	CHECK_INT_EQ(whole.heartbeats, 1);
	cur = whole.text;
	for (k = 0; k < ntypes && cur != NULL; k++) {
		snprintf(want, sizeof want, "[%s|-|", types[k]);
		cur = strstr(cur, want);
		CHECK(cur != NULL);
		if (cur != NULL)
			cur++;
	}
	CHECK(strstr(whole.text, "[filters_changed|-|undefined]") != NULL);
	CHECK(strstr(whole.text, "[delete|-|107214471804101576]") != NULL);
	CHECK(strstr(whole.text, "[update|-|{\"id\":\"108914327388663283\"")
	    != NULL);

	/* Split in two at every offset. */
	for (i = 0; i <= len; i++) {
		rec_clear(&r);
		p = sse_new(rec_event, rec_heartbeat, &r);
		sse_feed(p, s, i);
		sse_feed(p, s + i, len - i);
		sse_free(p);
		if (r.text == NULL || strcmp(r.text, whole.text) != 0)
			bad++;
	}
	/* Fixed-size chunks, as a network delivers them. */
	for (step = 1; step <= 4099; step += step < 16 ? 1 : 509) {
		rec_clear(&r);
		p = sse_new(rec_event, rec_heartbeat, &r);
		for (i = 0; i < len; i += step)
			sse_feed(p, s + i, len - i < step ? len - i : step);
		sse_free(p);
		if (r.text == NULL || strcmp(r.text, whole.text) != 0)
			bad++;
	}
	CHECK_INT_EQ(bad, 0);

	/* The same with CRLF line ends. */
	{
		char	*crlf = malloc(2 * len + 1);
		size_t	 m = 0;

		for (i = 0; i < len; i++) {
			if (s[i] == '\n')
				crlf[m++] = '\r';
			crlf[m++] = s[i];
		}
		rec_clear(&r);
		parse_whole(crlf, m, &r);
		CHECK(r.text != NULL && strcmp(r.text, whole.text) == 0);
		free(crlf);
	}
	rec_clear(&r);
	rec_clear(&whole);
	free(s);
}

int
main(void)
{
	RUN(basic_event_and_default_type);
	RUN(line_endings_crlf_lf_cr);
	RUN(space_after_colon);
	RUN(data_lines_joined);
	RUN(no_data_no_dispatch);
	RUN(ids);
	RUN(retry_and_unknown_fields_ignored);
	RUN(comments_are_heartbeats);
	RUN(bom_skipped_at_start_only);
	RUN(cr_at_chunk_end_then_lf);
	RUN(reset_forgets_partial_event);
	RUN(cap_cuts_data_and_still_delivers);
	RUN(cap_default_is_sse_max_event);
	RUN(hundred_mb_line_without_newline_keeps_memory_flat);
	RUN(nul_bytes_in_data_pass_through);
	RUN(sample_whole);
	RUN(sample_split_everywhere);
	RUN(mastodon_stream_fixture);
	return harness_done();
}
