/* events.c: the crawl's sockets, watched with epoll and handed to curl
 * one by one (curl_multi_socket_action). curl_multi_poll and
 * curl_multi_perform look at every transfer on every wake: with 1,000
 * transfers in flight that was most of a crawl's CPU. */
#include <errno.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <curl/curl.h>
#include "crawler/crawl_int.h"

#define EVENTS_MAX 256       /* sockets taken per wait */

/* CURLMOPT_SOCKETFUNCTION: what curl waits for on socket fd. */
static int
events_on_socket(CURL *easy, curl_socket_t fd, int what, void *arg, void *socketp)
{
	struct crawl *c = arg;
	struct epoll_event ev = { 0 };

	(void)easy;
	(void)socketp;
	if (what == CURL_POLL_REMOVE) {
		/* it may be closed already: nothing to undo then */
		epoll_ctl(c->epfd, EPOLL_CTL_DEL, fd, NULL);
		return 0;
	}
	ev.events = (what & CURL_POLL_IN ? EPOLLIN : 0) | (what & CURL_POLL_OUT ? EPOLLOUT : 0);
	ev.data.fd = fd;
	if (epoll_ctl(c->epfd, EPOLL_CTL_MOD, fd, &ev) != 0 && errno == ENOENT &&
	    epoll_ctl(c->epfd, EPOLL_CTL_ADD, fd, &ev) != 0)
		return -1;
	return 0;
}

/* CURLMOPT_TIMERFUNCTION: curl wants to be called in ms (-1: not). */
static int
events_on_timer(CURLM *multi, long ms, void *arg)
{
	struct crawl *c = arg;

	(void)multi;
	c->curl_due = ms < 0 ? -1 : crawl_now() + (double)ms / 1000.0;
	return 0;
}

int
crawl_events_init(struct crawl *c)
{
	c->curl_due = -1;
	if ((c->epfd = epoll_create1(EPOLL_CLOEXEC)) < 0)
		return cd_error_set(c->err, CD_ENET, "cannot create an epoll instance");
	curl_multi_setopt(c->multi, CURLMOPT_SOCKETFUNCTION, events_on_socket);
	curl_multi_setopt(c->multi, CURLMOPT_SOCKETDATA, c);
	curl_multi_setopt(c->multi, CURLMOPT_TIMERFUNCTION, events_on_timer);
	curl_multi_setopt(c->multi, CURLMOPT_TIMERDATA, c);
	return 0;
}

void
crawl_events_release(struct crawl *c)
{
	if (c->epfd >= 0)
		close(c->epfd);
	c->epfd = -1;
}

int
crawl_events_wait(struct crawl *c, long wait_ms)
{
	struct epoll_event ev[EVENTS_MAX];
	double now = crawl_now();
	int n = 0, running = 0;

	if (c->curl_due >= 0) {
		long due = c->curl_due <= now ? 0 : (long)((c->curl_due - now) * 1000.0) + 1;

		if (due < wait_ms)
			wait_ms = due;
	}
	if ((n = epoll_wait(c->epfd, ev, EVENTS_MAX, (int)wait_ms)) < 0) {
		if (errno != EINTR)   /* a signal: the loop looks at its stop flag */
			return cd_error_set(c->err, CD_ENET, "epoll_wait failed");
		n = 0;
	}
	for (int i = 0; i < n; i++) {
		int what = (ev[i].events & EPOLLIN ? CURL_CSELECT_IN : 0) |
		           (ev[i].events & EPOLLOUT ? CURL_CSELECT_OUT : 0) |
		           (ev[i].events & (EPOLLERR | EPOLLHUP) ? CURL_CSELECT_ERR : 0);

		if (curl_multi_socket_action(c->multi, ev[i].data.fd, what, &running) != CURLM_OK)
			return cd_error_set(c->err, CD_ENET, "curl_multi_socket_action failed");
	}
	if (c->curl_due >= 0 && c->curl_due <= crawl_now()) {
		c->curl_due = -1;
		if (curl_multi_socket_action(c->multi, CURL_SOCKET_TIMEOUT, 0, &running) != CURLM_OK)
			return cd_error_set(c->err, CD_ENET, "curl_multi_socket_action failed");
	}
	return 0;
}
