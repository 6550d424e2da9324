/*
 * paths — XDG base directories. Every result is a new string (xmalloc).
 */
#ifndef STARLING_PATHS_H
#define STARLING_PATHS_H

char	*paths_config_file(void);	/* $XDG_CONFIG_HOME/starling/config.yaml */
char	*paths_config_dir(void);	/* $XDG_CONFIG_HOME/starling */
char	*paths_data_dir(void);		/* $XDG_DATA_HOME/starling */
char	*paths_state_dir(void);		/* $XDG_STATE_HOME/starling (logs) */
/* "~/x" -> "$HOME/x"; anything else copied. */
char	*paths_expand(const char *);
/* The triage store's address (store_open()): the configured one with a
 * leading ~/ expanded (also after "sqlite:"), or, when none is configured,
 * $XDG_DATA_HOME/starling/triage.db. */
char	*paths_store(const char *configured);
/* Finds themes/NAME.yaml: the user's config dir, then STARLING_DATADIR, then
 * themes/ beside the running binary. NULL when none exists. */
char	*paths_theme_file(const char *name);

#endif
