/* fuzz_warc.c: libFuzzer target for the WARC reader: the input is a WARC
 * file, plain or gzip (through a memfd, as extract --warc reads a file
 * descriptor); every block goes through the HTTP parser of response
 * records. Records are whole or the reader says why it stopped. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "crawler/warc_read.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cd_error err = { 0, "" };
	struct warc_reader *r = NULL;
	struct warc_in_record rec;
	int fd = memfd_create("warc", MFD_CLOEXEC), rc;

	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size || lseek(fd, 0, SEEK_SET) != 0 ||
	    warc_reader_open_fd(fd, "fuzz", &r, &err) != 0) {
		close(fd);
		return 0;
	}
	while ((rc = warc_reader_next(r, &rec, &err)) == 1) {
		struct warc_http h;

		if (rec.type == NULL || (rec.block == NULL && rec.block_len <= WARC_BLOCK_MAX))
			abort();
		if (rec.block && warc_http_parse(rec.block, rec.block_len, &h, &err) == 0) {
			if (h.body == NULL || h.body_len > WARC_BODY_MAX || h.status < 100 || h.status > 599)
				abort();
			warc_http_release(&h);
		}
	}
	if (rc < 0 && err.msg[0] == '\0')
		abort();   /* every failure says why */
	warc_reader_free(r);
	close(fd);
	return 0;
}
