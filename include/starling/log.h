/*
 * log — runtime messages to a file ($XDG_STATE_HOME/starling/starling.log),
 * never to the terminal while the screen is up. Thread-safe. Before log_open()
 * (or if it failed) messages are dropped.
 */
#ifndef STARLING_LOG_H
#define STARLING_LOG_H

int	log_open(const char *path);	/* 0 or -1 (errno set) */
void	log_close(void);
void	log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
