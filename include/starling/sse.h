/*
 * sse — an incremental parser for text/event-stream (the WHATWG
 * server-sent events format): fed arbitrary chunks, it calls back once per
 * complete event. Comment lines (":thump" heartbeats) are reported as
 * heartbeats so a caller can track liveness, never as events.
 */
#ifndef STARLING_SSE_H
#define STARLING_SSE_H

#include <stddef.h>

struct sse;

/* event: the event type ("message" when none was given); data: the data
 * lines joined with '\n' (NUL-terminated, len bytes, may hold NULs); id: the
 * last event id seen on the stream, or NULL when none or empty. An event
 * with no data line is not dispatched; an event or id field holding a NUL
 * byte is ignored. */
typedef void (*sse_event_cb)(const char *event, const char *data, size_t len,
    const char *id, void *arg);
typedef void (*sse_heartbeat_cb)(void *arg);

struct sse	*sse_new(sse_event_cb, sse_heartbeat_cb, void *arg);
void		 sse_free(struct sse *);
/* Feeds a chunk; lines may be split anywhere (even inside a UTF-8
 * sequence or between CR and LF). An event's data is capped at
 * SSE_MAX_EVENT bytes: data beyond that is dropped and the event is
 * delivered cut. */
void		 sse_feed(struct sse *, const char *buf, size_t len);
/* Forgets a partial event (after a dropped connection); the last event id
 * is kept, and a new stream may open with a BOM again. */
void		 sse_reset(struct sse *);
/* Lowers (or raises) the cap from SSE_MAX_EVENT, for tests and fuzzing. */
void		 sse_set_max_event(struct sse *, size_t max_event);

#define SSE_MAX_EVENT	(4u << 20)

#endif
