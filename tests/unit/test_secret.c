/* test_secret.c — where `starling login` keeps tokens, and which server a
 * stored token is read for. */
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "starling/config.h"
#include "starling/secret.h"

static char	test_dir[64];

static void
test_check_path(const char *url, const char *want)
{
	char	*p = secret_default_path("mastodon", url), full[256];

	snprintf(full, sizeof full, "%s/starling/tokens/%s", test_dir, want);
	CHECK_STR_EQ(p, full);
	free(p);
}

TEST(path_keyed_by_scheme_host_and_port)
{
	test_check_path("http://127.0.0.1:18081",
	    "mastodon-http-127.0.0.1-18081.token");
	test_check_path("http://127.0.0.1:18082/",
	    "mastodon-http-127.0.0.1-18082.token");
	test_check_path("mastodon.example",
	    "mastodon-https-mastodon.example-443.token");
	test_check_path("https://Mastodon.Example/",
	    "mastodon-https-mastodon.example-443.token");
	test_check_path("https://mastodon.example:8443",
	    "mastodon-https-mastodon.example-8443.token");
	test_check_path("http://mastodon.example",
	    "mastodon-http-mastodon.example-80.token");
	test_check_path("http://[::1]:3000", "mastodon-http-::1-3000.token");
}

TEST(legacy_name_only_for_https_on_443)
{
	char	*p, full[256];

	snprintf(full, sizeof full, "%s/starling/tokens/"
	    "mastodon-mastodon.example.token", test_dir);
	p = secret_legacy_path("mastodon", "https://mastodon.example");
	CHECK_STR_EQ(p, full);
	free(p);
	p = secret_legacy_path("mastodon", "mastodon.example");
	CHECK_STR_EQ(p, full);
	free(p);
	CHECK(secret_legacy_path("mastodon", "http://127.0.0.1:18081") == NULL);
	CHECK(secret_legacy_path("mastodon", "https://mastodon.example:8443") ==
	    NULL);
}

static int
test_token(const char *instance, char **tok)
{
	struct config_account	a = { 0 };
	char			err[600];

	a.name = "fake";
	a.network = "mastodon";
	a.instance = (char *)instance;
	*tok = NULL;
	return secret_token(&a, tok, err, sizeof err);
}

TEST(token_of_one_port_never_read_for_another)
{
	char	*path, *tok, err[300];

	path = secret_default_path("mastodon", "http://127.0.0.1:18081");
	CHECK(secret_write_file(path, "tok-18081", err, sizeof err) == 0);
	free(path);
	CHECK(test_token("http://127.0.0.1:18081", &tok) == 0);
	CHECK_STR_EQ(tok, "tok-18081");
	free(tok);
	CHECK(test_token("http://127.0.0.1:18082", &tok) != 0);
	CHECK(tok == NULL);
	CHECK(test_token("https://127.0.0.1:18081", &tok) != 0);
	free(tok);
}

TEST(legacy_file_still_works_for_https)
{
	char	*path, *tok, err[300];

	/* Written by an older `starling login`: host only. */
	path = secret_legacy_path("mastodon", "https://old.example");
	CHECK(secret_write_file(path, "tok-old", err, sizeof err) == 0);
	free(path);
	CHECK(test_token("https://old.example", &tok) == 0);
	CHECK_STR_EQ(tok, "tok-old");
	free(tok);
	CHECK(test_token("old.example", &tok) == 0);
	free(tok);
	/* Not for cleartext or another port of that host. */
	CHECK(test_token("http://old.example", &tok) != 0);
	free(tok);
	CHECK(test_token("https://old.example:8443", &tok) != 0);
	free(tok);
	/* The new name wins over the old one. */
	path = secret_default_path("mastodon", "https://old.example");
	CHECK(secret_write_file(path, "tok-new", err, sizeof err) == 0);
	free(path);
	CHECK(test_token("https://old.example", &tok) == 0);
	CHECK_STR_EQ(tok, "tok-new");
	free(tok);
}

TEST(store_password_cmd_first_line_only)
{
	char	*pw = NULL, err[256];

	CHECK_INT_EQ(secret_store_password("printf 's3cret\\nmore'", &pw, err,
	    sizeof err), 0);
	CHECK_STR_EQ(pw, "s3cret");
	free(pw);
	CHECK_INT_EQ(secret_store_password("echo s3cret; exit 3", &pw, err,
	    sizeof err), -1);
	CHECK(pw == NULL);
	CHECK_STR_EQ(err, "store_password_cmd: its command failed (exit 3) "
	    "or printed nothing");
	CHECK_INT_EQ(secret_store_password("true", &pw, err, sizeof err), -1);
	CHECK(strstr(err, "printed nothing") != NULL);
}

/* Bluesky's app password: password_env, password_file (0600 only),
 * password_cmd; none of them is an error that names them. */
TEST(app_password_sources)
{
	struct config_account	a = { 0 };
	char			err[600], path[300], *tok = NULL, e2[300];

	a.name = "sky";
	a.network = "bluesky";
	a.handle = "alice.test";
	a.password_env = "STARLING_TEST_APP_PW";
	setenv("STARLING_TEST_APP_PW", "abcd-efgh", 1);
	CHECK(secret_token(&a, &tok, err, sizeof err) == 0);
	CHECK_STR_EQ(tok, "abcd-efgh");
	free(tok);
	a.password_env = NULL;
	snprintf(path, sizeof path, "%s/app.pw", test_dir);
	CHECK(secret_write_file(path, "file-pw", e2, sizeof e2) == 0);
	a.password_file = path;
	CHECK(secret_token(&a, &tok, err, sizeof err) == 0);
	CHECK_STR_EQ(tok, "file-pw");
	free(tok);
	chmod(path, 0640);
	CHECK(secret_token(&a, &tok, err, sizeof err) == -1);
	CHECK(strstr(err, "chmod 600") != NULL);
	CHECK(strstr(err, "file-pw") == NULL);
	a.password_file = NULL;
	a.password_cmd = "echo cmd-pw";
	CHECK(secret_token(&a, &tok, err, sizeof err) == 0);
	CHECK_STR_EQ(tok, "cmd-pw");
	free(tok);
	a.password_cmd = NULL;
	CHECK(secret_token(&a, &tok, err, sizeof err) == -1);
	CHECK_STR_EQ(err, "account sky: no password_cmd, password_env or "
	    "password_file");
}

int
main(void)
{
	char	cmd[128];
	int	rc;

	snprintf(test_dir, sizeof test_dir, "/tmp/starling-secret-XXXXXX");
	if (mkdtemp(test_dir) == NULL)
		return 1;
	setenv("XDG_DATA_HOME", test_dir, 1);
	RUN(path_keyed_by_scheme_host_and_port);
	RUN(legacy_name_only_for_https_on_443);
	RUN(token_of_one_port_never_read_for_another);
	RUN(legacy_file_still_works_for_https);
	RUN(store_password_cmd_first_line_only);
	RUN(app_password_sources);
	rc = harness_done();
	snprintf(cmd, sizeof cmd, "rm -rf %s", test_dir);
	if (system(cmd) != 0)
		return 1;
	return rc;
}
