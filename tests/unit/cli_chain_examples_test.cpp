// The SDK's chaining examples (sdk/examples/chain_wordcount.c, chain_pipeline.c) run by
// `faaslet invoke` as a user would, their output checked against the same computation done
// natively here.

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <random>

#include "cli_test_support.h"
#include "tests/support/temp_dir.h"

namespace faaslet::cli::test {
namespace {

bool isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// About `bytes` of text: words of mixed case from a small vocabulary (so counts add up across
// chunks), with punctuation, digits, runs of spaces and newlines between them.
std::string sampleText(size_t bytes, unsigned seed) {
    const char* vocabulary[] = {"Faaslet", "chain", "await", "the", "of", "memory", "WORD", "count", "map",
                                "reduce", "a", "pipeline", "x", "Zebra", "quux", "callee"};
    const char* gaps[] = {" ", "  ", ", ", ".\n", "; ", " 42 ", "\t", "!? ", "--"};
    std::mt19937 random(seed);
    std::string text;
    while (text.size() < bytes) {
        std::string word = vocabulary[random() % std::size(vocabulary)];
        if (random() % 5 == 0)
            for (char& c : word) c = char(std::toupper(static_cast<unsigned char>(c)));
        text += word;
        text += gaps[random() % std::size(gaps)];
    }
    return text;
}

std::string nativeWordCount(const std::string& text) {
    std::map<std::string, long> counts;
    for (size_t i = 0; i < text.size();) {
        if (!isLetter(text[i])) {
            ++i;
            continue;
        }
        std::string word;
        for (; i < text.size() && isLetter(text[i]); ++i) word += char(text[i] | 0x20);
        ++counts[word];
    }
    std::string out;
    for (const auto& [word, count] : counts) out += word + " " + std::to_string(count) + "\n";
    return out;
}

std::string nativePipeline(const std::string& text) {
    std::string normal;
    for (char c : text) {
        if (isLetter(c)) normal += char(c | 0x20);
        else if (!normal.empty() && normal.back() != ' ') normal += ' ';
    }
    if (!normal.empty() && normal.back() == ' ') normal.pop_back();
    for (char& c : normal)
        if (c >= 'a' && c <= 'z') c = char('a' + (c - 'a' + 13) % 26);
    long words = 0, letters = 0;
    std::string longest;
    for (size_t i = 0; i < normal.size();) {
        if (normal[i] == ' ') {
            ++i;
            continue;
        }
        const size_t start = i;
        while (i < normal.size() && normal[i] != ' ') ++i;
        ++words;
        letters += long(i - start);
        if (i - start > longest.size()) longest = normal.substr(start, i - start);
    }
    return "words " + std::to_string(words) + " letters " + std::to_string(letters) + " longest " + longest;
}

class ChainExamples : public ::testing::Test {
protected:
    CommandResult invoke(const std::string& example, const std::string& input) {
        const std::string file = (temp / "input.txt").string();
        std::ofstream(file, std::ios::binary) << input;
        return runFaaslet({"invoke", cli::test::example(example), "--input-file", file},
                          {{"FAASLET_CACHE_DIR", (temp / "cache").string()}, {"FAASLET_HOME", (temp / "home").string()}});
    }
    faaslet::test::TempDir temp;
};

TEST_F(ChainExamples, WordCountMatchesTheNativeCount) {
    // 1 MiB is 64 chunks, each a chained call; the empty text and one shorter than a chunk too.
    for (size_t bytes : {size_t(0), size_t(200), size_t(1) << 20}) {
        const std::string text = sampleText(bytes, unsigned(bytes));
        CommandResult r = invoke("chain_wordcount.wasm", text);
        ASSERT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(r.out, nativeWordCount(text)) << bytes << " bytes";
    }
}

TEST_F(ChainExamples, PipelineMatchesTheNativeStages) {
    for (const std::string& text : {std::string("Hello, chained   world!! abcdefghij"), std::string("..."),
                                    sampleText(100'000, 7)}) {
        CommandResult r = invoke("chain_pipeline.wasm", text);
        ASSERT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(r.out, nativePipeline(text));
    }
}

}  // namespace
}  // namespace faaslet::cli::test
