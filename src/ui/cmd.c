/* cmd.c — the command table, the command-line parser and the runner:
 * it resolves what a command needs (the post, the account, the store)
 * once, runs the handler and shows what went wrong. Handlers of network
 * actions live in actions.c, of team triage in triage.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "starling/cmd.h"
#include "starling/post.h"
#include "starling/xmalloc.h"
#include "ui_internal.h"

enum cmd_result
cmd_error(struct cmd_ctx *ctx, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(ctx->error, sizeof ctx->error, fmt, ap);
	va_end(ap);
	return CMD_ERROR;
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

/* --- the deck ------------------------------------------------------------ */

static enum cmd_result
cmd_quit(struct cmd_ctx *ctx)
{
	ctx->ui->quit = true;
	return CMD_DONE;
}

static void
cmd_focus(struct ui *ui, size_t i)
{
	size_t	old_first = ui->first;

	ui->col[ui->focus].dirty = true;
	ui->focus = i;
	ui->col[i].dirty = true;
	ui_layout(ui);
	if (ui->first != old_first)
		ui->dirty_all = true;
	ui->dirty_status = true;
}

static enum cmd_result
cmd_column_left(struct cmd_ctx *ctx)
{
	struct ui	*ui = ctx->ui;

	if (ui->overlay == UI_OVERLAY_NONE && ui->focus > 0)
		cmd_focus(ui, ui->focus - 1);
	return CMD_DONE;
}

static enum cmd_result
cmd_column_right(struct cmd_ctx *ctx)
{
	struct ui	*ui = ctx->ui;

	if (ui->overlay == UI_OVERLAY_NONE && ui->focus + 1 < ui->ncol)
		cmd_focus(ui, ui->focus + 1);
	return CMD_DONE;
}

static enum cmd_result
cmd_column(struct cmd_ctx *ctx)
{
	char	*end;
	long	 n = strtol(ctx->argv[1], &end, 10);

	if (*end != '\0' || n < 1 || n > 1000 || (size_t)n > ctx->ui->ncol)
		return cmd_error(ctx, "column: no column %s", ctx->argv[1]);
	cmd_focus(ctx->ui, (size_t)n - 1);
	return CMD_DONE;
}

/* In the detail pane or the help, moves scroll; clamped here, so a long
 * scroll past the end is undone by one key. */
static void
cmd_scroll_by(struct ui *ui, int lines)
{
	ui->scroll += lines;
	if (ui->scroll > (int)ui->nlines - (ui->rows - 1))
		ui->scroll = (int)ui->nlines - (ui->rows - 1);
	if (ui->scroll < 0)
		ui->scroll = 0;
	ui->dirty_overlay = true;
}

static enum cmd_result
cmd_move(struct ui *ui, enum ui_move how)
{
	int	page = ui->rows - 2, big = 1 << 20;

	if (ui->ncol == 0)
		return CMD_DONE;
	if (ui->overlay == UI_OVERLAY_NONE) {
		ui_column_move(ui, &ui->col[ui->focus], how);
		return CMD_DONE;
	}
	switch (how) {
	case UI_MOVE_UP:	cmd_scroll_by(ui, -1); break;
	case UI_MOVE_DOWN:	cmd_scroll_by(ui, 1); break;
	case UI_MOVE_TOP:	cmd_scroll_by(ui, -big); break;
	case UI_MOVE_BOTTOM:	cmd_scroll_by(ui, big); break;
	case UI_MOVE_PAGE_UP:	cmd_scroll_by(ui, -page); break;
	case UI_MOVE_PAGE_DOWN:	cmd_scroll_by(ui, page); break;
	case UI_MOVE_HALF_UP:	cmd_scroll_by(ui, -page / 2); break;
	case UI_MOVE_HALF_DOWN:	cmd_scroll_by(ui, page / 2); break;
	}
	return CMD_DONE;
}

#define CMD_MOVE(fn, how)						\
static enum cmd_result							\
fn(struct cmd_ctx *ctx)							\
{									\
	return cmd_move(ctx->ui, how);					\
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

/* The deck moves the selection one post; an open pane scrolls a line. */
static enum cmd_result
cmd_scroll_down(struct cmd_ctx *ctx)
{
	if (ctx->ui->overlay == UI_OVERLAY_NONE)
		return cmd_move(ctx->ui, UI_MOVE_DOWN);
	cmd_scroll_by(ctx->ui, 1);
	return CMD_DONE;
}

static enum cmd_result
cmd_scroll_up(struct cmd_ctx *ctx)
{
	if (ctx->ui->overlay == UI_OVERLAY_NONE)
		return cmd_move(ctx->ui, UI_MOVE_UP);
	cmd_scroll_by(ctx->ui, -1);
	return CMD_DONE;
}

static enum cmd_result
cmd_open(struct cmd_ctx *ctx)
{
	ui_open(ctx->ui, ctx->post);
	return CMD_DONE;
}

static enum cmd_result
cmd_close(struct cmd_ctx *ctx)
{
	ui_close(ctx->ui);
	return CMD_DONE;
}

static enum cmd_result
cmd_help(struct cmd_ctx *ctx)
{
	struct ui	*ui = ctx->ui;

	if (ui->overlay == UI_OVERLAY_HELP) {
		ui_close(ui);
		return CMD_DONE;
	}
	if (ui->overlay == UI_OVERLAY_DETAIL) {
		ui->over_detail = true;
		ui->detail_scroll = ui->scroll;
	}
	ui->overlay = UI_OVERLAY_HELP;
	ui->scroll = 0;
	ui_overlay_build(ui);
	return CMD_REDRAW;
}

static enum cmd_result
cmd_command_prompt(struct cmd_ctx *ctx)
{
	ui_prompt_open(ctx->ui, UI_PROMPT_COMMAND, ctx->argc > 1 ?
	    ctx->argv[1] : NULL);
	return CMD_DONE;
}

/* text NULL: ask at the / prompt. */
static enum cmd_result
cmd_set_filter(struct ui *ui, const char *text)
{
	if (ui->ncol == 0)
		return CMD_DONE;
	ui_close_all(ui);
	if (text == NULL)
		ui_prompt_open(ui, UI_PROMPT_FILTER, NULL);
	else
		ui_column_set_filter(ui, &ui->col[ui->focus], text);
	return CMD_DONE;
}

static enum cmd_result
cmd_filter(struct cmd_ctx *ctx)
{
	char		*text;
	enum cmd_result	 r;

	if (ctx->argc == 1)
		return cmd_set_filter(ctx->ui, NULL);
	text = cmd_join(ctx->argc - 1, ctx->argv + 1);
	r = cmd_set_filter(ctx->ui, text);
	free(text);
	return r;
}

static enum cmd_result
cmd_unfilter(struct cmd_ctx *ctx)
{
	return cmd_set_filter(ctx->ui, "");
}

static enum cmd_result
cmd_mark_read(struct cmd_ctx *ctx)
{
	if (ctx->ui->ncol == 0)
		return CMD_DONE;
	ui_column_mark_read(&ctx->ui->col[ctx->ui->focus]);
	ctx->ui->dirty_status = true;
	return CMD_DONE;
}

static enum cmd_result
cmd_redraw(struct cmd_ctx *ctx)
{
	ui_size(ctx->ui);
	return CMD_REDRAW;
}

static enum cmd_result
cmd_older(struct cmd_ctx *ctx)
{
	if (ctx->ui->ncol == 0)
		return CMD_DONE;
	ui_column_want_older(ctx->ui, &ctx->ui->col[ctx->ui->focus], true);
	return CMD_DONE;
}

static enum cmd_result
cmd_retry(struct cmd_ctx *ctx)
{
	struct ui	*ui = ctx->ui;
	size_t		 i, n = 0;
	bool		 all = ctx->argc > 1;

	if (all && strcmp(ctx->argv[1], "all") != 0) {
		snprintf(ctx->error, sizeof ctx->error, "retry: \"%s\" is not "
		    "\"all\"", ctx->argv[1]);
		return CMD_ERROR;
	}
	for (i = 0; i < ui->ncol; i++) {
		if ((!all && i != ui->focus) || ui->col[i].src == NULL)
			continue;
		source_retry(ui->col[i].src);
		n++;
	}
	if (n == 0) {
		snprintf(ctx->error, sizeof ctx->error, "retry: no network "
		    "column here");
		return CMD_ERROR;
	}
	ui_message(ui, false, "retrying %zu column%s", n, n == 1 ? "" : "s");
	return CMD_DONE;
}

/* --- the selected post: network actions (actions.c) ---------------------- */

static enum cmd_result
cmd_reply(struct cmd_ctx *ctx)
{
	return ui_reply(ctx);
}

static enum cmd_result
cmd_compose(struct cmd_ctx *ctx)
{
	return ui_compose_cmd(ctx);
}

static enum cmd_result
cmd_quote(struct cmd_ctx *ctx)
{
	return ui_quote(ctx);
}

static enum cmd_result
cmd_template(struct cmd_ctx *ctx)
{
	return ui_template(ctx, ctx->argc > 1 ? ctx->argv[1] : NULL);
}

static enum cmd_result
cmd_drafts(struct cmd_ctx *ctx)
{
	return ui_drafts(ctx);
}

static enum cmd_result
cmd_undo_send(struct cmd_ctx *ctx)
{
	return ui_undo_send(ctx);
}

static enum cmd_result
cmd_repost(struct cmd_ctx *ctx)
{
	return ui_toggle(ctx, "repost");
}

static enum cmd_result
cmd_like(struct cmd_ctx *ctx)
{
	return ui_toggle(ctx, "like");
}

static enum cmd_result
cmd_bookmark(struct cmd_ctx *ctx)
{
	return ui_toggle(ctx, "bookmark");
}

static enum cmd_result
cmd_open_url(struct cmd_ctx *ctx)
{
	char	*end;
	long	 n = ctx->argc > 1 ? strtol(ctx->argv[1], &end, 10) : 0;

	if (ctx->argc > 1 && (*end != '\0' || n < 1 || n > 999))
		return cmd_error(ctx, "open-url: N is a link number, 1 or "
		    "more");
	return ui_open_url(ctx, (int)n);
}

static enum cmd_result
cmd_copy_url(struct cmd_ctx *ctx)
{
	return ui_copy_url(ctx);
}

static enum cmd_result
cmd_thread(struct cmd_ctx *ctx)
{
	return ui_thread(ctx);
}

/* --- the selected post: team triage (triage.c) --------------------------- */

static enum cmd_result
cmd_assign(struct cmd_ctx *ctx)
{
	return ui_assign(ctx, ctx->argc > 1 ? ctx->argv[1] : NULL);
}

static enum cmd_result
cmd_unassign(struct cmd_ctx *ctx)
{
	return ui_assign(ctx, "");
}

static enum cmd_result
cmd_tag(struct cmd_ctx *ctx)
{
	return ui_tag(ctx, ctx->argc > 1 ? ctx->argv[1] : NULL, true);
}

static enum cmd_result
cmd_untag(struct cmd_ctx *ctx)
{
	return ui_tag(ctx, ctx->argv[1], false);
}

static enum cmd_result
cmd_done(struct cmd_ctx *ctx)
{
	return ui_set_status(ctx, "done");
}

static enum cmd_result
cmd_ignore(struct cmd_ctx *ctx)
{
	return ui_set_status(ctx, "ignored");
}

static enum cmd_result
cmd_reopen(struct cmd_ctx *ctx)
{
	return ui_set_status(ctx, "open");
}

/* A command whose words after its name are one text (NULL: none given,
 * so it asks). */
static enum cmd_result
cmd_with_text(struct cmd_ctx *ctx,
    enum cmd_result (*run)(struct cmd_ctx *, const char *))
{
	char		*text;
	enum cmd_result	 r;

	if (ctx->argc == 1)
		return run(ctx, NULL);
	text = cmd_join(ctx->argc - 1, ctx->argv + 1);
	r = run(ctx, text);
	free(text);
	return r;
}

static enum cmd_result
cmd_note(struct cmd_ctx *ctx)
{
	return cmd_with_text(ctx, ui_note);
}

static enum cmd_result
cmd_approve(struct cmd_ctx *ctx)
{
	return ui_approve(ctx);
}

static enum cmd_result
cmd_reject(struct cmd_ctx *ctx)
{
	return cmd_with_text(ctx, ui_reject);
}

#define POST		CMD_NEEDS_POST
#define ACT		(CMD_NEEDS_POST | CMD_NEEDS_ACCOUNT)
#define TRIAGE		(CMD_NEEDS_STORE | CMD_NEEDS_POST)

const struct cmd_entry cmd_table[] = {
	{ "quit", "q", 0, 0, "", "Quit starling", NULL, 0, cmd_quit },
	{ "column-left", NULL, 0, 0, "", "Focus the column to the left", NULL,
	  0, cmd_column_left },
	{ "column-right", NULL, 0, 0, "", "Focus the column to the right",
	  NULL, 0, cmd_column_right },
	{ "column", NULL, 1, 1, "N", "Focus column N (1 is the leftmost)",
	  NULL, 0, cmd_column },
	{ "down", NULL, 0, 0, "", "Select the next post", NULL, 0, cmd_down },
	{ "up", NULL, 0, 0, "", "Select the previous post", NULL, 0, cmd_up },
	{ "top", NULL, 0, 0, "", "Select the newest post", NULL, 0, cmd_top },
	{ "bottom", NULL, 0, 0, "", "Select the oldest post", NULL, 0,
	  cmd_bottom },
	{ "page-down", NULL, 0, 0, "", "Move down one screen", NULL,
	  0, cmd_page_down },
	{ "page-up", NULL, 0, 0, "", "Move up one screen", NULL, 0,
	  cmd_page_up },
	{ "half-page-down", NULL, 0, 0, "", "Move down half a screen", NULL,
	  0, cmd_half_down },
	{ "half-page-up", NULL, 0, 0, "", "Move up half a screen", NULL,
	  0, cmd_half_up },
	{ "open", NULL, 0, 0, "", "Open the selected post in the detail pane",
	  NULL, POST, cmd_open },
	{ "close", NULL, 0, 0, "", "Close the detail pane or the help",
	  NULL, 0, cmd_close },
	{ "scroll-down", NULL, 0, 0, "", "Scroll the detail pane or help down",
	  NULL, 0, cmd_scroll_down },
	{ "scroll-up", NULL, 0, 0, "", "Scroll the detail pane or help up",
	  NULL, 0, cmd_scroll_up },
	{ "help", NULL, 0, 0, "", "Show every key and command", NULL,
	  0, cmd_help },
	{ "command-prompt", NULL, 0, 1, "[TEXT]",
	  "Open the : prompt (Tab completes command names)", NULL,
	  0, cmd_command_prompt },
	{ "filter", NULL, 0, -1, "[TEXT]",
	  "Show only posts of this column containing TEXT (no TEXT: ask)",
	  NULL, 0, cmd_filter },
	{ "unfilter", NULL, 0, 0, "", "Clear this column's filter", NULL,
	  0, cmd_unfilter },
	{ "mark-read", NULL, 0, 0, "", "Mark every post of this column read",
	  NULL, 0, cmd_mark_read },
	{ "redraw", NULL, 0, 0, "", "Redraw the whole screen", NULL,
	  0, cmd_redraw },
	{ "reply", NULL, 0, 0, "", "Reply to the selected post (C-s sends, "
	  "Esc keeps the draft)", NULL, ACT, cmd_reply },
	{ "compose", NULL, 0, 0, "", "Write a new post as this column's "
	  "account (C-s sends, Esc keeps the draft)", NULL, 0, cmd_compose },
	{ "quote", NULL, 0, 0, "", "Quote the selected post in a new post, "
	  "where its network has quotes", NULL, ACT, cmd_quote },
	{ "template", NULL, 0, 1, "[NAME]", "Reply to the selected post with "
	  "template NAME filled in (no NAME: pick one)", NULL, ACT,
	  cmd_template },
	{ "drafts", NULL, 0, 0, "", "List the drafts kept (Enter reopens "
	  "one)", NULL, 0, cmd_drafts },
	{ "undo-send", NULL, 0, 0, "", "Take the post waiting in the outbox "
	  "(policy send_delay) back into the composer, unsent", NULL, 0,
	  cmd_undo_send },
	{ "repost", "boost", 0, 0, "", "Repost (boost) the selected post, or "
	  "undo it", NULL, ACT, cmd_repost },
	{ "like", "favourite", 0, 0, "", "Like (favourite) the selected post, "
	  "or undo it", NULL, ACT, cmd_like },
	{ "bookmark", NULL, 0, 0, "", "Bookmark the selected post, or undo it",
	  NULL, ACT, cmd_bookmark },
	{ "open-url", NULL, 0, 1, "[N]", "Open the post (or its link N) in "
	  "$BROWSER", NULL, POST, cmd_open_url },
	{ "copy-url", NULL, 0, 0, "", "Copy the post's address to the "
	  "clipboard (OSC 52)", NULL, POST, cmd_copy_url },
	{ "thread", NULL, 0, 0, "", "Show the thread around the post in the "
	  "detail pane", NULL, ACT, cmd_thread },
	{ "older", NULL, 0, 0, "", "Load older posts into this column", NULL,
	  0, cmd_older },
	{ "assign", NULL, 0, 1, "[NAME]", "Assign the selected post to NAME, "
	  "\"me\" or \"nobody\" (no NAME: pick from the team)", NULL,
	  TRIAGE, cmd_assign },
	{ "unassign", NULL, 0, 0, "", "Take the selected post off whoever has "
	  "it", NULL, TRIAGE, cmd_unassign },
	{ "tag", NULL, 0, 1, "[TAG]", "Tag the selected post (no TAG: pick; a "
	  "tag it has comes off)", NULL, TRIAGE, cmd_tag },
	{ "untag", NULL, 1, 1, "TAG", "Remove TAG from the selected post", NULL,
	  TRIAGE, cmd_untag },
	{ "done", NULL, 0, 0, "", "Mark the selected post done", NULL,
	  TRIAGE, cmd_done },
	{ "ignore", NULL, 0, 0, "", "Mark the selected post ignored", NULL,
	  TRIAGE, cmd_ignore },
	{ "reopen", NULL, 0, 0, "", "Open the selected post again", NULL,
	  TRIAGE, cmd_reopen },
	{ "note", NULL, 0, -1, "[TEXT]", "Add a note to the selected post (no "
	  "TEXT: ask)", NULL, TRIAGE, cmd_note },
	{ "report", NULL, 0, 0, "", "Show the last 24 hours: posts per inbox "
	  "column, first response, open and done, each teammate's share",
	  NULL, 0, ui_report_open },
	{ "approve", NULL, 0, 0, "", "Send the selected post awaiting "
	  "approval (approvers only), as the account it names", NULL, TRIAGE,
	  cmd_approve },
	{ "reject", NULL, 0, -1, "[NOTE]", "Give the selected post awaiting "
	  "approval back to its writer with NOTE (approvers only; no NOTE: "
	  "ask)", NULL, TRIAGE, cmd_reject },
	{ "retry", NULL, 0, 1, "[all]", "Try this column's source now (all: "
	  "every column's), past a backoff, rate limit or auth failure", NULL,
	  0, cmd_retry },
};
#undef POST
#undef ACT
#undef TRIAGE
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

/* The one resolver of the post a command acts on. */
static const struct post *
cmd_selected(struct ui *ui)
{
	if (ui->ncol == 0)
		return NULL;
	if (ui->overlay == UI_OVERLAY_DETAIL && ui->detail != NULL)
		return ui->detail;
	return ui_column_selected(&ui->col[ui->focus]);
}

struct account *
cmd_account(struct ui *ui, const struct post *p)
{
	struct account	*a = ui->col[ui->focus].account;

	return a != NULL ? a : ui_account_for(ui, p);
}

/* What the entry's flags ask for, in ctx; CMD_ERROR saying what is not
 * there. */
static enum cmd_result
cmd_resolve_context(struct cmd_ctx *ctx, const struct post *on)
{
	struct ui	*ui = ctx->ui;
	const char	*name = ctx->entry->name, *why;
	int		 flags = ctx->entry->flags;

	if ((flags & CMD_NEEDS_STORE) && (why = ui_triage_unusable(ui)) != NULL)
		return cmd_error(ctx, "%s: %s", name, why);
	if (flags & (CMD_NEEDS_POST | CMD_NEEDS_ACCOUNT)) {
		if ((ctx->post = on ? on : cmd_selected(ui)) == NULL)
			return cmd_error(ctx, "%s: no post selected", name);
		post_ref((struct post *)ctx->post);
	}
	if (flags & CMD_NEEDS_ACCOUNT) {
		if ((ctx->account = cmd_account(ui, ctx->post)) == NULL)
			return cmd_error(ctx, "%s: %s posts have no account to "
			    "act with", name, ctx->post->network);
		/* A follow or a report: there is no post to act on. */
		if (ctx->post->action_ref == NULL)
			return cmd_error(ctx, "%s: this is not a post", name);
	}
	return CMD_DONE;
}

enum cmd_result
cmd_exec(struct ui *ui, const struct cmd_entry *ce, int argc, char **argv,
    const struct post *on)
{
	struct cmd_ctx	ctx;
	enum cmd_result	r;

	memset(&ctx, 0, sizeof ctx);
	ctx.ui = ui;
	ctx.entry = ce;
	ctx.argc = argc;
	ctx.argv = argv;
	if ((r = cmd_resolve_context(&ctx, on)) == CMD_DONE)
		r = ce->exec(&ctx);
	if (ctx.post != NULL)
		post_unref((struct post *)ctx.post);
	switch (r) {
	case CMD_ERROR:
		ui_message(ui, true, "%s", ctx.error);
		break;
	case CMD_REDRAW:
		ui->dirty_all = true;
		break;
	case CMD_DONE:
		break;
	}
	return r;
}

enum cmd_result
cmd_run(struct ui *ui, const char *line)
{
	const struct cmd_entry	*ce;
	char			**argv, err[256];
	int			  argc;
	enum cmd_result		  r;

	if ((ce = cmd_resolve(line, &argc, &argv, err, sizeof err)) == NULL) {
		ui_message(ui, true, "%s", err);
		return CMD_ERROR;
	}
	r = cmd_exec(ui, ce, argc, argv, NULL);
	cmd_free_argv(argv);
	return r;
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
