/* test_cmd.c — command-line splitting, checking and completion. The ui_*
 * functions commands call are replaced by recorders here, so the table is
 * tested without a screen. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "starling/cmd.h"
#include "starling/ui.h"

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

/* Recorders for what commands ask of the UI. */
static char	recorded[1024];

static void
record(const char *fmt, ...)
{
	va_list	ap;
	size_t	len = strlen(recorded);

	va_start(ap, fmt);
	vsnprintf(recorded + len, sizeof recorded - len, fmt, ap);
	va_end(ap);
}

void ui_quit(struct ui *ui) { record("quit;"); }
void ui_column_step(struct ui *ui, int d) { record("step %d;", d); }
int ui_column_go(struct ui *ui, int n) { record("go %d;", n); return n <= 4 ? 0 : -1; }
void ui_move(struct ui *ui, enum ui_move m) { record("move %d;", (int)m); }
void ui_open(struct ui *ui) { record("open;"); }
void ui_close(struct ui *ui) { record("close;"); }
void ui_help(struct ui *ui) { record("help;"); }
void ui_command_prompt(struct ui *ui, const char *s) { record("prompt %s;", s ? s : "-"); }
void ui_filter(struct ui *ui, const char *s) { record("filter %s;", s ? s : "(ask)"); }
void ui_mark_read(struct ui *ui) { record("read;"); }
void ui_redraw(struct ui *ui) { record("redraw;"); }
void ui_scroll(struct ui *ui, int n) { record("scroll %d;", n); }
void ui_reply(struct ui *ui) { record("reply;"); }
void ui_toggle(struct ui *ui, const char *w) { record("toggle %s;", w); }
void ui_open_url(struct ui *ui, int n) { record("url %d;", n); }
void ui_copy_url(struct ui *ui) { record("copy;"); }
void ui_thread(struct ui *ui) { record("thread;"); }
void ui_older(struct ui *ui) { record("older;"); }
void ui_assign(struct ui *ui, const char *w) { record("assign %s;", w ? w : "(pick)"); }
void ui_tag(struct ui *ui, const char *t, bool add) { record("%stag %s;", add ? "" : "un", t ? t : "(pick)"); }
void ui_set_status(struct ui *ui, const char *s) { record("status %s;", s); }
void ui_note(struct ui *ui, const char *t) { record("note %s;", t ? t : "(ask)"); }
void
ui_message(struct ui *ui, bool error, const char *fmt, ...)
{
	va_list	ap;
	char	buf[200];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	record("%s%s;", error ? "error: " : "", buf);
}

TEST(run_dispatches)
{
	*recorded = '\0';
	CHECK_INT_EQ(cmd_run(NULL, "column 3"), 0);
	CHECK_INT_EQ(cmd_run(NULL, "column 9"), 0);
	CHECK_INT_EQ(cmd_run(NULL, "column x"), 0);
	CHECK_INT_EQ(cmd_run(NULL, "filter big  news"), 0);
	CHECK_INT_EQ(cmd_run(NULL, "filter"), 0);
	CHECK_INT_EQ(cmd_run(NULL, "bottom"), 0);
	CHECK_INT_EQ(cmd_run(NULL, "nope"), -1);
	CHECK_INT_EQ(cmd_run(NULL, "like"), 0);
	CHECK_INT_EQ(cmd_run(NULL, "boost"), 0);
	CHECK_INT_EQ(cmd_run(NULL, "open-url 2"), 0);
	CHECK_INT_EQ(cmd_run(NULL, "open-url two"), 0);
	CHECK_INT_EQ(cmd_run(NULL, "done"), 0);
	CHECK_INT_EQ(cmd_run(NULL, "assign bob"), 0);
	CHECK_INT_EQ(cmd_run(NULL, "assign"), 0);
	CHECK_INT_EQ(cmd_run(NULL, "unassign"), 0);
	CHECK_INT_EQ(cmd_run(NULL, "tag complaint"), 0);
	CHECK_INT_EQ(cmd_run(NULL, "untag lead"), 0);
	CHECK_INT_EQ(cmd_run(NULL, "note called them back"), 0);
	CHECK_INT_EQ(cmd_run(NULL, "reopen"), 0);
	CHECK_STR_EQ(recorded, "go 3;go 9;error: column: no column 9;"
	    "error: column: no column x;filter big news;filter (ask);move 3;"
	    "error: unknown command \"nope\";toggle like;toggle repost;url 2;"
	    "error: open-url: N is a link number, 1 or more;"
	    "status done;assign bob;assign (pick);assign ;tag complaint;"
	    "untag lead;note called them back;status open;");
}

int
main(void)
{
	RUN(split_words_and_quotes);
	RUN(check_names_and_arguments);
	RUN(complete_prefix);
	RUN(run_dispatches);
	return harness_done();
}
