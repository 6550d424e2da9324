/*
 * post — the one shape every network's posts take. The UI, the store and the
 * commands know nothing else.
 *
 * A post is immutable once built: post_new() copies a caller-filled template
 * (whose strings may point anywhere) into one allocation, sanitising every
 * string on the way (control characters and escape sequences never survive).
 * An edit or a count change arrives as a new post that replaces the old one by
 * (network, id); a post with POST_DELETED set removes it.
 * Reference counted so several timelines can hold one post; post_ref/post_unref
 * are thread-safe.
 */
#ifndef STARLING_POST_H
#define STARLING_POST_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

enum post_span_kind { POST_SPAN_LINK, POST_SPAN_MENTION, POST_SPAN_HASHTAG };

/* A span over text by byte range [start, end). url: the link target, the
 * mention's profile or the tag's page; may be NULL. */
struct post_span {
	enum post_span_kind	 kind;
	uint32_t		 start, end;
	const char		*url;
};

enum post_media_kind {
	POST_MEDIA_IMAGE, POST_MEDIA_VIDEO, POST_MEDIA_GIFV, POST_MEDIA_AUDIO,
	POST_MEDIA_LINK,	/* a link card: alt is its title, url the link */
	POST_MEDIA_OTHER
};

struct post_media {
	enum post_media_kind	 kind;
	const char		*alt;		/* may be NULL */
	const char		*url;		/* may be NULL */
};

/* For notifications: what happened, and who did it (notify_by). */
enum post_notify {
	POST_NOTIFY_NONE, POST_NOTIFY_MENTION, POST_NOTIFY_REPLY,
	POST_NOTIFY_REPOST, POST_NOTIFY_LIKE, POST_NOTIFY_FOLLOW,
	POST_NOTIFY_QUOTE, POST_NOTIFY_POLL, POST_NOTIFY_UPDATE
};

#define POST_DELETED	0x01	/* tombstone: remove (network, id) */
#define POST_LIKED	0x02	/* the user's own state */
#define POST_REPOSTED	0x04
#define POST_BOOKMARKED	0x08
#define POST_SENSITIVE	0x10

struct post {
	/* identity */
	const char	*network;	/* a registry row's name ("demo"), and
					   "@host" where ids are the server's
					   ("mastodon@host.example") */
	const char	*column;	/* the account or channel it came from */
	const char	*id;		/* unique within network */
	const char	*action_ref;	/* what actions need (status id; AT-URI+CID) */
	const char	*cid;		/* the record's content id, where the
					   network names versions (Bluesky) */
	const char	*url;

	/* author (for a repost: the original's author) */
	const char	*author_name;
	const char	*author_handle;	/* without the leading @ */
	const char	*author_id;
	const char	*avatar_url;
	long		 followers;

	int64_t		 created;	/* UTC seconds */
	int64_t		 edited;	/* 0 when never edited */

	const char		*text;	/* plain UTF-8; may hold '\n' */
	const struct post_span	*spans;
	size_t			 nspans;

	/* context */
	const char	*reply_to_id;
	const char	*reply_to_author;	/* handle */
	/* A reply's thread, as its adapter must name it to reply in the same
	 * thread; opaque outside it (Mastodon: the parent's status id; Bluesky:
	 * AT-URI and CID; X: tweet ids). NULL when not a reply or not known. */
	const char	*reply_parent_ref;
	const char	*reply_root_ref;
	const char	*reposted_by_name;	/* set when this is a repost */
	const char	*reposted_by_handle;
	const char	*quote_author;		/* handle of a quoted post */
	const char	*quote_text;		/* its summary */
	const char	*content_warning;
	const struct post_media	*media;
	size_t			 nmedia;
	const char	*poll;			/* summary, e.g. "2 options, 14 votes" */
	const char	*lang;
	const char	*visibility;		/* public, unlisted, private, direct */

	long		 replies, reposts, likes;
	unsigned	 flags;			/* POST_* */

	enum post_notify notify;
	const char	*notify_by;		/* who did it (display name or handle) */

	/* private: reference count */
	int		 refs_;
};

/* Every string field but text, in one list for whoever must visit them all
 * (building a post, its JSON form), so a new field cannot be missed. */
#define POST_STRING_FIELDS(X)						\
	X(network) X(column) X(id) X(action_ref) X(cid) X(url)		\
	X(author_name) X(author_handle) X(author_id) X(avatar_url)	\
	X(reply_to_id) X(reply_to_author) X(reply_parent_ref)		\
	X(reply_root_ref) X(reposted_by_name) X(reposted_by_handle)	\
	X(quote_author) X(quote_text) X(content_warning) X(poll) X(lang)	\
	X(visibility) X(notify_by)

/* Copy tmpl (any pointers, NULL strings allowed) into one new immutable post
 * with one reference. Every string is sanitised; text keeps '\n', other strings
 * become one line. Spans outside the sanitised text are dropped or clamped. */
struct post	*post_new(const struct post *tmpl);
struct post	*post_ref(struct post *);
void		 post_unref(struct post *);

/* A new version of p with the user's own state and the counts replaced
 * (after a like or a boost the server confirmed). */
struct post	*post_with_state(const struct post *p, unsigned flags,
		    long replies, long reposts, long likes);

/* Link n (1-based) of p, as a reader numbers them: the links in its text,
 * then the link cards' addresses not already among them; the text of a
 * span without a target is copied into buf. NULL past the last. */
const char	*post_link(const struct post *p, size_t n, char *buf,
		    size_t len);

/* Bytes the post occupies (for memory figures). */
size_t		 post_size(const struct post *);

#endif
