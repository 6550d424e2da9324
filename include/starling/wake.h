/*
 * wake — a self-pipe that worker threads write one byte to, so the UI thread,
 * asleep in poll(), wakes up to drain its queues. Safe from any thread and from
 * signal handlers.
 */
#ifndef STARLING_WAKE_H
#define STARLING_WAKE_H

struct wake;

struct wake	*wake_new(void);
void		 wake_free(struct wake *);
int		 wake_fd(const struct wake *);	/* the end to poll() for POLLIN */
void		 wake_signal(struct wake *);	/* never blocks */
void		 wake_drain(struct wake *);	/* empties the pipe */

#endif
