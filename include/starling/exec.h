/*
 * exec — any program as a source: `source: exec` with `command:`. The fetch
 * thread runs the command through /bin/sh -c in the config file's folder,
 * in a process group of its own, stdin from /dev/null. Each line it prints
 * on stdout is one JSON object, one post:
 *
 *   id        string or integer, required: unique within the column
 *   text      string, required: plain text (control characters dropped)
 *   author    string: the display name        handle  string ("@" optional)
 *   url       string: what `o` opens           created RFC 3339 (else now)
 *   reply_to  string or integer: the id it answers
 *   followers integer >= 0
 *
 * Other keys are ignored. A line that is not such an object is counted
 * ("2 bad lines" in the column's header) and skipped. Its stderr goes to the
 * log a line at a time. When it exits the column says so ("exited with
 * status 1 · restarting in 2 s") and it is started again, with backoff
 * while it exits without a line. It is stopped with SIGTERM, then SIGKILL
 * after EXEC_KILL_GRACE seconds, when its column goes (and starling exits).
 *
 * Network name: "exec@" and the column's title (which is the command when
 * none is written): renaming the column starts a new triage history.
 */
#ifndef STARLING_EXEC_H
#define STARLING_EXEC_H

#include <stddef.h>
#include <stdint.h>

struct network;
struct post;
struct source_ops;

#define EXEC_LINE_MAX		(1024 * 1024)	/* longer lines are bad */
#define EXEC_KILL_GRACE		2		/* seconds from TERM to KILL */
#define EXEC_LIVE_AFTER		10		/* seconds running count as
						   running well */

extern const struct network exec_network;
extern const struct source_ops exec_source_ops;

enum exec_line {
	EXEC_LINE_POST,		/* *out holds a post */
	EXEC_LINE_BLANK,	/* nothing on it: skipped, not bad */
	EXEC_LINE_BAD		/* err says why */
};

/* One line (without its newline) to a post labelled network and column;
 * created defaults to now. */
enum exec_line	 exec_parse_line(const char *line, size_t len,
		    const char *network, const char *column, int64_t now,
		    struct post **out, char *err, size_t errlen);

#endif
