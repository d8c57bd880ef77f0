/* A small text toolkit: tokenising a configuration line, searching, trimming, case changes,
 * reversing words in place, palindromes, and number parsing with its error cases. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char* trim(char* text) {
    while (isspace((unsigned char)*text)) ++text;
    char* end = text + strlen(text);
    while (end > text && isspace((unsigned char)end[-1])) --end;
    *end = '\0';
    return text;
}

static void reverse(char* begin, char* end) {
    for (--end; begin < end; ++begin, --end) {
        char c = *begin;
        *begin = *end;
        *end = c;
    }
}

/* Reverses the order of the words by reversing the whole, then each word. */
static void reverse_words(char* text) {
    reverse(text, text + strlen(text));
    for (char* word = text; *word;) {
        char* end = word + strcspn(word, " ");
        reverse(word, end);
        word = *end ? end + 1 : end;
    }
}

static int is_palindrome(const char* text) {
    const char* end = text + strlen(text) - 1;
    while (text < end) {
        if (!isalnum((unsigned char)*text)) { ++text; continue; }
        if (!isalnum((unsigned char)*end)) { --end; continue; }
        if (tolower((unsigned char)*text++) != tolower((unsigned char)*end--)) return 0;
    }
    return 1;
}

/* long long: long is 32 bits in wasm32. Only ERANGE is reported: musl also sets EINVAL when there
 * is no number at all, which C leaves open. */
static void parse_number(const char* text, int base) {
    char* end;
    errno = 0;
    long long value = strtoll(text, &end, base);
    printf("strtoll(\"%s\", %d) = %lld, rest \"%s\"%s\n", text, base, value, end,
           errno == ERANGE ? ", out of range" : "");
}

int main(void) {
    char config[] = "  name = faaslet ; threads=4;; mode = fast  ;path=/srv/data  ";
    char* saved;
    for (char* pair = strtok_r(config, ";", &saved); pair; pair = strtok_r(NULL, ";", &saved)) {
        char* equals = strchr(pair, '=');
        if (!equals) continue;
        *equals = '\0';
        printf("key \"%s\" value \"%s\"\n", trim(pair), trim(equals + 1));
    }

    const char* haystack = "the quick brown fox jumps over the lazy dog";
    printf("strstr \"the\" again at %td\n", strstr(haystack + 1, "the") - haystack);
    printf("strchr 'q' at %td, strrchr 'o' at %td\n", strchr(haystack, 'q') - haystack, strrchr(haystack, 'o') - haystack);
    printf("strspn letters: %zu, strcspn vowels: %zu\n", strspn(haystack, "abcdefghijklmnopqrstuvwxyz"), strcspn(haystack, "aeiou"));
    printf("strncmp: %d %d, memcmp sign: %d\n", strncmp("apple", "apricot", 2) == 0, strncmp("apple", "apricot", 3) < 0,
           memcmp("b", "a", 1) > 0);

    char words[] = "one two three four";
    reverse_words(words);
    printf("reversed words: %s\n", words);
    char shout[64];
    strcpy(shout, haystack);
    for (char* c = shout; *c; ++c) *c = (char)toupper((unsigned char)*c);
    printf("upper: %s\n", shout);

    char overlap[] = "abcdefghij";
    memmove(overlap + 2, overlap, 5);
    printf("memmove forward: %s\n", overlap);
    memmove(overlap, overlap + 3, 5);
    printf("memmove backward: %s\n", overlap);
    char fixed[6];
    strncpy(fixed, "hi", sizeof fixed);
    printf("strncpy pads: %d\n", fixed[5] == '\0' && fixed[3] == '\0');

    const char* candidates[] = {"A man, a plan, a canal: Panama", "faaslet", "Was it a car or a cat I saw?", "x"};
    for (size_t i = 0; i < 4; ++i) printf("palindrome? %s: %s\n", candidates[i], is_palindrome(candidates[i]) ? "yes" : "no");

    parse_number("  -1234xyz", 10);
    parse_number("0x1F", 16);
    parse_number("0755", 0);
    parse_number("zz", 36);
    parse_number("99999999999999999999", 10);
    parse_number("nothing", 10);
    char* end;
    printf("strtod: %.6f, rest \"%s\"\n", strtod("6.02e23 molecules", &end) / 1e23, end);
    printf("atoi: %d, strtoull of -1: %llu\n", atoi("  42abc"), strtoull("-1", NULL, 10));
    char* copy = strndup(haystack, 9);
    printf("strndup: \"%s\" (%zu)\n", copy, strlen(copy));
    free(copy);
    return 0;
}
