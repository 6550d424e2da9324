/* test_network.c — the network registry: lookups by name and by a post's
 * network field, every row complete, the column data the config validates
 * with, each network's count, id order, words, reply options and post
 * addresses. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "starling/account.h"
#include "starling/bluesky.h"
#include "starling/demo.h"
#include "starling/mastodon.h"
#include "starling/network.h"
#include "starling/post.h"
#include "starling/source.h"
#include "starling/x.h"

static const struct network *
mastodon(void)
{
	return network_find("mastodon");
}

static long
count(const struct network *net, const char *text, long url_chars)
{
	struct network_limits	lim = net->limits;

	lim.url_chars = url_chars;
	return net->count(text, &lim);
}

TEST(lookup_by_name_and_post_network)
{
	struct post	t = { 0 }, *p;

	CHECK(network_find("mastodon") == &mastodon_network);
	CHECK(network_find("mastodon@m.example") == &mastodon_network);
	CHECK(network_find("demo") == &demo_network);
	CHECK(network_find("bluesky") == &bluesky_network);
	CHECK(network_find("masto") == NULL);
	CHECK(network_find("mastodonx") == NULL);
	CHECK(network_find("@m.example") == NULL);
	CHECK(network_find("") == NULL);
	CHECK(network_find(NULL) == NULL);

	t.network = "mastodon@m.example";
	t.id = "1";
	p = post_new(&t);
	CHECK(network_of(p) == &mastodon_network);
	post_unref(p);
	t.network = "myspace";
	p = post_new(&t);
	CHECK(network_of(p) == NULL);
	post_unref(p);
	CHECK(network_of(NULL) == NULL);

	/* The source lookup goes through the rows. */
	CHECK(source_find_ops("demo") == &demo_source_ops);
	CHECK(source_find_ops("mastodon") == &mastodon_source_ops);
	CHECK(source_find_ops("bluesky") == &bluesky_source_ops);
	CHECK(source_find_ops("x") == &x_source_ops);
	CHECK(source_find_ops("myspace") == NULL);
}

TEST(every_row_is_complete)
{
	const struct network		*net, *other;
	const struct network_column	*c;
	const struct network_deck_column *d;
	size_t				 i, j, ncol;

	CHECK(network_at(0) != NULL);
	for (i = 0; (net = network_at(i)) != NULL; i++) {
		CHECK(net->name != NULL && *net->name != '\0');
		CHECK(strchr(net->name, '@') == NULL);
		CHECK(network_find(net->name) == net);
		for (j = 0; j < i; j++) {
			other = network_at(j);
			CHECK(strcmp(other->name, net->name) != 0);
		}
		CHECK(net->source_ops != NULL);
		if (net->account) {
			CHECK(net->account_ops != NULL);
			CHECK(net->account_ops->act != NULL);
			CHECK(net->account_ops->open != NULL);
			CHECK(net->limits.max_chars > 0 ||
			    net->limits.max_bytes > 0);
		} else
			CHECK(net->account_ops == NULL);
		CHECK(net->column_key != NULL);
		CHECK(net->columns != NULL && net->columns[0].type != NULL);
		for (ncol = 0, c = net->columns; c->type != NULL; c++, ncol++) {
			CHECK(network_column(net, c->type) != NULL);
			CHECK(c->needs_or == NULL || c->needs != NULL);
		}
		CHECK(ncol > 0);
		CHECK(network_column(net, net->default_column) != NULL);
		for (d = net->deck; d != NULL && d->title != NULL; d++)
			CHECK(network_column(net, d->kind) != NULL);
		CHECK(net->words.reposted && net->words.reposting &&
		    net->words.unreposting && net->words.liking &&
		    net->words.unliking);
		CHECK(net->count != NULL);
		CHECK(net->id_cmp != NULL);
		CHECK(net->web_url != NULL);
	}
	CHECK(i >= 2);
}

TEST(column_types_and_their_keys)
{
	const struct network		*m = mastodon();
	const struct network_column	*c;
	static const char *const	 want[] = { "home", "notifications",
	    "mentions", "local", "public", "hashtag", "list", "search", "user",
	    NULL };
	size_t				 i;

	for (i = 0; want[i] != NULL; i++)
		CHECK(network_column(m, want[i]) != NULL);
	CHECK(network_column(m, "feed") == NULL);
	CHECK(network_column(m, NULL) == NULL);
	CHECK(network_column(NULL, "home") == NULL);
	CHECK_STR_EQ(m->column_key, "type");
	CHECK_STR_EQ(m->default_column, "home");

	c = network_column(m, "hashtag");
	CHECK_STR_EQ(c->needs, "query");
	CHECK(c->needs_or == NULL && c->takes == NULL);
	c = network_column(m, "list");
	CHECK_STR_EQ(c->needs, "list");
	CHECK_STR_EQ(c->needs_or, "query");
	CHECK_STR_EQ(c->needs_what, "its title or id");
	c = network_column(m, "home");
	CHECK(c->needs == NULL && c->takes == NULL);
	c = network_column(m, "notifications");
	CHECK(c->takes != NULL && strcmp(c->takes[0], "types") == 0);
	/* Read markers: home and notifications follow the server's, both
	 * ways; a mentions column is filtered notifications and does not. */
	CHECK_STR_EQ(network_column(m, "home")->read_marker, "home");
	CHECK_STR_EQ(c->read_marker, "notifications");
	CHECK(network_column(m, "mentions")->read_marker == NULL);
	CHECK(network_column(m, "hashtag")->read_marker == NULL);
	CHECK(c->kind == network_column(m, "mentions")->kind);
	CHECK(c->kind == MASTODON_COL_NOTIFICATIONS);

	CHECK_STR_EQ(m->account_needs[0], "instance");
	CHECK(m->account_needs[1] == NULL);
	CHECK(m->notification_kinds != NULL);
	CHECK_STR_EQ(m->notification_kinds[0], "mention");

	/* The demo's kinds are its channels, picked with channel:. */
	CHECK_STR_EQ(demo_network.column_key, "channel");
	for (i = 0; demo_channels[i] != NULL; i++)
		CHECK_STR_EQ(demo_network.columns[i].type, demo_channels[i]);
	CHECK(demo_network.columns[i].type == NULL);
	CHECK(network_column(&demo_network, "home")->takes != NULL);
	CHECK(demo_network.notification_kinds == NULL);
	CHECK(demo_network.deck != NULL && demo_network.deck[0].title != NULL);
	CHECK(mastodon()->deck == NULL);
}

TEST(mastodon_counts_graphemes_and_urls)
{
	const struct network	*m = mastodon();

	CHECK_INT_EQ(count(m, "", 23), 0);
	CHECK_INT_EQ(count(m, "hello", 23), 5);
	/* Every URL is url_chars, however long it is. */
	CHECK_INT_EQ(count(m, "see https://example.com/a/very/long/path/"
	    "that/goes/on", 23), 4 + 23);
	CHECK_INT_EQ(count(m, "http://x.y", 23), 23);
	CHECK_INT_EQ(count(m, "(https://x.example)", 30), 1 + 30);
	/* ...as the server says. */
	CHECK_INT_EQ(count(m, "https://x.example", 40), 40);
	/* Not a URL inside a word. */
	CHECK_INT_EQ(count(m, "xhttps://a", 23), 10);
	/* Characters, not bytes: é (2 bytes), a flag (8), a family (25),
	 * e with a combining accent (3). */
	CHECK_INT_EQ(count(m, "\xc3\xa9", 23), 1);
	CHECK_INT_EQ(count(m, "\xf0\x9f\x87\xaf\xf0\x9f\x87\xb5", 23), 1);
	CHECK_INT_EQ(count(m, "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9"
	    "\xe2\x80\x8d\xf0\x9f\x91\xa7\xe2\x80\x8d\xf0\x9f\x91\xa6", 23), 1);
	CHECK_INT_EQ(count(m, "e\xcc\x81!", 23), 2);
	/* A remote mention counts its local part only. */
	CHECK_INT_EQ(count(m, "@bob@remote.example hi", 23), 4 + 3);
	CHECK_INT_EQ(count(m, "@bob hi", 23), 7);
	CHECK_INT_EQ(m->limits.max_chars, 500);
	CHECK_INT_EQ(m->limits.url_chars, 23);
}

TEST(demo_counts_graphemes)
{
	CHECK_INT_EQ(count(&demo_network, "https://x.example", 23), 17);
	CHECK_INT_EQ(count(&demo_network, "\xc3\xa9t\xc3\xa9", 0), 3);
	CHECK_INT_EQ(network_count_graphemes("a\nb", NULL), 3);
}

TEST(ids_order_as_each_network_says)
{
	int	(*cmp)(const char *, const char *) = mastodon()->id_cmp;

	/* Mastodon's ids are numbers: 9 before 10, whatever the bytes say. */
	CHECK(cmp("9", "10") < 0);
	CHECK(cmp("10", "9") > 0);
	CHECK(cmp("109876543210", "110000000000") < 0);
	CHECK(cmp("110000000000", "110000000000") == 0);
	CHECK(cmp("111", "110") > 0);

	cmp = demo_network.id_cmp;
	CHECK(cmp("home-9", "home-10") < 0);
	CHECK(cmp("home-10", "home-9") > 0);
	CHECK(cmp("home-10", "home-10") == 0);
	CHECK(cmp("search-ab12-3", "search-ab12-20") < 0);
	CHECK((cmp("home-1", "search-1") < 0) == (cmp("search-1", "home-1") > 0));
	CHECK(cmp("home-1", "search-1") != 0);
}

TEST(words)
{
	CHECK_STR_EQ(mastodon()->words.reposted, "boosted");
	CHECK_STR_EQ(mastodon()->words.reposting, "boosting");
	CHECK_STR_EQ(mastodon()->words.unreposting, "unboosting");
	CHECK_STR_EQ(mastodon()->words.liking, "liking");
	CHECK_STR_EQ(network_words(&demo_network)->reposted, "reposted");
	CHECK_STR_EQ(network_words(NULL)->reposted, "reposted");
	CHECK_STR_EQ(network_words(NULL)->unliking, "unliking");
	CHECK(network_words(mastodon()) == &mastodon()->words);
}

TEST(reply_options_come_from_the_parent)
{
	struct post	 t = { 0 }, *p;
	struct action	*a = action_new(ACTION_REPLY);

	t.network = "mastodon@m.example";
	t.id = "1";
	t.visibility = "unlisted";
	p = post_new(&t);
	mastodon()->reply_options(p, a);
	CHECK_INT_EQ(a->noptions, 1);
	CHECK_STR_EQ(action_option(a, "visibility"), "unlisted");
	CHECK(action_option(a, "language") == NULL);
	post_unref(p);

	/* No visibility known: public. */
	t.visibility = NULL;
	p = post_new(&t);
	mastodon()->reply_options(p, a);
	CHECK_INT_EQ(a->noptions, 1);
	CHECK_STR_EQ(action_option(a, "visibility"), "public");
	post_unref(p);

	action_set_option(a, "spoiler", "x");
	CHECK_INT_EQ(a->noptions, 2);
	action_set_option(a, "visibility", NULL);
	CHECK_INT_EQ(a->noptions, 1);
	CHECK(action_option(a, "visibility") == NULL);
	CHECK_STR_EQ(action_option(a, "spoiler"), "x");
	action_free(a);

	CHECK(demo_network.reply_options == NULL);
}

TEST(web_address_of_a_post_without_one)
{
	struct post	 t = { 0 }, *p;
	char		 buf[256], tiny[8];

	t.network = "mastodon@m.example";
	t.id = "109876";
	t.author_handle = "zoe@other.example";
	p = post_new(&t);
	CHECK(mastodon()->web_url(p, buf, sizeof buf));
	CHECK_STR_EQ(buf, "https://m.example/@zoe@other.example/109876");
	CHECK(!mastodon()->web_url(p, tiny, sizeof tiny));
	post_unref(p);

	t.network = "mastodon";	/* whose server? */
	p = post_new(&t);
	CHECK(!mastodon()->web_url(p, buf, sizeof buf));
	post_unref(p);

	t.network = "demo";
	t.id = "home-3";
	t.author_handle = "ada";
	p = post_new(&t);
	CHECK(demo_network.web_url(p, buf, sizeof buf));
	CHECK_STR_EQ(buf, "https://demo.invalid/@ada/home-3");
	post_unref(p);
}

TEST(login)
{
	CHECK(mastodon()->login == mastodon_login);
	CHECK(demo_network.login == NULL);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	RUN(lookup_by_name_and_post_network);
	RUN(every_row_is_complete);
	RUN(column_types_and_their_keys);
	RUN(mastodon_counts_graphemes_and_urls);
	RUN(demo_counts_graphemes);
	RUN(ids_order_as_each_network_says);
	RUN(words);
	RUN(reply_options_come_from_the_parent);
	RUN(web_address_of_a_post_without_one);
	RUN(login);
	return harness_done();
}
