/* test_x_count.c — X's weighted length against every case of the
 * twitter-text conformance file's weighted-length sections
 * (tests/fixtures/twitter-text/validate.yml, read with libyaml): v2's
 * (WeightedTweetsCounterTest: emoji by their code points), v3's
 * (WeightedTweetsWithDiscountedEmojiCounterTest) and the directional
 * marks' (UnicodeDirectionalMarkerCounterTest, v3). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "harness.h"
#include "starling/network.h"
#include "starling/x.h"

#define VALIDATE	"tests/fixtures/twitter-text/validate.yml"

static const struct {
	const char	*section;
	bool		 emoji;
} sections[] = {
	{ "WeightedTweetsCounterTest", false },
	{ "WeightedTweetsWithDiscountedEmojiCounterTest", true },
	{ "UnicodeDirectionalMarkerCounterTest", true },
};

static yaml_node_t *
get(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
	yaml_node_pair_t	*p;
	yaml_node_t		*k;

	if (map == NULL || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = map->data.mapping.pairs.start;
	    p < map->data.mapping.pairs.top; p++) {
		k = yaml_document_get_node(doc, p->key);
		if (k != NULL && k->type == YAML_SCALAR_NODE &&
		    strcmp((char *)k->data.scalar.value, key) == 0)
			return yaml_document_get_node(doc, p->value);
	}
	return NULL;
}

TEST(conformance)
{
	yaml_parser_t	 parser;
	yaml_document_t	 doc;
	yaml_node_t	*root, *tests, *list, *c, *text, *want;
	yaml_node_item_t *it;
	FILE		*f = fopen(VALIDATE, "rb");
	size_t		 i, ncases = 0;

	CHECK(f != NULL);
	if (f == NULL)
		return;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	CHECK(yaml_parser_load(&parser, &doc) == 1);
	root = yaml_document_get_root_node(&doc);
	tests = get(&doc, root, "tests");
	for (i = 0; i < sizeof sections / sizeof *sections; i++) {
		size_t	here = 0;

		list = get(&doc, tests, sections[i].section);
		CHECK(list != NULL && list->type == YAML_SEQUENCE_NODE);
		if (list == NULL || list->type != YAML_SEQUENCE_NODE)
			continue;
		for (it = list->data.sequence.items.start;
		    it < list->data.sequence.items.top; it++) {
			c = yaml_document_get_node(&doc, *it);
			text = get(&doc, c, "text");
			want = get(&doc, get(&doc, c, "expected"),
			    "weightedLength");
			CHECK(text != NULL && want != NULL);
			if (text == NULL || want == NULL)
				continue;
			long got = x_count_weighted(
			    (char *)text->data.scalar.value, sections[i].emoji);
			long w = strtol((char *)want->data.scalar.value, NULL,
			    10);
			if (got != w)
				printf("  %s: \"%.60s\"\n", sections[i].section,
				    (char *)get(&doc, c,
				    "description")->data.scalar.value);
			CHECK_INT_EQ(got, w);
			here++;
		}
		CHECK(here > 0);
		ncases += here;
	}
	/* 20 + 22 + 2 cases as the file has them. */
	CHECK_INT_EQ(ncases, 44);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	fclose(f);
}

TEST(row)
{
	const struct network	*net = network_find("x");

	CHECK(net != NULL);
	if (net == NULL)
		return;
	CHECK_INT_EQ(net->limits.max_chars, 280);
	CHECK_INT_EQ(net->count("Hi http://test.co", &net->limits), 26);
	CHECK_INT_EQ(net->count("\xf0\x9f\x98\xb7", &net->limits), 2);
	/* A bare domain under a common TLD is a link; a word is not. */
	CHECK_INT_EQ(x_count("see example.com now"), 4 + 23 + 4);
	CHECK_INT_EQ(x_count("a.b"), 3);
	CHECK_INT_EQ(x_count(""), 0);
	/* Invalid UTF-8 never crashes: each bad byte counts. */
	CHECK(x_count("\xff\xfe") > 0);
}

int
main(void)
{
	RUN(conformance);
	RUN(row);
	return harness_done();
}
