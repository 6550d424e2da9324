/*
 * secret — an account's token or password, from token_cmd / password_cmd /
 * bearer_cmd (a shell command's first line of output), token_env /
 * bearer_env (an environment variable; bearer_*: an X app's token),
 * token_file (a file only its owner may read: mode 0600 or stricter, else
 * refused), or the file `starling login` stored. Secrets are never logged
 * or shown.
 */
#ifndef STARLING_SECRET_H
#define STARLING_SECRET_H

#include <stddef.h>

struct config_account;

/* Where `starling login` keeps a network's token for the server at url
 * (xmalloc'd), keyed by its scheme, host and port, so a token is never sent
 * to another port or scheme of the same host:
 * $XDG_DATA_HOME/starling/tokens/NETWORK-SCHEME-HOST-PORT.token
 * ("https" and its default port when url names none:
 * mastodon-https-mastodon.example-443.token). */
char	*secret_default_path(const char *network, const char *url);
/* The name tokens had before (NETWORK-HOST.token), still read when the new
 * one does not exist, for an https url on port 443 only; NULL for any
 * other url. */
char	*secret_legacy_path(const char *network, const char *url);

/* 0 with *out (xmalloc'd), or -1 with a message naming the account. */
int	 secret_token(const struct config_account *, char **out, char *err,
	    size_t errlen);

/* The triage store's password: the first line store_password_cmd prints
 * (0 with *out xmalloc'd, or -1 with a message that never holds it). */
int	 secret_store_password(const char *cmd, char **out, char *err,
	    size_t errlen);

/* Reads a token file, refusing one others can read. */
int	 secret_read_file(const char *path, char **out, char *err, size_t errlen);
/* Writes a token file with mode 0600 (directories 0700), whole or not
 * at all (fileq_write_file()). */
int	 secret_write_file(const char *path, const char *token, char *err,
	    size_t errlen);

#endif
