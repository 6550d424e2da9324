/* network.c — the table of networks: one row each, defined in the adapter's
 * own file. Lookups by name, by a post's network field, and what every row
 * may share. */
#include <string.h>

#include "starling/bluesky.h"
#include "starling/demo.h"
#include "starling/exec.h"
#include "starling/feed.h"
#include "starling/mastodon.h"
#include "starling/network.h"
#include "starling/post.h"
#include "starling/text.h"
#include "starling/x.h"

static const struct network *const network_table[] = {
	&demo_network,
	&mastodon_network,
	&bluesky_network,
	&feed_network,
	&exec_network,
	&x_network,
};

static const struct network_words network_generic_words = {
	"reposted", "reposting", "unreposting", "liking", "unliking"
};

const struct network *
network_at(size_t i)
{
	if (i >= sizeof network_table / sizeof *network_table)
		return NULL;
	return network_table[i];
}

const struct network *
network_find(const char *name)
{
	const struct network	*net;
	size_t			 i, len;

	if (name == NULL)
		return NULL;
	/* "mastodon@host.example": the network is what comes before '@'. */
	len = strcspn(name, "@");
	for (i = 0; (net = network_at(i)) != NULL; i++)
		if (strlen(net->name) == len &&
		    strncmp(net->name, name, len) == 0)
			return net;
	return NULL;
}

const struct network *
network_of(const struct post *p)
{
	return p != NULL ? network_find(p->network) : NULL;
}

const struct network_column *
network_column(const struct network *net, const char *type)
{
	const struct network_column	*c;

	if (net == NULL || type == NULL)
		return NULL;
	for (c = net->columns; c->type != NULL; c++)
		if (strcmp(c->type, type) == 0)
			return c;
	return NULL;
}

const struct network_words *
network_words(const struct network *net)
{
	return net != NULL ? &net->words : &network_generic_words;
}

long
network_count_graphemes(const char *text, const struct network_limits *lim)
{
	struct text_cluster	c;
	size_t			len = strlen(text), off = 0;
	long			n = 0;

	(void)lim;
	while (off < len) {
		off += text_cluster_next(text + off, len - off, &c);
		n++;
	}
	return n;
}
