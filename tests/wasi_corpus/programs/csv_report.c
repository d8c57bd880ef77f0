/* A sales report from a CSV file: fields split with quoting ("a, b" and doubled quotes), numbers
 * parsed with strtol and strtod, rows that do not parse reported by line, totals per region in a
 * growing array, written to report.txt sorted by revenue. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 8

struct region {
    char name[32];
    long units;
    double revenue;
};

/* Splits `line` in place into at most MAX_FIELDS fields; returns how many. */
static int split(char* line, char* fields[MAX_FIELDS]) {
    int count = 0;
    char* out = line;
    for (char* in = line; count < MAX_FIELDS;) {
        fields[count++] = out;
        if (*in == '"') {
            for (++in; *in && !(in[0] == '"' && in[1] != '"');) {
                if (*in == '"') ++in; /* a doubled quote stands for one */
                *out++ = *in++;
            }
            if (*in == '"') ++in;
        }
        while (*in && *in != ',' && *in != '\n') *out++ = *in++;
        if (*in != ',') {
            *out = '\0';
            break;
        }
        *out++ = '\0';
        ++in;
    }
    return count;
}

static int by_revenue(const void* a, const void* b) {
    const struct region *x = a, *y = b;
    if (x->revenue != y->revenue) return x->revenue < y->revenue ? 1 : -1;
    return strcmp(x->name, y->name);
}

int main(int argc, char** argv) {
    const char* path = argc > 1 ? argv[1] : "sales.csv";
    FILE* in = fopen(path, "r");
    if (!in) {
        printf("cannot open %s\n", path);
        return 2;
    }
    struct region* regions = NULL;
    size_t count = 0;
    char line[256];
    int number = 0, rejected = 0;
    while (fgets(line, sizeof line, in)) {
        if (++number == 1) continue; /* the header */
        char* fields[MAX_FIELDS];
        char *units_end, *price_end;
        if (split(line, fields) != 5) {
            printf("line %d: expected 5 fields\n", number);
            ++rejected;
            continue;
        }
        long units = strtol(fields[3], &units_end, 10);
        double price = strtod(fields[4], &price_end);
        if (*units_end || *price_end || units < 0) {
            printf("line %d: bad number in \"%s\" or \"%s\"\n", number, fields[3], fields[4]);
            ++rejected;
            continue;
        }
        printf("line %d: %s sold %ld of \"%s\"\n", number, fields[1], units, fields[2]);
        size_t i = 0;
        while (i < count && strcmp(regions[i].name, fields[1]) != 0) ++i;
        if (i == count) {
            regions = realloc(regions, ++count * sizeof *regions);
            regions[i] = (struct region){0};
            snprintf(regions[i].name, sizeof regions[i].name, "%s", fields[1]);
        }
        regions[i].units += units;
        regions[i].revenue += (double)units * price;
    }
    fclose(in);

    qsort(regions, count, sizeof *regions, by_revenue);
    FILE* out = fopen("report.txt", "w");
    double total = 0;
    fprintf(out, "%-8s %6s %10s\n", "region", "units", "revenue");
    for (size_t i = 0; i < count; ++i) {
        fprintf(out, "%-8s %6ld %10.2f\n", regions[i].name, regions[i].units, regions[i].revenue);
        total += regions[i].revenue;
    }
    fprintf(out, "%-8s %6s %10.2f\n", "total", "", total);
    fclose(out);
    printf("%zu regions, %d rows rejected, total revenue %.2f\n", count, rejected, total);
    free(regions);
    return rejected ? 1 : 0;
}
