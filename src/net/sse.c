/* sse.c — text/event-stream parsing after the WHATWG "event stream
 * interpretation" rules. Bytes are cut into lines (CRLF, LF or CR, a CR at a
 * chunk's end possibly followed by its LF in the next chunk); each line is a
 * field, a comment or the blank line that dispatches. A line is buffered
 * whole, but never beyond the event cap, so a hostile stream without line
 * ends costs at most two caps of memory. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "starling/sse.h"
#include "starling/xmalloc.h"

/* Room on a line for the longest field name and its ": ". */
#define SSE_LINE_SLACK	16

struct sse_buf {
	char	*s;
	size_t	 len, cap;
};

struct sse {
	sse_event_cb		 on_event;
	sse_heartbeat_cb	 on_heartbeat;
	void			*arg;
	size_t			 max_event;

	struct sse_buf		 line;		/* the line being read */
	bool			 after_cr;	/* a CR ended the last line */
	size_t			 bom_seen;	/* BOM bytes matched at start */
	bool			 started;	/* past where a BOM could be */

	struct sse_buf		 data;
	bool			 has_data;	/* a data field was seen */
	struct sse_buf		 event;
	char			*last_id;	/* survives events and resets */
};

static const char sse_bom[] = "\xef\xbb\xbf";

static void
sse_buf_add(struct sse_buf *b, const char *s, size_t n, size_t cap)
{
	size_t	room = cap > b->len ? cap - b->len : 0, want;

	if (n > room)
		n = room;
	if (b->len + n + 1 > b->cap) {
		want = b->cap ? b->cap : 256;
		while (want < b->len + n + 1)
			want *= 2;
		if (want > cap + 1)
			want = cap + 1;
		b->s = xrealloc(b->s, want);
		b->cap = want;
	}
	if (n > 0)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
sse_buf_clear(struct sse_buf *b)
{
	b->len = 0;
	if (b->s != NULL)
		b->s[0] = '\0';
}

/* Drops a buffer grown large by one big event, so memory follows the
 * stream's usual event size rather than its largest. */
static void
sse_buf_shrink(struct sse_buf *b)
{
	if (b->cap > 65536) {
		free(b->s);
		b->s = NULL;
		b->cap = 0;
	}
	b->len = 0;
}

struct sse *
sse_new(sse_event_cb on_event, sse_heartbeat_cb on_heartbeat, void *arg)
{
	struct sse	*p = xcalloc(1, sizeof *p);

	p->on_event = on_event;
	p->on_heartbeat = on_heartbeat;
	p->arg = arg;
	p->max_event = SSE_MAX_EVENT;
	return p;
}

void
sse_free(struct sse *p)
{
	if (p == NULL)
		return;
	free(p->line.s);
	free(p->data.s);
	free(p->event.s);
	free(p->last_id);
	free(p);
}

void
sse_set_max_event(struct sse *p, size_t max_event)
{
	p->max_event = max_event;
}

void
sse_reset(struct sse *p)
{
	sse_buf_shrink(&p->line);
	sse_buf_shrink(&p->data);
	sse_buf_clear(&p->event);
	p->has_data = false;
	p->after_cr = false;
	p->bom_seen = 0;
	p->started = false;
}

static void
sse_dispatch(struct sse *p)
{
	const char	*type = "message", *data = "";

	if (p->has_data) {
		if (p->event.len > 0)
			type = p->event.s;
		if (p->data.s != NULL)
			data = p->data.s;
		if (p->on_event != NULL)
			p->on_event(type, data, p->data.len,
			    p->last_id != NULL && *p->last_id != '\0' ?
			    p->last_id : NULL, p->arg);
	}
	sse_buf_shrink(&p->data);
	sse_buf_clear(&p->event);
	p->has_data = false;
}

static void
sse_field(struct sse *p, const char *name, size_t nlen, const char *value,
    size_t vlen)
{
	if (nlen == 4 && memcmp(name, "data", 4) == 0) {
		if (p->has_data)
			sse_buf_add(&p->data, "\n", 1, p->max_event);
		sse_buf_add(&p->data, value, vlen, p->max_event);
		p->has_data = true;
	} else if (nlen == 5 && memcmp(name, "event", 5) == 0) {
		/* A C string cannot carry it: ignored, like such an id. */
		if (memchr(value, '\0', vlen) != NULL)
			return;
		sse_buf_clear(&p->event);
		sse_buf_add(&p->event, value, vlen, vlen);
	} else if (nlen == 2 && memcmp(name, "id", 2) == 0) {
		if (memchr(value, '\0', vlen) != NULL)
			return;
		free(p->last_id);
		p->last_id = xstrndup(value, vlen);
	}
	/* "retry" and unknown fields are ignored. */
}

static void
sse_line(struct sse *p, const char *s, size_t len)
{
	const char	*colon;
	size_t		 nlen, vlen;

	if (len == 0) {
		sse_dispatch(p);
		return;
	}
	if (s[0] == ':') {
		if (p->on_heartbeat != NULL)
			p->on_heartbeat(p->arg);
		return;
	}
	if ((colon = memchr(s, ':', len)) == NULL) {
		sse_field(p, s, len, "", 0);
		return;
	}
	nlen = colon - s;
	vlen = len - nlen - 1;
	colon++;
	if (vlen > 0 && *colon == ' ') {
		colon++;
		vlen--;
	}
	sse_field(p, s, nlen, colon, vlen);
}

/* Ends the buffered line (the one being read is in p->line). */
static void
sse_end_line(struct sse *p)
{
	sse_line(p, p->line.s != NULL ? p->line.s : "", p->line.len);
	sse_buf_shrink(&p->line);
}

void
sse_feed(struct sse *p, const char *buf, size_t len)
{
	const char	*end = buf + len, *nl;
	size_t		 cap = p->max_event + SSE_LINE_SLACK;

	/* A BOM may only open the stream, and may arrive a byte at a time. */
	while (!p->started && buf < end) {
		if ((unsigned char)*buf == (unsigned char)sse_bom[p->bom_seen]) {
			buf++;
			if (++p->bom_seen == 3)
				p->started = true;
			continue;
		}
		p->started = true;
		/* Not a BOM after all: the bytes matched so far are text. */
		sse_buf_add(&p->line, sse_bom, p->bom_seen, cap);
	}
	while (buf < end) {
		if (p->after_cr) {
			p->after_cr = false;
			if (*buf == '\n') {
				buf++;
				continue;
			}
		}
		for (nl = buf; nl < end && *nl != '\n' && *nl != '\r'; nl++)
			;
		if (p->line.len == 0 && nl < end) {
			/* The whole line is in this chunk: no copy needed. */
			sse_line(p, buf, (size_t)(nl - buf) < cap ?
			    (size_t)(nl - buf) : cap);
		} else {
			sse_buf_add(&p->line, buf, nl - buf, cap);
			if (nl == end)
				break;
			sse_end_line(p);
		}
		p->after_cr = *nl == '\r';
		buf = nl + 1;
	}
}
