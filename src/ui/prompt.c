/* prompt.c — the bottom line: the ':' command prompt, the '/' filter
 * prompt and the note box (a lineedit with history and Tab completion on
 * top), or the status line when none is open. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "starling/cmd.h"
#include "starling/config.h"
#include "starling/keymap.h"
#include "starling/lineedit.h"
#include "starling/post.h"
#include "starling/text.h"
#include "starling/timeline.h"
#include "starling/xmalloc.h"
#include "ui_internal.h"

/* The prompt's editing keys. Backspace and C-d on an empty line cancel
 * instead (ui_prompt_key). */
static const struct lineedit_key prompt_keys[] = {
	{ KEYC_BACKSPACE, LINEEDIT_DELETE_BACK },
	{ 8, LINEEDIT_DELETE_BACK },
	{ 127, LINEEDIT_DELETE_BACK },
	{ KEYC_DC, LINEEDIT_DELETE_FORWARD },
	{ 4, LINEEDIT_DELETE_FORWARD },		/* C-d */
	{ KEYC_LEFT, LINEEDIT_LEFT },
	{ 2, LINEEDIT_LEFT },			/* C-b */
	{ KEYC_RIGHT, LINEEDIT_RIGHT },
	{ 6, LINEEDIT_RIGHT },			/* C-f */
	{ KEYC_HOME, LINEEDIT_HOME },
	{ 1, LINEEDIT_HOME },			/* C-a */
	{ KEYC_END, LINEEDIT_END },
	{ 5, LINEEDIT_END },			/* C-e */
	{ 21, LINEEDIT_KILL_START },		/* C-u */
	{ 11, LINEEDIT_KILL_END },		/* C-k */
	{ 23, LINEEDIT_KILL_WORD_BACK },	/* C-w */
};

static void
prompt_set(struct ui *ui, const char *s)
{
	lineedit_set(&ui->input, s, strlen(s));
}

void
ui_prompt_open(struct ui *ui, enum ui_prompt_kind kind, const char *initial)
{
	struct ui_column	*c = &ui->col[ui->focus];

	if (ui->prompt_post != NULL) {
		post_unref(ui->prompt_post);
		ui->prompt_post = NULL;
	}
	ui->prompt = kind;
	ui->complete_n = 0;
	ui->history_pos = ui->nhistory;
	prompt_set(ui, initial ? initial : "");
	if (kind == UI_PROMPT_FILTER) {
		free(ui->filter_saved);
		ui->filter_saved = c->filter ? xstrdup(c->filter) : NULL;
		if (initial == NULL && c->filter)
			prompt_set(ui, c->filter);
	}
	ui->dirty_status = true;
}

static void
prompt_close(struct ui *ui)
{
	if (ui->prompt_post != NULL) {
		post_unref(ui->prompt_post);
		ui->prompt_post = NULL;
	}
	ui->prompt = UI_PROMPT_NONE;
	ui->dirty_status = true;
	curs_set(0);
	leaveok(stdscr, TRUE);
}

/* Esc: a filter prompt puts back the filter the column had. */
static void
prompt_cancel(struct ui *ui)
{
	if (ui->prompt == UI_PROMPT_FILTER)
		ui_column_set_filter(ui, &ui->col[ui->focus], ui->filter_saved);
	prompt_close(ui);
}

static void
prompt_history_add(struct ui *ui, const char *line)
{
	if (*line == '\0' || (ui->nhistory > 0 &&
	    strcmp(ui->history[ui->nhistory - 1], line) == 0))
		return;
	if (ui->nhistory == sizeof ui->history / sizeof ui->history[0]) {
		free(ui->history[0]);
		memmove(ui->history, ui->history + 1,
		    (ui->nhistory - 1) * sizeof *ui->history);
		ui->nhistory--;
	}
	ui->history[ui->nhistory++] = xstrdup(line);
}

/* Up (older) and Down (newer, then an empty line) at the : prompt. */
static void
prompt_history(struct ui *ui, int step)
{
	if (ui->prompt != UI_PROMPT_COMMAND)
		return;
	if (step < 0) {
		if (ui->history_pos > 0)
			prompt_set(ui, ui->history[--ui->history_pos]);
	} else if (ui->history_pos + 1 < ui->nhistory)
		prompt_set(ui, ui->history[++ui->history_pos]);
	else {
		ui->history_pos = ui->nhistory;
		prompt_set(ui, "");
	}
}

/* Tab: complete the command name; again cycles through the matches. */
static void
prompt_complete(struct ui *ui)
{
	const char	*match[64];
	size_t		 n;

	if (strchr(ui->input.text, ' ') != NULL)
		return;
	if (ui->complete_n == 0) {
		if (ui->input.len >= sizeof ui->complete_prefix)
			return;
		memcpy(ui->complete_prefix, ui->input.text, ui->input.len + 1);
	}
	n = cmd_complete(ui->complete_prefix, match, 64);
	if (n == 0) {
		ui_message(ui, true, "no command starts with \"%s\"",
		    ui->complete_prefix);
		return;
	}
	if (n > 64)
		n = 64;
	prompt_set(ui, match[ui->complete_n % n]);
	if (n == 1)
		lineedit_insert_char(&ui->input, ' ');
	ui->complete_n++;
}

static void
prompt_filter_live(struct ui *ui)
{
	ui_column_set_filter(ui, &ui->col[ui->focus], ui->input.text);
}

/* y opens the reply anyway; anything else leaves it. */
static void
prompt_confirm(struct ui *ui, int32_t key)
{
	struct post	*target = ui->prompt_post;

	ui->prompt_post = NULL;
	prompt_close(ui);
	*ui->message = '\0';
	if ((key == 'y' || key == 'Y') && target != NULL)
		ui_compose_open(ui, UI_COMPOSE_REPLY, target,
		    cmd_account(ui, target));
	if (target != NULL)
		post_unref(target);
}

/* The note box's Enter: the note goes to the post the box was opened on. */
static void
prompt_note(struct ui *ui, const struct post *p, char *text)
{
	char	name[] = "note", *argv[] = { name, text, NULL };

	if (p != NULL)
		cmd_exec(ui, cmd_find(name), 2, argv, p);
}

static void
prompt_enter(struct ui *ui)
{
	enum ui_prompt_kind	 kind = ui->prompt;
	char			*line = xstrdup(ui->input.text);
	struct post		*p = ui->prompt_post;

	ui->prompt_post = NULL;
	prompt_close(ui);
	switch (kind) {
	case UI_PROMPT_NOTE:
		prompt_note(ui, p, line);
		break;
	case UI_PROMPT_COMMAND:
		prompt_history_add(ui, line);
		if (*line != '\0')
			cmd_run(ui, line);
		break;
	case UI_PROMPT_FILTER:
		prompt_filter_live(ui);
		break;
	default:
		break;
	}
	if (p != NULL)
		post_unref(p);
	free(line);
}

void
ui_prompt_key(struct ui *ui, int32_t key)
{
	int	edit;

	ui->dirty_status = true;
	if (ui->prompt == UI_PROMPT_CONFIRM) {
		prompt_confirm(ui, key);
		return;
	}
	if (key != KEYC_TAB)
		ui->complete_n = 0;
	switch (key) {
	case KEYC_ENTER:
		prompt_enter(ui);
		return;
	case KEYC_ESC:
	case 3:	/* C-c */
	case 7:	/* C-g */
		prompt_cancel(ui);
		return;
	case KEYC_TAB:
		if (ui->prompt == UI_PROMPT_COMMAND)
			prompt_complete(ui);
		return;
	case KEYC_UP:
	case 16:	/* C-p */
		prompt_history(ui, -1);
		return;
	case KEYC_DOWN:
	case 14:	/* C-n */
		prompt_history(ui, 1);
		return;
	case KEYC_BACKSPACE:
	case 8:
	case 127:
	case 4:	/* C-d */
		if (ui->input.len == 0) {
			prompt_cancel(ui);
			return;
		}
		break;
	}
	edit = lineedit_key(&ui->input, prompt_keys, sizeof prompt_keys /
	    sizeof prompt_keys[0], key);
	if (edit < 0 && key >= 0x20 && key < KEYC_BASE && key != 0x7f)
		edit = lineedit_insert_char(&ui->input, key);
	if (edit > 0 && ui->prompt == UI_PROMPT_FILTER)
		prompt_filter_live(ui);
}

void
ui_prompt_draw(struct ui *ui)
{
	const struct lineedit	*in = &ui->input;
	int		 y = ui->rows - 1, w, before, x, lw;
	const char	*lead = ui->prompt == UI_PROMPT_COMMAND ? ":" :
			    ui->prompt == UI_PROMPT_NOTE ? "note: " :
			    ui->prompt == UI_PROMPT_CONFIRM ? ui->message : "/";
	size_t		 start = 0;

	ui_fill(ui, y, 0, ui->cols, THEME_PROMPT);
	lw = ui_draw_text(ui, y, 0, ui->cols - 1, lead, strlen(lead),
	    THEME_PROMPT);
	w = ui->cols - lw;
	/* Scroll the text so the cursor stays on screen. */
	before = text_width(in->text, in->cursor);
	while (before > w - 2 && start < in->cursor) {
		size_t next = start + 1;
		while (next < in->cursor &&
		    ((unsigned char)in->text[next] & 0xc0) == 0x80)
			next++;
		start = next;
		before = text_width(in->text + start, in->cursor - start);
	}
	ui_draw_text(ui, y, lw, w - 1, in->text + start, in->len - start,
	    THEME_PROMPT);
	/* The terminal's cursor where typing goes: curses leaves it there only
	 * with leaveok off (the deck keeps it on, to write less). */
	x = lw + before;
	move(y, x < ui->cols ? x : ui->cols - 1);
	curs_set(1);
	leaveok(stdscr, FALSE);
}

void
ui_status_draw(struct ui *ui)
{
	int		 y = ui->rows - 1, rw;
	char		 right[256], held[96], spikes[256];
	const char	*left;
	size_t		 unread = 0, i;

	for (i = 0; i < ui->ncol; i++)
		unread += timeline_unread(ui->col[i].tl);
	ui_outbox_status(ui, held, sizeof held);
	ui_report_status(ui, spikes, sizeof spikes);
	snprintf(right, sizeof right, " %s%s%s \xc2\xb7 column %zu/%zu \xc2\xb7 "
	    "%zu unread ", held, *held ? " " : "", ui->opt.config->me ? ui->opt.config->me : "",
	    ui->focus + 1, ui->ncol, unread);
	ui_fill(ui, y, 0, ui->cols, THEME_STATUS);
	rw = text_width(right, strlen(right));
	if (rw > ui->cols / 2)
		rw = 0;
	else
		ui_draw_text(ui, y, ui->cols - rw, rw, right, strlen(right),
		    THEME_STATUS);
	/* A message, else the spikes going on, else the keys. */
	left = *ui->message ? ui->message : *spikes ? spikes :
	    "? help  : command  / filter  Enter open  q quit";
	ui_draw_text(ui, y, 1, ui->cols - rw - 2, left, strlen(left),
	    (*ui->message ? ui->message_error : *spikes != '\0') ?
	    THEME_ERROR : THEME_STATUS);
	ui->dirty_status = false;
}
