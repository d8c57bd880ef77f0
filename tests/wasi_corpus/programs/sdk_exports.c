/* A function written against the SDK header: its kernels are exports (FAASLET_EXPORT) that
 * `faaslet run --invoke` can call one by one, and main drives them as a command. Natively the
 * same source is an ordinary program. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <faaslet/faaslet.h>

FAASLET_EXPORT(gcd) int32_t gcd(int32_t a, int32_t b) {
    while (b != 0) {
        int32_t t = a % b;
        a = b;
        b = t;
    }
    return a < 0 ? -a : a;
}

FAASLET_EXPORT(collatz_steps) int32_t collatz_steps(int64_t n) {
    int32_t steps = 0;
    for (; n > 1; ++steps) n = n % 2 ? 3 * n + 1 : n / 2;
    return steps;
}

FAASLET_EXPORT(is_prime) int32_t is_prime(int32_t n) {
    if (n < 2) return 0;
    for (int32_t d = 2; (int64_t)d * d <= n; ++d)
        if (n % d == 0) return 0;
    return 1;
}

int main(int argc, char** argv) {
    int32_t limit = argc > 1 ? (int32_t)atoi(argv[1]) : 50;
    int32_t primes = 0, longest = 0, longest_start = 0;
    for (int32_t n = 1; n <= limit; ++n) {
        primes += is_prime(n);
        int32_t steps = collatz_steps(n);
        if (steps > longest) longest = steps, longest_start = n;
    }
    printf("primes up to %d: %d\n", limit, primes);
    printf("longest Collatz chain below %d: %d steps from %d\n", limit + 1, longest, longest_start);
    printf("gcd(1071, 462) = %d, gcd(-48, 18) = %d\n", gcd(1071, 462), gcd(-48, 18));
    return 0;
}
