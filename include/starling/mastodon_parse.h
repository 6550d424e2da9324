/*
 * mastodon_parse — Mastodon's JSON entities (jansson) to struct post, and the
 * small bodies the adapter needs (instance, account, markers, app, token,
 * error). Pure functions: no I/O, no threads. Every parser tolerates missing
 * fields, wrong types, nulls and truncated input: it skips what it cannot
 * use and never crashes.
 *
 * Posts from an instance have network "mastodon@HOST" (ids are only unique
 * per instance) and column set to the caller's column title. Ids (post,
 * action_ref, reply_to_id, author_id, markers, lists) are 1-128 URL-safe
 * characters [A-Za-z0-9._~-]: an entity whose own id is anything else is
 * skipped, so an id can go into a request path as it is.
 *
 * A status that is a boost keeps the wrapper's id (the timeline entry) and
 * created time (when it was boosted, so it sorts there), the original's
 * author/text/counts/media/url, reposted_by_* from the wrapper's account and
 * action_ref set to the original's id (what favourite/reblog/reply act on).
 * A quote (Mastodon 4.4 Quote/ShallowQuote, or a fork's bare Status) gives
 * quote_author and a one-line quote_text of at most ~200 bytes ("CW: ..."
 * when the quoted post has a warning; "quoted post deleted" and the like
 * when it did not come along). poll is "2 options, 14 votes, ends
 * 2026-11-23 14:05 UTC" or "..., closed".
 *
 * A notification's id and created are the notification's; notify_by is its
 * account (display name, else username, else acct). mention (REPLY when the
 * status is a reply), reblog, favourite, poll, update, quote and
 * quoted_update show the status they are about; status shows it with
 * POST_NOTIFY_NONE. follow shows the follower with their bio as text;
 * follow_request, admin.sign_up, admin.report, severed_relationships,
 * moderation_warning and unknown types show the account with POST_NOTIFY_NONE
 * and a text saying what happened ("requested to follow you", "notification:
 * TYPE"). Such account-only posts, and a status notification whose status
 * is gone ("post no longer available"), have action_ref NULL: there is
 * nothing to favourite or boost.
 */
#ifndef STARLING_MASTODON_PARSE_H
#define STARLING_MASTODON_PARSE_H

#include <stddef.h>
#include <stdint.h>

struct json_t;
struct post;

enum mastodon_body {
	MASTODON_STATUSES,	/* [Status] (timelines, favourites, statuses) */
	MASTODON_NOTIFICATIONS,	/* [Notification] */
	MASTODON_SEARCH,	/* v2 Search: its "statuses" */
	MASTODON_CONTEXT,	/* Context: ancestors then descendants */
	MASTODON_STATUS		/* one Status */
};

/* Parses a response body. 0 with *posts (xmalloc'd array, never NULL,
 * possibly empty) and err = "", or -1 with *posts NULL and a message in err
 * when the body is not JSON of the right shape: "malformed JSON at line L
 * column C: ...", "expected a JSON array, got an object", or "server error:
 * MESSAGE" for an Error entity. Entities that cannot be used (no id, not an
 * object) are skipped, not fatal. err may be NULL when errlen is 0. */
int		 mastodon_parse_body(const char *body, size_t len,
		    enum mastodon_body kind, const char *column, const char *host,
		    struct post ***posts, size_t *nposts, char *err, size_t errlen);
void		 mastodon_posts_free(struct post **posts, size_t n);

struct post	*mastodon_parse_status(const struct json_t *status,
		    const char *column, const char *host);
struct post	*mastodon_parse_notification(const struct json_t *notification,
		    const char *column, const char *host);

/* A streaming event (SSE event name + data). update, status.update and
 * notification give a post; delete gives a tombstone (POST_DELETED) for the
 * id in data (bare, or a JSON string; whitespace around it ignored). Any
 * other event (filters_changed, announcement, conversation,
 * encrypted_message ...) gives NULL with *err = '\0'; bad data gives NULL
 * with a message. */
struct post	*mastodon_parse_event(const char *event, const char *data,
		    size_t len, const char *column, const char *host, char *err,
		    size_t errlen);

/* v2 (configuration.statuses, configuration.urls.streaming) or v1
 * (the same configuration.statuses, urls.streaming_api; max_toot_chars
 * from older servers and Pleroma). Filled with the defaults even on -1. */
struct mastodon_instance {
	long	 max_characters;	/* 500 when absent */
	long	 url_chars;		/* characters_reserved_per_url; 23 */
	char	*streaming_url;		/* ws(s)/http(s) URL or NULL */
	char	*version;
};
int		 mastodon_parse_instance(const char *body, size_t len,
		    struct mastodon_instance *, char *err, size_t errlen);
void		 mastodon_instance_free(struct mastodon_instance *);

/* -1 when the account has no valid id; names are sanitised, one line,
 * NULL when absent. */
struct mastodon_account {
	char	*id, *acct, *username, *display_name;
};
int		 mastodon_parse_account(const char *body, size_t len,
		    struct mastodon_account *, char *err, size_t errlen);
void		 mastodon_account_free(struct mastodon_account *);

/* GET /api/v1/markers: the last read ids (NULL when absent). */
int		 mastodon_parse_markers(const char *body, size_t len,
		    char **home, char **notifications, char *err, size_t errlen);
/* POST /api/v1/apps: client_id and client_secret; with the token below,
 * values must be printable ASCII without spaces (they go into headers and
 * forms) or the call fails. An Error entity fails with its message. */
int		 mastodon_parse_app(const char *body, size_t len,
		    char **client_id, char **client_secret, char *err,
		    size_t errlen);
/* POST /oauth/token: access_token. */
int		 mastodon_parse_token(const char *body, size_t len,
		    char **access_token, char *err, size_t errlen);
/* An Error entity's message ("error", then ": error_description"), or NULL
 * when the body is not one (xmalloc'd). */
char		*mastodon_parse_error(const char *body, size_t len);
/* Lists: the id of the list titled title (exact, then Unicode
 * case-insensitive). */
char		*mastodon_parse_list_id(const char *body, size_t len,
		    const char *title);

/* ISO 8601 ("2019-12-08T03:48:33.901Z"; "+02:00", "+0200" or "+02"
 * offsets; a bare date is midnight UTC) to UTC seconds; 0 when it cannot. */
int64_t		 mastodon_parse_time(const char *);

#endif
