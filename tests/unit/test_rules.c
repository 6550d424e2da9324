/* test_rules.c — rules: the config's checks (each at file:line:col), every
 * condition and action, order and stop, and recording an inbox post once
 * with its rules in a store of its own. */
#include <regex.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "starling/config.h"
#include "starling/post.h"
#include "starling/rules.h"
#include "starling/store.h"
#include "starling/xmalloc.h"

static char	 dir[] = "/tmp/starling-rules.XXXXXX";

static int
parse(struct config *cfg, const char *yaml, char **errors)
{
	struct config_errors	errs = { NULL, 0 };
	size_t			len = 1, i;
	int			rc;

	config_defaults(cfg);
	rc = config_parse(cfg, "config.yaml", yaml, strlen(yaml), NULL, &errs);
	for (i = 0; i < errs.n; i++)
		len += strlen(errs.v[i]) + 1;
	*errors = xmalloc(len);
	(*errors)[0] = '\0';
	for (i = 0; i < errs.n; i++) {
		if (i > 0)
			strcat(*errors, "\n");
		strcat(*errors, errs.v[i]);
	}
	config_errors_free(&errs);
	return rc;
}

#define HEAD \
	"store: /tmp/x.db\n" \
	"me: carol\n" \
	"team: [alice, bob, carol]\n" \
	"columns:\n" \
	"  - { title: Mentions, source: demo, channel: mentions, inbox: true }\n" \
	"  - { title: Home, source: demo }\n"

#define CHECK_RULE_ERRORS(yaml, want) do {				\
	struct config	check_cfg;					\
	char		*check_got;					\
	int		 check_rc = parse(&check_cfg, (yaml), &check_got); \
	CHECK_STR_EQ(check_got, (want));				\
	CHECK_INT_EQ(check_rc, *(want) == '\0' ? 0 : -1);		\
	free(check_got);						\
	config_free(&check_cfg);					\
} while (0)

TEST(config_reads_every_key)
{
	struct config		 cfg;
	struct config_rule	*r;
	char			*errors;

	CHECK_INT_EQ(parse(&cfg, HEAD
	    "rules:\n"
	    "  - name: complaints\n"
	    "    match: \"refund|broken\"\n"
	    "    from: [\"@Dana@x.example\", eve]\n"
	    "    columns: Mentions\n"
	    "    network: demo\n"
	    "    lang: en\n"
	    "    followers: 100\n"
	    "    kind: [mention, reply]\n"
	    "    tag: \"#Complaint\"\n"
	    "    assign: me\n"
	    "    status: open\n"
	    "    priority: 3\n"
	    "    stop: true\n"
	    "  - { name: all, tag: seen }\n", &errors), 0);
	CHECK_STR_EQ(errors, "");
	free(errors);
	CHECK_INT_EQ(cfg.nrules, 2);
	CHECK(cfg.columns[0].inbox);
	CHECK(!cfg.columns[1].inbox);
	CHECK(config_has_inbox(&cfg));
	if (cfg.nrules == 2) {
		r = &cfg.rules[0];
		CHECK_STR_EQ(r->name, "complaints");
		CHECK_STR_EQ(r->match, "refund|broken");
		CHECK_INT_EQ(r->nfrom, 2);
		if (r->nfrom == 2) {
			CHECK_STR_EQ(r->from[0], "Dana@x.example");
			CHECK_STR_EQ(r->from[1], "eve");
		}
		CHECK_INT_EQ(r->ncolumns, 1);
		CHECK_STR_EQ(r->columns[0], "Mentions");
		CHECK_STR_EQ(r->network, "demo");
		CHECK_STR_EQ(r->lang, "en");
		CHECK_INT_EQ(r->followers, 100);
		CHECK_INT_EQ(r->nkinds, 2);
		CHECK_STR_EQ(r->tag, "complaint");
		CHECK_STR_EQ(r->assign, "carol");
		CHECK_STR_EQ(r->status, "open");
		CHECK_INT_EQ(r->priority, 3);
		CHECK(r->stop);
		CHECK_INT_EQ(r->line, 8);
		r = &cfg.rules[1];
		CHECK_INT_EQ(r->followers, -1);
		CHECK_INT_EQ(r->priority, -1);
		CHECK(!r->stop);
		CHECK(r->match == NULL && r->nfrom == 0);
	}
	config_free(&cfg);
}

TEST(config_errors_are_placed)
{
	regex_t	re;
	char	why[256], want[512];
	int	rc;

	/* The regular expression's own complaint, where it is written. */
	rc = regcomp(&re, "(refund", REG_EXTENDED | REG_ICASE | REG_NOSUB);
	CHECK(rc != 0);
	regerror(rc, &re, why, sizeof why);
	snprintf(want, sizeof want, "config.yaml:8:25: rules[0]: \"match\" is "
	    "not a regular expression: %s", why);
	CHECK_RULE_ERRORS(HEAD
	    "rules:\n"
	    "  - { name: bad, match: \"(refund\", tag: x }\n", want);

	CHECK_RULE_ERRORS(HEAD
	    "rules:\n"
	    "  - { match: x, tag: x }\n"
	    "  - { name: a, tag: x, colour: red }\n"
	    "  - { name: a, tag: y }\n"
	    "  - { name: b }\n"
	    "  - { name: c, columns: [Mentions, Home, Nowhere], tag: x }\n"
	    "  - { name: d, assign: mallory, status: snoozed, priority: 10000 }\n"
	    "  - { name: e, kind: gossip, network: myspace, tag: \"a b\" }\n"
	    "  - { name: f, followers: many, stop: yes, lang: \"en, de\" }\n",
	    "config.yaml:8:5: rules[0]: \"name\" is required\n"
	    "config.yaml:9:24: unknown key \"colour\" in rules[1] (expected one "
	    "of: name, match, from, columns, network, lang, followers, kind, "
	    "tag, assign, status, priority, stop)\n"
	    "config.yaml:10:13: rules[2]: the name \"a\" is taken by the rule "
	    "at line 9\n"
	    "config.yaml:11:5: rules[3]: the rule does nothing (give it \"tag\", "
	    "\"assign\", \"status\", \"priority\" or \"stop\")\n"
	    "config.yaml:12:36: rules[4]: column \"Home\" is not an inbox "
	    "(\"inbox: true\")\n"
	    "config.yaml:12:42: rules[4]: no column is titled \"Nowhere\"\n"
	    "config.yaml:13:41: unknown status \"snoozed\" (expected one of: "
	    "new, open, done, ignored)\n"
	    "config.yaml:13:60: \"priority\" must be an integer from 0 to "
	    "9999, got \"10000\"\n"
	    "config.yaml:13:24: rules[5]: \"assign\": \"mallory\" is not in the "
	    "team\n"
	    "config.yaml:14:22: unknown kind \"gossip\" (expected one of: "
	    "mention, reply, quote, post, repost, like, follow, poll, update)\n"
	    "config.yaml:14:39: rules[6]: unknown network \"myspace\"\n"
	    "config.yaml:14:53: rules[6]: \"tag\": a tag is one word\n"
	    "config.yaml:15:27: \"followers\" must be an integer ≥ 0, got "
	    "\"many\"\n"
	    "config.yaml:15:39: \"stop\" must be true or false, got \"yes\"\n"
	    "config.yaml:15:50: rules[7]: \"lang\" is one language code, like en "
	    "or pt-BR\n"
	    "config.yaml:15:5: rules[7]: the rule does nothing (give it \"tag\", "
	    "\"assign\", \"status\", \"priority\" or \"stop\")");

	/* An inbox needs the store, and a store column is no inbox. */
	CHECK_RULE_ERRORS(
	    "columns:\n"
	    "  - { title: M, source: demo, inbox: true }\n"
	    "  - { type: assigned, inbox: true }\n"
	    "  - { title: N, source: demo, inbox: maybe }\n",
	    "config.yaml:3:30: columns[1]: a store column (type \"assigned\") "
	    "cannot be an inbox\n"
	    "config.yaml:4:38: \"inbox\" must be true or false, got \"maybe\"\n"
	    "config.yaml:2:38: columns[0]: an inbox needs the team's store "
	    "(\"store:\" at the top level)\n"
	    "config.yaml:3:30: columns[1]: an inbox needs the team's store "
	    "(\"store:\" at the top level)");
	CHECK_RULE_ERRORS("rules: { name: x }\n",
	    "config.yaml:1:8: \"rules\" must be a list, got a mapping");
	CHECK_RULE_ERRORS("columns: [ { source: demo } ]\n"
	    "rules:\n  - { name: x, tag: y }\n",
	    "config.yaml:3:3: rules: no column is an inbox (\"inbox: true\"), "
	    "so no rule would ever be tried");
	CHECK_RULE_ERRORS("rules: []\n", "");
}

static struct post *
mkpost(const char *id, const char *handle, const char *text, long followers,
    const char *lang, enum post_notify notify, const char *reply_to)
{
	return post_new(&(struct post){ .network = "demo", .id = id,
	    .author_name = handle, .author_handle = handle, .text = text,
	    .followers = followers, .lang = lang, .notify = notify,
	    .reply_to_id = reply_to, .created = 1700000000 });
}

static struct rules *
load_rules(struct config *cfg, const char *yaml)
{
	char		*errors, err[256];
	struct rules	*rs;

	if (parse(cfg, yaml, &errors) != 0)
		printf("  config: %s\n", errors);
	free(errors);
	rs = rules_new(cfg, err, sizeof err);
	CHECK(rs != NULL);
	return rs;
}

/* The rule names (who) of what rules_match gives, joined by spaces. */
static void
matched(const struct rules *rs, const struct post *p, const char *column,
    char *out, size_t len)
{
	struct store_change	c[64];
	size_t			n, i;

	n = rules_match(rs, p, column, c, 64);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		CHECK(c[i].optional);
		CHECK_STR_EQ(c[i].network, "demo");
		snprintf(out + strlen(out), len - strlen(out), "%s%s:%s",
		    i ? " " : "", c[i].who + 5, store_change_action(&c[i]));
	}
}

TEST(every_condition)
{
	struct config	 cfg;
	struct rules	*rs;
	struct post	*p;
	char		 got[512];

	rs = load_rules(&cfg, HEAD
	    "rules:\n"
	    "  - { name: re, match: \"refund|broken\", tag: a }\n"
	    "  - { name: from, from: [\"@DANA\"], tag: b }\n"
	    "  - { name: col, columns: [Mentions], tag: c }\n"
	    "  - { name: net, network: demo, tag: d }\n"
	    "  - { name: lang, lang: pt, tag: e }\n"
	    "  - { name: big, followers: 1000, tag: f }\n"
	    "  - { name: kind, kind: reply, tag: g }\n"
	    "  - { name: bsky, network: bluesky, tag: h }\n");
	CHECK_INT_EQ(rules_count(rs), 8);

	p = mkpost("1", "dana", "My parcel is BROKEN", 999, "pt-BR",
	    POST_NOTIFY_MENTION, NULL);
	matched(rs, p, "Mentions", got, sizeof got);
	CHECK_STR_EQ(got, "re:tag from:tag col:tag net:tag lang:tag");
	CHECK_STR_EQ(rules_kind(p), "mention");
	post_unref(p);

	p = mkpost("2", "eve", "hello", 1000, "en", POST_NOTIFY_MENTION, "9");
	matched(rs, p, "Elsewhere", got, sizeof got);
	CHECK_STR_EQ(got, "net:tag big:tag kind:tag");
	CHECK_STR_EQ(rules_kind(p), "reply");
	post_unref(p);

	p = mkpost("3", "eve", "hi", 0, NULL, POST_NOTIFY_NONE, NULL);
	CHECK_STR_EQ(rules_kind(p), "post");
	post_unref(p);
	p = post_new(&(struct post){ .network = "demo", .id = "4",
	    .text = "x", .quote_author = "z" });
	CHECK_STR_EQ(rules_kind(p), "quote");
	post_unref(p);
	p = mkpost("5", "eve", "x", 0, NULL, POST_NOTIFY_LIKE, NULL);
	CHECK_STR_EQ(rules_kind(p), "like");
	post_unref(p);
	rules_free(rs);
	config_free(&cfg);
}

TEST(match_ignores_case_beyond_ascii)
{
	struct config	 cfg;
	struct rules	*rs;
	struct post	*p;
	char		 got[512];

	/* As starling runs: the user's locale, or C.UTF-8. */
	rs = load_rules(&cfg, HEAD
	    "rules:\n"
	    "  - { name: de, match: \"überweisung|straße\", tag: a }\n"
	    "  - { name: gr, match: \"ΠΑΡΑΓΓΕΛΊΑ\", tag: b }\n");
	p = mkpost("1", "dana", "Die ÜBERWEISUNG fehlt", 0, "de",
	    POST_NOTIFY_MENTION, NULL);
	matched(rs, p, "Mentions", got, sizeof got);
	CHECK_STR_EQ(got, "de:tag");
	post_unref(p);
	p = mkpost("2", "eleni", "η παραγγελία μου;", 0, "el",
	    POST_NOTIFY_MENTION, NULL);
	matched(rs, p, "Mentions", got, sizeof got);
	CHECK_STR_EQ(got, "gr:tag");
	post_unref(p);
	rules_free(rs);
	config_free(&cfg);
}

TEST(order_every_action_and_stop)
{
	struct config		 cfg;
	struct rules		*rs;
	struct post		*p;
	struct store_change	 c[64];
	char			 got[512];
	size_t			 n;

	rs = load_rules(&cfg, HEAD
	    "rules:\n"
	    "  - { name: one, match: refund, tag: complaint, assign: bob }\n"
	    "  - { name: two, match: refund, status: ignored, priority: 7, "
	    "stop: true }\n"
	    "  - { name: three, tag: late }\n");
	p = mkpost("1", "dana", "refund please", 0, NULL, POST_NOTIFY_MENTION,
	    NULL);
	matched(rs, p, "Mentions", got, sizeof got);
	CHECK_STR_EQ(got, "one:tag one:assign two:status two:priority");
	n = rules_match(rs, p, "Mentions", c, 64);
	CHECK_INT_EQ(n, 4);
	if (n == 4) {
		CHECK_STR_EQ(c[0].arg, "complaint");
		CHECK(c[0].on);
		CHECK_STR_EQ(c[1].arg, "bob");
		CHECK_INT_EQ(c[2].status, STORE_IGNORED);
		CHECK_INT_EQ(c[3].priority, 7);
		CHECK_STR_EQ(c[3].who, "rule two");
	}
	/* max is kept. */
	CHECK_INT_EQ(rules_match(rs, p, "Mentions", c, 3), 3);
	CHECK(rules_max_changes(rs) >= 6);
	post_unref(p);
	p = mkpost("2", "dana", "thanks", 0, NULL, POST_NOTIFY_MENTION, NULL);
	matched(rs, p, "Mentions", got, sizeof got);
	CHECK_STR_EQ(got, "three:tag");
	post_unref(p);
	rules_free(rs);
	config_free(&cfg);
}

static int	nrecord, nrule;

static bool
count_audit(const struct store_audit *a, void *arg)
{
	(void)arg;
	if (strcmp(a->action, "record") == 0) {
		nrecord++;
		CHECK_STR_EQ(a->who, "carol");
		CHECK(strstr(a->detail, "\"column\":\"Mentions\"") != NULL);
		CHECK(strstr(a->detail, "\"author\":\"dana\"") != NULL);
		CHECK(strstr(a->detail, "\"followers\":120") != NULL);
		CHECK(strstr(a->detail, "\"kind\":\"mention\"") != NULL);
		CHECK(strstr(a->detail, "\"network\":\"demo\"") != NULL);
		CHECK(strstr(a->detail, "\"lang\":\"en\"") != NULL);
	} else if (strncmp(a->who, "rule ", 5) == 0)
		nrule++;
	return true;
}

TEST(recording_applies_the_rules_once)
{
	struct config		 cfg;
	struct rules		*rs;
	struct store		*st;
	struct store_triage	 t;
	struct post		*p;
	char			 path[256], err[256];
	size_t			 napplied = 99;

	rs = load_rules(&cfg, HEAD
	    "rules:\n"
	    "  - { name: one, match: refund, tag: complaint, assign: bob }\n"
	    "  - { name: two, followers: 100, status: open, priority: 2 }\n"
	    "  - { name: dup, match: refund, tag: complaint }\n");
	snprintf(path, sizeof path, "%s/record.db", dir);
	st = store_open(path, "carol", err, sizeof err);
	CHECK(st != NULL);
	if (st == NULL)
		return;
	p = mkpost("1", "dana", "refund!", 120, "en", POST_NOTIFY_MENTION,
	    NULL);
	CHECK_INT_EQ(rules_record(st, rs, p, "Mentions", &napplied, err,
	    sizeof err), 1);
	CHECK_INT_EQ(napplied, 5);
	CHECK_INT_EQ(store_get(st, "demo", "1", &t), 1);
	CHECK_STR_EQ(t.assignee, "bob");
	CHECK_INT_EQ(t.ntags, 1);
	CHECK_INT_EQ(t.status, STORE_OPEN);
	CHECK_INT_EQ(t.priority, 2);
	store_triage_free(&t);
	/* A second time (another process, a refresh): nothing is written. */
	CHECK_INT_EQ(rules_record(st, rs, p, "Mentions", &napplied, err,
	    sizeof err), 0);
	CHECK_STR_EQ(err, "record: already recorded");
	CHECK_INT_EQ(store_audit_each(st, 0, count_audit, NULL), 0);
	CHECK_INT_EQ(nrecord, 1);
	CHECK_INT_EQ(nrule, 4);		/* dup's tag was there: skipped */
	post_unref(p);

	/* No rule matches: recorded, status new. */
	p = mkpost("2", "eve", "hi", 0, NULL, POST_NOTIFY_NONE, NULL);
	CHECK_INT_EQ(rules_record(st, rs, p, "Mentions", NULL, err,
	    sizeof err), 1);
	CHECK_INT_EQ(store_get(st, "demo", "2", &t), 1);
	CHECK_INT_EQ(t.status, STORE_NEW);
	CHECK_INT_EQ(t.ntags, 0);
	store_triage_free(&t);
	post_unref(p);
	store_close(st);
	rules_free(rs);
	config_free(&cfg);
}

TEST(a_post_takes_every_rules_action)
{
	struct config		 cfg;
	struct rules		*rs;
	struct store		*st;
	struct store_triage	 t;
	struct post		*p;
	char			*yaml, path[256], err[256];
	size_t			 len, i, napplied = 0;
	FILE			*f;

	/* More actions than any fixed batch would hold: 90 tags. */
	f = open_memstream(&yaml, &len);
	fputs(HEAD "rules:\n", f);
	for (i = 0; i < 90; i++)
		fprintf(f, "  - { name: r%zu, match: parcel, tag: t%zu }\n", i,
		    i);
	fclose(f);
	rs = load_rules(&cfg, yaml);
	free(yaml);
	snprintf(path, sizeof path, "%s/many.db", dir);
	st = store_open(path, "carol", err, sizeof err);
	CHECK(st != NULL && rs != NULL);
	if (st == NULL || rs == NULL)
		return;
	p = mkpost("1", "dana", "where is my parcel", 0, "en",
	    POST_NOTIFY_MENTION, NULL);
	CHECK_INT_EQ(rules_record(st, rs, p, "Mentions", &napplied, err,
	    sizeof err), 1);
	CHECK_INT_EQ(napplied, 90);
	CHECK_INT_EQ(store_get(st, "demo", "1", &t), 1);
	CHECK_INT_EQ(t.ntags, 90);
	store_triage_free(&t);
	post_unref(p);
	store_close(st);
	rules_free(rs);
	config_free(&cfg);
}

int
main(void)
{
	char	cmd[512];

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	if (setlocale(LC_ALL, "C.UTF-8") == NULL) {
		perror("C.UTF-8");
		return 1;
	}
	RUN(config_reads_every_key);
	RUN(config_errors_are_placed);
	RUN(every_condition);
	RUN(match_ignores_case_beyond_ascii);
	RUN(order_every_action_and_stop);
	RUN(recording_applies_the_rules_once);
	RUN(a_post_takes_every_rules_action);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("  could not remove %s\n", dir);
	return harness_done();
}
