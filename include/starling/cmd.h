/*
 * cmd — the command table: every key runs a named command, and the ':' prompt,
 * the config's keys: section and the help overlay all read this one table.
 * A command line is words separated by spaces; "double" or 'single' quotes
 * group words.
 */
#ifndef STARLING_CMD_H
#define STARLING_CMD_H

#include <stdbool.h>
#include <stddef.h>

struct ui;

struct cmd_entry {
	const char	*name;
	const char	*alias;		/* or NULL */
	int		 min_args, max_args;
	const char	*usage;		/* arguments, e.g. "N" */
	const char	*help;		/* one line */
	const char	*later;		/* not yet available: which work adds it */
	void		 (*exec)(struct ui *, int argc, char **argv);
};

extern const struct cmd_entry cmd_table[];
extern const size_t cmd_count;

const struct cmd_entry *cmd_find(const char *name);	/* name or alias */

/* Splits line into words (xmalloc'd argv, NULL-terminated). Returns argc,
 * or -1 with a message in err (an unterminated quote). */
int	 cmd_split(const char *line, char ***argv, char *err, size_t errlen);
void	 cmd_free_argv(char **argv);

/* Checks a command line without running it: known name, argument count. */
int	 cmd_check(const char *line, char *err, size_t errlen);

/* Runs a command line; on a mistake, reports it on the status line and
 * returns -1. */
int	 cmd_run(struct ui *, const char *line);

/* Command names starting with prefix, in table order; returns how many
 * (fills at most max). */
size_t	 cmd_complete(const char *prefix, const char **out, size_t max);

#endif
