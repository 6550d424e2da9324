/*
 * cmd — the command table: every key runs a named command, and the ':' prompt,
 * the config's keys: section and the help overlay all read this one table.
 * A command line is words separated by spaces; "double" or 'single' quotes
 * group words.
 *
 * The table and its handlers belong to the UI (src/ui/cmd.c); this header
 * has no curses, so main.c can check the config's bindings with cmd_check().
 * Before a handler runs, the runner resolves what the entry's flags ask for
 * (the post to act on, the account to act with, the triage store) into a
 * cmd_ctx, once, with one message for each thing missing. The handler
 * returns a cmd_result; the runner shows an error on the status line.
 */
#ifndef STARLING_CMD_H
#define STARLING_CMD_H

#include <stdbool.h>
#include <stddef.h>

struct account;
struct post;
struct ui;

/* What a command needs; missing, the runner says "NAME: why" instead. */
enum cmd_flag {
	CMD_NEEDS_STORE = 0x1,	/* the triage store is usable */
	CMD_NEEDS_POST = 0x2,	/* ctx->post: the detail pane's post, else the
				 * focused column's selection */
	CMD_NEEDS_ACCOUNT = 0x4	/* ctx->account can act on ctx->post, which
				 * is a post (not a follow); implies a post */
};

enum cmd_result {
	CMD_DONE,		/* done; what changed is marked for drawing */
	CMD_REDRAW,		/* done; the whole screen is drawn again */
	CMD_ERROR		/* not done: ctx->error says why */
};

struct cmd_entry;

struct cmd_ctx {
	struct ui		 *ui;
	const struct cmd_entry	 *entry;
	int			  argc;
	char			**argv;		/* argv[0]: the name as typed */
	const struct post	 *post;		/* held while the handler runs */
	struct account		 *account;
	char			  error[256];
};

struct cmd_entry {
	const char	*name;
	const char	*alias;		/* or NULL */
	int		 min_args, max_args;
	const char	*usage;		/* arguments, e.g. "N" */
	const char	*help;		/* one line */
	const char	*later;		/* not yet available: which work adds it */
	int		 flags;		/* enum cmd_flag */
	enum cmd_result	 (*exec)(struct cmd_ctx *);
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

/* Runs a command line. A mistake in the line, something the command needs
 * and does not have, or the handler's error goes on the status line and
 * gives CMD_ERROR. */
enum cmd_result	 cmd_run(struct ui *, const char *line);

/* Runs entry with argv (argv[0] its name) on post, or with post NULL on
 * the selected post: a list or a box acts on the post it was opened on. */
enum cmd_result	 cmd_exec(struct ui *, const struct cmd_entry *, int argc,
		    char **argv, const struct post *post);

/* For handlers: fills ctx->error and returns CMD_ERROR. */
enum cmd_result	 cmd_error(struct cmd_ctx *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

/* Command names starting with prefix, in table order; returns how many
 * (fills at most max). */
size_t	 cmd_complete(const char *prefix, const char **out, size_t max);

#endif
