/* test_x_session.c — an X account's session shared by threads, against
 * tests/fakes/fake_x.py (started here on 127.0.0.1): a token about to
 * expire is refreshed once however many threads want it at once; a 401
 * refreshes once and every thread's request is sent again and answered; the
 * budget's spend from several threads adds up and is kept on disk. Runs
 * under ThreadSanitizer too. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "starling/account.h"
#include "starling/config.h"
#include "starling/http.h"
#include "starling/network.h"
#include "starling/wake.h"
#include "starling/x.h"
#include "starling/x_parse.h"

#define THREADS	4
#define ROUNDS	5

static char	 fake_url[128], tmp[64];
static struct account *xacct;

static void
sleep_ms(long ms)
{
	struct timespec	ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static pid_t
fake_start(void)
{
	char	 urlfile[128];
	FILE	*f;
	pid_t	 pid;
	int	 i;

	snprintf(urlfile, sizeof urlfile, "%s/url", tmp);
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		execlp("python3", "python3", "tests/fakes/fake_x.py",
		    "--url-file", urlfile, "--expires-in", "3600",
		    "--max-seconds", "120", (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 200; i++) {
		if ((f = fopen(urlfile, "r")) != NULL) {
			if (fgets(fake_url, sizeof fake_url, f) == NULL)
				*fake_url = '\0';
			fclose(f);
			if (*fake_url)
				return pid;
		}
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return -1;
		sleep_ms(50);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return -1;
}

/* The fake's control endpoint (POST, or GET for state); its body. */
static char *
control(const char *what, bool post)
{
	struct http_client	*http = http_client_new(NULL, NULL, NULL);
	struct http_request	 req = { 0 };
	struct http_response	 r;
	char			 url[256], *out;

	snprintf(url, sizeof url, "%s/_control/%s", fake_url, what);
	req.url = url;
	if (post) {
		req.method = "POST";
		req.body = "{}";
		req.body_len = 2;
		req.content_type = "application/json";
	}
	memset(&r, 0, sizeof r);
	http_do(http, &req, &r);
	out = strdup(r.body ? r.body : "");
	http_response_free(&r);
	http_client_free(http);
	return out;
}

static int
issued(void)
{
	char	*s = control("state", false), *p;
	int	 n = -1;

	if ((p = strstr(s, "\"issued\": ")) != NULL)
		n = atoi(p + 10);
	free(s);
	return n;
}

static void *
worker(void *arg)
{
	struct http_client	*http = http_client_new(account_ratelimit(xacct),
				    NULL, NULL);
	struct http_request	 req;
	struct http_response	 r;
	char			 url[256];
	int			*ok = arg, i;

	if (account_open(xacct, http, &r) != 0) {
		http_response_free(&r);
		http_client_free(http);
		return NULL;
	}
	http_response_free(&r);
	snprintf(url, sizeof url, "%s/2/users/me", fake_url);
	for (i = 0; i < ROUNDS; i++) {
		memset(&req, 0, sizeof req);
		req.url = url;
		if (x_session_do(xacct, http, &req, &r) == 0 && r.status == 200)
			(*ok)++;
		http_response_free(&r);
		x_budget_spend(xacct, 1, time(NULL));
	}
	http_client_free(http);
	return NULL;
}

static int
run_threads(void)
{
	pthread_t	t[THREADS];
	int		ok[THREADS] = { 0 }, i, sum = 0;

	for (i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, worker, &ok[i]);
	for (i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		sum += ok[i];
	}
	return sum;
}

TEST(refresh_once_and_after_401)
{
	struct config_account	 cfg = { 0 };
	struct wake		*w = wake_new();
	char			*tok, path[128], line[64] = "";
	time_t			 resumes;
	FILE			*f;

	cfg.name = "xs";
	cfg.network = "x";
	cfg.service = fake_url;
	cfg.client_id = "test-client";
	cfg.token_env = "X_UNUSED";	/* refreshed tokens stay in memory */
	cfg.budget = "100/day";
	/* Expiring within the refresh margin: refreshed before first use. */
	tok = x_token_file_line("user-token", "refresh-1", time(NULL) + 30);
	xacct = account_new(&x_network, &cfg, tok, w);
	free(tok);

	CHECK_INT_EQ(run_threads(), THREADS * ROUNDS);
	CHECK_INT_EQ(issued(), 1);
	CHECK_INT_EQ(x_budget_left(xacct, time(NULL), &resumes), 100 -
	    THREADS * ROUNDS);

	/* The token dies early: one refresh, every request answered. */
	free(control("expire", true));
	CHECK_INT_EQ(run_threads(), THREADS * ROUNDS);
	CHECK_INT_EQ(issued(), 2);
	CHECK_INT_EQ(x_budget_left(xacct, time(NULL), &resumes),
	    100 - 2 * THREADS * ROUNDS);

	snprintf(path, sizeof path, "%s/starling/budget/x-xs", tmp);
	CHECK((f = fopen(path, "r")) != NULL);
	if (f != NULL) {
		CHECK(fgets(line, sizeof line, f) != NULL);
		CHECK(strstr(line, " 40") != NULL);
		fclose(f);
	}
	account_free(xacct);
	wake_free(w);
}

int
main(void)
{
	char	cmd[128];
	pid_t	pid;

	snprintf(tmp, sizeof tmp, "/tmp/starling-xs-XXXXXX");
	if (mkdtemp(tmp) == NULL)
		return 1;
	setenv("XDG_STATE_HOME", tmp, 1);
	setenv("XDG_DATA_HOME", tmp, 1);
	setenv("no_proxy", "*", 1);
	unsetenv("http_proxy");
	unsetenv("HTTP_PROXY");
	signal(SIGPIPE, SIG_IGN);
	http_global_init();
	if ((pid = fake_start()) < 0) {
		printf("  cannot start tests/fakes/fake_x.py (python3 needed; "
		    "run from the repository root)\n");
		harness_failed++;
		return harness_done();
	}
	RUN(refresh_once_and_after_401);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmp);
	if (system(cmd) != 0)
		printf("  could not remove %s\n", tmp);
	return harness_done();
}
