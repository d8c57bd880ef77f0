#pragma once
// The text output of a run: per file and command kind one line of counts, then its failures;
// at the end totals per folder and kind, skip reasons, and the last line
// `spec: N passed, N failed, N skipped`.

#include <cstddef>
#include <cstdio>
#include <string>
#include <vector>

#include "tests/spec/counts.h"

namespace faaslet::spectest {

struct ReportStyle {
    size_t pathWidth = 36;
    bool verbose = false;            // failure details and skip reasons per file, every failure
    size_t maxFailuresPerFile = 20;  // when not verbose
};

void printFileReport(std::FILE* out, const FileReport& report, const ReportStyle& style);

// Totals for core/, simd/ and all, then the skip reasons.
void printTotals(std::FILE* out, const std::vector<FileReport>& reports);

// The last line.
void printSummaryLine(std::FILE* out, const std::vector<FileReport>& reports);

}  // namespace faaslet::spectest
