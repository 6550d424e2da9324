/* test_theme.c — shipped themes, theme file mistakes, colour fallbacks and
 * monochrome. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "starling/config.h"
#include "starling/theme.h"

static void
check_shipped(const char *path)
{
	struct theme		t;
	struct config_errors	errs = { NULL, 0 };
	size_t			i;
	int			e;

	theme_init(&t);
	CHECK_INT_EQ(theme_load(&t, path, &errs), 0);
	for (i = 0; i < errs.n; i++)
		printf("  %s\n", errs.v[i]);
	CHECK_INT_EQ(errs.n, 0);
	for (e = 0; e < THEME_COUNT; e++) {
		if (!t.style[e].set)
			printf("  %s: %s not set\n", path,
			    theme_element_name((enum theme_element)e));
		CHECK(t.style[e].set);
	}
	CHECK(t.name != NULL);
	config_errors_free(&errs);
	theme_free(&t);
}

TEST(shipped_themes)
{
	struct theme		t;
	struct config_errors	errs = { NULL, 0 };
	int			e;

	check_shipped("themes/default.yaml");
	check_shipped("themes/light.yaml");
	check_shipped("themes/16color.yaml");

	/* 16color means it: every colour is default or a basic one. */
	theme_init(&t);
	theme_load(&t, "themes/16color.yaml", &errs);
	for (e = 0; e < THEME_COUNT; e++) {
		CHECK(t.style[e].fg >= -1 && t.style[e].fg < 16);
		CHECK(t.style[e].bg >= -1 && t.style[e].bg < 16);
	}
	CHECK_STR_EQ(t.name, "16color");
	config_errors_free(&errs);
	theme_free(&t);
}

TEST(element_names)
{
	CHECK_STR_EQ(theme_element_name(THEME_HEADER_FOCUS), "header-focus");
	CHECK_INT_EQ(theme_element_find("content-warning"), THEME_WARNING);
	CHECK_INT_EQ(theme_element_find("help-key"), THEME_HELP_KEY);
	CHECK_INT_EQ(theme_element_find("nope"), -1);
	CHECK(theme_element_name(THEME_COUNT) == NULL);
}

TEST(parse_sets_exactly_what_it_says)
{
	struct theme		t;
	struct config_errors	errs = { NULL, 0 };
	const char		*yaml =
	    "name: mine\n"
	    "elements:\n"
	    "  header:   { fg: white, bg: blue, attrs: [bold, underline] }\n"
	    "  selected: { bg: 236 }\n"
	    "  link:     { fg: \"#5fafff\", attrs: italic }\n"
	    "  error:    { fg: bright-red }\n";

	theme_init(&t);
	CHECK(t.style[THEME_SELECTED].attrs & THEME_REVERSE);
	CHECK_INT_EQ(theme_parse(&t, "t.yaml", yaml, strlen(yaml), &errs), 0);
	CHECK_INT_EQ(errs.n, 0);
	CHECK_STR_EQ(t.name, "mine");
	CHECK_INT_EQ(t.style[THEME_HEADER].fg, 7);
	CHECK_INT_EQ(t.style[THEME_HEADER].bg, 4);
	CHECK_INT_EQ(t.style[THEME_HEADER].attrs, THEME_BOLD | THEME_UNDERLINE);
	CHECK(t.style[THEME_HEADER].set);
	CHECK_INT_EQ(t.style[THEME_SELECTED].bg, 236);
	CHECK_INT_EQ(t.style[THEME_SELECTED].fg, THEME_COLOR_DEFAULT);
	CHECK_INT_EQ(t.style[THEME_SELECTED].attrs, 0);
	CHECK_INT_EQ(t.style[THEME_LINK].fg, THEME_COLOR_RGB | 0x5fafff);
	CHECK_INT_EQ(t.style[THEME_LINK].attrs, THEME_ITALIC);
	CHECK_INT_EQ(t.style[THEME_ERROR].fg, 9);
	CHECK(!t.style[THEME_NORMAL].set);
	config_errors_free(&errs);
	theme_free(&t);
}

TEST(parse_colors)
{
	CHECK_INT_EQ(theme_parse_color("default"), THEME_COLOR_DEFAULT);
	CHECK_INT_EQ(theme_parse_color("black"), 0);
	CHECK_INT_EQ(theme_parse_color("white"), 7);
	CHECK_INT_EQ(theme_parse_color("bright-black"), 8);
	CHECK_INT_EQ(theme_parse_color("bright-white"), 15);
	CHECK_INT_EQ(theme_parse_color("Red"), 1);
	CHECK_INT_EQ(theme_parse_color("0"), 0);
	CHECK_INT_EQ(theme_parse_color("203"), 203);
	CHECK_INT_EQ(theme_parse_color("255"), 255);
	CHECK_INT_EQ(theme_parse_color("#ff8800"), THEME_COLOR_RGB | 0xff8800);
	CHECK_INT_EQ(theme_parse_color("#FF8800"), THEME_COLOR_RGB | 0xff8800);
	CHECK_INT_EQ(theme_parse_color("256"), -2);
	CHECK_INT_EQ(theme_parse_color("-1"), -2);
	CHECK_INT_EQ(theme_parse_color("0255"), -2);
	CHECK_INT_EQ(theme_parse_color("#ff880"), -2);
	CHECK_INT_EQ(theme_parse_color("#ff88000"), -2);
	CHECK_INT_EQ(theme_parse_color("#gg8800"), -2);
	CHECK_INT_EQ(theme_parse_color("bright-"), -2);
	CHECK_INT_EQ(theme_parse_color("bright-default"), -2);
	CHECK_INT_EQ(theme_parse_color("purple"), -2);
	CHECK_INT_EQ(theme_parse_color(""), -2);
	CHECK_INT_EQ(theme_parse_color(NULL), -2);
}

static char *
theme_errors(const char *yaml)
{
	struct theme		t;
	struct config_errors	errs = { NULL, 0 };
	static char		out[4096];
	size_t			i;

	theme_init(&t);
	out[0] = '\0';
	theme_parse(&t, "t.yaml", yaml, strlen(yaml), &errs);
	for (i = 0; i < errs.n; i++) {
		if (i > 0)
			strcat(out, "\n");
		strncat(out, errs.v[i], sizeof out - strlen(out) - 2);
	}
	config_errors_free(&errs);
	theme_free(&t);
	return out;
}

TEST(unknown_element)
{
	CHECK_STR_EQ(theme_errors("elements:\n  headr: { fg: red }\n"),
	    "t.yaml:2:3: unknown element \"headr\" (expected one of: normal, "
	    "rule, header, header-focus, selected, marker, author, handle, "
	    "time, text, link, mention, hashtag, unread, counts, context, "
	    "content-warning, badge, influencer, priority, tag, dim, state-live, state-wait, error, "
	    "status-line, prompt, help, help-key)");
}

TEST(unknown_attr)
{
	CHECK_STR_EQ(theme_errors(
	    "elements:\n  header: { attrs: [bold, blink] }\n"),
	    "t.yaml:2:27: unknown attribute \"blink\" (expected one of: bold, "
	    "dim, italic, underline, reverse)");
	CHECK_STR_EQ(theme_errors(
	    "elements:\n  header: { attrs: [[bold]] }\n"),
	    "t.yaml:2:21: an attribute must be a string, got a list");
}

TEST(bad_colour)
{
	CHECK_STR_EQ(theme_errors("elements:\n  header: { fg: reddish }\n"),
	    "t.yaml:2:17: unknown colour \"reddish\" (expected a colour name, "
	    "0..255 or #rrggbb)");
	CHECK_STR_EQ(theme_errors("elements:\n  header: { bg: [1] }\n"),
	    "t.yaml:2:17: \"bg\" must be a colour, got a list");
}

TEST(unknown_keys)
{
	CHECK_STR_EQ(theme_errors("nme: x\n"),
	    "t.yaml:1:1: unknown key \"nme\" in top level (expected one of: "
	    "name, elements)");
	CHECK_STR_EQ(theme_errors("elements:\n  header: { fgg: red }\n"),
	    "t.yaml:2:13: unknown key \"fgg\" in elements.header (expected "
	    "one of: fg, bg, attrs)");
}

TEST(wrong_types_and_duplicates)
{
	CHECK_STR_EQ(theme_errors("elements: [a]\n"),
	    "t.yaml:1:11: \"elements\" must be a mapping, got a list");
	CHECK_STR_EQ(theme_errors("elements:\n  header: red\n"),
	    "t.yaml:2:11: \"header\" must be a mapping, got \"red\"");
	CHECK_STR_EQ(theme_errors(
	    "elements:\n  rule: { fg: red }\n  rule: { fg: blue }\n"),
	    "t.yaml:3:3: duplicate key \"rule\" in elements (first at line 2)");
	CHECK_STR_EQ(theme_errors("name: [x]\n"),
	    "t.yaml:1:7: \"name\" must be a string, got a list");
}

TEST(syntax_error_and_all_errors)
{
	CHECK_STR_EQ(theme_errors("elements:\n  header: { fg: red\n"),
	    "t.yaml:3:1: did not find expected ',' or '}'");
	CHECK_STR_EQ(theme_errors(
	    "elements:\n"
	    "  headr: { fg: red }\n"
	    "  rule: { fg: reddish, attrs: [blink] }\n"),
	    "t.yaml:2:3: unknown element \"headr\" (expected one of: normal, "
	    "rule, header, header-focus, selected, marker, author, handle, "
	    "time, text, link, mention, hashtag, unread, counts, context, "
	    "content-warning, badge, influencer, priority, tag, dim, state-live, state-wait, error, "
	    "status-line, prompt, help, help-key)\n"
	    "t.yaml:3:15: unknown colour \"reddish\" (expected a colour name, "
	    "0..255 or #rrggbb)\n"
	    "t.yaml:3:32: unknown attribute \"blink\" (expected one of: bold, "
	    "dim, italic, underline, reverse)");
}

TEST(missing_file)
{
	struct theme		t;
	struct config_errors	errs = { NULL, 0 };

	theme_init(&t);
	CHECK_INT_EQ(theme_load(&t, "/nonexistent.yaml", &errs), -1);
	CHECK_INT_EQ(errs.n, 1);
	config_errors_free(&errs);
	theme_free(&t);
}

TEST(fallback_rgb)
{
	int	c = theme_parse_color("#ff0000");

	CHECK_INT_EQ(theme_color_fallback(c, 1 << 24), c);
	CHECK_INT_EQ(theme_color_fallback(c, 256), 196);
	CHECK_INT_EQ(theme_color_fallback(c, 16), 9);
	CHECK_INT_EQ(theme_color_fallback(c, 8), 1);
	CHECK_INT_EQ(theme_color_fallback(theme_parse_color("#5fafff"), 256),
	    75);
	CHECK_INT_EQ(theme_color_fallback(theme_parse_color("#808080"), 256),
	    244);
	CHECK_INT_EQ(theme_color_fallback(theme_parse_color("#000000"), 16),
	    0);
	CHECK_INT_EQ(theme_color_fallback(theme_parse_color("#ffffff"), 8), 7);
	CHECK_INT_EQ(theme_color_fallback(c, 2), THEME_COLOR_DEFAULT);
}

TEST(fallback_256_to_16_to_8)
{
	CHECK_INT_EQ(theme_color_fallback(203, 256), 203);
	CHECK_INT_EQ(theme_color_fallback(196, 16), 9);
	CHECK_INT_EQ(theme_color_fallback(196, 8), 1);
	CHECK_INT_EQ(theme_color_fallback(21, 16), 4);
	CHECK_INT_EQ(theme_color_fallback(21, 8), 4);
	CHECK_INT_EQ(theme_color_fallback(46, 8), 2);
	CHECK_INT_EQ(theme_color_fallback(232, 16), 0);
	CHECK_INT_EQ(theme_color_fallback(255, 16), 7);
	CHECK_INT_EQ(theme_color_fallback(9, 16), 9);
	CHECK_INT_EQ(theme_color_fallback(9, 8), 1);
	CHECK_INT_EQ(theme_color_fallback(3, 8), 3);
	CHECK_INT_EQ(theme_color_fallback(15, 8), 7);
	CHECK_INT_EQ(theme_color_fallback(THEME_COLOR_DEFAULT, 8),
	    THEME_COLOR_DEFAULT);
	CHECK_INT_EQ(theme_color_fallback(300, 16), THEME_COLOR_DEFAULT);
}

TEST(shipped_themes_fall_back)
{
	struct theme		t;
	struct config_errors	errs = { NULL, 0 };
	int			e, n;

	theme_init(&t);
	theme_load(&t, "themes/default.yaml", &errs);
	for (e = 0; e < THEME_COUNT; e++) {
		for (n = 8; n <= 256; n *= 2) {
			if (n == 32 || n == 64 || n == 128)
				continue;
			CHECK(theme_color_fallback(t.style[e].fg, n) < n);
			CHECK(theme_color_fallback(t.style[e].bg, n) < n);
		}
	}
	config_errors_free(&errs);
	theme_free(&t);
}

TEST(monochrome)
{
	struct theme		t;
	struct config_errors	errs = { NULL, 0 };
	int			e;

	theme_init(&t);
	theme_load(&t, "themes/default.yaml", &errs);
	theme_monochrome(&t);
	for (e = 0; e < THEME_COUNT; e++) {
		CHECK_INT_EQ(t.style[e].fg, THEME_COLOR_DEFAULT);
		CHECK_INT_EQ(t.style[e].bg, THEME_COLOR_DEFAULT);
	}
	CHECK(t.style[THEME_SELECTED].attrs & THEME_REVERSE);
	CHECK(t.style[THEME_HEADER_FOCUS].attrs & THEME_REVERSE);
	CHECK(t.style[THEME_PROMPT].attrs & THEME_REVERSE);
	CHECK(t.style[THEME_STATUS].attrs & THEME_REVERSE);
	CHECK(t.style[THEME_ERROR].attrs & THEME_BOLD);
	CHECK(t.style[THEME_AUTHOR].attrs & THEME_BOLD);
	CHECK(t.style[THEME_UNREAD].attrs & THEME_BOLD);
	CHECK(t.style[THEME_LINK].attrs & THEME_UNDERLINE);
	CHECK(t.style[THEME_DIM].attrs & THEME_DIM);
	/* Attributes the theme gave are kept. */
	CHECK(t.style[THEME_HEADER].attrs & THEME_BOLD);
	config_errors_free(&errs);
	theme_free(&t);
}

TEST(init_defaults)
{
	struct theme	t;
	int		e;

	theme_init(&t);
	CHECK(t.name == NULL);
	for (e = 0; e < THEME_COUNT; e++) {
		CHECK(!t.style[e].set);
		CHECK(t.style[e].fg >= -1 && t.style[e].fg < 8);
	}
	CHECK(t.style[THEME_SELECTED].attrs & THEME_REVERSE);
	theme_free(&t);
}

int
main(void)
{
	RUN(shipped_themes);
	RUN(element_names);
	RUN(parse_sets_exactly_what_it_says);
	RUN(parse_colors);
	RUN(unknown_element);
	RUN(unknown_attr);
	RUN(bad_colour);
	RUN(unknown_keys);
	RUN(wrong_types_and_duplicates);
	RUN(syntax_error_and_all_errors);
	RUN(missing_file);
	RUN(fallback_rgb);
	RUN(fallback_256_to_16_to_8);
	RUN(shipped_themes_fall_back);
	RUN(monochrome);
	RUN(init_defaults);
	return harness_done();
}
