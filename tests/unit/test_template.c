/* test_template.c — saved replies: every placeholder filled, unknown ones
 * found with their offset, braces that are not placeholders left alone. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "starling/template.h"

TEST(fill_every_placeholder)
{
	struct template_vars	v = { "Ana Lima", "ana@ex.example", "carol",
				    "acme-masto", "mastodon" };
	char			*s;

	s = template_fill("Hi {author} (@{handle}) — {me} for {account} on "
	    "{network}", &v);
	CHECK_STR_EQ(s, "Hi Ana Lima (@ana@ex.example) — carol for acme-masto "
	    "on mastodon");
	free(s);
	s = template_fill("{author}{author}", &v);
	CHECK_STR_EQ(s, "Ana LimaAna Lima");
	free(s);
	/* Not placeholders: text as written. */
	s = template_fill("{ ok } {} {x y} {unknown} {", &v);
	CHECK_STR_EQ(s, "{ ok } {} {x y} {unknown} {");
	free(s);
	/* A value missing is empty; a new post answers nobody. */
	v.author = NULL;
	s = template_fill("Hi {author}!", &v);
	CHECK_STR_EQ(s, "Hi !");
	free(s);
}

TEST(check_finds_the_unknown)
{
	char	err[256];
	size_t	at = 99;

	CHECK_INT_EQ(template_check("Hi {author}, {me} {ok }", &at, err,
	    sizeof err), 0);
	CHECK_INT_EQ(template_check("Hi {author}, {name} here", &at, err,
	    sizeof err), -1);
	CHECK_INT_EQ(at, 13);
	CHECK(strstr(err, "unknown placeholder {name}") != NULL);
	CHECK(strstr(err, "{author}") != NULL);
	CHECK_INT_EQ(template_check("{Author}", &at, err, sizeof err), -1);
	CHECK_INT_EQ(at, 0);
}

int
main(void)
{
	RUN(fill_every_placeholder);
	RUN(check_finds_the_unknown);
	return harness_done();
}
