// Reads the call's input through the serverless API and writes it back upper-cased, byte for byte
// (binary-safe: bytes that are not ASCII letters pass unchanged).
#include <ctype.h>
#include <stdlib.h>

#include <faaslet/serverless.h>

int main(void) {
    const long size = faasmGetInputSize();
    if (size < 0) return 1;
    unsigned char* buffer = malloc(size > 0 ? (size_t)size : 1);
    if (!buffer) return 1;
    const long copied = faasmGetInput(buffer, size);
    if (copied < 0) return 1;
    for (long i = 0; i < copied; ++i) buffer[i] = (unsigned char)toupper(buffer[i]);
    faasmSetOutput((const char*)buffer, copied);
    free(buffer);
    return 0;
}
