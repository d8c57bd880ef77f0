#include "corpus.h"

#include <errno.h>
#include <stdio.h>

const char* errno_name(int error) {
    switch (error) {
    case 0: return "0";
#define NAME(e) case e: return #e;
        NAME(EACCES) NAME(EBADF) NAME(EEXIST) NAME(EFAULT) NAME(EINVAL) NAME(EISDIR) NAME(ELOOP)
        NAME(EMFILE) NAME(ENAMETOOLONG) NAME(ENOENT) NAME(ENOSPC) NAME(ENOTDIR) NAME(ENOTEMPTY)
        NAME(EPERM) NAME(ERANGE) NAME(ESPIPE) NAME(EXDEV) NAME(EDOM) NAME(EOVERFLOW) NAME(EROFS)
        NAME(ENOSYS) NAME(ENOTSUP) NAME(EILSEQ) NAME(ENOTTY) NAME(EBUSY) NAME(EMLINK)
#undef NAME
    default: return "E?";
    }
}

void report(const char* what, int result) {
    printf("%s: %s\n", what, result < 0 ? errno_name(errno) : "ok");
}

uint32_t corpus_random(uint32_t* state) {
    /* xorshift32: a full period over the nonzero states. */
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}
