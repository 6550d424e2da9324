/* secret.c — finding an account's token. Runs before the screen starts, so a
 * token_cmd such as `pass show` can ask for a passphrase on the terminal. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "starling/config.h"
#include "starling/network.h"
#include "starling/fileq.h"
#include "starling/paths.h"
#include "starling/secret.h"
#include "starling/xmalloc.h"

#define SECRET_MAX	4096

static void
secret_trim(char *s)
{
	size_t	len = strcspn(s, "\r\n");

	s[len] = '\0';
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		s[--len] = '\0';
}

/* A server URL's origin: scheme ("https" when none is given), host
 * (lowercase, an IPv6 address without its brackets) and port (the
 * scheme's default when none is given). */
static void
secret_origin(const char *url, char **scheme, char **host, char **port)
{
	const char	*h = strstr(url, "://"), *end, *p;
	char		*c;

	if (h != NULL) {
		*scheme = xstrndup(url, (size_t)(h - url));
		h += 3;
	} else {
		*scheme = xstrdup("https");
		h = url;
	}
	for (c = *scheme; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	if (*h == '[' && (end = strchr(h, ']')) != NULL) {
		*host = xstrndup(h + 1, (size_t)(end - h - 1));
		p = end + 1;
	} else {
		end = h + strcspn(h, ":/?#");
		*host = xstrndup(h, (size_t)(end - h));
		p = end;
	}
	for (c = *host; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	if (*p == ':' && p[1] != '\0' && p[1] != '/')
		*port = xstrndup(p + 1, strcspn(p + 1, "/?#"));
	else
		*port = xstrdup(strcmp(*scheme, "http") == 0 ? "80" : "443");
}

char *
secret_default_path(const char *network, const char *url)
{
	char	*dir = paths_data_dir(), *path, *scheme, *host, *port;

	secret_origin(url, &scheme, &host, &port);
	xasprintf(&path, "%s/tokens/%s-%s-%s-%s.token", dir, network, scheme,
	    host, port);
	free(scheme);
	free(host);
	free(port);
	free(dir);
	return path;
}

char *
secret_legacy_path(const char *network, const char *url)
{
	char	*dir, *path = NULL, *scheme, *host, *port;

	secret_origin(url, &scheme, &host, &port);
	if (strcmp(scheme, "https") == 0 && strcmp(port, "443") == 0) {
		dir = paths_data_dir();
		xasprintf(&path, "%s/tokens/%s-%s.token", dir, network, host);
		free(dir);
	}
	free(scheme);
	free(host);
	free(port);
	return path;
}

int
secret_read_file(const char *path, char **out, char *err, size_t errlen)
{
	struct stat	 st;
	char		 buf[SECRET_MAX];
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		close(fd);
		return -1;
	}
	if (st.st_mode & 077) {
		snprintf(err, errlen, "%s: refusing a token file others can "
		    "read (mode %04o); run: chmod 600 %s", path,
		    (unsigned)(st.st_mode & 07777), path);
		close(fd);
		return -1;
	}
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	buf[n] = '\0';
	secret_trim(buf);
	if (*buf == '\0') {
		snprintf(err, errlen, "%s: empty", path);
		return -1;
	}
	*out = xstrdup(buf);
	memset(buf, 0, sizeof buf);
	return 0;
}

int
secret_write_file(const char *path, const char *token, char *err,
    size_t errlen)
{
	char	*line;
	int	 rc;

	xasprintf(&line, "%s\n", token);
	if ((rc = fileq_write_file(path, line, strlen(line))) != 0)
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
	memset(line, 0, strlen(line));
	free(line);
	return rc;
}

/* Runs cmd for its first line; what: who it is for, in messages
 * ("account work", "store_password_cmd"). */
static int
secret_command(const char *what, const char *cmd, char **out, char *err,
    size_t errlen)
{
	char	 buf[SECRET_MAX] = "";
	FILE	*f;
	int	 status;

	fflush(NULL);
	if ((f = popen(cmd, "r")) == NULL) {
		snprintf(err, errlen, "%s: cannot run its command: %s",
		    what, strerror(errno));
		return -1;
	}
	if (fgets(buf, sizeof buf, f) == NULL)
		*buf = '\0';
	status = pclose(f);
	secret_trim(buf);
	if (status != 0 || *buf == '\0') {
		snprintf(err, errlen, "%s: its command failed (exit %d) "
		    "or printed nothing", what, WIFEXITED(status) ?
		    WEXITSTATUS(status) : -1);
		memset(buf, 0, sizeof buf);
		return -1;
	}
	*out = xstrdup(buf);
	memset(buf, 0, sizeof buf);
	return 0;
}

int
secret_token(const struct config_account *a, char **out, char *err,
    size_t errlen)
{
	const struct network *net;
	const char	*v, *url;
	char		 e[400], *path, *old, what[300];
	int		 rc;

	*out = NULL;
	snprintf(what, sizeof what, "account %s", a->name);
	if (a->token_cmd)
		return secret_command(what, a->token_cmd, out, err, errlen);
	if (a->bearer_cmd)
		return secret_command(what, a->bearer_cmd, out, err, errlen);
	if (a->bearer_env) {
		if ((v = getenv(a->bearer_env)) == NULL || *v == '\0') {
			snprintf(err, errlen, "account %s: $%s is not set",
			    a->name, a->bearer_env);
			return -1;
		}
		*out = xstrdup(v);
		return 0;
	}
	if (a->password_cmd)
		return secret_command(what, a->password_cmd, out, err, errlen);
	if (a->token_env || a->password_env) {
		const char *var = a->token_env ? a->token_env : a->password_env;

		if ((v = getenv(var)) == NULL || *v == '\0') {
			snprintf(err, errlen, "account %s: $%s is not set",
			    a->name, var);
			return -1;
		}
		*out = xstrdup(v);
		return 0;
	}
	if (a->token_file || a->password_file) {
		path = paths_expand(a->token_file ? a->token_file :
		    a->password_file);
		rc = secret_read_file(path, out, e, sizeof e);
		free(path);
		if (rc != 0)
			snprintf(err, errlen, "account %s: %s", a->name, e);
		return rc;
	}
	/* An account signing in with a handle and a password (an app
	 * password) has no stored login to fall back on. */
	if (a->handle != NULL) {
		snprintf(err, errlen, "account %s: no password_cmd, password_env "
		    "or password_file", a->name);
		return -1;
	}
	/* What `starling login` stored for this server (scheme, host and
	 * port): the config requires network, the file is that network's.
	 * A file of the older name (host only) is still read, for https on
	 * its default port, the only server it can have been meant for. */
	url = a->instance ? a->instance : a->service ? a->service :
	    (net = network_find(a->network)) != NULL && net->default_url ?
	    net->default_url : "";
	path = secret_default_path(a->network ? a->network : "", url);
	rc = secret_read_file(path, out, e, sizeof e);
	if (rc != 0 && access(path, F_OK) != 0 &&
	    (old = secret_legacy_path(a->network ? a->network : "", url)) !=
	    NULL) {
		if (access(old, F_OK) == 0)
			rc = secret_read_file(old, out, e, sizeof e);
		free(old);
	}
	if (rc != 0)
		snprintf(err, errlen, "account %s: no token_cmd, token_env or "
		    "token_file, and %s (run: starling login %s %s)", a->name,
		    e, a->network ? a->network : "NETWORK", url);
	free(path);
	return rc;
}

int
secret_store_password(const char *cmd, char **out, char *err, size_t errlen)
{
	*out = NULL;
	return secret_command("store_password_cmd", cmd, out, err, errlen);
}
