/* test_config.c — config parsing: the example file, and one test per kind of
 * mistake, each asserting the exact "file:line:col: message". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "starling/config.h"
#include "starling/xmalloc.h"

#define EXAMPLE	"tests/fixtures/examples/config.yaml"

static int
check_command(const char *command, char *err, size_t len)
{
	static const char *const known[] = {
		"down", "up", "reply", "repost", "like", "assign", "tag",
		"done", "quit", NULL
	};
	size_t	i;

	for (i = 0; known[i] != NULL; i++) {
		if (strcmp(known[i], command) == 0)
			return 0;
	}
	snprintf(err, len, "unknown command \"%s\"", command);
	return -1;
}

/* Parses yaml over the defaults; returns every error joined by newlines
 * ("" when none), and the parser's return code in *rc. */
static char *
parse_errors(const char *yaml, int *rc)
{
	struct config		cfg;
	struct config_errors	errs = { NULL, 0 };
	char			*out;
	size_t			 len = 1, i;

	config_defaults(&cfg);
	*rc = config_parse(&cfg, "config.yaml", yaml, strlen(yaml),
	    check_command, &errs);
	for (i = 0; i < errs.n; i++)
		len += strlen(errs.v[i]) + 1;
	out = xmalloc(len);
	out[0] = '\0';
	for (i = 0; i < errs.n; i++) {
		if (i > 0)
			strcat(out, "\n");
		strcat(out, errs.v[i]);
	}
	config_errors_free(&errs);
	config_free(&cfg);
	return out;
}

#define CHECK_ERRORS(yaml, want) do {					\
	int	 check_rc;						\
	char	*check_got = parse_errors((yaml), &check_rc);		\
	CHECK_STR_EQ(check_got, (want));				\
	CHECK_INT_EQ(check_rc, *(want) == '\0' ? 0 : -1);		\
	free(check_got);						\
} while (0)

TEST(example_file)
{
	struct config		cfg;
	struct config_errors	errs = { NULL, 0 };
	size_t			i;

	config_defaults(&cfg);
	CHECK_INT_EQ(config_load(&cfg, EXAMPLE, check_command, &errs), 0);
	for (i = 0; i < errs.n; i++)
		printf("  unexpected: %s\n", errs.v[i]);
	CHECK_INT_EQ(errs.n, 0);
	CHECK_STR_EQ(cfg.path, EXAMPLE);
	CHECK_STR_EQ(cfg.me, "alice");
	CHECK_STR_EQ(cfg.theme, "default");
	CHECK_STR_EQ(cfg.store, "~/.local/share/starling/triage.db");
	CHECK_INT_EQ(cfg.nteam, 3);
	if (cfg.nteam == 3) {
		CHECK_STR_EQ(cfg.team[2], "carol");
		CHECK_STR_EQ(cfg.team_roles[2], "support");
		CHECK(cfg.team_roles[0] == NULL);
	}
	CHECK_INT_EQ(cfg.naccounts, 2);
	if (cfg.naccounts == 2) {
		CHECK_STR_EQ(cfg.accounts[0].name, "acme-masto");
		CHECK_STR_EQ(cfg.accounts[0].token_cmd,
		    "pass show social/acme-masto");
		CHECK_STR_EQ(cfg.accounts[1].instance, "https://social.example");
	}
	CHECK_INT_EQ(cfg.ncolumns, 6);
	if (cfg.ncolumns == 6) {
		CHECK_STR_EQ(cfg.columns[2].title, "#acme");
		CHECK_STR_EQ(cfg.columns[3].query, "globex OR initech");
		CHECK_STR_EQ(cfg.columns[4].type, "assigned");
		CHECK_STR_EQ(cfg.columns[4].to, "me");
		CHECK_STR_EQ(cfg.columns[5].source, "demo");
		CHECK_STR_EQ(cfg.columns[5].channel, "mentions");
		CHECK(cfg.columns[5].rate == 0.5);
		CHECK_INT_EQ(cfg.columns[5].backlog, 20);
		CHECK_INT_EQ(cfg.columns[0].line, 27);
	}
	CHECK_INT_EQ(cfg.ntags, 3);
	if (cfg.ntags == 3) {
		CHECK_STR_EQ(cfg.tags[0].key, "complaint");
		CHECK_STR_EQ(cfg.tags[0].value, "red");
	}
	CHECK_INT_EQ(cfg.ntemplates, 1);
	CHECK_INT_EQ(cfg.npolicy_banned, 2);
	CHECK_INT_EQ(cfg.npolicy_confirm, 1);
	CHECK_INT_EQ(cfg.policy_send_delay, 5);
	CHECK_INT_EQ(cfg.npolicy_approval_for, 1);
	CHECK_INT_EQ(cfg.npolicy_approvers, 1);
	CHECK_INT_EQ(cfg.nkeys, 6);
	if (cfg.nkeys == 6) {
		CHECK_STR_EQ(cfg.keys[4].key, "#");
		CHECK_STR_EQ(cfg.keys[4].command, "tag");
		CHECK_INT_EQ(cfg.keys[4].line, 55);
		CHECK_INT_EQ(cfg.keys[4].col, 3);
	}
	config_errors_free(&errs);
	config_free(&cfg);
}

TEST(defaults)
{
	struct config	cfg;

	setenv("USER", "zed", 1);
	config_defaults(&cfg);
	CHECK_STR_EQ(cfg.me, "zed");
	CHECK_STR_EQ(cfg.theme, "default");
	CHECK_INT_EQ(cfg.ncolumns, 4);
	if (cfg.ncolumns == 4) {
		CHECK_STR_EQ(cfg.columns[0].title, "Home");
		CHECK_STR_EQ(cfg.columns[0].channel, "home");
		CHECK_STR_EQ(cfg.columns[1].channel, "mentions");
		CHECK_STR_EQ(cfg.columns[2].title, "Search \"acme\"");
		CHECK_STR_EQ(cfg.columns[2].query, "acme");
		CHECK_STR_EQ(cfg.columns[3].channel, "competitors");
		CHECK_STR_EQ(cfg.columns[3].query, "globex OR initech");
		CHECK(cfg.columns[0].rate > 0 && cfg.columns[3].rate > 0);
		CHECK_INT_EQ(cfg.columns[3].backlog, 20);
	}
	config_free(&cfg);

	unsetenv("USER");
	config_defaults(&cfg);
	CHECK_STR_EQ(cfg.me, "me");
	config_free(&cfg);
}

TEST(empty_file_keeps_defaults)
{
	CHECK_ERRORS("", "");
	CHECK_ERRORS("# nothing\n", "");
	CHECK_ERRORS("---\n", "");
	CHECK_ERRORS("~\n", "");
	CHECK_ERRORS("---\n---\nme: x\n",
	    "config.yaml:2:1: only one YAML document is allowed");
}

TEST(column_defaults_and_titles)
{
	struct config		cfg;
	struct config_errors	errs = { NULL, 0 };
	const char		*yaml =
	    "columns:\n"
	    "  - source: demo\n"
	    "  - { source: demo, channel: search, query: acme }\n"
	    "  - { type: tagged, tag: complaint }\n"
	    "  - { source: demo, type: mentions, width: 40, backlog: 0 }\n"
	    "  - { account: a }\n"
	    "column_width: auto\n"
	    "accounts: [{ name: a, network: mastodon, instance: x }]\n";

	config_defaults(&cfg);
	CHECK_INT_EQ(config_parse(&cfg, "c", yaml, strlen(yaml), NULL, &errs),
	    0);
	CHECK_INT_EQ(errs.n, 0);
	CHECK_INT_EQ(cfg.ncolumns, 5);
	if (cfg.ncolumns == 5) {
		CHECK_STR_EQ(cfg.columns[4].type, "home");
		CHECK_STR_EQ(cfg.columns[4].title, "Home");
		CHECK(cfg.columns[4].channel == NULL);
		CHECK_STR_EQ(cfg.columns[0].title, "Home");
		CHECK_STR_EQ(cfg.columns[0].channel, "home");
		CHECK(cfg.columns[0].rate == 0.2);
		CHECK_INT_EQ(cfg.columns[0].backlog, 20);
		CHECK_INT_EQ(cfg.columns[0].width, 0);
		CHECK_INT_EQ(cfg.columns[0].line, 2);
		CHECK_STR_EQ(cfg.columns[1].title, "Search \"acme\"");
		CHECK_STR_EQ(cfg.columns[2].title, "Tagged complaint");
		CHECK_STR_EQ(cfg.columns[3].channel, "mentions");
		CHECK_INT_EQ(cfg.columns[3].width, 40);
		CHECK_INT_EQ(cfg.columns[3].backlog, 0);
	}
	CHECK_INT_EQ(cfg.column_width, 0);
	config_errors_free(&errs);
	config_free(&cfg);
}

TEST(unknown_top_level_key)
{
	CHECK_ERRORS("me: bob\ncolums: []\n",
	    "config.yaml:2:1: unknown key \"colums\" in top level (expected "
	    "one of: me, theme, store, store_password_cmd, column_width, sla, "
	    "influencer, alerts, team, accounts, columns, tags, templates, policy, "
	    "keys, rules)");
}

TEST(unknown_column_key)
{
	CHECK_ERRORS("columns:\n  - { source: demo, titel: x }\n",
	    "config.yaml:2:21: unknown key \"titel\" in columns[0] (expected "
	    "one of: title, source, account, type, channel, query, to, tag, "
	    "status, list, types, reasons, every, rate, backlog, width, sla, url, "
	    "command, inbox, sort)");
}

TEST(unknown_account_key)
{
	CHECK_ERRORS("accounts:\n  - name: a\n    network: mastodon\n"
	    "    instance: a.b\n    pasword_cmd: x\n",
	    "config.yaml:5:5: unknown key \"pasword_cmd\" in accounts[0] "
	    "(expected one of: name, network, instance, service, handle, "
	    "token_cmd, token_env, token_file, password_cmd, password_env, "
	    "password_file, api, client_id, bearer_cmd, bearer_env, budget)");
}

TEST(unknown_policy_key)
{
	CHECK_ERRORS("policy:\n  delay: 5\n",
	    "config.yaml:2:3: unknown key \"delay\" in policy (expected one "
	    "of: banned, required, confirm_accounts, send_delay, approval)");
}

/* Templates: an unknown placeholder is found where it is written. */
TEST(template_placeholders)
{
	CHECK_ERRORS("templates:\n  ok: \"Hi {author} @{handle}, {me} for "
	    "{account} on {network} {not one}\"\n", "");
	CHECK_ERRORS("templates:\n  ticket: \"Hi {author}, {ticket_no}\"\n",
	    "config.yaml:2:25: template \"ticket\": unknown placeholder "
	    "{ticket_no} (expected {author}, {handle}, {me}, {account} or "
	    "{network})");
	CHECK_ERRORS("templates:\n  t: é {who}\n",
	    "config.yaml:2:8: template \"t\": unknown placeholder {who} "
	    "(expected {author}, {handle}, {me}, {account} or {network})");
}

/* policy: every key does what it says, or is an error. */
TEST(policy_rules)
{
	struct config		cfg;
	struct config_errors	errs = { NULL, 0 };
	const char		*y = "accounts:\n"
	    "  - { name: a, network: mastodon, instance: https://x.example }\n"
	    "  - { name: b, network: mastodon, instance: https://y.example }\n"
	    "policy:\n"
	    "  banned: [guarantee, \"refund within [0-9]+ hours\"]\n"
	    "  required: { a: { text: \" ^CW\", append: true }, b: \"#ad\" }\n"
	    "  confirm_accounts: [b]\n"
	    "  send_delay: 4\n";

	config_defaults(&cfg);
	CHECK_INT_EQ(config_parse(&cfg, "c.yaml", y, strlen(y), NULL, &errs),
	    0);
	CHECK_INT_EQ(cfg.npolicy_banned, 2);
	CHECK_INT_EQ(cfg.npolicy_required, 2);
	if (cfg.npolicy_required == 2) {
		CHECK_STR_EQ(cfg.policy_required[0].account, "a");
		CHECK_STR_EQ(cfg.policy_required[0].text, " ^CW");
		CHECK(cfg.policy_required[0].append);
		CHECK_STR_EQ(cfg.policy_required[1].text, "#ad");
		CHECK(!cfg.policy_required[1].append);
	}
	CHECK_INT_EQ(cfg.policy_send_delay, 4);
	config_errors_free(&errs);
	config_free(&cfg);

	CHECK_ERRORS("policy:\n  banned: [ok, \"refund (within\"]\n",
	    "config.yaml:2:16: banned[1]: not a regular expression: "
	    "Unmatched ( or \\(");
	CHECK_ERRORS("policy:\n  banned: [\"\"]\n",
	    "config.yaml:2:12: banned[0]: an empty pattern bans everything");
	CHECK_ERRORS("policy:\n  required: { nobody: x }\n",
	    "config.yaml:2:15: unknown account \"nobody\" (no accounts are "
	    "defined)");
	CHECK_ERRORS("accounts:\n  - { name: a, network: mastodon, instance: "
	    "https://x.example }\npolicy:\n  required: { a: { append: "
	    "maybe } }\n",
	    "config.yaml:4:28: unknown append \"maybe\" (expected one of: "
	    "true, false)\n"
	    "config.yaml:4:18: required: a: \"text\" is required");
	/* Approval names are teammates (or me), wherever team: is. */
	CHECK_ERRORS("policy:\n  approval: { required_for: [carol, zed], "
	    "approvers: [alice] }\nteam: [alice, carol]\n",
	    "config.yaml:2:37: approval: required_for: \"zed\" is not in the "
	    "team");
	CHECK_ERRORS("policy:\n  approval: { required_for: [carol] }\n",
	    "config.yaml:2:13: approval: \"approvers\" is required (who "
	    "approves them)\n"
	    "config.yaml:2:30: approval: required_for: \"carol\" is not in "
	    "the team (no team: is defined)");
	CHECK_ERRORS("me: carol\npolicy:\n  approval: { required_for: [], "
	    "approvers: [bob] }\n",
	    "config.yaml:3:29: approval: \"required_for\" names nobody\n"
	    "config.yaml:3:45: approval: approvers: \"bob\" is not in the "
	    "team (no team: is defined)");
	CHECK_ERRORS("policy:\n  approval: { required_for: [carol], whom: x, "
	    "approvers: [alice] }\nteam: [alice, carol]\n",
	    "config.yaml:2:38: unknown key \"whom\" in approval (expected one "
	    "of: required_for, approvers)");
}

TEST(approval_config)
{
	struct config	cfg;
	struct config_errors errs = { 0 };
	const char	*y = "me: alice\nteam: [alice, carol]\npolicy:\n"
	    "  approval:\n    required_for: [carol]\n"
	    "    approvers: [alice, me]\n";

	config_defaults(&cfg);
	CHECK(config_parse(&cfg, "config.yaml", y, strlen(y), NULL,
	    &errs) == -1);
	CHECK(errs.n == 1);
	config_errors_free(&errs);
	config_free(&cfg);
	y = "me: alice\nteam: [alice, carol]\npolicy:\n"
	    "  approval:\n    required_for: [carol]\n"
	    "    approvers: [alice]\n";
	config_defaults(&cfg);
	CHECK(config_parse(&cfg, "config.yaml", y, strlen(y), NULL,
	    &errs) == 0);
	CHECK(cfg.npolicy_approval_for == 1);
	CHECK_STR_EQ(cfg.policy_approval_for[0], "carol");
	CHECK(cfg.npolicy_approvers == 1);
	CHECK_STR_EQ(cfg.policy_approvers[0], "alice");
	config_errors_free(&errs);
	config_free(&cfg);
}

TEST(wrong_type)
{
	CHECK_ERRORS("columns:\n  title: x\n",
	    "config.yaml:2:3: \"columns\" must be a list, got a mapping");
	CHECK_ERRORS("columns:\n  - demo\n",
	    "config.yaml:2:5: columns[0] must be a mapping, got \"demo\"");
	CHECK_ERRORS("me: [a, b]\n",
	    "config.yaml:1:5: \"me\" must be a string, got a list");
	CHECK_ERRORS("policy: [a]\n",
	    "config.yaml:1:9: \"policy\" must be a mapping, got a list");
	CHECK_ERRORS("team:\n  - [a]\n",
	    "config.yaml:2:5: team[0] must be a string or a mapping, got a "
	    "list");
	CHECK_ERRORS("- a\n- b\n",
	    "config.yaml:1:1: the top level must be a mapping, got a list");
	CHECK_ERRORS("policy:\n  banned: [x, {y: z}]\n",
	    "config.yaml:2:15: banned[1] must be a string, got a mapping");
	CHECK_ERRORS("me:\n",
	    "config.yaml:1:4: \"me\" must be a string, got nothing");
	CHECK_ERRORS("templates:\n  hi: [x]\n",
	    "config.yaml:2:7: \"hi\" must be a string, got a list");
}

TEST(bad_number)
{
	CHECK_ERRORS("columns:\n  - { source: demo, rate: fast }\n",
	    "config.yaml:2:27: \"rate\" must be a number ≥ 0, got \"fast\"");
	CHECK_ERRORS("columns:\n  - { source: demo, rate: 0x10 }\n",
	    "config.yaml:2:27: \"rate\" must be a number ≥ 0, got \"0x10\"");
	CHECK_ERRORS("columns:\n  - { source: demo, backlog: 1001 }\n",
	    "config.yaml:2:30: \"backlog\" must be an integer from 0 to 1000, "
	    "got \"1001\"");
	CHECK_ERRORS("columns:\n  - { source: demo, backlog: 2.5 }\n",
	    "config.yaml:2:30: \"backlog\" must be an integer from 0 to 1000, "
	    "got \"2.5\"");
	CHECK_ERRORS("policy: { send_delay: [] }\n",
	    "config.yaml:1:23: \"send_delay\" must be an integer ≥ 0, got a "
	    "list");
	CHECK_ERRORS("influencer: 0\n",
	    "config.yaml:1:13: \"influencer\" must be an integer ≥ 1, got "
	    "\"0\"");
	CHECK_ERRORS("column_width: wide\n",
	    "config.yaml:1:15: \"column_width\" must be \"auto\" or an integer "
	    "≥ 18, got \"wide\"");
}

TEST(a_column_sorts_by_time_or_priority)
{
	CHECK_ERRORS("columns:\n  - { title: A, source: demo, sort: size }\n",
	    "config.yaml:2:37: unknown sort \"size\" (expected one of: "
	    "time, priority)");
	CHECK_ERRORS("columns:\n  - { title: A, source: demo, sort: priority }"
	    "\n", "");
}

TEST(alerts_are_true_or_false)
{
	struct config		cfg;
	struct config_errors	errs = { NULL, 0 };
	const char		*yaml = "alerts: false\n";

	CHECK_ERRORS("alerts: maybe\n",
	    "config.yaml:1:9: unknown alerts \"maybe\" (expected one of: "
	    "true, false)");
	CHECK_ERRORS("alerts: [on]\n",
	    "config.yaml:1:9: \"alerts\" must be a string, got a list");
	CHECK_ERRORS("alerts: true\n", "");
	config_defaults(&cfg);
	CHECK(config_alerts(&cfg));
	CHECK_INT_EQ(config_parse(&cfg, "config.yaml", yaml, strlen(yaml), NULL,
	    &errs), 0);
	CHECK(!config_alerts(&cfg));
	config_errors_free(&errs);
	config_free(&cfg);
}

TEST(negative_rate)
{
	CHECK_ERRORS("columns:\n  - source: demo\n    rate: -0.5\n",
	    "config.yaml:3:11: \"rate\" must be a number ≥ 0, got \"-0.5\"");
}

TEST(width_below_minimum)
{
	CHECK_ERRORS("columns:\n  - source: demo\n    width: 10\n",
	    "config.yaml:3:12: \"width\" must be an integer ≥ 18, got \"10\"");
	CHECK_ERRORS("column_width: 17\n",
	    "config.yaml:1:15: \"column_width\" must be \"auto\" or an integer "
	    "≥ 18, got \"17\"");
}

TEST(unknown_channel)
{
	CHECK_ERRORS("columns:\n  - { source: demo, channel: news }\n",
	    "config.yaml:2:30: unknown channel \"news\" (expected one of: "
	    "home, mentions, search, competitors, hashtag, notifications)");
}

TEST(feed_and_exec_columns_and_their_keys)
{
	struct config		cfg;
	struct config_errors	errs = { NULL, 0 };
	static const char	yaml[] =
	    "columns:\n"
	    "  - { source: feed, url: \"https://news.example/a.atom\" }\n"
	    "  - { source: feed, url: \"https://b.example/r\", every: 30s, "
	    "title: B }\n"
	    "  - { source: exec, command: ./tickets.sh }\n";

	CHECK_ERRORS(yaml, "");
	config_defaults(&cfg);
	CHECK_INT_EQ(config_parse(&cfg, "/etc/deck/config.yaml", yaml,
	    sizeof yaml - 1, check_command, &errs), 0);
	if (cfg.ncolumns == 3) {
		/* Without a title: what it reads or runs. */
		CHECK_STR_EQ(cfg.columns[0].title, "news.example/a.atom");
		CHECK_INT_EQ(cfg.columns[0].every, 0);
		CHECK_INT_EQ(cfg.columns[1].every, 30);
		CHECK_STR_EQ(cfg.columns[2].title, "./tickets.sh");
		CHECK_STR_EQ(cfg.columns[2].command, "./tickets.sh");
	}
	config_free(&cfg);
	config_errors_free(&errs);

	CHECK_ERRORS("columns:\n  - { source: feed }\n"
	    "  - { source: exec }\n"
	    "  - { source: feed, url: x, every: 2s }\n"
	    "  - { source: feed, url: x, command: y, rate: 1 }\n"
	    "  - { source: exec, command: y, every: 1m }\n"
	    "  - { source: demo, url: x }\n"
	    "  - { source: feed, url: x, channel: feed }\n",
	    "config.yaml:2:5: columns[0]: channel \"feed\" needs \"url\"\n"
	    "config.yaml:3:5: columns[1]: channel \"exec\" needs \"command\"\n"
	    "config.yaml:4:36: \"every\" must be a duration of at least 5s, "
	    "like 30s, 2m or 1h, got \"2s\"\n"
	    "config.yaml:5:5: columns[3]: a feed \"feed\" column takes no "
	    "\"rate\"\n"
	    "config.yaml:5:5: columns[3]: a feed \"feed\" column takes no "
	    "\"command\"\n"
	    "config.yaml:6:5: columns[4]: a exec \"exec\" column takes no "
	    "\"every\"\n"
	    "config.yaml:7:5: columns[5]: a demo \"home\" column takes no "
	    "\"url\"\n"
	    "config.yaml:8:38: unknown channel \"feed\" (expected one of: "
	    "home, mentions, search, competitors, hashtag, notifications)");
}

TEST(unknown_source)
{
	CHECK_ERRORS("columns:\n  - { source: twitter }\n",
	    "config.yaml:2:15: unknown source \"twitter\" (expected one of: "
	    "demo, feed, exec)");
}

TEST(column_without_source)
{
	CHECK_ERRORS("columns:\n  - { source: demo }\n  - { title: x }\n",
	    "config.yaml:3:5: columns[1]: \"source\" or \"account\" is "
	    "required");
	CHECK_ERRORS("columns:\n  - { type: assigned }\n  - { type: status }\n",
	    "config.yaml:3:5: columns[1]: type \"status\" needs \"status\"");
}

TEST(account_not_defined)
{
	CHECK_ERRORS("columns:\n  - { account: acme, type: home }\n",
	    "config.yaml:2:16: unknown account \"acme\" (no accounts are "
	    "defined)");
	/* Accounts may come after the columns that use them. */
	CHECK_ERRORS("columns:\n  - { account: b, type: home }\n"
	    "  - { account: acme, type: home }\n"
	    "accounts:\n  - { name: a, network: mastodon, instance: x }\n"
	    "  - { name: b, network: mastodon, instance: y }\n"
	    "policy: { confirm_accounts: [a, c] }\n",
	    "config.yaml:3:16: unknown account \"acme\" (expected one of: a, "
	    "b)\n"
	    "config.yaml:7:33: unknown account \"c\" (expected one of: a, b)");
}

TEST(account_mistakes)
{
	CHECK_ERRORS("accounts:\n  - { name: a, network: mastodon, "
	    "instance: x }\n  - { name: a, network: myspace }\n",
	    "config.yaml:3:25: unknown network \"myspace\" (expected one of: "
	    "mastodon, bluesky, x)\n"
	    "config.yaml:3:13: duplicate account name \"a\" (first at line 2)");
	CHECK_ERRORS("accounts:\n  - { network: mastodon }\n",
	    "config.yaml:2:5: accounts[0]: \"name\" is required\n"
	    "config.yaml:2:5: accounts[0]: a mastodon account needs "
	    "\"instance\"");
}

TEST(duplicate_key)
{
	CHECK_ERRORS("me: a\ntheme: x\nme: b\n",
	    "config.yaml:3:1: duplicate key \"me\" in top level (first at line "
	    "1)");
	CHECK_ERRORS("columns:\n  - source: demo\n    rate: 1\n    rate: 2\n",
	    "config.yaml:4:5: duplicate key \"rate\" in columns[0] (first at "
	    "line 3)");
	CHECK_ERRORS("tags:\n  a: red\n  a: blue\n",
	    "config.yaml:3:3: duplicate key \"a\" in tags (first at line 2)");
	CHECK_ERRORS("team: [bob, {name: bob}]\n",
	    "config.yaml:1:13: team[1]: \"bob\" is already in the team");
}

TEST(bad_key_name)
{
	CHECK_ERRORS("keys:\n  j: down\n  C-: up\n",
	    "config.yaml:3:3: unknown key name \"C-\"");
	CHECK_ERRORS("keys:\n  Enter: down\n  C-m: up\n",
	    "config.yaml:3:3: \"C-m\" is the same key as \"Enter\" (line 2)");
}

TEST(unknown_command)
{
	CHECK_ERRORS("keys:\n  j: down\n  x: explode\n",
	    "config.yaml:3:6: unknown command \"explode\"");
	CHECK_ERRORS("keys:\n  x: [down]\n",
	    "config.yaml:2:6: \"x\" must be a command, got a list");
}

TEST(unbind_key)
{
	struct config		cfg;
	struct config_errors	errs = { NULL, 0 };
	const char		*yaml = "keys:\n  q: ~\n  d:\n";

	config_defaults(&cfg);
	CHECK_INT_EQ(config_parse(&cfg, "c", yaml, strlen(yaml), check_command,
	    &errs), 0);
	CHECK_INT_EQ(cfg.nkeys, 2);
	if (cfg.nkeys == 2) {
		CHECK_STR_EQ(cfg.keys[0].key, "q");
		CHECK(cfg.keys[0].command == NULL);
		CHECK(cfg.keys[1].command == NULL);
	}
	config_errors_free(&errs);
	config_free(&cfg);
}

TEST(bad_tag_colour)
{
	CHECK_ERRORS("tags:\n  complaint: reddish\n  lead: \"#00ff00\"\n",
	    "config.yaml:2:14: unknown colour \"reddish\" for tag "
	    "\"complaint\" (expected a colour name, 0..255 or #rrggbb)");
	CHECK_ERRORS("tags: { x: 256 }\n",
	    "config.yaml:1:12: unknown colour \"256\" for tag \"x\" (expected "
	    "a colour name, 0..255 or #rrggbb)");
}

TEST(yaml_syntax_error)
{
	CHECK_ERRORS("me: alice\ncolumns: [a, b\n",
	    "config.yaml:3:1: did not find expected ',' or ']'");
	CHECK_ERRORS("me: a: b\n",
	    "config.yaml:1:6: mapping values are not allowed in this context");
	CHECK_ERRORS("me: *nothing\n",
	    "config.yaml:1:5: found undefined alias");
	CHECK_ERRORS("me: a\n---\nme: b\n",
	    "config.yaml:2:1: only one YAML document is allowed");
	CHECK_ERRORS("me: a\nx: \"\xff\"\n",
	    "config.yaml:2:5: invalid leading UTF-8 octet");
}

TEST(multiple_errors_in_order)
{
	CHECK_ERRORS(
	    "me: [x]\n"
	    "colums: []\n"
	    "columns:\n"
	    "  - { source: demo, rate: fast, channel: news }\n"
	    "  - { title: lonely }\n"
	    "  - { source: demo, width: 3 }\n"
	    "keys:\n"
	    "  C-: down\n"
	    "  x: explode\n",
	    "config.yaml:1:5: \"me\" must be a string, got a list\n"
	    "config.yaml:2:1: unknown key \"colums\" in top level (expected "
	    "one of: me, theme, store, store_password_cmd, column_width, sla, "
	    "influencer, alerts, team, accounts, columns, tags, templates, policy, "
	    "keys, rules)\n"
	    "config.yaml:4:27: \"rate\" must be a number ≥ 0, got \"fast\"\n"
	    "config.yaml:4:42: unknown channel \"news\" (expected one of: "
	    "home, mentions, search, competitors, hashtag, notifications)\n"
	    "config.yaml:5:5: columns[1]: \"source\" or \"account\" is "
	    "required\n"
	    "config.yaml:6:28: \"width\" must be an integer ≥ 18, got \"3\"\n"
	    "config.yaml:8:3: unknown key name \"C-\"\n"
	    "config.yaml:9:6: unknown command \"explode\"");
}

TEST(control_characters_are_escaped)
{
	CHECK_ERRORS("\"a\\nb\\u0085\": 1\n",
	    "config.yaml:1:1: unknown key \"a\\nb\\u0085\" in top level "
	    "(expected one of: me, theme, store, store_password_cmd, "
	    "column_width, sla, influencer, alerts, "
	    "team, accounts, columns, tags, templates, policy, keys, rules)");
}

TEST(missing_file)
{
	struct config		cfg;
	struct config_errors	errs = { NULL, 0 };

	config_defaults(&cfg);
	CHECK_INT_EQ(config_load(&cfg, "/nonexistent/config.yaml", NULL,
	    &errs), -1);
	CHECK_INT_EQ(errs.n, 1);
	if (errs.n == 1)
		CHECK_STR_EQ(errs.v[0],
		    "/nonexistent/config.yaml: No such file or directory");
	config_errors_free(&errs);
	config_free(&cfg);
}

TEST(option_table)
{
	const char	*section, *name;
	size_t		 i = 0;
	int		 rate = 0, me = 0, n = 0;

	while (config_option_each(&i, &section, &name)) {
		n++;
		if (section == NULL && strcmp(name, "me") == 0)
			me = 1;
		if (section != NULL && strcmp(section, "columns") == 0 &&
		    strcmp(name, "rate") == 0)
			rate = 1;
	}
	CHECK(me && rate);
	CHECK(n > 30);
}

TEST(network_column_values_are_checked)
{
	CHECK_ERRORS(
	    "accounts:\n"
	    "  - { name: m, network: mastodon, instance: \"https://m.example\", token_env: X }\n"
	    "columns:\n"
	    "  - { title: S, account: m, type: search, query: \"  \" }\n"
	    "  - { title: N, account: m, type: notifications, types: \"mention, bogus\" }\n"
	    "  - { title: T, type: tagged, tag: \"#complaint\" }\n"
	    "  - { title: H, account: m, type: hashtag }\n",
	    "config.yaml:4:5: columns[0]: \"query\" is empty\n"
	    "config.yaml:5:5: columns[1]: unknown notification type \"bogus\" in "
	    "\"types\" (expected one of: mention, status, reblog, follow, "
	    "follow_request, favourite, poll, update, quote, admin.sign_up, "
	    "admin.report)\n"
	    "config.yaml:6:5: columns[2]: \"tag\" is one word, without \"#\"\n"
	    "config.yaml:7:5: columns[3]: type \"hashtag\" needs \"query\"");
}

/* Names and tags go into the shared store: no control characters, one
 * word, tags in their one (folded) spelling. */
TEST(names_and_tags_are_checked_and_tags_folded)
{
	struct config		cfg;
	struct config_errors	errs = { NULL, 0 };
	static const char	yaml[] = "tags: { Complaint: red, LEAD: green }\n"
	    "columns:\n  - { title: T, type: tagged, tag: Complaint }\n";

	CHECK_ERRORS("me: \"eve\\e[2J\"\n",
	    "config.yaml:1:5: \"me\": a name may not contain a control "
	    "character");
	CHECK_ERRORS("me: \"alice smith\"\n",
	    "config.yaml:1:5: \"me\": a name is one word");
	CHECK_ERRORS("team: [alice, \"b\\u009bob\", { name: \"c d\" }]\n",
	    "config.yaml:1:15: team[1]: a name may not contain a control "
	    "character\n"
	    "config.yaml:1:36: \"name\": a name is one word");
	CHECK_ERRORS("tags: { \"a;b\": red, \"two words\": red, "
	    "\"x\\x1b\": red }\n",
	    "config.yaml:1:9: tag \"a;b\": a tag may not contain \";\"\n"
	    "config.yaml:1:21: tag \"two words\": a tag is one word\n"
	    "config.yaml:1:39: tag \"x\\x1b\": a tag may not contain a "
	    "control character");
	CHECK_ERRORS("tags: { Complaint: red, complaint: green }\n",
	    "config.yaml:1:25: tag \"complaint\": the same tag as "
	    "\"complaint\" (tags are case-insensitive)");
	CHECK_ERRORS("columns:\n  - { title: T, type: tagged, tag: \"a;b\" }\n",
	    "config.yaml:2:5: columns[0]: \"tag\": a tag may not contain "
	    "\";\"");
	/* Folded where they are read. */
	config_defaults(&cfg);
	CHECK_INT_EQ(config_parse(&cfg, "config.yaml", yaml, strlen(yaml),
	    check_command, &errs), 0);
	CHECK_INT_EQ(cfg.ntags, 2);
	if (cfg.ntags == 2) {
		CHECK_STR_EQ(cfg.tags[0].key, "complaint");
		CHECK_STR_EQ(cfg.tags[1].key, "lead");
	}
	CHECK_STR_EQ(cfg.ncolumns ? cfg.columns[0].tag : NULL, "complaint");
	config_errors_free(&errs);
	config_free(&cfg);
}

/* What a network takes comes from its row in the registry. */
TEST(networks_and_their_keys_come_from_the_registry)
{
	/* Bluesky's row: a handle, a service, an app password. */
	CHECK_ERRORS("accounts:\n  - { name: b, network: bluesky, "
	    "handle: x.bsky.social, service: https://pds.example, "
	    "password_env: P }\ncolumns:\n"
	    "  - { account: b, type: notifications, reasons: [mention, reply], "
	    "every: 1m }\n"
	    "  - { account: b, type: feed, query: \"at://did:plc:x/"
	    "app.bsky.feed.generator/y\" }\n", "");
	CHECK_ERRORS("accounts:\n  - { name: b, network: bluesky, "
	    "instance: x, token_env: T }\ncolumns:\n"
	    "  - { account: b, type: notifications, reasons: likes, every: 2s }\n"
	    "  - { account: b, type: author }\n",
	    "config.yaml:2:5: accounts[0]: a bluesky account needs \"handle\"\n"
	    "config.yaml:2:5: accounts[0]: a bluesky account takes no "
	    "\"instance\"\n"
	    "config.yaml:2:5: accounts[0]: a bluesky account takes no "
	    "\"token_env\"\n"
	    "config.yaml:4:63: \"every\" must be a duration of at least 5s, "
	    "like 30s, 2m or 1h, got \"2s\"\n"
	    "config.yaml:4:5: columns[0]: unknown notification type \"likes\" in "
	    "\"reasons\" (expected one of: like, repost, follow, mention, reply, "
	    "quote, starterpack-joined, verified, unverified, like-via-repost, "
	    "repost-via-repost, subscribed-post)\n"
	    "config.yaml:5:5: columns[1]: type \"author\" needs \"query\"");
	CHECK_ERRORS("accounts:\n  - { name: m, network: mastodon, instance: x, "
	    "handle: h, password_cmd: y }\n",
	    "config.yaml:2:5: accounts[0]: a mastodon account takes no "
	    "\"handle\"\n"
	    "config.yaml:2:5: accounts[0]: a mastodon account takes no "
	    "\"password_cmd\"");
	CHECK_ERRORS("accounts:\n  - { name: m, network: mastodon, instance: x, "
	    "token_cmd: a, token_env: b, token_file: c }\n", "");
	CHECK_ERRORS("columns:\n  - { source: mastodon }\n",
	    "config.yaml:2:15: unknown source \"mastodon\" (expected one of: "
	    "demo, feed, exec)");
	CHECK_ERRORS("accounts:\n  - { name: d, network: demo }\n",
	    "config.yaml:2:25: unknown network \"demo\" (expected one of: "
	    "mastodon, bluesky, x)");
	/* Keys only Bluesky's columns read. */
	CHECK_ERRORS("accounts:\n  - { name: m, network: mastodon, instance: x }\n"
	    "columns:\n  - { account: m, type: home, every: 1m }\n"
	    "  - { account: m, type: notifications, reasons: mention }\n",
	    "config.yaml:4:5: columns[0]: a mastodon \"home\" column takes no "
	    "\"every\"\n"
	    "config.yaml:5:5: columns[1]: a mastodon \"notifications\" column "
	    "takes no \"reasons\"");
}

/* X's account keys, its budget's form, and its columns' "every". */
TEST(x_accounts)
{
	CHECK_ERRORS("accounts:\n  - { name: x, network: x, client_id: c, "
	    "budget: 3000/month, api: \"http://127.0.0.1:1\" }\n"
	    "columns:\n  - { title: s, account: x, type: search, "
	    "query: acme, every: 2m }\n", "");
	CHECK_ERRORS("accounts:\n  - { name: x, network: x, bearer_env: B, "
	    "budget: 200/day }\n", "");
	CHECK_ERRORS("accounts:\n  - { name: x, network: x,\n"
	    "      budget: 3000/week }\n",
	    "config.yaml:3:15: accounts[0]: \"budget\" is posts per day or "
	    "month, like 3000/month or 200/day");
	CHECK_ERRORS("accounts:\n  - { name: x, network: x, budget: many }\n",
	    "config.yaml:2:36: accounts[0]: \"budget\" is posts per day or "
	    "month, like 3000/month or 200/day");
	CHECK_ERRORS("accounts:\n  - { name: m, network: mastodon, "
	    "instance: i, budget: 10/day }\n",
	    "config.yaml:2:5: accounts[0]: a mastodon account takes no "
	    "\"budget\"");
	CHECK_ERRORS("accounts:\n  - { name: x, network: x }\ncolumns:\n"
	    "  - { title: s, account: x, type: home, every: 4s }\n",
	    "config.yaml:4:48: \"every\" must be a duration of at least 5s, "
	    "like 30s, 2m or 1h, got \"4s\"");
	CHECK_ERRORS("accounts:\n  - { name: x, network: x }\ncolumns:\n"
	    "  - { title: s, account: x, type: search }\n",
	    "config.yaml:4:5: columns[0]: type \"search\" needs \"query\"");
}

TEST(column_keys_come_from_the_registry)
{
	CHECK_ERRORS(
	    "accounts:\n"
	    "  - { name: m, network: mastodon, instance: x }\n"
	    "columns:\n"
	    "  - { account: m, type: home, query: x }\n"
	    "  - { account: m, type: search, query: x, rate: 2 }\n"
	    "  - { source: demo, channel: home, types: mention }\n"
	    "  - { source: demo, channel: search, query: acme, rate: 1, "
	    "backlog: 5 }\n"
	    "  - { account: m, type: list }\n"
	    "  - { account: m, type: list, query: Team }\n"
	    "  - { account: m, type: list, list: Team }\n"
	    "  - { account: m, type: notifications, types: mention }\n"
	    "  - { account: m, type: mentions, channel: home }\n"
	    "  - { account: m, type: digest }\n"
	    "  - { account: m, type: feed }\n",
	    "config.yaml:4:5: columns[0]: a mastodon \"home\" column takes no "
	    "\"query\"\n"
	    "config.yaml:5:5: columns[1]: a mastodon \"search\" column takes no "
	    "\"rate\"\n"
	    "config.yaml:6:5: columns[2]: a demo \"home\" column takes no "
	    "\"types\"\n"
	    "config.yaml:8:5: columns[4]: type \"list\" needs \"list\" (its "
	    "title or id)\n"
	    "config.yaml:12:5: columns[8]: a mastodon \"mentions\" column takes "
	    "no \"channel\"\n"
	    "config.yaml:13:25: unknown type \"digest\" (expected one of: home, "
	    "notifications, mentions, local, public, hashtag, list, search, user, "
	    "timeline, author, feed, assigned, unassigned, tagged, status, approvals)\n"
	    "config.yaml:14:5: columns[10]: a mastodon account has no \"feed\" "
	    "column");
	/* A demo column picks its channel by type too, or takes the default. */
	CHECK_ERRORS("columns:\n  - { source: demo, type: mentions, list: x }\n",
	    "config.yaml:2:5: columns[0]: a demo \"mentions\" column takes no "
	    "\"list\"");
}

/* The account may come after its columns: they are checked all the same. */
TEST(columns_before_their_account_are_checked)
{
	CHECK_ERRORS(
	    "columns:\n"
	    "  - { account: m, type: hashtag }\n"
	    "  - { account: m, type: feed }\n"
	    "  - { account: m, type: digest }\n"
	    "accounts:\n"
	    "  - { name: m, network: mastodon, instance: x }\n",
	    "config.yaml:2:5: columns[0]: type \"hashtag\" needs \"query\"\n"
	    "config.yaml:3:5: columns[1]: a mastodon account has no \"feed\" "
	    "column\n"
	    "config.yaml:4:25: unknown type \"digest\" (expected one of: home, "
	    "notifications, mentions, local, public, hashtag, list, search, user, "
	    "timeline, author, feed, assigned, unassigned, tagged, status, approvals)");
}

/* sla: takes the durations --since takes (clock.c's one parser). */
TEST(sla_takes_what_since_takes)
{
	CHECK_INT_EQ(config_duration("2w"), 14 * 86400);
	CHECK_INT_EQ(config_duration("1h30m"), 5400);
	CHECK_INT_EQ(config_duration("90s"), 90);
	CHECK_INT_EQ(config_duration("15"), 900);
	CHECK_INT_EQ(config_duration("30m1h"), -1);
	CHECK_INT_EQ(config_duration("1x"), -1);
	CHECK_INT_EQ(config_duration("0m"), -1);
	CHECK_ERRORS("sla: 1h30m\ncolumns:\n  - { source: demo, sla: 2w }\n",
	    "");
}

TEST(hashtag_title_has_one_hash)
{
	struct config		cfg;
	struct config_errors	errs = { NULL, 0 };
	const char		*yaml =
	    "columns:\n"
	    "  - { account: a, type: hashtag, query: \"#\xe6\x97\xa5\xe6\x9c\xac\" }\n"
	    "  - { account: a, type: hashtag, query: acme }\n"
	    "accounts: [{ name: a, network: mastodon, instance: x }]\n";

	config_defaults(&cfg);
	CHECK_INT_EQ(config_parse(&cfg, "c", yaml, strlen(yaml), NULL, &errs),
	    0);
	CHECK_INT_EQ(cfg.ncolumns, 2);
	if (cfg.ncolumns == 2) {
		CHECK_STR_EQ(cfg.columns[0].title, "#\xe6\x97\xa5\xe6\x9c\xac");
		CHECK_STR_EQ(cfg.columns[1].title, "#acme");
	}
	config_errors_free(&errs);
	config_free(&cfg);
}

/* A duplicate account name is an error, and not listed twice after. */
TEST(expected_names_are_listed_once)
{
	CHECK_ERRORS("accounts:\n  - { name: fm, network: mastodon, "
	    "instance: x }\n  - { name: fm, network: mastodon, instance: y }\n"
	    "  - { name: b, network: mastodon, instance: z }\n"
	    "columns:\n  - { account: c, type: home }\n",
	    "config.yaml:3:13: duplicate account name \"fm\" (first at line 2)\n"
	    "config.yaml:6:16: unknown account \"c\" (expected one of: fm, b)");
}

int
main(void)
{
	RUN(example_file);
	RUN(defaults);
	RUN(empty_file_keeps_defaults);
	RUN(column_defaults_and_titles);
	RUN(unknown_top_level_key);
	RUN(unknown_column_key);
	RUN(unknown_account_key);
	RUN(unknown_policy_key);
	RUN(template_placeholders);
	RUN(policy_rules);
	RUN(wrong_type);
	RUN(bad_number);
	RUN(a_column_sorts_by_time_or_priority);
	RUN(alerts_are_true_or_false);
	RUN(negative_rate);
	RUN(width_below_minimum);
	RUN(unknown_channel);
	RUN(unknown_source);
	RUN(column_without_source);
	RUN(names_and_tags_are_checked_and_tags_folded);
	RUN(account_not_defined);
	RUN(account_mistakes);
	RUN(duplicate_key);
	RUN(bad_key_name);
	RUN(unknown_command);
	RUN(unbind_key);
	RUN(bad_tag_colour);
	RUN(yaml_syntax_error);
	RUN(multiple_errors_in_order);
	RUN(control_characters_are_escaped);
	RUN(missing_file);
	RUN(option_table);
	RUN(network_column_values_are_checked);
	RUN(networks_and_their_keys_come_from_the_registry);
	RUN(x_accounts);
	RUN(column_keys_come_from_the_registry);
	RUN(columns_before_their_account_are_checked);
	RUN(sla_takes_what_since_takes);
	RUN(feed_and_exec_columns_and_their_keys);
	RUN(hashtag_title_has_one_hash);
	RUN(expected_names_are_listed_once);
	RUN(approval_config);
	return harness_done();
}
