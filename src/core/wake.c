/* wake.c — self-pipe: both ends non-blocking, so a full pipe (the UI already
 * has a wake-up pending) just drops the byte, and signal handlers may call
 * wake_signal(). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "starling/wake.h"
#include "starling/xmalloc.h"

struct wake {
	int	fd[2];
};

struct wake *
wake_new(void)
{
	struct wake	*w = xmalloc(sizeof *w);
	int		 i;

	if (pipe(w->fd) != 0) {
		free(w);
		return NULL;
	}
	for (i = 0; i < 2; i++) {
		fcntl(w->fd[i], F_SETFL, fcntl(w->fd[i], F_GETFL) | O_NONBLOCK);
		fcntl(w->fd[i], F_SETFD, FD_CLOEXEC);
	}
	return w;
}

void
wake_free(struct wake *w)
{
	if (w == NULL)
		return;
	close(w->fd[0]);
	close(w->fd[1]);
	free(w);
}

int
wake_fd(const struct wake *w)
{
	return w->fd[0];
}

void
wake_signal(struct wake *w)
{
	int	saved = errno;
	char	c = 1;

	while (write(w->fd[1], &c, 1) == -1 && errno == EINTR)
		;
	errno = saved;
}

void
wake_drain(struct wake *w)
{
	char	buf[256];

	while (read(w->fd[0], buf, sizeof buf) > 0)
		;
}
