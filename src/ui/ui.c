/* ui.c — screen lifecycle, signals and the event loop.
 *
 * The loop sleeps in poll() on the terminal, the wake pipe (posts queued by
 * fetch threads, signals) and the next time something shown changes (a
 * post's age label, an SLA deadline: each column keeps its own); it
 * never spins. Each turn: handle signals, read every key curses has buffered,
 * drain the rings, redraw what is dirty, doupdate() once.
 */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "starling/clock.h"
#include "starling/cmd.h"
#include "starling/config.h"
#include "starling/keymap.h"
#include "starling/fileq.h"
#include "starling/policy.h"
#include "starling/post.h"
#include "starling/timeline.h"
#include "starling/triage.h"
#include "starling/wake.h"
#include "starling/xmalloc.h"
#include "ui_internal.h"

#define UI_DRAIN_BATCH	512	/* posts per column per turn, then draw */

/* Signal flags and the wake fd: the only process-wide mutable state. */
static volatile sig_atomic_t	 ui_sig_resize, ui_sig_quit;
static struct wake		*ui_sig_wake;
static struct termios		 ui_saved_tty;
static int			 ui_saved_tty_ok;
static char			 ui_reset_seq[128];
static size_t			 ui_reset_len;

static void
ui_on_signal(int sig)
{
	if (sig == SIGWINCH)
		ui_sig_resize = 1;
	else
		ui_sig_quit = sig;
	if (ui_sig_wake != NULL)
		wake_signal(ui_sig_wake);
}

/* A crash must not leave the terminal raw: restore it with async-signal-safe
 * calls only, then die of the same signal. */
static void
ui_on_fatal(int sig)
{
	if (ui_reset_len > 0 && write(STDOUT_FILENO, ui_reset_seq,
	    ui_reset_len) < 0) {
		/* nothing more to do */
	}
	if (ui_saved_tty_ok)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &ui_saved_tty);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
ui_append_cap(const char *name)
{
	const char	*s = tigetstr(name);
	size_t		 len;

	if (s == NULL || s == (char *)-1)
		return;
	len = strlen(s);
	if (ui_reset_len + len < sizeof ui_reset_seq) {
		memcpy(ui_reset_seq + ui_reset_len, s, len);
		ui_reset_len += len;
	}
}

static void
ui_signals(void)
{
	struct sigaction	sa;
	static const int	fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL,
				    SIGABRT };
	size_t			i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = ui_on_signal;
	sigaction(SIGWINCH, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = ui_on_fatal;
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
		sigaction(fatal[i], &sa, NULL);
}

/* C-s sends a reply: it must reach us, not stop the terminal (XON/XOFF).
 * cbreak() keeps signals, so C-c and C-z still work. */
static void
ui_no_flow_control(void)
{
	struct termios	t;

	if (tcgetattr(STDIN_FILENO, &t) == 0) {
		t.c_iflag &= ~(tcflag_t)(IXON | IXOFF);
		tcsetattr(STDIN_FILENO, TCSANOW, &t);
		def_prog_mode();	/* curses restores this mode, not its own */
	}
}

void
ui_size(struct ui *ui)
{
	struct winsize	ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resize_term(ws.ws_row, ws.ws_col);
	/* The terminal reflowed its old contents its own way: repaint all. */
	clearok(curscr, TRUE);
	ui->rows = LINES;
	ui->cols = COLS;
	ui_layout(ui);
	if (ui_mode(ui)->resize != NULL)
		ui_mode(ui)->resize(ui);
	ui->dirty_all = true;
}

/* The config's policy:, compiled once (the config checked it). */
static void
ui_policy(struct ui *ui)
{
	const struct config	*cfg = ui->opt.config;
	char			 err[256];
	size_t			 i;

	ui->policy = policy_new();
	for (i = 0; i < cfg->npolicy_banned; i++)
		if (policy_ban(ui->policy, cfg->policy_banned[i], err,
		    sizeof err) != 0)
			ui_message(ui, true, "policy: %s", err);
	for (i = 0; i < cfg->npolicy_required; i++)
		policy_require(ui->policy, cfg->policy_required[i].account,
		    cfg->policy_required[i].text,
		    cfg->policy_required[i].append);
	for (i = 0; i < cfg->npolicy_confirm; i++)
		policy_confirm(ui->policy, cfg->policy_confirm[i]);
	policy_set_delay(ui->policy, cfg->policy_send_delay);
	for (i = 0; i < cfg->npolicy_approval_for; i++)
		policy_approval_for(ui->policy, cfg->policy_approval_for[i]);
	for (i = 0; i < cfg->npolicy_approvers; i++)
		policy_approver(ui->policy, cfg->policy_approvers[i]);
}

/* Drafts from before: said at start, so none is forgotten. */
static void
ui_drafts_kept(struct ui *ui)
{
	char	**files, **labels;
	size_t	  n = ui_drafts_list(ui, &files, &labels), i;

	if (n > 0 && *ui->message == '\0')
		ui_message(ui, false, "%zu draft%s kept: :drafts reopens %s", n,
		    n == 1 ? "" : "s", n == 1 ? "it" : "them");
	for (i = 0; i < n; i++) {
		free(files[i]);
		free(labels[i]);
	}
	free(files);
	free(labels);
}

struct ui *
ui_new(const struct ui_options *opt)
{
	struct ui	*ui;
	size_t		 i;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "starling: the deck needs a terminal\n");
		return NULL;
	}
	ui = xcalloc(1, sizeof *ui);
	ui->opt = *opt;
	ui->own_wake = opt->wake == NULL;
	if ((ui->wake = opt->wake ? opt->wake : wake_new()) == NULL) {
		fprintf(stderr, "starling: pipe: %s\n", strerror(errno));
		free(ui);
		return NULL;
	}
	if (tcgetattr(STDIN_FILENO, &ui_saved_tty) == 0)
		ui_saved_tty_ok = 1;
	ui_sig_wake = ui->wake;
	ui_signals();

	if (newterm(NULL, stdout, stdin) == NULL) {
		fprintf(stderr, "starling: cannot use terminal \"%s\"\n",
		    getenv("TERM") ? getenv("TERM") : "");
		if (ui->own_wake)
			wake_free(ui->wake);
		free(ui);
		return NULL;
	}
	if (tigetstr("cup") == NULL || tigetstr("cup") == (char *)-1) {
		endwin();
		delscreen(set_term(NULL));
		fprintf(stderr, "starling: terminal \"%s\" cannot move the "
		    "cursor; try TERM=xterm-256color\n", getenv("TERM") ?
		    getenv("TERM") : "");
		if (ui->own_wake)
			wake_free(ui->wake);
		free(ui);
		return NULL;
	}
	ui_append_cap("sgr0");
	ui_append_cap("cnorm");
	ui_append_cap("rmcup");
	if (ui_reset_len + 8 < sizeof ui_reset_seq) {
		memcpy(ui_reset_seq + ui_reset_len, "\033[?2004l", 8);
		ui_reset_len += 8;
	}
	set_escdelay(25);	/* Esc closes things at once */
	cbreak();
	noecho();
	ui_no_flow_control();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	leaveok(stdscr, TRUE);
	ui_colors_init(ui);
	ui_tty_settle();

	ui_tty_paste(true);
	lineedit_init(&ui->input, UI_PROMPT_MAX - 1, false);
	ui_policy(ui);
	ui->fileq = fileq_new(ui->wake);
	ui_triage_init(ui);
	if (triage_error(ui->tri) != NULL)
		ui_message(ui, true, "triage store: %s", triage_error(ui->tri));
	ui->ncol = opt->config->ncolumns;
	ui->col = xcalloc(ui->ncol ? ui->ncol : 1, sizeof *ui->col);
	for (i = 0; i < ui->ncol; i++)
		ui_column_init(ui, &ui->col[i], &opt->config->columns[i]);
	ui_triage_start(ui);
	ui_drafts_kept(ui);
	ui->now = (int64_t)time(NULL);
	ui->minute = ui->now / 60;
	ui_size(ui);
	return ui;
}

void
ui_free(struct ui *ui)
{
	size_t	i;

	if (ui == NULL)
		return;
	ui_compose_close(ui, true);	/* a post being written is kept */
	ui_tty_paste(false);
	endwin();
	ui_compose_lost(ui);		/* or said on stderr, when it cannot be */
	fileq_free(ui->fileq);		/* what it has is on disk (closing
					 * the box waited for it) */
	if ((i = ui_outbox_free(ui)) > 0)
		fprintf(stderr, "starling: %zu post%s waiting in the outbox "
		    "%s not sent: kept as draft%s (:drafts)\n", i, i == 1 ?
		    "" : "s", i == 1 ? "was" : "were", i == 1 ? "" : "s");
	policy_free(ui->policy);
	ui_sig_wake = NULL;
	/* Every column stops at once: a program that takes its grace to
	 * stop does not hold up the others. */
	for (i = 0; i < ui->ncol; i++)
		source_stop_begin(ui->col[i].src);
	for (i = 0; i < ui->ncol; i++)
		ui_column_free(&ui->col[i]);
	free(ui->col);
	ui_triage_free(ui);
	ui_report_free(ui);
	ui_author_free(ui);
	if (ui->detail)
		post_unref(ui->detail);
	for (i = 0; i < ui->nthread; i++)
		post_unref(ui->thread[i]);
	free(ui->thread);
	ui_overlay_free_lines(ui);
	lineedit_free(&ui->input);
	if (ui->prompt_post)
		post_unref(ui->prompt_post);
	for (i = 0; i < ui->nhistory; i++)
		free(ui->history[i]);
	free(ui->filter_saved);
	if (ui->own_wake)
		wake_free(ui->wake);
	delscreen(set_term(NULL));
	free(ui);
}

/* The keys terminfo names with modifiers (kHOM5: C-Home, kDC3: M-Delete,
 * kUP2: S-Up), by the name's stem: the key, modifiers dropped, as
 * keymap_sequence() reads the same keys when curses does not. */
static const struct {
	const char	*stem;
	int32_t		 key;
} ui_modified_keys[] = {
	{ "kHOM", KEYC_HOME }, { "kEND", KEYC_END }, { "kDC", KEYC_DC },
	{ "kIC", KEYC_IC }, { "kPRV", KEYC_PPAGE }, { "kNXT", KEYC_NPAGE },
	{ "kUP", KEYC_UP }, { "kDN", KEYC_DOWN }, { "kLFT", KEYC_LEFT },
	{ "kRIT", KEYC_RIGHT },
};

static int32_t
ui_translate_modified(int code)
{
	const char	*name = keyname(code);
	size_t		 i, n;

	if (name == NULL)
		return -1;
	for (i = 0; i < sizeof ui_modified_keys / sizeof ui_modified_keys[0];
	    i++) {
		n = strlen(ui_modified_keys[i].stem);
		if (strncmp(name, ui_modified_keys[i].stem, n) == 0 &&
		    name[n] >= '2' && name[n] <= '8' && name[n + 1] == '\0')
			return ui_modified_keys[i].key;
	}
	return -1;
}

/* curses key codes to keymap codes. */
static int32_t
ui_translate(int ret, wint_t wc)
{
	if (ret == OK) {
		if (wc == '\n' || wc == '\r')
			return KEYC_ENTER;
		if (wc == 127 || wc == 8)
			return KEYC_BACKSPACE;
		return (int32_t)wc;
	}
	switch (wc) {
	case KEY_UP:		return KEYC_UP;
	case KEY_DOWN:		return KEYC_DOWN;
	case KEY_LEFT:		return KEYC_LEFT;
	case KEY_RIGHT:		return KEYC_RIGHT;
	case KEY_PPAGE:		return KEYC_PPAGE;
	case KEY_NPAGE:		return KEYC_NPAGE;
	case KEY_HOME:		return KEYC_HOME;
	case KEY_END:		return KEYC_END;
	case KEY_DC:		return KEYC_DC;
	case KEY_IC:		return KEYC_IC;
	/* Shifted, and what some terminals call Home and End. */
	case KEY_SR:		return KEYC_UP;
	case KEY_SF:		return KEYC_DOWN;
	case KEY_SLEFT:		return KEYC_LEFT;
	case KEY_SRIGHT:	return KEYC_RIGHT;
	case KEY_SPREVIOUS:	return KEYC_PPAGE;
	case KEY_SNEXT:		return KEYC_NPAGE;
	case KEY_SHOME:
	case KEY_FIND:
	case KEY_BEG:		return KEYC_HOME;
	case KEY_SEND:
	case KEY_SELECT:	return KEYC_END;
	case KEY_SDC:		return KEYC_DC;
	case KEY_SIC:		return KEYC_IC;
	case KEY_BTAB:		return KEYC_BTAB;
	case KEY_BACKSPACE:	return KEYC_BACKSPACE;
	case KEY_ENTER:		return KEYC_ENTER;
	case KEY_RESIZE:	return KEYC_RESIZE;
	}
	if (wc >= KEY_F(1) && wc <= KEY_F(12))
		return KEYC_F1 + (int32_t)(wc - KEY_F(1));
	return ui_translate_modified((int)wc);
}

static void
ui_key(struct ui *ui, int32_t key)
{
	const struct ui_mode	*m = ui_mode(ui);
	const char		*cmd;
	char			 name[32];

	if (key == KEYC_RESIZE) {
		ui_size(ui);
		return;
	}
	if (ui->prompt != UI_PROMPT_NONE) {
		if (key != KEYC_PASTE_START && key != KEYC_PASTE_END)
			ui_prompt_key(ui, key);
		return;
	}
	/* A paste where nothing takes text: none of it runs as keys. */
	if (m->key == NULL && (key == KEYC_PASTE_START || ui->pasting)) {
		ui->pasting = key != KEYC_PASTE_END;
		return;
	}
	if (key == KEYC_PASTE_END && m->key == NULL)
		return;
	if (m->key != NULL) {
		m->key(ui, key);
		return;
	}
	if (*ui->message) {
		*ui->message = '\0';
		ui->dirty_status = true;
	}
	ui->by_key = true;
	ui->col[ui->focus].dirty = true;	/* seen marks follow keys */
	/* The selection the user is acting from stays where it is. */
	ui->col[ui->focus].held = true;
	if ((cmd = keymap_lookup(ui->opt.keymap, m->context, key)) != NULL)
		cmd_run(ui, cmd);
	else if (key != KEYC_ESC)
		ui_message(ui, true, "%s is not bound (? shows the keys)",
		    keymap_key_name(key, name, sizeof name));
}

/* The next byte of a key sequence: already buffered, or on its way (a
 * sequence split between two reads). */
static int
ui_get_more(wint_t *wc)
{
	int	ret;

	if ((ret = get_wch(wc)) != ERR)
		return ret;
	wtimeout(stdscr, ESCDELAY);
	ret = get_wch(wc);
	nodelay(stdscr, TRUE);
	return ret;
}

/* After an Esc: the rest of a key sequence curses did not decode (read
 * whole: a key, or nothing when unknown, never its bytes as keys), Alt and
 * a key, or Esc and then a key. Returns the key to run next, or -1. */
static int32_t
ui_escape(struct ui *ui)
{
	char	seq[32];
	size_t	len = 0;
	wint_t	wc, first;
	int	ret;
	int32_t	k2, key;

	if ((ret = get_wch(&wc)) == ERR)
		return KEYC_ESC;
	if (ret == OK && (wc == '[' || wc == 'O')) {
		first = wc;
		seq[len++] = (char)wc;
		while ((key = keymap_sequence(seq, len)) == KEYMAP_SEQ_MORE) {
			if (len == sizeof seq || (ret = ui_get_more(&wc)) != OK ||
			    wc > 0x7e)
				break;
			seq[len++] = (char)wc;
		}
		if (key != KEYMAP_SEQ_MORE)
			return key;	/* KEYMAP_SEQ_UNKNOWN: swallowed */
		if (len > 1)
			return -1;	/* broken off: swallowed too */
		/* Esc [ or Esc O alone: Alt-[, Alt-O or two keys. */
		ret = OK;
		wc = first;
	}
	k2 = ui_translate(ret, wc);
	/* Alt-x arrives as Esc x, already buffered. Unless Alt-key is bound,
	 * it was Esc, then a key typed (or pasted) right after it. */
	if (k2 >= 0 && k2 != KEYC_ESC && ui->prompt == UI_PROMPT_NONE &&
	    ((ui_mode(ui)->alt != NULL && ui_mode(ui)->alt(ui, k2)) ||
	    keymap_lookup(ui->opt.keymap, ui_mode(ui)->context,
	    k2 | KEYC_META) != NULL))
		return k2 | KEYC_META;
	ui_key(ui, KEYC_ESC);
	return k2;
}

static void
ui_read_keys(struct ui *ui)
{
	wint_t	wc;
	int	ret;
	int32_t	key;

	while (!ui->quit && (ret = get_wch(&wc)) != ERR) {
		key = ui_translate(ret, wc);
		if (key == KEYC_ESC)
			key = ui_escape(ui);
		if (key >= 0 && !ui->quit)
			ui_key(ui, key);
	}
}

/* The longest of these that fits: a tiny terminal still reads it whole.
 * "Terminal too small (20x6): starling needs 30x8". */
static const struct {
	const char	*head;	/* then the size, if tail */
	const char	*tail;	/* then what is needed */
} ui_too_small_forms[] = {
	{ "Terminal too small (", "): starling needs " },
	{ "Too small (", "): needs " },
	{ "Too small: needs ", NULL },
	{ "Need ", NULL },
};

static void
ui_draw_too_small(struct ui *ui)
{
	char	msg[128], size[32], need[32];
	size_t	i, n = sizeof ui_too_small_forms / sizeof *ui_too_small_forms;
	int	y;

	for (y = 0; y < ui->rows; y++)
		ui_fill(ui, y, 0, ui->cols, THEME_NORMAL);
	snprintf(size, sizeof size, "%dx%d", ui->cols, ui->rows);
	snprintf(need, sizeof need, "%dx%d", UI_MIN_COLS, UI_MIN_ROWS);
	for (i = 0; i < n; i++) {
		snprintf(msg, sizeof msg, "%s%s%s%s", ui_too_small_forms[i].head,
		    ui_too_small_forms[i].tail ? size : "",
		    ui_too_small_forms[i].tail ? ui_too_small_forms[i].tail : "",
		    need);
		if ((int)strlen(msg) <= ui->cols)	/* ASCII */
			break;
	}
	ui_draw_text(ui, ui->rows / 2, 0, ui->cols, msg, strlen(msg),
	    THEME_ERROR);
}

/* Rules between columns, and the blank past the last one. */
static void
ui_draw_rules(struct ui *ui)
{
	int	x = 0, y;
	size_t	i;

	for (i = 0; i < ui->ncol; i++) {
		if (!ui->col[i].visible)
			continue;
		x = ui->col[i].x + ui->col[i].width;
		if (x < ui->cols) {
			ui_set_style(ui, THEME_RULE);
			for (y = 0; y < ui->rows - 1; y++)
				mvaddstr(y, x, "\xe2\x94\x82");
		}
	}
	for (y = 0; y < ui->rows - 1 && x + 1 < ui->cols; y++)
		ui_fill(ui, y, x + 1, ui->cols - x - 1, THEME_NORMAL);
}

/* --- modes --------------------------------------------------------------- */

/* The deck: the columns that changed, the rules when everything did. */
static bool
ui_deck_draw(struct ui *ui)
{
	size_t	i;
	bool	any = false;

	for (i = 0; i < ui->ncol; i++) {
		struct ui_column *c = &ui->col[i];

		if (!c->visible || (!c->dirty && !ui->dirty_all))
			continue;
		ui_column_draw(ui, c);
		any = true;
	}
	if (ui->dirty_all)
		ui_draw_rules(ui);
	return any;
}

/* The detail pane and the help: a list of lines, scrolled. */
static bool
ui_pane_draw(struct ui *ui)
{
	if (!ui->dirty_overlay)
		return false;
	ui_overlay_draw(ui);
	return true;
}

static void
ui_pane_close(struct ui *ui)
{
	size_t	i;

	if (ui->overlay == UI_OVERLAY_HELP && ui->over_detail) {
		ui_detail_back(ui);
		return;
	}
	ui->overlay = UI_OVERLAY_NONE;
	ui_overlay_free_lines(ui);
	if (ui->detail) {
		post_unref(ui->detail);
		ui->detail = NULL;
	}
	for (i = 0; i < ui->nthread; i++)
		post_unref(ui->thread[i]);
	free(ui->thread);
	ui->thread = NULL;
	ui->nthread = 0;
	ui_layout(ui);
	ui->dirty_all = true;
}

static bool
ui_compose_mode_draw(struct ui *ui)
{
	if (!ui->dirty_overlay && !ui->dirty_all)
		return false;
	ui_compose_draw(ui);
	return true;
}

/* Esc, or quitting: the text stays as a draft. */
static void
ui_compose_mode_close(struct ui *ui)
{
	ui_compose_close(ui, true);
}

/* Over the deck or the detail pane: that first (all of it, as the list
 * may have shrunk off what it covered), then the list. */
static bool
ui_picker_mode_draw(struct ui *ui)
{
	size_t	i;

	if (ui->over_detail)
		ui_overlay_draw(ui);
	else {
		for (i = 0; i < ui->ncol; i++)
			if (ui->col[i].visible)
				ui_column_draw(ui, &ui->col[i]);
		ui_draw_rules(ui);
	}
	ui_picker_draw(ui);
	return true;
}

/* The detail pane under the picker is wrapped for the new width. */
static void
ui_picker_mode_resize(struct ui *ui)
{
	if (!ui->over_detail)
		return;
	ui->overlay = UI_OVERLAY_DETAIL;
	ui_overlay_build(ui);
	ui->overlay = UI_OVERLAY_PICKER;
}

static const struct ui_mode ui_modes[] = {
	[UI_OVERLAY_NONE] = {
		.context = KEYMAP_DECK,
		.draw = ui_deck_draw,
	},
	[UI_OVERLAY_DETAIL] = {
		.context = KEYMAP_DETAIL,
		.draw = ui_pane_draw,
		.close = ui_pane_close,
		.resize = ui_overlay_build,
	},
	[UI_OVERLAY_HELP] = {
		.context = KEYMAP_HELP,
		.draw = ui_pane_draw,
		.close = ui_pane_close,
		.resize = ui_overlay_build,
	},
	[UI_OVERLAY_COMPOSE] = {
		.context = KEYMAP_DECK,
		.key = ui_compose_key,
		.draw = ui_compose_mode_draw,
		.cursor = ui_compose_cursor,
		.close = ui_compose_mode_close,
		.interrupt = true,
		.alt = ui_compose_alt,
	},
	[UI_OVERLAY_PICKER] = {
		.context = KEYMAP_DECK,
		.key = ui_picker_key,
		.draw = ui_picker_mode_draw,
		.close = ui_picker_close,
		.resize = ui_picker_mode_resize,
	},
	[UI_OVERLAY_REPORT] = {
		.context = KEYMAP_HELP,
		.draw = ui_pane_draw,
		.close = ui_pane_close,
		.resize = ui_overlay_build,
	},
};

const struct ui_mode *
ui_mode(const struct ui *ui)
{
	return &ui_modes[ui->overlay];
}

static void
ui_draw(struct ui *ui)
{
	const struct ui_mode	*m = ui_mode(ui);
	bool			 any;

	if (ui->dirty_all) {
		ui->dirty_status = true;
		ui->dirty_overlay = true;
	}
	if (ui->too_small) {
		if (ui->dirty_all)
			ui_draw_too_small(ui);
	} else {
		any = m->draw(ui);
		if (ui->prompt != UI_PROMPT_NONE)
			ui_prompt_draw(ui);
		else if (ui->dirty_status || any || ui->dirty_all) {
			ui_status_draw(ui);
			if (m->cursor != NULL)
				m->cursor(ui);	/* back where typing goes */
		}
		ui->by_key = false;
	}
	ui->dirty_all = false;
	wnoutrefresh(stdscr);
	doupdate();
}

static bool
ui_drain(struct ui *ui)
{
	size_t	i;
	bool	more = false;

	for (i = 0; i < ui->ncol; i++) {
		if (ui_column_drain(ui, &ui->col[i], UI_DRAIN_BATCH))
			more = true;
		ui_column_markers(ui, &ui->col[i]);
	}
	ui_actions_drain(ui);
	ui_triage_drain(ui);
	ui->dirty_status = true;
	return more;
}

/* A visible column says "retrying in N s": it needs a tick a second, and
 * only while it says so. */
static bool
ui_counting_down(struct ui *ui)
{
	size_t	i;
	bool	any = false;

	for (i = 0; i < ui->ncol; i++) {
		struct ui_column *c = &ui->col[i];

		if (c->visible && (c->status.state == SOURCE_BACKOFF ||
		    c->status.state == SOURCE_RATELIMITED) && c->status.until) {
			c->dirty = true;
			any = true;
		}
	}
	return any;
}

void
ui_tick_at(struct ui *ui, int64_t t)
{
	if (t > ui->now && (ui->tick == 0 || t < ui->tick))
		ui->tick = t;
}

/* The boundaries of clock_relative(): "now" until 60 s, then whole
 * minutes, hours and days; dates change at the latest a day later. */
int64_t
ui_age_next(int64_t t, int64_t now)
{
	static const int64_t	units[] = { 60, 60, 3600, 86400 };
	static const int64_t	upto[] = { 60, 3600, 86400, 7 * 86400 };
	int64_t			d = now - t;
	size_t			i;

	if (d < 0)
		return t;
	for (i = 0; i < sizeof units / sizeof units[0]; i++)
		if (d < upto[i])
			return t + (d / units[i] + 1) * units[i];
	return now + 86400 - now % 3600;
}

/* Milliseconds until the soonest column shows something different, -1
 * when none will (no CPU while nothing changes). */
static int
ui_tick_timeout(struct ui *ui)
{
	int64_t	soonest = 0, ms;
	size_t	i;

	for (i = 0; i < ui->ncol; i++)
		if (ui->col[i].visible && ui->col[i].tick != 0 &&
		    (soonest == 0 || ui->col[i].tick < soonest))
			soonest = ui->col[i].tick;
	/* A read marker held back (at most one every 15 s) goes when it
	 * may. */
	for (i = 0; i < ui->ncol; i++) {
		int64_t	at = ui->col[i].read_at + 15;

		if (ui->col[i].read_at != 0 && at > ui->now &&
		    (soonest == 0 || at < soonest))
			soonest = at;
	}
	/* The detail pane's age: at the next minute. */
	if (ui->overlay != UI_OVERLAY_NONE) {
		int64_t	minute = (ui->now / 60 + 1) * 60;

		if (soonest == 0 || minute < soonest)
			soonest = minute;
	}
	if (soonest == 0)
		return -1;
	ms = soonest * 1000 - clock_wall_ms() + 5;
	if (ms < 0)
		return 0;
	return ms > 24 * 3600 * 1000 ? 24 * 3600 * 1000 : (int)ms;
}

/* Columns whose boundary has come are drawn again (which sets the next
 * one); until then they have none, so an undrawn column never spins. */
static void
ui_tick_due(struct ui *ui)
{
	size_t	i;

	for (i = 0; i < ui->ncol; i++) {
		if (ui->col[i].tick != 0 && ui->col[i].tick <= ui->now) {
			ui->col[i].tick = 0;
			ui->col[i].dirty = true;
		}
	}
}

int
ui_run(struct ui *ui)
{
	struct pollfd	pfd[3];
	int		timeout, again, due, tick;
	bool		more = false;

	pfd[0].fd = STDIN_FILENO;
	pfd[0].events = POLLIN;
	pfd[1].fd = wake_fd(ui->wake);
	pfd[1].events = POLLIN;
	pfd[2].events = POLLIN;

	wake_drain(ui->wake);
	ui_drain(ui);
	ui_draw(ui);
	while (!ui->quit) {
		/* The triage store's watch (-1 while its answer is on the way:
		 * the wake pipe brings it), and when it wants another look. */
		pfd[2].fd = triage_watch_fd(ui->tri);
		again = triage_timeout(ui->tri);
		/* Ages and SLA marks: at the next boundary that changes what
		 * is shown. */
		tick = ui_tick_timeout(ui);
		if (more)
			timeout = 0;
		else if (ui_counting_down(ui))
			timeout = 1000 - (int)(clock_wall_ms() % 1000) + 5;
		else
			timeout = again;
		if (tick >= 0 && (timeout < 0 || tick < timeout))
			timeout = tick;
		if ((due = ui_compose_due(ui)) >= 0 &&
		    (timeout < 0 || due < timeout))
			timeout = due;	/* the post being typed, saved */
		if ((due = ui_outbox_due(ui)) >= 0 &&
		    (timeout < 0 || due < timeout))
			timeout = due;	/* a hold's countdown, a retry */
		if ((due = ui_report_due(ui)) >= 0 &&
		    (timeout < 0 || due < timeout))
			timeout = due;	/* spikes counted again */
		if (poll(pfd, 3, timeout) < 0 && errno != EINTR)
			break;
		/* Emptied before the signal flags are read: a signal from
		 * now on (one during a key's Esc wait, say) leaves a byte in
		 * the pipe, so the next poll() returns at once. */
		wake_drain(ui->wake);
		if (ui_sig_quit == SIGINT && (ui->prompt != UI_PROMPT_NONE ||
		    ui_mode(ui)->interrupt)) {
			/* C-c cancels the prompt or closes the reply box
			 * (keeping the draft) rather than quitting: it is Esc. */
			ui_sig_quit = 0;
			ui_key(ui, KEYC_ESC);
		} else if (ui_sig_quit) {
			ui->exit_status = 128 + ui_sig_quit;
			break;
		}
		if (ui_sig_resize) {
			ui_sig_resize = 0;
			ui_size(ui);
		}
		if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
			ui->exit_status = 128 + SIGHUP;	/* terminal gone */
			break;
		}
		ui->now = (int64_t)time(NULL);
		ui_tick_due(ui);
		if (ui->overlay != UI_OVERLAY_NONE &&
		    ui->now / 60 != ui->minute) {
			ui->minute = ui->now / 60;
			ui->dirty_overlay = true;
		}
		ui_read_keys(ui);
		ui_compose_tick(ui);
		ui_outbox_tick(ui);
		more = ui_drain(ui);
		ui_report_tick(ui);
		if (!ui->quit)
			ui_draw(ui);
		/* Drawing after a key marks posts seen: what was read goes
		 * back to the server now, not at the next event. */
		if (!ui->quit && ui->ncol > 0)
			ui_column_markers(ui, &ui->col[ui->focus]);
	}
	return ui->exit_status;
}

/* --- the status line and the detail pane --------------------------------- */

void
ui_message(struct ui *ui, bool error, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(ui->message, sizeof ui->message, fmt, ap);
	va_end(ap);
	ui->message_error = error;
	ui->dirty_status = true;
}

void
ui_open(struct ui *ui, const struct post *p)
{
	/* p may be the detail post the close lets go of. */
	struct post	*keep = post_ref((struct post *)p);

	ui_close_all(ui);
	/* A reply box or picker closed over the pane left it behind. */
	if (ui->detail != NULL)
		ui_pane_close(ui);
	ui_author_forget(ui);	/* read again: it may have changed */
	ui->detail = keep;
	ui->overlay = UI_OVERLAY_DETAIL;
	ui->scroll = 0;
	ui_overlay_build(ui);
	ui->dirty_all = true;
}

/* The help or a picker closes onto the detail pane it was opened from,
 * rebuilt (a triage change may have come meanwhile). */
void
ui_detail_back(struct ui *ui)
{
	bool	help = ui->overlay == UI_OVERLAY_HELP;

	ui->over_detail = false;
	ui->overlay = UI_OVERLAY_DETAIL;
	if (help)
		ui->scroll = ui->detail_scroll;
	ui_overlay_build(ui);
	ui->dirty_all = true;
}

void
ui_close(struct ui *ui)
{
	const struct ui_mode	*m = ui_mode(ui);

	if (m->close != NULL)
		m->close(ui);
}

/* Back to the deck: the help or a picker, then the pane under it. */
void
ui_close_all(struct ui *ui)
{
	int	i;

	for (i = 0; i < 2 && ui->overlay != UI_OVERLAY_NONE; i++)
		ui_close(ui);
}
