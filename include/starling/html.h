/*
 * html — the HTML of a Mastodon post (or any fragment) to plain text with
 * spans, using libxml2's forgiving HTML parser: unclosed tags, stray entities
 * and broken markup give best-effort text, never an error.
 *
 *   <p>…</p>          paragraphs, separated by one blank line
 *   <br>              a line break
 *   <a href=U>        the link's visible text; a span POST_SPAN_LINK with url U,
 *                     or POST_SPAN_MENTION (class "mention", or "u-url mention"),
 *                     or POST_SPAN_HASHTAG (class "hashtag", rel="tag")
 *   <span class="invisible">   dropped (Mastodon hides URL scheme/tail this way)
 *   <span class="ellipsis">    its text, then "…"
 *   <ul>/<ol>/<li>    one item per line, "• " or "1. " first
 *   <blockquote>      lines prefixed "> "
 *   <pre>             text kept as is (whitespace and newlines)
 *   other tags        their text; <script>/<style> and comments dropped
 * Entities (named and numeric) are decoded; outside <pre> runs of whitespace
 * become one space, as a browser shows them.
 */
#ifndef STARLING_HTML_H
#define STARLING_HTML_H

#include <stddef.h>

struct post_span;

struct html_text {
	char			*text;		/* UTF-8, NUL-terminated */
	size_t			 len;
	struct post_span	*spans;		/* span urls are owned here */
	size_t			 nspans;
};

/* Converts len bytes of HTML. Always fills out (text may be ""). */
void	html_to_text(const char *html, size_t len, struct html_text *out);
void	html_text_free(struct html_text *);

#endif
