// C++ exceptions as clang-19 -fwasm-exceptions compiles them (the legacy form of the
// exception-handling proposal: try, catch, catch_all, rethrow, delegate): a throw across frames,
// catch by type, a rethrow, destructors run during unwinding, and, with an argument, an uncaught
// exception. The same source built natively prints the expected output.

#include <cstdio>
#include <stdexcept>
#include <string>

namespace {

struct Noisy {
    const char* name;
    ~Noisy() { std::printf("destroyed %s\n", name); }
};

struct Custom {
    int code;
};

int depth3(int x) {
    Noisy guard{"depth3"};
    if (x == 1) throw std::runtime_error("runtime error from depth 3");
    if (x == 2) throw Custom{42};
    if (x == 3) throw 7;
    return x;
}

int depth2(int x) {
    Noisy guard{"depth2"};
    return depth3(x) + 1;
}

void catchByType(int x) {
    try {
        depth2(x);
        std::printf("no exception for %d\n", x);
    } catch (const std::exception& e) {
        std::printf("caught std::exception: %s\n", e.what());
    } catch (const Custom& c) {
        std::printf("caught Custom %d\n", c.code);
    } catch (...) {
        std::printf("caught something else\n");
    }
}

void rethrow() {
    try {
        try {
            depth2(2);
        } catch (Custom& c) {
            c.code += 1;
            std::printf("rethrowing Custom %d\n", c.code);
            throw;
        }
    } catch (const Custom& c) {
        std::printf("caught the rethrown Custom %d\n", c.code);
    }
}

}  // namespace

int main(int argc, char** argv) {
    for (int x = 0; x <= 3; ++x) catchByType(x);
    rethrow();
    if (argc > 1) {
        Noisy guard{"main"};
        throw std::logic_error(std::string("uncaught: ") + argv[1]);
    }
    return 0;
}
