/* cmd.c — the command table and the command-line parser. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "starling/cmd.h"
#include "starling/ui.h"
#include "starling/xmalloc.h"

static void
cmd_quit(struct ui *ui, int argc, char **argv)
{
	ui_quit(ui);
}

static void
cmd_column_left(struct ui *ui, int argc, char **argv)
{
	ui_column_step(ui, -1);
}

static void
cmd_column_right(struct ui *ui, int argc, char **argv)
{
	ui_column_step(ui, 1);
}

static void
cmd_column(struct ui *ui, int argc, char **argv)
{
	char	*end;
	long	 n = strtol(argv[1], &end, 10);

	if (*end != '\0' || n < 1 || n > 1000 || ui_column_go(ui, (int)n) != 0)
		ui_message(ui, true, "column: no column %s", argv[1]);
}

#define CMD_MOVE(fn, how)						\
static void								\
fn(struct ui *ui, int argc, char **argv)				\
{									\
	ui_move(ui, how);						\
}
CMD_MOVE(cmd_down, UI_MOVE_DOWN)
CMD_MOVE(cmd_up, UI_MOVE_UP)
CMD_MOVE(cmd_top, UI_MOVE_TOP)
CMD_MOVE(cmd_bottom, UI_MOVE_BOTTOM)
CMD_MOVE(cmd_page_down, UI_MOVE_PAGE_DOWN)
CMD_MOVE(cmd_page_up, UI_MOVE_PAGE_UP)
CMD_MOVE(cmd_half_down, UI_MOVE_HALF_DOWN)
CMD_MOVE(cmd_half_up, UI_MOVE_HALF_UP)
#undef CMD_MOVE

static void
cmd_open(struct ui *ui, int argc, char **argv)
{
	ui_open(ui);
}

static void
cmd_close(struct ui *ui, int argc, char **argv)
{
	ui_close(ui);
}

static void
cmd_help(struct ui *ui, int argc, char **argv)
{
	ui_help(ui);
}

static void
cmd_command_prompt(struct ui *ui, int argc, char **argv)
{
	ui_command_prompt(ui, argc > 1 ? argv[1] : NULL);
}

/* The words of argv joined by spaces (xmalloc'd). */
static char *
cmd_join(int argc, char **argv)
{
	char	*text;
	size_t	 len = 1;
	int	 i;

	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	text = xmalloc(len);
	*text = '\0';
	for (i = 0; i < argc; i++) {
		if (i > 0)
			strcat(text, " ");
		strcat(text, argv[i]);
	}
	return text;
}

static void
cmd_filter(struct ui *ui, int argc, char **argv)
{
	char	*text;

	if (argc == 1) {
		ui_filter(ui, NULL);
		return;
	}
	text = cmd_join(argc - 1, argv + 1);
	ui_filter(ui, text);
	free(text);
}

static void
cmd_unfilter(struct ui *ui, int argc, char **argv)
{
	ui_filter(ui, "");
}

static void
cmd_mark_read(struct ui *ui, int argc, char **argv)
{
	ui_mark_read(ui);
}

static void
cmd_redraw(struct ui *ui, int argc, char **argv)
{
	ui_redraw(ui);
}

static void
cmd_scroll_down(struct ui *ui, int argc, char **argv)
{
	ui_scroll(ui, 1);
}

static void
cmd_scroll_up(struct ui *ui, int argc, char **argv)
{
	ui_scroll(ui, -1);
}

static void
cmd_reply(struct ui *ui, int argc, char **argv)
{
	ui_reply(ui);
}

static void
cmd_repost(struct ui *ui, int argc, char **argv)
{
	ui_toggle(ui, "repost");
}

static void
cmd_like(struct ui *ui, int argc, char **argv)
{
	ui_toggle(ui, "like");
}

static void
cmd_bookmark(struct ui *ui, int argc, char **argv)
{
	ui_toggle(ui, "bookmark");
}

static void
cmd_open_url(struct ui *ui, int argc, char **argv)
{
	char	*end;
	long	 n = argc > 1 ? strtol(argv[1], &end, 10) : 0;

	if (argc > 1 && (*end != '\0' || n < 1 || n > 999)) {
		ui_message(ui, true, "open-url: N is a link number, 1 or more");
		return;
	}
	ui_open_url(ui, (int)n);
}

static void
cmd_copy_url(struct ui *ui, int argc, char **argv)
{
	ui_copy_url(ui);
}

static void
cmd_thread(struct ui *ui, int argc, char **argv)
{
	ui_thread(ui);
}

static void
cmd_older(struct ui *ui, int argc, char **argv)
{
	ui_older(ui);
}

static void
cmd_assign(struct ui *ui, int argc, char **argv)
{
	ui_assign(ui, argc > 1 ? argv[1] : NULL);
}

static void
cmd_unassign(struct ui *ui, int argc, char **argv)
{
	ui_assign(ui, "");
}

static void
cmd_tag(struct ui *ui, int argc, char **argv)
{
	ui_tag(ui, argc > 1 ? argv[1] : NULL, true);
}

static void
cmd_untag(struct ui *ui, int argc, char **argv)
{
	ui_tag(ui, argv[1], false);
}

static void
cmd_done(struct ui *ui, int argc, char **argv)
{
	ui_set_status(ui, "done");
}

static void
cmd_ignore(struct ui *ui, int argc, char **argv)
{
	ui_set_status(ui, "ignored");
}

static void
cmd_reopen(struct ui *ui, int argc, char **argv)
{
	ui_set_status(ui, "open");
}

static void
cmd_note(struct ui *ui, int argc, char **argv)
{
	char	*text;

	if (argc == 1) {
		ui_note(ui, NULL);
		return;
	}
	text = cmd_join(argc - 1, argv + 1);
	ui_note(ui, text);
	free(text);
}

const struct cmd_entry cmd_table[] = {
	{ "quit", "q", 0, 0, "", "Quit starling", NULL, cmd_quit },
	{ "column-left", NULL, 0, 0, "", "Focus the column to the left", NULL,
	  cmd_column_left },
	{ "column-right", NULL, 0, 0, "", "Focus the column to the right",
	  NULL, cmd_column_right },
	{ "column", NULL, 1, 1, "N", "Focus column N (1 is the leftmost)",
	  NULL, cmd_column },
	{ "down", NULL, 0, 0, "", "Select the next post", NULL, cmd_down },
	{ "up", NULL, 0, 0, "", "Select the previous post", NULL, cmd_up },
	{ "top", NULL, 0, 0, "", "Select the newest post", NULL, cmd_top },
	{ "bottom", NULL, 0, 0, "", "Select the oldest post", NULL, cmd_bottom },
	{ "page-down", NULL, 0, 0, "", "Move down one screen", NULL,
	  cmd_page_down },
	{ "page-up", NULL, 0, 0, "", "Move up one screen", NULL, cmd_page_up },
	{ "half-page-down", NULL, 0, 0, "", "Move down half a screen", NULL,
	  cmd_half_down },
	{ "half-page-up", NULL, 0, 0, "", "Move up half a screen", NULL,
	  cmd_half_up },
	{ "open", NULL, 0, 0, "", "Open the selected post in the detail pane",
	  NULL, cmd_open },
	{ "close", NULL, 0, 0, "", "Close the detail pane or the help",
	  NULL, cmd_close },
	{ "scroll-down", NULL, 0, 0, "", "Scroll the detail pane or help down",
	  NULL, cmd_scroll_down },
	{ "scroll-up", NULL, 0, 0, "", "Scroll the detail pane or help up",
	  NULL, cmd_scroll_up },
	{ "help", NULL, 0, 0, "", "Show every key and command", NULL,
	  cmd_help },
	{ "command-prompt", NULL, 0, 1, "[TEXT]",
	  "Open the : prompt (Tab completes command names)", NULL,
	  cmd_command_prompt },
	{ "filter", NULL, 0, -1, "[TEXT]",
	  "Show only posts of this column containing TEXT (no TEXT: ask)",
	  NULL, cmd_filter },
	{ "unfilter", NULL, 0, 0, "", "Clear this column's filter", NULL,
	  cmd_unfilter },
	{ "mark-read", NULL, 0, 0, "", "Mark every post of this column read",
	  NULL, cmd_mark_read },
	{ "redraw", NULL, 0, 0, "", "Redraw the whole screen", NULL,
	  cmd_redraw },
	{ "reply", NULL, 0, 0, "", "Reply to the selected post (C-s sends, "
	  "Esc keeps the draft)", NULL, cmd_reply },
	{ "repost", "boost", 0, 0, "", "Repost (boost) the selected post, or "
	  "undo it", NULL, cmd_repost },
	{ "like", "favourite", 0, 0, "", "Like (favourite) the selected post, "
	  "or undo it", NULL, cmd_like },
	{ "bookmark", NULL, 0, 0, "", "Bookmark the selected post, or undo it",
	  NULL, cmd_bookmark },
	{ "open-url", NULL, 0, 1, "[N]", "Open the post (or its link N) in "
	  "$BROWSER", NULL, cmd_open_url },
	{ "copy-url", NULL, 0, 0, "", "Copy the post's address to the "
	  "clipboard (OSC 52)", NULL, cmd_copy_url },
	{ "thread", NULL, 0, 0, "", "Show the thread around the post in the "
	  "detail pane", NULL, cmd_thread },
	{ "older", NULL, 0, 0, "", "Load older posts into this column", NULL,
	  cmd_older },
	{ "assign", NULL, 0, 1, "[NAME]", "Assign the selected post to NAME, "
	  "\"me\" or \"nobody\" (no NAME: pick from the team)", NULL,
	  cmd_assign },
	{ "unassign", NULL, 0, 0, "", "Take the selected post off whoever has "
	  "it", NULL, cmd_unassign },
	{ "tag", NULL, 0, 1, "[TAG]", "Tag the selected post (no TAG: pick; a "
	  "tag it has comes off)", NULL, cmd_tag },
	{ "untag", NULL, 1, 1, "TAG", "Remove TAG from the selected post", NULL,
	  cmd_untag },
	{ "done", NULL, 0, 0, "", "Mark the selected post done", NULL,
	  cmd_done },
	{ "ignore", NULL, 0, 0, "", "Mark the selected post ignored", NULL,
	  cmd_ignore },
	{ "reopen", NULL, 0, 0, "", "Open the selected post again", NULL,
	  cmd_reopen },
	{ "note", NULL, 0, -1, "[TEXT]", "Add a note to the selected post (no "
	  "TEXT: ask)", NULL, cmd_note },
};
const size_t cmd_count = sizeof cmd_table / sizeof cmd_table[0];

const struct cmd_entry *
cmd_find(const char *name)
{
	size_t	i;

	for (i = 0; i < cmd_count; i++) {
		if (strcmp(cmd_table[i].name, name) == 0 ||
		    (cmd_table[i].alias && strcmp(cmd_table[i].alias, name) == 0))
			return &cmd_table[i];
	}
	return NULL;
}

void
cmd_free_argv(char **argv)
{
	char	**a;

	if (argv == NULL)
		return;
	for (a = argv; *a != NULL; a++)
		free(*a);
	free(argv);
}

int
cmd_split(const char *line, char ***argvp, char *err, size_t errlen)
{
	char		**argv = xcalloc(1, sizeof *argv), *word;
	size_t		 argc = 0, len;
	const char	*p = line;
	char		 quote;

	word = xmalloc(strlen(line) + 1);
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		len = 0;
		quote = 0;
		while (*p != '\0' && (quote || (*p != ' ' && *p != '\t'))) {
			if (quote && *p == quote)
				quote = 0;
			else if (!quote && (*p == '"' || *p == '\''))
				quote = *p;
			else
				word[len++] = *p;
			p++;
		}
		if (quote) {
			snprintf(err, errlen, "missing closing %c", quote);
			free(word);
			cmd_free_argv(argv);
			*argvp = NULL;
			return -1;
		}
		word[len] = '\0';
		argv = xreallocarray(argv, argc + 2, sizeof *argv);
		argv[argc++] = xstrdup(word);
		argv[argc] = NULL;
	}
	free(word);
	*argvp = argv;
	return (int)argc;
}

static const struct cmd_entry *
cmd_resolve(const char *line, int *argcp, char ***argvp, char *err,
    size_t errlen)
{
	const struct cmd_entry	*ce;
	int			 argc = cmd_split(line, argvp, err, errlen);

	if (argc < 0)
		return NULL;
	if (argc == 0) {
		snprintf(err, errlen, "empty command");
		goto fail;
	}
	if ((ce = cmd_find((*argvp)[0])) == NULL) {
		snprintf(err, errlen, "unknown command \"%s\"", (*argvp)[0]);
		goto fail;
	}
	if (argc - 1 < ce->min_args ||
	    (ce->max_args >= 0 && argc - 1 > ce->max_args)) {
		snprintf(err, errlen, "usage: %s%s%s", ce->name,
		    *ce->usage ? " " : "", ce->usage);
		goto fail;
	}
	*argcp = argc;
	return ce;
fail:
	cmd_free_argv(*argvp);
	*argvp = NULL;
	return NULL;
}

int
cmd_check(const char *line, char *err, size_t errlen)
{
	char	**argv;
	int	  argc;

	if (cmd_resolve(line, &argc, &argv, err, errlen) == NULL)
		return -1;
	cmd_free_argv(argv);
	return 0;
}

int
cmd_run(struct ui *ui, const char *line)
{
	const struct cmd_entry	*ce;
	char			**argv, err[256];
	int			  argc;

	if ((ce = cmd_resolve(line, &argc, &argv, err, sizeof err)) == NULL) {
		ui_message(ui, true, "%s", err);
		return -1;
	}
	ce->exec(ui, argc, argv);
	cmd_free_argv(argv);
	return 0;
}

size_t
cmd_complete(const char *prefix, const char **out, size_t max)
{
	size_t	i, n = 0, len = strlen(prefix);

	for (i = 0; i < cmd_count; i++) {
		if (strncmp(cmd_table[i].name, prefix, len) == 0) {
			if (n < max)
				out[n] = cmd_table[i].name;
			n++;
		}
	}
	return n;
}
