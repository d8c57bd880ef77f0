// Tables: element access, growth and the bulk operations' bounds rules (the whole range is checked
// before anything is written; an empty range at exactly the end is in bounds).

#include <gtest/gtest.h>

#include <array>

#include "runtime/table.h"

namespace faaslet::runtime {
namespace {

void* ref(uintptr_t n) {
    return reinterpret_cast<void*>(n);
}

std::unique_ptr<Table> create(uint32_t min, std::optional<uint32_t> max, void* init = nullptr) {
    auto table = Table::create({wasm::ValType::FuncRef, {min, max}}, init);
    EXPECT_TRUE(table.ok());
    return table.ok() ? std::move(*table) : nullptr;
}

std::vector<void*> contents(const Table& table) {
    std::vector<void*> out;
    for (uint32_t i = 0; i < table.size(); ++i) out.push_back(*table.get(i));
    return out;
}

TEST(RuntimeTable, CreateGetSet) {
    auto table = create(3, 10, ref(9));
    ASSERT_TRUE(table);
    EXPECT_EQ(table->size(), 3u);
    EXPECT_EQ(table->abiTable()->size, 3u);
    EXPECT_EQ(table->abiTable()->max, 10u);
    EXPECT_EQ(table->get(2), ref(9));
    EXPECT_FALSE(table->get(3).has_value());
    EXPECT_TRUE(table->set(0, ref(1)));
    EXPECT_FALSE(table->set(3, ref(1)));
    EXPECT_EQ(table->abiTable()->elements[0], ref(1));
    EXPECT_EQ(create(0, std::nullopt)->abiTable()->max, UINT32_MAX);
}

TEST(RuntimeTable, GrowWithinTheMaximum) {
    auto table = create(1, 4);
    ASSERT_TRUE(table);
    EXPECT_EQ(table->grow(2, ref(5)), 1u);
    EXPECT_EQ(contents(*table), (std::vector<void*>{nullptr, ref(5), ref(5)}));
    EXPECT_EQ(table->abiTable()->size, 3u);
    EXPECT_EQ(table->grow(2, nullptr), uint32_t(-1));
    EXPECT_EQ(table->size(), 3u);
    EXPECT_EQ(table->grow(1, nullptr), 3u);
    EXPECT_EQ(table->grow(0, nullptr), 4u);
    EXPECT_EQ(table->grow(1, nullptr), uint32_t(-1));
}

TEST(RuntimeTable, GrowStopsAtTheImplementationLimit) {
    auto table = create(0, std::nullopt);
    ASSERT_TRUE(table);
    EXPECT_EQ(table->grow(0xffffffff, nullptr), uint32_t(-1));
    EXPECT_EQ(table->grow(Table::kMaxElements + 1, nullptr), uint32_t(-1));
    EXPECT_FALSE(Table::create({wasm::ValType::FuncRef, {Table::kMaxElements + 1, std::nullopt}}).ok());
}

TEST(RuntimeTable, FillBounds) {
    auto table = create(4, std::nullopt);
    EXPECT_TRUE(table->fill(1, ref(7), 2));
    EXPECT_EQ(contents(*table), (std::vector<void*>{nullptr, ref(7), ref(7), nullptr}));
    EXPECT_TRUE(table->fill(4, ref(8), 0));   // empty, at the end
    EXPECT_FALSE(table->fill(5, ref(8), 0));  // empty, past the end
    EXPECT_FALSE(table->fill(3, ref(8), 2));  // partly out: nothing written
    EXPECT_FALSE(table->fill(1, ref(8), 0xffffffff));
    EXPECT_EQ(contents(*table), (std::vector<void*>{nullptr, ref(7), ref(7), nullptr}));
}

TEST(RuntimeTable, InitBounds) {
    auto table = create(4, std::nullopt);
    std::array<void*, 3> segment = {ref(1), ref(2), ref(3)};
    EXPECT_TRUE(table->init(1, segment, 1, 2));
    EXPECT_EQ(contents(*table), (std::vector<void*>{nullptr, ref(2), ref(3), nullptr}));
    EXPECT_TRUE(table->init(4, segment, 3, 0));   // empty at both ends
    EXPECT_FALSE(table->init(0, segment, 4, 0));  // source offset past the segment
    EXPECT_FALSE(table->init(5, segment, 0, 0));  // destination past the table
    EXPECT_FALSE(table->init(0, segment, 2, 2));  // source range too long: nothing written
    EXPECT_FALSE(table->init(3, segment, 0, 2));  // destination range too long: nothing written
    EXPECT_EQ(contents(*table), (std::vector<void*>{nullptr, ref(2), ref(3), nullptr}));
    EXPECT_TRUE(table->init(0, std::span<void* const>(), 0, 0));  // a dropped segment
    EXPECT_FALSE(table->init(0, std::span<void* const>(), 0, 1));
}

TEST(RuntimeTable, CopyHandlesOverlapAndBounds) {
    auto table = create(5, std::nullopt);
    for (uint32_t i = 0; i < 5; ++i) table->set(i, ref(i + 1));
    EXPECT_TRUE(Table::copy(*table, 1, *table, 0, 3));  // forwards overlap
    EXPECT_EQ(contents(*table), (std::vector<void*>{ref(1), ref(1), ref(2), ref(3), ref(5)}));
    EXPECT_TRUE(Table::copy(*table, 0, *table, 2, 3));  // backwards overlap
    EXPECT_EQ(contents(*table), (std::vector<void*>{ref(2), ref(3), ref(5), ref(3), ref(5)}));
    EXPECT_TRUE(Table::copy(*table, 5, *table, 5, 0));
    EXPECT_FALSE(Table::copy(*table, 6, *table, 0, 0));
    EXPECT_FALSE(Table::copy(*table, 0, *table, 6, 0));
    EXPECT_FALSE(Table::copy(*table, 3, *table, 0, 3));
    EXPECT_EQ(contents(*table), (std::vector<void*>{ref(2), ref(3), ref(5), ref(3), ref(5)}));

    auto other = create(2, std::nullopt);
    EXPECT_TRUE(Table::copy(*other, 0, *table, 3, 2));
    EXPECT_EQ(contents(*other), (std::vector<void*>{ref(3), ref(5)}));
    EXPECT_FALSE(Table::copy(*other, 1, *table, 0, 2));
}

TEST(RuntimeTable, ReportsItsTypeForImportMatching) {
    auto table = Table::create({wasm::ValType::ExternRef, {2, 9}});
    ASSERT_TRUE(table.ok());
    (*table)->grow(3, nullptr);
    wasm::TableType type = (*table)->type();
    EXPECT_EQ(type.elemType, wasm::ValType::ExternRef);
    EXPECT_EQ(type.limits.min, 5u);
    EXPECT_EQ(type.limits.max, 9u);
}

}  // namespace
}  // namespace faaslet::runtime
