/* test_cmd.c — command-line splitting, checking and completion, and the
 * runner: argument errors, the context it resolves (post, account, store)
 * and the results handlers give. Commands run on a deck built here without
 * a screen: nothing they do in these cases draws. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "starling/cmd.h"
#include "starling/config.h"
#include "starling/keymap.h"
#include "starling/lineedit.h"
#include "starling/post.h"
#include "starling/timeline.h"
#include "../../src/ui/ui_internal.h"

TEST(split_words_and_quotes)
{
	char	**argv, err[64];
	int	  argc;

	argc = cmd_split("  filter  \"big news\" 'a b'  c ", &argv, err, sizeof err);
	CHECK_INT_EQ(argc, 4);
	CHECK_STR_EQ(argv[0], "filter");
	CHECK_STR_EQ(argv[1], "big news");
	CHECK_STR_EQ(argv[2], "a b");
	CHECK_STR_EQ(argv[3], "c");
	CHECK(argv[4] == NULL);
	cmd_free_argv(argv);
	CHECK_INT_EQ(cmd_split("filter \"oops", &argv, err, sizeof err), -1);
	CHECK_STR_EQ(err, "missing closing \"");
	CHECK_INT_EQ(cmd_split("   ", &argv, err, sizeof err), 0);
	cmd_free_argv(argv);
}

TEST(check_names_and_arguments)
{
	char	err[128];

	CHECK_INT_EQ(cmd_check("down", err, sizeof err), 0);
	CHECK_INT_EQ(cmd_check("q", err, sizeof err), 0);	/* alias */
	CHECK_INT_EQ(cmd_check("column 3", err, sizeof err), 0);
	CHECK_INT_EQ(cmd_check("column", err, sizeof err), -1);
	CHECK_STR_EQ(err, "usage: column N");
	CHECK_INT_EQ(cmd_check("down 2", err, sizeof err), -1);
	CHECK_STR_EQ(err, "usage: down");
	CHECK_INT_EQ(cmd_check("dance", err, sizeof err), -1);
	CHECK_STR_EQ(err, "unknown command \"dance\"");
	CHECK_INT_EQ(cmd_check("filter a b c", err, sizeof err), 0);
	CHECK_INT_EQ(cmd_check("reply", err, sizeof err), 0);
}

TEST(complete_prefix)
{
	const char	*out[8];

	CHECK_INT_EQ(cmd_complete("colu", out, 8), 3);
	CHECK_STR_EQ(out[0], "column-left");
	CHECK_STR_EQ(out[2], "column");
	CHECK_INT_EQ(cmd_complete("he", out, 8), 1);
	CHECK_STR_EQ(out[0], "help");
	CHECK_INT_EQ(cmd_complete("zzz", out, 8), 0);
}

/* Every command that acts on a post says which it needs. */
TEST(table_flags)
{
	static const char *const on_post[] = { "open", "open-url", "copy-url" };
	static const char *const with_account[] = { "reply", "repost",
	    "like", "bookmark", "thread" };
	static const char *const triage[] = { "assign", "unassign", "tag",
	    "untag", "done", "ignore", "reopen", "note" };
	size_t	i;

	for (i = 0; i < sizeof on_post / sizeof *on_post; i++)
		CHECK_INT_EQ(cmd_find(on_post[i])->flags, CMD_NEEDS_POST);
	for (i = 0; i < sizeof with_account / sizeof *with_account; i++)
		CHECK_INT_EQ(cmd_find(with_account[i])->flags,
		    CMD_NEEDS_POST | CMD_NEEDS_ACCOUNT);
	for (i = 0; i < sizeof triage / sizeof *triage; i++)
		CHECK_INT_EQ(cmd_find(triage[i])->flags,
		    CMD_NEEDS_STORE | CMD_NEEDS_POST);
	CHECK_INT_EQ(cmd_find("quit")->flags, 0);
	CHECK(cmd_find("boost") == cmd_find("repost"));
}

/* A deck of four empty columns, no accounts, no store, no screen. */
#define NCOL 4
struct deck {
	struct config		cfg;
	struct config_column	cc[NCOL];
	struct ui_column	col[NCOL];
	struct ui		ui;
};

static void
deck_init(struct deck *d)
{
	size_t	i;

	memset(d, 0, sizeof *d);
	config_defaults(&d->cfg);
	d->ui.opt.config = &d->cfg;
	d->ui.opt.keymap = keymap_new();
	d->ui.col = d->col;
	d->ui.ncol = NCOL;
	d->ui.rows = 30;
	d->ui.cols = 160;
	for (i = 0; i < NCOL; i++) {
		d->col[i].cfg = &d->cc[i];
		d->col[i].tl = timeline_new(100);
	}
	lineedit_init(&d->ui.input, UI_PROMPT_MAX - 1, false);
	ui_layout(&d->ui);
}

static void
deck_free(struct deck *d)
{
	size_t	i;

	ui_close(&d->ui);
	for (i = 0; i < NCOL; i++)
		ui_column_free(&d->col[i]);
	lineedit_free(&d->ui.input);
	keymap_free(d->ui.opt.keymap);
	config_free(&d->cfg);
}

/* Runs line; checks the result and what the status line says. */
static int
ran(struct deck *d, const char *line, enum cmd_result want, const char *says)
{
	enum cmd_result	r;

	*d->ui.message = '\0';
	d->ui.message_error = false;
	r = cmd_run(&d->ui, line);
	if (r != want || strcmp(d->ui.message, says) != 0 ||
	    d->ui.message_error != (want == CMD_ERROR)) {
		printf("  %s: result %d, \"%s\"%s; want %d, \"%s\"\n", line,
		    (int)r, d->ui.message, d->ui.message_error ? " (error)" : "",
		    (int)want, says);
		return 0;
	}
	return 1;
}

TEST(run_arguments)
{
	struct deck	d;

	deck_init(&d);
	CHECK(ran(&d, "column 3", CMD_DONE, ""));
	CHECK_INT_EQ(d.ui.focus, 2);
	CHECK(ran(&d, "column 9", CMD_ERROR, "column: no column 9"));
	CHECK(ran(&d, "column x", CMD_ERROR, "column: no column x"));
	CHECK(ran(&d, "column 0", CMD_ERROR, "column: no column 0"));
	CHECK_INT_EQ(d.ui.focus, 2);
	CHECK(ran(&d, "column-left", CMD_DONE, ""));
	CHECK_INT_EQ(d.ui.focus, 1);
	CHECK(ran(&d, "filter big  news", CMD_DONE, ""));
	CHECK_STR_EQ(d.col[1].filter, "big news");
	CHECK(ran(&d, "unfilter", CMD_DONE, ""));
	CHECK(d.col[1].filter == NULL);
	CHECK(ran(&d, "filter", CMD_DONE, ""));
	CHECK_INT_EQ(d.ui.prompt, UI_PROMPT_FILTER);
	d.ui.prompt = UI_PROMPT_NONE;
	CHECK(ran(&d, "bottom", CMD_DONE, ""));
	CHECK(ran(&d, "nope", CMD_ERROR, "unknown command \"nope\""));
	CHECK(ran(&d, "down 2", CMD_ERROR, "usage: down"));
	CHECK(ran(&d, "untag", CMD_ERROR, "usage: untag TAG"));
	CHECK(ran(&d, "filter \"x", CMD_ERROR, "missing closing \""));
	CHECK(ran(&d, "command-prompt tag", CMD_DONE, ""));
	CHECK_INT_EQ(d.ui.prompt, UI_PROMPT_COMMAND);
	CHECK_STR_EQ(d.ui.input.text, "tag");
	d.ui.prompt = UI_PROMPT_NONE;
	/* The help is a whole-screen change; again, it closes. */
	d.ui.dirty_all = false;
	CHECK(ran(&d, "help", CMD_REDRAW, ""));
	CHECK_INT_EQ(d.ui.overlay, UI_OVERLAY_HELP);
	CHECK(d.ui.dirty_all);
	CHECK(ran(&d, "help", CMD_DONE, ""));
	CHECK_INT_EQ(d.ui.overlay, UI_OVERLAY_NONE);
	CHECK(!d.ui.quit);
	CHECK(ran(&d, "q", CMD_DONE, ""));
	CHECK(d.ui.quit);
	deck_free(&d);
}

TEST(run_context)
{
	struct deck	d;
	struct post	tmpl;
	char		want[512];

	deck_init(&d);
	/* Nothing selected: every command on a post says so, by its name. */
	CHECK(ran(&d, "like", CMD_ERROR, "like: no post selected"));
	CHECK(ran(&d, "boost", CMD_ERROR, "repost: no post selected"));
	CHECK(ran(&d, "open", CMD_ERROR, "open: no post selected"));
	CHECK(ran(&d, "copy-url", CMD_ERROR, "copy-url: no post selected"));
	/* Triage: the store first. */
	CHECK(ran(&d, "done", CMD_ERROR, "done: no triage store"));
	CHECK(ran(&d, "unassign", CMD_ERROR, "unassign: no triage store"));
	/* A store that cannot be opened: its reason. */
	d.ui.tri = triage_new("/proc/nowhere/triage.db", "me", NULL, NULL, NULL);
	CHECK(triage_error(d.ui.tri) != NULL);
	if (triage_error(d.ui.tri) != NULL) {
		CHECK(strstr(triage_error(d.ui.tri), "/proc/nowhere/triage.db") !=
		    NULL);
		snprintf(want, sizeof want, "note: %s", triage_error(d.ui.tri));
		CHECK(ran(&d, "note hi", CMD_ERROR, want));
	}
	triage_free(d.ui.tri);
	d.ui.tri = NULL;

	/* A post in the focused column: selected. */
	memset(&tmpl, 0, sizeof tmpl);
	tmpl.network = "demo";
	tmpl.id = "1";
	tmpl.author_name = "Ada";
	tmpl.author_handle = "ada";
	tmpl.text = "hello";
	tmpl.created = 1700000000;
	ui_column_insert(&d.ui, &d.col[0], post_new(&tmpl));
	CHECK(ui_column_selected(&d.col[0]) != NULL);
	CHECK(ran(&d, "like", CMD_ERROR,
	    "like: demo posts have no account to act with"));
	CHECK(ran(&d, "open-url 2", CMD_ERROR, "no link 2 in this post"));
	CHECK(ran(&d, "open-url two", CMD_ERROR,
	    "open-url: N is a link number, 1 or more"));
	CHECK(ran(&d, "open-url 0", CMD_ERROR,
	    "open-url: N is a link number, 1 or more"));
	CHECK(ran(&d, "copy-url", CMD_ERROR, "this post has no address"));
	CHECK(ran(&d, "open", CMD_DONE, ""));
	CHECK_INT_EQ(d.ui.overlay, UI_OVERLAY_DETAIL);
	CHECK_STR_EQ(d.ui.detail->id, "1");
	/* In the detail pane the detail post is the one: the column's
	 * selection does not matter. */
	d.col[0].sel = 5;
	CHECK(ran(&d, "thread", CMD_ERROR,
	    "thread: demo posts have no account to act with"));
	CHECK(ran(&d, "open", CMD_DONE, ""));
	CHECK_STR_EQ(d.ui.detail->id, "1");
	CHECK(ran(&d, "close", CMD_DONE, ""));
	CHECK_INT_EQ(d.ui.overlay, UI_OVERLAY_NONE);
	CHECK(d.ui.detail == NULL);
	CHECK(ran(&d, "like", CMD_ERROR, "like: no post selected"));
	d.col[0].sel = 0;
	/* A post given to the runner wins over the selection (the picker's
	 * and the note box's). */
	{
		char	 name[] = "open", *argv[] = { name, NULL };
		struct post *other;

		tmpl.id = "2";
		other = post_new(&tmpl);
		CHECK_INT_EQ(cmd_exec(&d.ui, cmd_find("open"), 1, argv, other),
		    CMD_DONE);
		CHECK_STR_EQ(d.ui.detail->id, "2");
		post_unref(other);
	}
	deck_free(&d);
}

int
main(void)
{
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "");
	RUN(split_words_and_quotes);
	RUN(check_names_and_arguments);
	RUN(complete_prefix);
	RUN(table_flags);
	RUN(run_arguments);
	RUN(run_context);
	return harness_done();
}
