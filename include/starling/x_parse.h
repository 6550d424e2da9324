/*
 * x_parse — X API v2 JSON to posts (jansson), with the response's
 * includes (users, referenced tweets, media): a repost shows the post it
 * reposts, a quote its summary, a reply whom it answers; authors carry
 * their follower counts. t.co links become their display address with the
 * expanded one as the link's target; the HTML entities X leaves in text
 * (&amp; &lt; &gt; &quot; &#39;) are decoded; post_new sanitises the rest.
 *
 * Malformed input is an error (or a post skipped), never a crash. Errors
 * are X's problem+json ({"title","detail"}) or its older {"errors":[…]}
 * shape, in words. A response with data and errors (partial errors) gives
 * its posts and the errors' words for the log.
 */
#ifndef STARLING_X_PARSE_H
#define STARLING_X_PARSE_H

#include <stddef.h>
#include <time.h>

struct post;

struct x_page {
	struct post	**posts;	/* newest first, as X sends them */
	size_t		  nposts;
	char		 *newest_id;	/* meta.newest_id, or NULL */
	char		 *next_token;	/* meta.next_token: an older page */
	char		 *errors;	/* partial errors in words, or NULL */
};

/* A page of posts (data an array, or one object). column names the
 * column they are for. 0, or -1 with err. */
int	x_parse_page(const char *body, size_t len, const char *column,
	    struct x_page *out, char *err, size_t errlen);
void	x_page_free(struct x_page *);

/* A response's error in words ("Unauthorized: …"), sanitised; NULL when
 * body says none. */
char	*x_parse_error(const char *body, size_t len);

/* A user object (data of /2/users/me or /2/users/by/username): 0 with
 * *id and *username (xmalloc'd), or -1 with err. */
int	x_parse_user(const char *body, size_t len, char **id, char **username,
	    char *err, size_t errlen);

/* The token endpoint's answer: 0 with *access, *refresh (NULL when none
 * came) and *expires_in (seconds, 0 when not said); -1 with err. */
int	x_parse_token(const char *body, size_t len, char **access,
	    char **refresh, long *expires_in, char *err, size_t errlen);

/* The token file's one JSON line, or a bare token: 0 with *access and,
 * when it holds them, *refresh and *expires_at; -1 when empty. */
int	x_parse_token_file(const char *s, char **access, char **refresh,
	    time_t *expires_at);
/* That line for these tokens (xmalloc'd). */
char	*x_token_file_line(const char *access, const char *refresh,
	    time_t expires_at);

#endif
