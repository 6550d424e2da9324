/* test_policy.c — every rule of policy: banned phrases and regular
 * expressions (case-insensitive, UTF-8, the first match), required text
 * per account (refused or appended), confirm accounts, the send delay. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "starling/policy.h"

TEST(banned_phrases_and_patterns)
{
	struct policy	*pol = policy_new();
	char		 err[256];
	size_t		 s = 0, e = 0;
	const char	*pat = NULL;

	CHECK_INT_EQ(policy_ban(pol, "guarantee", err, sizeof err), 0);
	CHECK_INT_EQ(policy_ban(pol, "refund within [0-9]+ hours", err,
	    sizeof err), 0);
	CHECK_INT_EQ(policy_ban(pol, "café", err, sizeof err), 0);
	CHECK(!policy_banned(pol, "All good here", &s, &e, &pat));
	CHECK(policy_banned(pol, "We GUARANTEE it", &s, &e, &pat));
	CHECK_INT_EQ(s, 3);
	CHECK_INT_EQ(e, 12);
	CHECK_STR_EQ(pat, "guarantee");
	/* The earliest match, whichever pattern. */
	CHECK(policy_banned(pol, "A Refund within 48 hours, guaranteed", &s,
	    &e, &pat));
	CHECK_INT_EQ(s, 2);
	CHECK_STR_EQ(pat, "refund within [0-9]+ hours");
	CHECK(policy_banned(pol, "Le CAFÉ est fermé", &s, &e, &pat));
	CHECK_INT_EQ(s, 3);
	CHECK_INT_EQ(e, 3 + strlen("CAFÉ"));
	/* A pattern that does not compile is refused, with why. */
	CHECK_INT_EQ(policy_ban(pol, "refund (within", err, sizeof err), -1);
	CHECK(strstr(err, "not a regular expression") != NULL);
	CHECK_INT_EQ(policy_pattern_check("[a-", err, sizeof err), -1);
	CHECK_INT_EQ(policy_pattern_check("", err, sizeof err), -1);
	CHECK_INT_EQ(policy_pattern_check("ok|fine", err, sizeof err), 0);
	policy_free(pol);
}

TEST(check_every_rule)
{
	struct policy		*pol = policy_new();
	char			 err[256], *out = NULL;
	size_t			 s, e;
	bool			 append = true;

	policy_ban(pol, "lawsuit", err, sizeof err);
	policy_require(pol, "acme-masto", " ^CW", true);
	policy_require(pol, "acme-strict", "#ad", false);
	policy_confirm(pol, "acme-x");
	policy_set_delay(pol, 5);

	CHECK_INT_EQ(policy_check(pol, "acme-masto", "No LAWSUIT please", &out,
	    &s, &e, err, sizeof err), POLICY_BANNED);
	CHECK(out == NULL);
	CHECK_INT_EQ(s, 3);
	CHECK(strstr(err, "LAWSUIT") != NULL);
	/* Appended when missing, kept once when there. */
	CHECK_INT_EQ(policy_check(pol, "acme-masto", "Hello", &out, &s, &e,
	    err, sizeof err), POLICY_OK);
	CHECK_STR_EQ(out, "Hello ^CW");
	free(out);
	CHECK_INT_EQ(policy_check(pol, "acme-masto", "Hello ^CW", &out, &s, &e,
	    err, sizeof err), POLICY_OK);
	CHECK_STR_EQ(out, "Hello ^CW");
	free(out);
	/* Required, not appended: refused, naming the account. */
	CHECK_INT_EQ(policy_check(pol, "acme-strict", "Buy now", &out, &s, &e,
	    err, sizeof err), POLICY_MISSING);
	CHECK(strstr(err, "acme-strict") != NULL && strstr(err, "#ad"));
	CHECK_INT_EQ(policy_check(pol, "acme-strict", "Buy now #ad", &out, &s,
	    &e, err, sizeof err), POLICY_OK);
	free(out);
	/* Another account has no required text. */
	CHECK_INT_EQ(policy_check(pol, "other", "Hello", &out, &s, &e, err,
	    sizeof err), POLICY_OK);
	CHECK_STR_EQ(out, "Hello");
	free(out);
	CHECK(policy_required(pol, "acme-strict", &append) != NULL && !append);
	CHECK(policy_required(pol, "other", NULL) == NULL);
	CHECK(policy_confirms(pol, "acme-x"));
	CHECK(!policy_confirms(pol, "acme-masto"));
	CHECK_INT_EQ(policy_delay(pol), 5);
	policy_free(pol);
}

/* Text the rule appends may itself be banned: refused. */
TEST(appended_text_is_checked)
{
	struct policy	*pol = policy_new();
	char		 err[256], *out = NULL;
	size_t		 s, e;

	policy_ban(pol, "promo", err, sizeof err);
	policy_require(pol, "a", " promo", true);
	CHECK_INT_EQ(policy_check(pol, "a", "Hi", &out, &s, &e, err,
	    sizeof err), POLICY_BANNED);
	CHECK(out == NULL);
	policy_free(pol);
}

/* Whose posts wait for an approver, and who approves. */
TEST(approval_writers_and_approvers)
{
	struct policy	*pol = policy_new();
	char		 buf[64];

	CHECK(!policy_needs_approval(pol, "carol"));
	CHECK(!policy_approves(pol, "alice"));
	CHECK_INT_EQ((int)policy_approvers(pol, buf, sizeof buf), 0);
	CHECK_STR_EQ(buf, "");
	policy_approval_for(pol, "carol");
	policy_approver(pol, "alice");
	policy_approver(pol, "bob");
	CHECK(policy_needs_approval(pol, "carol"));
	CHECK(!policy_needs_approval(pol, "alice"));
	CHECK(!policy_needs_approval(pol, NULL));
	CHECK(policy_approves(pol, "bob"));
	CHECK(!policy_approves(pol, "carol"));
	CHECK_INT_EQ((int)policy_approvers(pol, buf, sizeof buf), 2);
	CHECK_STR_EQ(buf, "alice, bob");
	/* No policy at all: nobody waits, nobody approves. */
	CHECK(!policy_needs_approval(NULL, "carol"));
	CHECK(!policy_approves(NULL, "alice"));
	policy_free(pol);
}

int
main(void)
{
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "");
	RUN(approval_writers_and_approvers);
	RUN(banned_phrases_and_patterns);
	RUN(check_every_rule);
	RUN(appended_text_is_checked);
	return harness_done();
}
