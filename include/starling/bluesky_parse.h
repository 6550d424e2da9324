/*
 * bluesky_parse — Bluesky's XRPC bodies (jansson) to struct post, and the
 * small bodies the adapter needs (session, error, strong reference, DID,
 * lists); the facets of outgoing text. Pure functions: no I/O, no threads.
 * Every parser tolerates missing fields, wrong types, nulls and truncated
 * input: it skips what it cannot use and never crashes.
 *
 * Posts have network "bluesky" (AT-URIs are global) and column set to the
 * caller's column title. A post's id is its AT-URI ("at://DID/COLLECTION/
 * RKEY", at most 512 bytes, printable ASCII without spaces; an item whose
 * URI is anything else is skipped); a repost's id is the repost record's
 * URI (else the post's URI and "#repost-" and the reposter's DID), its
 * created time when it was reposted, reposted_by_* the reposter. action_ref
 * is "URI CID", then " like=URI" and " repost=URI" when the viewer's like
 * or repost record is known (viewer.like, viewer.repost): what reply, like,
 * repost and their undoing need. reply_parent_ref and reply_root_ref are
 * "URI CID" from the record's reply; reply_to_author the parent's handle
 * where the response holds it (a feed's reply view), else the parent's DID.
 * url is https://bsky.app/profile/HANDLE/post/RKEY.
 *
 * Text is the record's plain text (sanitised by post_new like every other
 * network's); facets become spans: links (url: the link's URI, http(s)
 * only), mentions (url: the profile) and tags (url: the tag's page). Facet
 * offsets are UTF-8 byte offsets; one that is out of range, not on a
 * character boundary, empty, or overlapping an earlier one is dropped.
 * Embeds: images as image media (alt only: image addresses are never
 * kept), a video as video media, an external link as link media with its
 * title (url: the link), a quoted post as quote_author and quote_text
 * ("post not found", "blocked post" when it is not there). Self-labels
 * and moderation labels that mark content sensitive (porn, sexual, nudity,
 * graphic-media, gore, !warn, !hide) set POST_SENSITIVE and a
 * content_warning naming them, so the post collapses like a CW.
 * Avatars are never kept.
 *
 * A notification's id and created are the notification's, notify_by its
 * author (display name, else handle). like and repost show the post they
 * are about when the caller passed it (getPosts' body), with that post's
 * author; else the liker with no text. reply, mention and quote show the
 * post itself; follow shows the follower ("followed you"); other reasons
 * say what happened with POST_NOTIFY_NONE.
 */
#ifndef STARLING_BLUESKY_PARSE_H
#define STARLING_BLUESKY_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct post;

enum bluesky_body {
	BLUESKY_FEED,		/* {feed: [FeedViewPost], cursor} */
	BLUESKY_POSTS,		/* {posts: [PostView], cursor}: searchPosts,
				   getPosts */
	BLUESKY_NOTIFICATIONS,	/* {notifications, cursor, seenAt} */
	BLUESKY_THREAD		/* {thread}: the parents from the root down,
				   then the replies; the anchor left out */
};

struct bluesky_page {
	struct post	**posts;	/* never NULL after a 0 */
	size_t		  n;
	char		 *cursor;	/* the next page's, or NULL */
	char		 *seen_at;	/* notifications: the server's seenAt */
};

/* Parses a response body. 0 with *page filled, or -1 with a message in err
 * ("malformed JSON at line L column C: ...", "expected a JSON object",
 * "server error: NAME: MESSAGE"). subjects: for notifications, a getPosts
 * body holding the posts liked or reposted (or NULL). Items that cannot
 * be used are skipped, not fatal. */
int		 bluesky_parse_page(const char *body, size_t len,
		    enum bluesky_body kind, const char *column,
		    const char *subjects, size_t subjects_len,
		    struct bluesky_page *page, char *err, size_t errlen);
void		 bluesky_page_free(struct bluesky_page *);

/* The like and repost notifications' subject URIs in a listNotifications
 * body (at most max, each xmalloc'd): the posts getPosts must bring. */
size_t		 bluesky_parse_subjects(const char *body, size_t len,
		    char **uris, size_t max);

/* createSession / refreshSession: every field xmalloc'd; -1 when a token
 * or the DID is missing (the error entity's words in err). */
struct bluesky_tokens {
	char	*did, *handle, *access, *refresh;
};
int		 bluesky_parse_session(const char *body, size_t len,
		    struct bluesky_tokens *, char *err, size_t errlen);
void		 bluesky_tokens_free(struct bluesky_tokens *);

/* An XRPC error body {"error": NAME, "message": TEXT}: name into name
 * (may be NULL), and "NAME: TEXT" (or the one there is) xmalloc'd; NULL
 * when the body is not one. */
char		*bluesky_parse_error(const char *body, size_t len, char *name,
		    size_t namelen);
/* createRecord's {uri, cid} (both xmalloc'd), -1 when absent. */
int		 bluesky_parse_ref(const char *body, size_t len, char **uri,
		    char **cid);
/* resolveHandle's {did}: xmalloc'd or NULL. */
char		*bluesky_parse_did(const char *body, size_t len);
/* getLists: the URI of the list named name (exact, then ignoring ASCII
 * case), or NULL. */
char		*bluesky_parse_list_uri(const char *body, size_t len,
		    const char *name);

/* The parts of an action_ref or a *_ref: "URI CID like=URI repost=URI".
 * Fields are xmalloc'd or NULL; false when there is no URI. */
struct bluesky_ref {
	char	*uri, *cid, *like, *repost;
};
bool		 bluesky_ref_split(const char *ref, struct bluesky_ref *);
void		 bluesky_ref_free(struct bluesky_ref *);

/* ISO 8601 (what Bluesky writes: "2026-11-22T12:35:40.000Z", offsets too)
 * to UTC seconds; 0 when it cannot. */
int64_t		 bluesky_parse_time(const char *);

/* Record keys are TIDs: 13 base32-sortable characters of microseconds.
 * The TID of a time (UTC seconds), and back (0 when s is none). */
void		 bluesky_tid(int64_t t, char out[14]);
int64_t		 bluesky_tid_time(const char *s);

/* Outgoing text's facets, found the way Bluesky's own clients find them:
 * links (http:// and https:// after a start, a space or '('; trailing
 * punctuation and an unbalanced ')' left out), mentions ("@" and a handle
 * with a dot, after a start, a space or '(') and tags ("#" or "＃" after
 * a start or a space, not only digits, trailing punctuation left out, at
 * most 64 characters). start and end are UTF-8 byte offsets into text;
 * value is the URI, the handle (without '@') or the tag (without '#'),
 * xmalloc'd. Returns how many (at most max). */
enum bluesky_facet_kind {
	BLUESKY_FACET_LINK, BLUESKY_FACET_MENTION, BLUESKY_FACET_TAG
};
struct bluesky_facet {
	enum bluesky_facet_kind	 kind;
	size_t			 start, end;
	char			*value;
};
size_t		 bluesky_facets_find(const char *text,
		    struct bluesky_facet *out, size_t max);
void		 bluesky_facets_free(struct bluesky_facet *, size_t n);

/* A post record's JSON (xmalloc'd) for createRecord: text, createdAt
 * (created, UTC seconds), facets (mentions whose did is NULL are left
 * out: a handle that did not resolve), and reply when parent is given
 * (root: root, else parent). dids is parallel to facets. */
char		*bluesky_post_record(const char *text, int64_t created,
		    const struct bluesky_facet *facets, char *const *dids,
		    size_t nfacets, const struct bluesky_ref *parent,
		    const struct bluesky_ref *root);

/* A JWT's "exp" (UTC seconds), read without checking its signature; 0
 * when it has none or cannot be read. */
int64_t		 bluesky_jwt_exp(const char *jwt);

#endif
