/* Time as a program meets it. Real clock values differ between any two runs, so this prints only
 * what must hold of them (the wall clock is past 2020, the monotonic clock never goes back, a
 * sleep lasts at least as long as asked) and exact results for fixed inputs: calendar conversions
 * of known timestamps, and file times set with utimensat and read back with stat. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "corpus.h"

static long long nanoseconds(const struct timespec* t) { return t->tv_sec * 1000000000LL + t->tv_nsec; }

static void show_calendar(long long seconds) {
    time_t t = (time_t)seconds;
    struct tm parts;
    gmtime_r(&t, &parts);
    char text[80];
    strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S %a %b, day %j of the year", &parts);
    printf("%lld: %s, back: %lld\n", seconds, text, (long long)timegm(&parts));
}

int main(void) {
    struct timespec realtime, start, end, resolution;
    clock_gettime(CLOCK_REALTIME, &realtime);
    printf("wall clock after 2020-01-01: %d\n", realtime.tv_sec > 1577836800);
    printf("time() agrees with CLOCK_REALTIME: %d\n", time(NULL) - realtime.tv_sec <= 1);
    printf("monotonic resolution at most 1ms: %d\n",
           clock_getres(CLOCK_MONOTONIC, &resolution) == 0 && nanoseconds(&resolution) <= 1000000);

    clock_gettime(CLOCK_MONOTONIC, &start);
    int backwards = 0;
    struct timespec previous = start, now;
    for (int i = 0; i < 10000; ++i) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        backwards += nanoseconds(&now) < nanoseconds(&previous);
        previous = now;
    }
    printf("monotonic went backwards: %d times\n", backwards);
    struct timespec nap = {.tv_sec = 0, .tv_nsec = 20 * 1000 * 1000};
    report("nanosleep 20ms", nanosleep(&nap, NULL));
    clock_gettime(CLOCK_MONOTONIC, &end);
    printf("slept at least 20ms: %d\n", nanoseconds(&end) - nanoseconds(&start) >= 20 * 1000 * 1000);
    report("usleep 1000", usleep(1000));

    show_calendar(0);
    show_calendar(951782400);   /* a leap day */
    show_calendar(1700000000);
    show_calendar(4102444799);  /* the last second of 2099 */
    show_calendar(-86400);
    struct tm parts = {.tm_year = 124, .tm_mon = 1, .tm_mday = 30, .tm_hour = 25}; /* normalised by timegm */
    time_t normalised = timegm(&parts);
    printf("2024-02-30 25:00 normalises to %lld: %04d-%02d-%02d %02d:00\n", (long long)normalised, parts.tm_year + 1900,
           parts.tm_mon + 1, parts.tm_mday, parts.tm_hour);
    printf("difftime: %.1f\n", difftime((time_t)1700000000, (time_t)1699990000));

    /* File times: set to fixed instants, read back to the nanosecond. */
    int fd = open("stamped.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    write(fd, "stamp\n", 6);
    struct timespec times[2] = {{.tv_sec = 1000000000, .tv_nsec = 123456789}, {.tv_sec = 1234567890, .tv_nsec = 500}};
    report("futimens", futimens(fd, times));
    close(fd);
    struct stat info;
    stat("stamped.txt", &info);
    printf("atime %lld.%09ld mtime %lld.%09ld\n", (long long)info.st_atim.tv_sec, info.st_atim.tv_nsec,
           (long long)info.st_mtim.tv_sec, info.st_mtim.tv_nsec);
    struct timespec only_mtime[2] = {{.tv_nsec = UTIME_OMIT}, {.tv_sec = 86400, .tv_nsec = 0}};
    report("utimensat, atime omitted", utimensat(AT_FDCWD, "stamped.txt", only_mtime, 0));
    stat("stamped.txt", &info);
    printf("atime %lld.%09ld mtime %lld.%09ld\n", (long long)info.st_atim.tv_sec, info.st_atim.tv_nsec,
           (long long)info.st_mtim.tv_sec, info.st_mtim.tv_nsec);
    /* Not UTIME_NOW: Debian's wasi-libc (2022) rejects it in utimensat before any WASI call. */
    return 0;
}
