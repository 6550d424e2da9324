/* prompt.c — the bottom line: the ':' command prompt and the '/' filter
 * prompt (a small line editor), or the status line when neither is open. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "starling/cmd.h"
#include "starling/config.h"
#include "starling/keymap.h"
#include "starling/post.h"
#include "starling/text.h"
#include "starling/timeline.h"
#include "starling/xmalloc.h"
#include "ui_internal.h"

static void
prompt_set(struct ui *ui, const char *s)
{
	size_t	len = strlen(s);

	if (len >= sizeof ui->input)
		len = sizeof ui->input - 1;
	memcpy(ui->input, s, len);
	ui->input[len] = '\0';
	ui->input_len = ui->input_pos = len;
}

void
ui_prompt_open(struct ui *ui, enum ui_prompt_kind kind, const char *initial)
{
	struct ui_column	*c = &ui->col[ui->focus];

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
	ui->prompt = UI_PROMPT_NONE;
	ui->dirty_status = true;
	curs_set(0);
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

static void
prompt_insert(struct ui *ui, int32_t cp)
{
	char	buf[4];
	size_t	n = text_encode(cp, buf);

	if (ui->input_len + n >= sizeof ui->input)
		return;
	memmove(ui->input + ui->input_pos + n, ui->input + ui->input_pos,
	    ui->input_len - ui->input_pos + 1);
	memcpy(ui->input + ui->input_pos, buf, n);
	ui->input_len += n;
	ui->input_pos += n;
}

static void
prompt_delete(struct ui *ui, size_t from, size_t to)
{
	memmove(ui->input + from, ui->input + to, ui->input_len - to + 1);
	ui->input_len -= to - from;
	ui->input_pos = from;
}

/* Tab: complete the command name; again cycles through the matches. */
static void
prompt_complete(struct ui *ui)
{
	const char	*match[64];
	size_t		 n;

	if (strchr(ui->input, ' ') != NULL)
		return;
	if (ui->complete_n == 0) {
		if (ui->input_len >= sizeof ui->complete_prefix)
			return;
		memcpy(ui->complete_prefix, ui->input, ui->input_len + 1);
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
		prompt_insert(ui, ' ');
	ui->complete_n++;
}

static void
prompt_filter_live(struct ui *ui)
{
	ui_column_set_filter(ui, &ui->col[ui->focus], ui->input);
}

void
ui_prompt_key(struct ui *ui, int32_t key)
{
	char	line[UI_PROMPT_MAX];
	size_t	p;

	ui->dirty_status = true;
	if (ui->prompt == UI_PROMPT_CONFIRM) {
		/* y opens the reply anyway; anything else leaves it. */
		struct post *target = ui->picker.target;

		ui->picker.target = NULL;
		prompt_close(ui);
		*ui->message = '\0';
		if ((key == 'y' || key == 'Y') && target != NULL)
			ui_compose_open(ui, target, ui->col[ui->focus].account ?
			    ui->col[ui->focus].account :
			    ui_account_for(ui, target));
		if (target != NULL)
			post_unref(target);
		return;
	}
	if (key != KEYC_TAB)
		ui->complete_n = 0;
	switch (key) {
	case KEYC_ENTER:
		snprintf(line, sizeof line, "%s", ui->input);
		if (ui->prompt == UI_PROMPT_NOTE) {
			prompt_close(ui);
			ui_triage_note_text(ui, line);
			return;
		}
		if (ui->prompt == UI_PROMPT_CONFIRM)
			return;
		if (ui->prompt == UI_PROMPT_COMMAND) {
			prompt_close(ui);
			prompt_history_add(ui, line);
			if (*line != '\0')
				cmd_run(ui, line);
		} else {
			prompt_close(ui);
			prompt_filter_live(ui);
		}
		return;
	case KEYC_ESC:
	case 3:	/* C-c */
	case 7:	/* C-g */
		if (ui->prompt == UI_PROMPT_FILTER)
			ui_column_set_filter(ui, &ui->col[ui->focus],
			    ui->filter_saved);
		prompt_close(ui);
		return;
	case KEYC_TAB:
		if (ui->prompt == UI_PROMPT_COMMAND)
			prompt_complete(ui);
		return;
	case KEYC_BACKSPACE:
	case 8:
	case 127:
		if (ui->input_len == 0) {
			prompt_key_cancel:
			if (ui->prompt == UI_PROMPT_FILTER)
				ui_column_set_filter(ui, &ui->col[ui->focus],
				    ui->filter_saved);
			prompt_close(ui);
			return;
		}
		if (ui->input_pos > 0)
			prompt_delete(ui, text_prev_cluster(ui->input, ui->input_pos),
			    ui->input_pos);
		break;
	case KEYC_DC:
	case 4:	/* C-d */
		if (ui->input_len == 0 && key == 4)
			goto prompt_key_cancel;
		if (ui->input_pos < ui->input_len)
			prompt_delete(ui, ui->input_pos,
			    text_next_cluster(ui->input, ui->input_len, ui->input_pos));
		break;
	case KEYC_LEFT:
	case 2:	/* C-b */
		ui->input_pos = text_prev_cluster(ui->input, ui->input_pos);
		return;
	case KEYC_RIGHT:
	case 6:	/* C-f */
		ui->input_pos = text_next_cluster(ui->input, ui->input_len, ui->input_pos);
		return;
	case KEYC_HOME:
	case 1:	/* C-a */
		ui->input_pos = 0;
		return;
	case KEYC_END:
	case 5:	/* C-e */
		ui->input_pos = ui->input_len;
		return;
	case 21:	/* C-u */
		prompt_delete(ui, 0, ui->input_pos);
		break;
	case 11:	/* C-k */
		ui->input[ui->input_pos] = '\0';
		ui->input_len = ui->input_pos;
		break;
	case 23:	/* C-w */
		p = ui->input_pos;
		while (p > 0 && ui->input[p - 1] == ' ')
			p--;
		while (p > 0 && ui->input[p - 1] != ' ')
			p--;
		prompt_delete(ui, p, ui->input_pos);
		break;
	case KEYC_UP:
	case 16:	/* C-p */
		if (ui->prompt == UI_PROMPT_COMMAND && ui->history_pos > 0)
			prompt_set(ui, ui->history[--ui->history_pos]);
		return;
	case KEYC_DOWN:
	case 14:	/* C-n */
		if (ui->prompt != UI_PROMPT_COMMAND)
			return;
		if (ui->history_pos + 1 < ui->nhistory)
			prompt_set(ui, ui->history[++ui->history_pos]);
		else {
			ui->history_pos = ui->nhistory;
			prompt_set(ui, "");
		}
		return;
	default:
		if (key >= 0x20 && key < KEYC_BASE && key != 0x7f)
			prompt_insert(ui, key);
		else
			return;
		break;
	}
	if (ui->prompt == UI_PROMPT_FILTER)
		prompt_filter_live(ui);
}

void
ui_prompt_draw(struct ui *ui)
{
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
	before = text_width(ui->input, ui->input_pos);
	while (before > w - 2 && start < ui->input_pos) {
		size_t next = start + 1;
		while (next < ui->input_pos &&
		    ((unsigned char)ui->input[next] & 0xc0) == 0x80)
			next++;
		start = next;
		before = text_width(ui->input + start, ui->input_pos - start);
	}
	ui_draw_text(ui, y, lw, w - 1, ui->input + start, ui->input_len - start,
	    THEME_PROMPT);
	x = lw + before;
	move(y, x < ui->cols ? x : ui->cols - 1);
	curs_set(1);
}

void
ui_status_draw(struct ui *ui)
{
	int		 y = ui->rows - 1, rw;
	char		 right[128];
	const char	*left;
	size_t		 unread = 0, i;

	for (i = 0; i < ui->ncol; i++)
		unread += timeline_unread(ui->col[i].tl);
	snprintf(right, sizeof right, " %s \xc2\xb7 column %zu/%zu \xc2\xb7 "
	    "%zu unread ", ui->opt.config->me ? ui->opt.config->me : "",
	    ui->focus + 1, ui->ncol, unread);
	ui_fill(ui, y, 0, ui->cols, THEME_STATUS);
	rw = text_width(right, strlen(right));
	if (rw > ui->cols / 2)
		rw = 0;
	else
		ui_draw_text(ui, y, ui->cols - rw, rw, right, strlen(right),
		    THEME_STATUS);
	left = *ui->message ? ui->message :
	    "? help  : command  / filter  Enter open  q quit";
	ui_draw_text(ui, y, 1, ui->cols - rw - 2, left, strlen(left),
	    ui->message_error ? THEME_ERROR : THEME_STATUS);
	ui->dirty_status = false;
}
