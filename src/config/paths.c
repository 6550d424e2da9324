/*
 * paths.c — XDG base directories, "~" expansion and theme lookup.
 */
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "starling/paths.h"
#include "starling/xmalloc.h"

static const char *
paths_home(void)
{
	const char	*home = getenv("HOME");
	struct passwd	*pw;

	if (home != NULL && *home != '\0')
		return home;
	if ((pw = getpwuid(getuid())) != NULL && pw->pw_dir != NULL)
		return pw->pw_dir;
	return "/";
}

/* $VAR/starling, or ~/fallback/starling. The spec says a relative value is
 * invalid and must be ignored. */
static char *
paths_xdg(const char *var, const char *fallback)
{
	const char	*v = getenv(var);
	char		*s;

	if (v != NULL && v[0] == '/')
		xasprintf(&s, "%s/starling", v);
	else
		xasprintf(&s, "%s/%s/starling", paths_home(), fallback);
	return s;
}

char *
paths_config_dir(void)
{
	return paths_xdg("XDG_CONFIG_HOME", ".config");
}

char *
paths_data_dir(void)
{
	return paths_xdg("XDG_DATA_HOME", ".local/share");
}

char *
paths_state_dir(void)
{
	return paths_xdg("XDG_STATE_HOME", ".local/state");
}

char *
paths_config_file(void)
{
	char	*dir = paths_config_dir(), *s;

	xasprintf(&s, "%s/config.yaml", dir);
	free(dir);
	return s;
}

char *
paths_expand(const char *path)
{
	char	*s;

	if (path[0] == '~' && (path[1] == '/' || path[1] == '\0')) {
		xasprintf(&s, "%s%s", paths_home(), path + 1);
		return s;
	}
	return xstrdup(path);
}

char *
paths_store(const char *configured)
{
	static const char *const schemes[] = { "sqlite://", "sqlite:", "" };
	char	*dir, *rest, *s;
	size_t	 i, len;

	if (configured == NULL || *configured == '\0') {
		dir = paths_data_dir();
		xasprintf(&s, "%s/triage.db", dir);
		free(dir);
		return s;
	}
	for (i = 0; i < sizeof schemes / sizeof schemes[0]; i++) {
		len = strlen(schemes[i]);
		if (strncmp(configured, schemes[i], len) != 0)
			continue;
		rest = paths_expand(configured + len);
		xasprintf(&s, "%.*s%s", (int)len, configured, rest);
		free(rest);
		return s;
	}
	return xstrdup(configured);
}

/* Returns path if a readable file is there, else frees it. */
static char *
paths_try(char *path)
{
	if (access(path, R_OK) == 0)
		return path;
	free(path);
	return NULL;
}

char *
paths_theme_file(const char *name)
{
	char	*dir, *s, exe[PATH_MAX], *slash;
	ssize_t	 n;

	if (name == NULL || *name == '\0')
		return NULL;
	if (strchr(name, '/') != NULL)
		return paths_try(paths_expand(name));

	dir = paths_config_dir();
	xasprintf(&s, "%s/themes/%s.yaml", dir, name);
	free(dir);
	if ((s = paths_try(s)) != NULL)
		return s;

#ifdef STARLING_DATADIR
	xasprintf(&s, "%s/themes/%s.yaml", STARLING_DATADIR, name);
	if ((s = paths_try(s)) != NULL)
		return s;
#endif

	/* Run from a build tree: themes/ sits beside the binary. */
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return NULL;
	*slash = '\0';
	xasprintf(&s, "%s/themes/%s.yaml", exe, name);
	if ((s = paths_try(s)) != NULL)
		return s;
	/* Installed under another PREFIX than it was built for: the themes
	 * are in PREFIX/share beside PREFIX/bin. */
	xasprintf(&s, "%s/../share/starling/themes/%s.yaml", exe, name);
	return paths_try(s);
}
