/* test_name.c — tags and team names: one spelling per tag, no control
 * characters, one word. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "starling/name.h"

static char	err[128];

/* The folded tag, or the error prefixed with "!". */
static const char *
tag(const char *in)
{
	static char	 buf[256];
	char		*t = name_tag(in, err, sizeof err);

	if (t == NULL)
		snprintf(buf, sizeof buf, "!%s", err);
	else
		snprintf(buf, sizeof buf, "%s", t);
	free(t);
	return buf;
}

TEST(tags_are_folded)
{
	CHECK_STR_EQ(tag("complaint"), "complaint");
	CHECK_STR_EQ(tag("#Complaint"), "complaint");
	CHECK_STR_EQ(tag("COMPLAINT"), "complaint");
	CHECK_STR_EQ(tag("Ärger"), "ärger");
	CHECK_STR_EQ(tag("A\xcc\x88rger"), "ärger");	/* NFC */
	CHECK_STR_EQ(tag("日本"), "日本");
	CHECK(name_tag_is_normal("complaint"));
	CHECK(!name_tag_is_normal("Complaint"));
	CHECK(!name_tag_is_normal("#complaint"));
}

TEST(bad_tags_say_why)
{
	CHECK_STR_EQ(tag(""), "!a tag is empty");
	CHECK_STR_EQ(tag("#"), "!a tag is empty");
	CHECK_STR_EQ(tag("two words"), "!a tag is one word");
	CHECK_STR_EQ(tag("a;b"), "!a tag may not contain \";\"");
	CHECK_STR_EQ(tag("a#b"), "!a tag may not contain \"#\"");
	CHECK_STR_EQ(tag("a,b"), "!a tag may not contain \",\"");
	CHECK_STR_EQ(tag("x\x1b[2J"), "!a tag may not contain a control "
	    "character");
	CHECK_STR_EQ(tag("x\xc2\x9b" "1m"), "!a tag may not contain a control "
	    "character");
	CHECK_STR_EQ(tag("x\x7f"), "!a tag may not contain a control "
	    "character");
	CHECK_STR_EQ(tag("x\xff"), "!a tag may not contain a control "
	    "character");
}

TEST(names_keep_their_case)
{
	CHECK(name_check("Alice") == NULL);
	CHECK(name_check("o'brien") == NULL);
	CHECK_STR_EQ(name_check(""), "a name is empty");
	CHECK_STR_EQ(name_check("alice smith"), "a name is one word");
	CHECK_STR_EQ(name_check("eve\x1b[2J"), "a name may not contain a "
	    "control character");
	CHECK_STR_EQ(name_check("eve\xc2\x85"), "a name may not contain a "
	    "control character");
}

TEST(text_may_hold_line_breaks)
{
	CHECK(!name_has_control("a\nb\tc", true));
	CHECK(name_has_control("a\nb", false));
	CHECK(name_has_control("a\x1b]0;x\x07", true));
	CHECK(name_has_control("a\xc2\x9b", true));
	CHECK(!name_has_control("Zoë ✨", true));
}

int
main(void)
{
	RUN(tags_are_folded);
	RUN(bad_tags_say_why);
	RUN(names_keep_their_case);
	RUN(text_may_hold_line_breaks);
	return harness_done();
}
