/*
 * html — the HTML of a Mastodon post (or any fragment) to plain text with
 * spans, using libxml2's forgiving HTML parser: unclosed tags, stray entities
 * and broken markup give best-effort text, never an error.
 *
 *   <p>…</p>          paragraphs, separated by one blank line
 *   <br>              a line break (each one counts)
 *   <a href=U>        the link's visible text; a span POST_SPAN_LINK with url U,
 *                     or POST_SPAN_HASHTAG (class "hashtag" — Mastodon's is
 *                     "mention hashtag" — or rel "tag"), or POST_SPAN_MENTION
 *                     (class "mention"). A link without href makes no span;
 *                     only the outermost of nested links does.
 *   <span class="invisible">   dropped (Mastodon hides URL scheme/tail this way)
 *   <span class="ellipsis">    its text, then "…"
 *   class="quote-inline"       dropped (the "RE: <url>" line of a quote)
 *   <ul>/<ol>/<li>    one item per line, "• " or "1. " first (<ol start>);
 *                     nested lists indented two spaces a level
 *   <blockquote>      lines prefixed "> " ("> > " nested)
 *   <pre>             text kept as is (spaces and newlines; a tab is a space)
 *   <img alt=A>       A (Pleroma's custom emoji)
 *   other tags        their text; <script>/<style>/<template>/<head> and
 *                     comments dropped
 * Entities (named and numeric) are decoded and &nbsp; is a plain space;
 * outside <pre> runs of whitespace become one space, as a browser shows them.
 * Input with no '<' at all is plain text: its spaces and newlines are kept.
 *
 * The text is valid UTF-8 (invalid bytes become U+FFFD) with no control
 * character but '\n' (an entity like &#27; cannot smuggle one in), and never
 * starts or ends with whitespace. Spans are byte ranges [start, end) into
 * it, non-empty, in order and not overlapping. Markup nested deeper than
 * libxml2's limit (256 levels) is cut off there.
 *
 * Thread-safe: fetch threads may convert at once.
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

/* Converts len bytes of HTML (html may be NULL: no bytes). Always fills
 * out (text may be ""); free with html_text_free, which leaves it zeroed. */
void	html_to_text(const char *html, size_t len, struct html_text *out);
void	html_text_free(struct html_text *);

#endif
