/*
 * feed — RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom 1.0 as a source: `source: feed`
 * with `url:` and `every:`. The fetch thread GETs the configured URL (and
 * nothing else) through the HTTP layer, conditionally (ETag / Last-Modified:
 * an unchanged feed costs a 304), parses it with libxml2's streaming reader
 * and emits each entry it has not emitted yet as a post.
 *
 * A post: title and summary or content as plain text (HTML and entities
 * decoded by html_to_text, twice when the feed escaped them twice), the
 * entry's link (an alerts service's redirect wrapper "...?url=REAL&..."
 * unwrapped to REAL), its author (else the feed's), its published time
 * (else updated, else the fetch time, in document order). Its id is the
 * guid / id (RSS 1.0: rdf:about), else the link, else a hash of its text.
 *
 * Network name: "feed@" and the URL without its scheme, user info and
 * fragment ("feed@news.example/brand.atom?q=x"): the same feed keeps its
 * triage history across restarts, renames of its column and a move from
 * http to https.
 */
#ifndef STARLING_FEED_H
#define STARLING_FEED_H

#include <stddef.h>
#include <stdint.h>

struct network;
struct post;
struct source_ops;

#define FEED_MAX_BODY		((size_t)16 << 20)	/* bytes fetched */
#define FEED_MAX_ENTRIES	1000	/* entries read from one document */
#define FEED_MAX_FIELD		(256 * 1024)	/* bytes of one field kept */
#define FEED_EVERY_DEFAULT	300	/* seconds between polls */
#define FEED_EVERY_MIN		5

extern const struct network feed_network;
extern const struct source_ops feed_source_ops;

enum feed_kind { FEED_RSS, FEED_RDF, FEED_ATOM };

/* One parsed document: posts newest first (by time, then document order). */
struct feed_doc {
	enum feed_kind	  kind;
	struct post	**posts;
	size_t		  n;
	/* Per post: what says it changed (its id and updated time). */
	char		**keys;
};

/* Parses len bytes. network and column label the posts; entries without a
 * time get now, minus one second per place in the document. 0, or -1 with
 * a reason in err ("not a feed (an HTML page)", "not XML: line 3: ...");
 * out is filled either way and freed with feed_doc_free. */
int		 feed_parse(const char *buf, size_t len, const char *network,
		    const char *column, int64_t now, struct feed_doc *out,
		    char *err, size_t errlen);
void		 feed_doc_free(struct feed_doc *);

/* The real address behind a redirect wrapper: the http(s) URL in a "url"
 * (or "u", "q") query parameter, percent-decoded; else url itself.
 * xmalloc'd. */
char		*feed_unwrap_link(const char *url);
/* The network name of the feed at url (see above). xmalloc'd. */
char		*feed_network_name(const char *url);
/* RFC 822 ("Mon, 02 Jan 2006 15:04:05 -0700", "GMT", "EST", two-digit
 * years) or RFC 3339 / ISO 8601: 0 with UTC seconds in *out, or -1. */
int		 feed_parse_date(const char *s, int64_t *out);

#endif
