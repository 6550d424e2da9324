/*
 * mastodon_parse — Mastodon's JSON entities (jansson) to struct post, and the
 * small bodies the adapter needs (instance, account, markers, app, token,
 * error). Pure functions: no I/O, no threads. Every parser tolerates missing
 * fields, wrong types, nulls and truncated input: it skips what it cannot
 * use and never crashes.
 *
 * Posts from an instance have network "mastodon@HOST" (ids are only unique
 * per instance) and column set to the caller's column title. A status that is
 * a boost keeps the wrapper's id (the timeline entry), the original's
 * author/text/counts, reposted_by_* from the wrapper's account and action_ref
 * set to the original's id (what favourite/reblog/reply act on). A
 * notification's id is the notification id; its post shows the status it is
 * about (or, for a follow, the follower), with notify and notify_by set.
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

/* Parses a response body. 0 with *posts (xmalloc'd array, possibly empty)
 * or -1 with a message in err when the body is not JSON of the right shape.
 * Entities that cannot be used are skipped, not fatal. */
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
 * id in data. Any other event (filters_changed, announcement, conversation,
 * encrypted_message ...) gives NULL with *err = '\0'; bad data gives NULL
 * with a message. */
struct post	*mastodon_parse_event(const char *event, const char *data,
		    size_t len, const char *column, const char *host, char *err,
		    size_t errlen);

struct mastodon_instance {
	long	 max_characters;	/* 500 when absent */
	long	 url_chars;		/* characters_reserved_per_url; 23 */
	char	*streaming_url;		/* configuration.urls.streaming or NULL */
	char	*version;
};
int		 mastodon_parse_instance(const char *body, size_t len,
		    struct mastodon_instance *, char *err, size_t errlen);
void		 mastodon_instance_free(struct mastodon_instance *);

struct mastodon_account {
	char	*id, *acct, *username, *display_name;
};
int		 mastodon_parse_account(const char *body, size_t len,
		    struct mastodon_account *, char *err, size_t errlen);
void		 mastodon_account_free(struct mastodon_account *);

/* GET /api/v1/markers: the last read ids (NULL when absent). */
int		 mastodon_parse_markers(const char *body, size_t len,
		    char **home, char **notifications, char *err, size_t errlen);
/* POST /api/v1/apps: client_id and client_secret. */
int		 mastodon_parse_app(const char *body, size_t len,
		    char **client_id, char **client_secret, char *err,
		    size_t errlen);
/* POST /oauth/token: access_token. */
int		 mastodon_parse_token(const char *body, size_t len,
		    char **access_token, char *err, size_t errlen);
/* An Error entity's message ("error", then ": error_description"), or NULL
 * when the body is not one (xmalloc'd). */
char		*mastodon_parse_error(const char *body, size_t len);
/* Lists: the id of the list titled title (exact, then case-insensitive). */
char		*mastodon_parse_list_id(const char *body, size_t len,
		    const char *title);

/* ISO 8601 ("2019-12-08T03:48:33.901Z", offsets allowed) to UTC seconds;
 * 0 when it cannot. */
int64_t		 mastodon_parse_time(const char *);

#endif
