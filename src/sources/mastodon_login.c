/* mastodon_login.c — `starling login mastodon URL`: the out-of-band OAuth
 * flow with PKCE, which works over ssh because the user pastes the code back
 * instead of the server redirecting to a local port. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "starling/http.h"
#include "starling/log.h"
#include "starling/mastodon.h"
#include "starling/mastodon_parse.h"
#include "starling/ratelimit.h"
#include "starling/secret.h"
#include "starling/xmalloc.h"

#define LOGIN_REDIRECT	"urn:ietf:wg:oauth:2.0:oob"
#define LOGIN_SCOPES	"read write"

static void
login_base64url(const unsigned char *in, size_t len, char *out)
{
	static const char	 abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "abcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t			 i, o = 0;
	unsigned		 v;

	for (i = 0; i + 2 < len; i += 3) {
		v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
		out[o++] = abc[(v >> 18) & 63];
		out[o++] = abc[(v >> 12) & 63];
		out[o++] = abc[(v >> 6) & 63];
		out[o++] = abc[v & 63];
	}
	if (len - i == 1) {
		v = (unsigned)in[i] << 16;
		out[o++] = abc[(v >> 18) & 63];
		out[o++] = abc[(v >> 12) & 63];
	} else if (len - i == 2) {
		v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8;
		out[o++] = abc[(v >> 18) & 63];
		out[o++] = abc[(v >> 12) & 63];
		out[o++] = abc[(v >> 6) & 63];
	}
	out[o] = '\0';
}

/* RFC 7636: a random verifier and its S256 challenge. */
static int
login_pkce(char *verifier, char *challenge)
{
	unsigned char	raw[32], digest[EVP_MAX_MD_SIZE];
	unsigned	dlen = 0;

	if (RAND_bytes(raw, sizeof raw) != 1)
		return -1;
	login_base64url(raw, sizeof raw, verifier);
	if (EVP_Digest(verifier, strlen(verifier), digest, &dlen, EVP_sha256(),
	    NULL) != 1)
		return -1;
	login_base64url(digest, dlen, challenge);
	return 0;
}

static int
login_post(struct http_client *http, const char *url, const char *body,
    struct http_response *r)
{
	struct http_request	req = { 0 };

	req.method = "POST";
	req.url = url;
	req.body = body;
	req.body_len = strlen(body);
	req.content_type = "application/x-www-form-urlencoded";
	req.interactive = true;
	memset(r, 0, sizeof *r);
	return http_do(http, &req, r);
}

static void
login_error(const char *what, const struct http_response *r)
{
	char	*msg = r->body ? mastodon_parse_error(r->body, r->len) : NULL;

	/* Server words, sanitised on their way to the terminal. */
	if (r->status == 0)
		log_stderr("%s: %s", what, r->error);
	else
		log_stderr("%s: HTTP %ld%s%s", what, r->status,
		    msg ? ": " : "", msg ? msg : "");
	free(msg);
}

int
mastodon_login(const char *instance, const char *token_path, bool print)
{
	struct ratelimit	*rl = ratelimit_new();
	struct http_client	*http = http_client_new(rl, NULL, NULL);
	struct http_response	 r = { 0 };
	char			*base, *url = NULL, *body = NULL, *id = NULL;
	char			*secret = NULL, *token = NULL, *esc_id, *esc_code;
	char			*esc_secret;
	char			 verifier[64], challenge[64], code[512], err[300];
	size_t			 len;
	int			 status = 1;

	len = strlen(instance);
	while (len > 0 && instance[len - 1] == '/')
		len--;
	if (strncmp(instance, "https://", 8) == 0 ||
	    strncmp(instance, "http://", 7) == 0)
		base = xstrndup(instance, len);
	else {
		char *bare = xstrndup(instance, len);

		xasprintf(&base, "https://%s", bare);
		free(bare);
	}

	xasprintf(&url, "%s/api/v1/apps", base);
	body = xstrdup("client_name=starling&redirect_uris="
	    "urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob&scopes=read%20write");
	if (login_post(http, url, body, &r) != 0 || r.status != 200) {
		login_error("registering the app", &r);
		goto out;
	}
	if (mastodon_parse_app(r.body, r.len, &id, &secret, err,
	    sizeof err) != 0) {
		log_stderr("registering the app: %s", err);
		goto out;
	}
	http_response_free(&r);
	memset(&r, 0, sizeof r);
	if (login_pkce(verifier, challenge) != 0) {
		fprintf(stderr, "starling: no random bytes for PKCE\n");
		goto out;
	}

	esc_id = http_escape(id);
	/* With --print stdout is the token alone: talk to the user on
	 * stderr. */
	fprintf(print ? stderr : stdout, "Open this address in a browser, sign in and authorize starling:"
	    "\n\n  %s/oauth/authorize?response_type=code&client_id=%s&"
	    "redirect_uri=urn%%3Aietf%%3Awg%%3Aoauth%%3A2.0%%3Aoob&"
	    "scope=read%%20write&code_challenge=%s&code_challenge_method=S256"
	    "\n\nThen paste the code it shows: ", base, esc_id, challenge);
	fflush(NULL);
	if (fgets(code, sizeof code, stdin) == NULL) {
		fprintf(stderr, "\nstarling: no code given\n");
		free(esc_id);
		goto out;
	}
	code[strcspn(code, "\r\n")] = '\0';
	esc_code = http_escape(code);
	free(url);
	free(body);
	xasprintf(&url, "%s/oauth/token", base);
	esc_secret = http_escape(secret);
	xasprintf(&body, "grant_type=authorization_code&code=%s&client_id=%s&"
	    "client_secret=%s&redirect_uri=urn%%3Aietf%%3Awg%%3Aoauth%%3A2.0%%3A"
	    "oob&code_verifier=%s&scope=read%%20write", esc_code, esc_id,
	    esc_secret, verifier);
	free(esc_secret);
	free(esc_id);
	free(esc_code);
	if (login_post(http, url, body, &r) != 0 || r.status != 200) {
		login_error("exchanging the code", &r);
		goto out;
	}
	if (mastodon_parse_token(r.body, r.len, &token, err, sizeof err) != 0) {
		log_stderr("exchanging the code: %s", err);
		goto out;
	}
	if (print) {
		printf("%s\n", token);
		status = 0;
	} else if (secret_write_file(token_path, token, err, sizeof err) != 0)
		log_stderr("%s", err);
	else {
		printf("Signed in. The token is in %s (mode 0600).\n", token_path);
		status = 0;
	}
out:
	http_response_free(&r);
	if (token != NULL)
		memset(token, 0, strlen(token));
	free(token);
	free(secret);
	free(id);
	free(url);
	free(body);
	free(base);
	http_client_free(http);
	ratelimit_free(rl);
	return status;
}
