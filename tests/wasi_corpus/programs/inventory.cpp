// An inventory report in C++ with the standard library (libc++ for wasm32, libstdc++ natively):
// reads stock.txt, merges repeated SKUs in a std::map, sorts by value with std::sort, formats
// with iostreams, and writes reorder.txt for the items that run low. Files go through <cstdio>:
// Debian's wasm32 libc++ is built without <fstream> and <filesystem>.
#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Item {
    std::string sku;
    std::string name;
    long quantity = 0;
    double price = 0;

    double value() const { return double(quantity) * price; }
};

using File = std::unique_ptr<std::FILE, decltype(&std::fclose)>;

File openFile(const std::string& path, const char* mode) { return File(std::fopen(path.c_str(), mode), &std::fclose); }

std::optional<std::string> readFile(const std::string& path) {
    File file = openFile(path, "r");
    if (!file) return std::nullopt;
    std::string text;
    char buffer[4096];
    for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0;) text.append(buffer, n);
    return text;
}

std::map<std::string, Item> readStock(std::istream& in) {
    std::map<std::string, Item> items;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream fields(line);
        Item item;
        if (!(fields >> item.sku >> item.name >> item.quantity >> item.price)) continue;
        auto [it, inserted] = items.try_emplace(item.sku, item);
        if (!inserted) it->second.quantity += item.quantity;
    }
    return items;
}

std::string money(double amount) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(2) << amount;
    return out.str();
}

} // namespace

int main(int argc, char** argv) {
    const std::string path = argc > 1 ? argv[1] : "stock.txt";
    const std::optional<std::string> text = readFile(path);
    if (!text) {
        std::cout << "cannot open " << path << "\n";
        return 2;
    }
    std::istringstream in(*text);
    const auto items = readStock(in);
    std::vector<Item> byValue;
    std::transform(items.begin(), items.end(), std::back_inserter(byValue), [](const auto& entry) { return entry.second; });
    std::sort(byValue.begin(), byValue.end(), [](const Item& a, const Item& b) {
        return a.value() != b.value() ? a.value() > b.value() : a.sku < b.sku;
    });
    for (const Item& item : byValue)
        std::cout << std::left << std::setw(6) << item.sku << std::setw(9) << item.name << std::right << std::setw(5)
                  << item.quantity << std::setw(10) << money(item.value()) << "\n";
    const double total = std::accumulate(byValue.begin(), byValue.end(), 0.0,
                                         [](double sum, const Item& item) { return sum + item.value(); });
    std::cout << "total value: " << money(total) << " in " << items.size() << " SKUs\n";

    std::ostringstream reorder;
    int low = 0;
    for (const auto& [sku, item] : items) {
        if (item.quantity >= 50) continue;
        reorder << sku << " " << item.name << " " << (100 - item.quantity) << "\n";
        ++low;
    }
    File out = openFile("reorder.txt", "w");
    std::fputs(reorder.str().c_str(), out.get());
    std::cout << low << " items to reorder\n";
    return 0;
}
