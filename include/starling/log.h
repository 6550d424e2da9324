/*
 * log — runtime messages to a file ($XDG_STATE_HOME/starling/starling.log,
 * mode 0600), never to the terminal while the screen is up. Thread-safe.
 * Before log_open() (or if it failed) messages are dropped.
 *
 * Every message is sanitised first (text_sanitize: no control bytes, escape
 * sequences or invalid UTF-8, whatever a server sent), in log_clean, which
 * log_stderr uses as well. Each reason (a message's first 72 bytes, digits
 * left out, up to a " near '" that quotes a bad body) is written at most
 * 5 times a minute; the rest are counted and
 * written as one line ("… 1,234 more like this: …") when its minute is
 * over or the log closes. Past LOG_CAP bytes the file is renamed to
 * PATH.1 (replacing the one before) and a new one started.
 */
#ifndef STARLING_LOG_H
#define STARLING_LOG_H

#include <stdarg.h>
#include <stddef.h>

#define LOG_CAP		((long)4 << 20)	/* bytes before rotation */

int	log_open(const char *path);	/* 0 or -1 (errno set) */
void	log_close(void);
void	log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "starling: MESSAGE\n" to stderr, sanitised like the log (for commands
 * that talk to the terminal: `starling login`). */
void	log_stderr(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Formats and sanitises into out (cap bytes, NUL-terminated, one line);
 * the length written. The one filter of log_msg and log_stderr. */
size_t	log_clean(const char *fmt, va_list ap, char *out, size_t cap)
	    __attribute__((format(printf, 1, 0)));

#endif
